package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.DatabaseConfig;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A real engine (ActorSystem + {@link Main#init}) on a given database, HTTP bound to 127.0.0.1 on a
 * free port, and a {@link HttpClient} to talk to it.
 */
public final class EngineFixture implements AutoCloseable {

  /** Short SLA steps so escalations happen within a test. */
  public static final Config FAST = ConfigFactory.parseString("""
      leadrouter.sla.seed.policies = [{
        name = standard
        steps = [
          { action = remind, after = 2s }
          { action = escalate-manager, after = 4s }
          { action = escalate-director, after = 6s }
        ]
      }]
      """);

  private static final Config TEST_DEFAULTS = ConfigFactory.parseString("""
      leadrouter.http.port = 0
      leadrouter.deadlines.poll-interval = 200ms
      leadrouter.auth.jwt-secret = "test-secret-test-secret-test-secret-0123456789"
      pekko.remote.artery.canonical.port = 0
      pekko.management.http.port = 0
      pekko.coordinated-shutdown.exit-jvm = off
      pekko.loglevel = WARNING
      """);

  public final ActorSystem<Void> system;
  public final Main.Running running;
  public final Config config;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Runs after the engine stopped: drops a database the fixture created itself (else nothing). */
  private Runnable afterClose = () -> {};

  private EngineFixture(ActorSystem<Void> system, Main.Running running, Config config) {
    this.system = system;
    this.running = running;
    this.config = config;
  }

  /**
   * Starts an engine on a new database of {@code db}, dropped when the fixture closes. For tests
   * that need one engine on one database; a test restarting engines on the same database creates
   * and drops it itself ({@link TestDb#create()}, {@link TestDb#drop(Config)}).
   */
  public static EngineFixture startFresh(TestDb db, Config extra) {
    Config database = db.create();
    EngineFixture engine;
    try {
      engine = start(database, extra);
    } catch (RuntimeException e) {
      db.drop(database);
      throw e;
    }
    engine.afterClose = () -> db.drop(database);
    return engine;
  }

  /** Starts an engine on {@code database} (overrides from {@link TestDb}) with {@code extra} on top. */
  public static EngineFixture start(Config database, Config extra) {
    Config config = DatabaseConfig.load(extra.withFallback(database).withFallback(TEST_DEFAULTS));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "leadrouter", config);
    try {
      Main.Running running = Main.init(system, Clock.systemUTC()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new EngineFixture(system, running, config);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("engine did not start", e);
    }
  }

  public String token(String subject, String role) {
    return running.auth().issue(subject, role, Duration.ofHours(1));
  }

  public String admin() {
    return token("admin", "admin");
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + running.port() + path);
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
  }

  public HttpResponse<String> post(String path, String token, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResponse<String> put(String path, String token, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * A mainland mobile number no other call of this JVM returned: leads with the same phone are one
   * person and merge within the dedup window, so tests that want separate leads need separate phones.
   */
  public static String newPhone() {
    return String.format("139%08d", PHONES.getAndIncrement());
  }

  private static final java.util.concurrent.atomic.AtomicInteger PHONES =
      new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(50_000_000));

  /** Posts a lead as admin and returns its id (asserting 202). */
  public String postLead(String json) {
    HttpResponse<String> r = post("/api/v1/leads", admin(), json);
    if (r.statusCode() != 202) throw new AssertionError("expected 202, got " + r.statusCode() + ": " + r.body());
    return json(r).get("leadId").asText();
  }

  public JsonNode view(String leadId) {
    HttpResponse<String> r = get("/api/v1/leads/" + leadId, admin());
    if (r.statusCode() != 200) throw new AssertionError("view: " + r.statusCode() + " " + r.body());
    return json(r);
  }

  public LeadReadModel readModel() {
    return new LeadReadModel(running.db());
  }

  public OutboxReadModel outbox() {
    return new OutboxReadModel(running.db());
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Retries {@code assertion} until it passes or {@code max} elapses (then rethrows its failure). */
  public static void awaitAssert(Duration max, Runnable assertion) {
    Instant deadline = Instant.now().plus(max);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (Instant.now().isAfter(deadline)) throw e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("engine did not stop", e);
    } finally {
      afterClose.run();
    }
  }

  /** Entities of {@code type} in memory on the node, from a {@code /metrics} scrape's sharding gauge; -1 when absent. */
  static long inMemory(String scrape, String type) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^leadrouter_sharding_entities\\{type=\"" + type + "\"} ([0-9.]+)").matcher(scrape);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
  }
}
