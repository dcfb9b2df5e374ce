package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged engine ({@code target/leadrouter.jar}) as a child process on 127.0.0.1, any free HTTP,
 * cluster and management port (unless {@code env} names them: a cluster node, see {@link
 * ClusterNodes}), a known JWT secret and its log in a file; {@link #kill()} is {@code kill -9},
 * {@link #close()} a graceful stop (forced after 60 s). The caller owns the data directory and any
 * database it points the engine at.
 */
final class RunningJar implements AutoCloseable {

  static final String SECRET = "kill-nine-secret-kill-nine-secret-0123456789";
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern MANAGEMENT = Pattern.compile("management on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path log;
  private final int port;
  private final int managementPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RunningJar(Process process, Path log, int port, int managementPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.managementPort = managementPort;
  }

  /** Starts the jar with data in {@code dir}, the SLA clock divided by {@code timeScale}, plus {@code env}; waits until it listens. */
  static RunningJar start(Path dir, String logName, String timeScale, Map<String, String> env) throws Exception {
    Path jar = Path.of("target", "leadrouter.jar").toAbsolutePath();
    Path log = dir.resolve(logName);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> all = new LinkedHashMap<>();
    all.put("LEADROUTER_DATA_DIR", dir.toString());
    all.put("LEADROUTER_HTTP_PORT", "0");
    all.put("LEADROUTER_CLUSTER_PORT", "0");
    all.put("LEADROUTER_MANAGEMENT_PORT", "0");
    all.put("LEADROUTER_JWT_SECRET", SECRET);
    all.put("LEADROUTER_SLA_TIME_SCALE", timeScale);
    all.putAll(env);
    pb.environment().putAll(all);
    Process process = pb.start();
    try {
      int port = awaitPort(process, log);
      Matcher management = MANAGEMENT.matcher(Files.readString(log));
      return new RunningJar(process, log, port, management.find() ? Integer.parseInt(management.group(1)) : -1);
    } catch (Exception | AssertionError e) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw e;
    }
  }

  static RunningJar start(Path dir, String logName, String timeScale) throws Exception {
    return start(dir, logName, timeScale, Map.of());
  }

  private static int awaitPort(Process process, Path log) throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      if (Files.exists(log)) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) return Integer.parseInt(m.group(1));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the engine did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
  }

  /** A token the engine accepts: {@code subject} with {@code role}, valid for an hour. */
  static String token(String subject, String role) {
    return Auth.fromConfig(ConfigFactory.parseMap(Map.of("leadrouter.auth.jwt-secret", SECRET)), Clock.systemUTC())
        .issue(subject, role, Duration.ofHours(1));
  }

  static String adminToken() {
    return token("admin", "admin");
  }

  int port() {
    return port;
  }

  int managementPort() {
    return managementPort;
  }

  /** pekko-management's {@code /cluster/members} of this node. */
  JsonNode members() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/cluster/members"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), "/cluster/members: " + r.body());
      return Json.MAPPER.readTree(r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** POSTs JSON with a bearer token and header name/value pairs; throws on connection errors. */
  HttpResponse<String> post(String path, String token, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET with a bearer token (none when null). */
  HttpResponse<String> send(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET that must answer 200: its JSON body. */
  JsonNode get(String path, String token) {
    try {
      HttpResponse<String> r = send(path, token);
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      return Json.MAPPER.readTree(r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code kill -9}: no shutdown hook, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for CoordinatedShutdown; whether it stopped within {@code max}. */
  boolean stop(Duration max) throws InterruptedException {
    process.destroy();
    return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() && !stop(Duration.ofSeconds(60))) kill();
  }
}
