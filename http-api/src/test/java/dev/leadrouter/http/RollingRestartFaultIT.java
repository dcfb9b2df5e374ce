package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a graceful rolling restart (SIGTERM, wait for the exit, start again, wait for 3 Up) of
 * each of three nodes in turn while light load goes to the nodes whose process runs. Every answer is
 * 2xx or a 503 problem+json; a 503 or a refused or cut connection (a node stopping) is retried on the
 * next node with the same Idempotency-Key. Every lead that got a 2xx exists at the end. The stopping
 * node's {@code /health/ready} answers 503 before its port closes.
 */
class RollingRestartFaultIT {

  private static final String LEADS = "/api/v1/leads";
  private static final Path ORG = Path.of("..", "load-tests", "src", "test", "resources", "bench-org.json").toAbsolutePath();
  private static final int CLIENTS = 2;
  private static final long PERIOD_MS = 200; // ~10 leads/s in all
  private static final int ATTEMPTS = 20;

  private final String token = RunningJar.adminToken();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger retried = new AtomicInteger();
  private final AtomicInteger seq = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void restartingEachNodeInTurnFailsNoRequestAndLosesNoLead(@TempDir Path dir) throws Exception {
    Config db = TestDb.POSTGRES.create();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    ClusterNodes cluster = new ClusterNodes(dir, 3, "1", db, ORG);
    try {
      cluster.startAll();
      cluster.awaitMembersUp(cluster.node(0), cluster.addresses(), Duration.ofSeconds(90));
      for (int c = 0; c < CLIENTS; c++) clients.submit(() -> postPaced(cluster, stop));
      // three JVMs warming up on a loaded machine: wait until leads flow before restarting any
      awaitAssert(Duration.ofSeconds(90), () -> assertTrue(accepted.size() >= 20, "accepted before the restarts: " + accepted.size()));

      for (int i = 0; i < cluster.size(); i++) {
        RunningJar leaving = cluster.node(i);
        int before = accepted.size();
        ReadinessWatch watch = new ReadinessWatch(leaving.uri("/health/ready"));
        Thread watcher = new Thread(watch);
        watcher.start();
        assertTrue(cluster.stop(i, Duration.ofSeconds(60)), "node " + i + " stopped within 60 s");
        watcher.join(10_000);
        assertTrue(watch.saw503BeforeClose, "node " + i + " answered /health/ready 503 before its port closed, last answers: " + watch);
        cluster.start(i);
        cluster.awaitMembersUp(cluster.node(i), cluster.addresses(), Duration.ofSeconds(90));
        int atRestart = before;
        awaitAssert(Duration.ofSeconds(60), () -> assertTrue(accepted.size() > atRestart + 10, "leads keep coming"));
      }
      stop.set(true);
      clients.shutdown();
      assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients stopped");
      assertEquals(List.of(), failures, "answers other than 2xx or 503 problem+json");

      Set<String> missing = ConcurrentHashMap.newKeySet();
      missing.addAll(accepted);
      awaitAssert(Duration.ofSeconds(60), () -> {
        for (String id : List.copyOf(missing)) {
          RunningJar node = cluster.node(Math.floorMod(id.hashCode(), cluster.size()));
          try {
            if (node.send(LEADS + "/" + id, token).statusCode() == 200) missing.remove(id);
          } catch (Exception notYet) {
            // try again on the next pass
          }
        }
        assertEquals(Set.of(), missing, "leads answered 2xx that do not exist (of " + accepted.size() + ", " + retried + " retries)");
      });
    } finally {
      stop.set(true);
      clients.shutdownNow();
      cluster.close("RollingRestartFaultIT");
      TestDb.POSTGRES.drop(db);
    }
  }

  /** Polls a stopping node's readiness until its port closes, noting whether 503 came before that. */
  private final class ReadinessWatch implements Runnable {
    private final URI uri;
    volatile boolean saw503BeforeClose;
    final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public String toString() {
      return String.join(",", seen.subList(Math.max(0, seen.size() - 20), seen.size()));
    }

    ReadinessWatch(URI uri) {
      this.uri = uri;
    }

    @Override
    public void run() {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < end) {
        try {
          int status = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
          seen.add(Integer.toString(status));
          if (status == 503) saw503BeforeClose = true;
          Thread.sleep(50); // polling pace
        } catch (InterruptedException e) {
          return;
        } catch (Exception closed) {
          seen.add(closed.getClass().getSimpleName());
          return;
        }
      }
    }
  }

  /** One client: a lead every {@code PERIOD_MS} to the next running node; retried elsewhere on 503 or a connection error. */
  private void postPaced(ClusterNodes cluster, AtomicBoolean stop) {
    long next = System.nanoTime();
    while (!stop.get()) {
      int i = seq.incrementAndGet();
      String body = "{\"name\":\"客户" + i + "\",\"phone\":\"135" + String.format("%08d", i) + "\",\"email\":\"r" + i
          + "@rolling.example\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
      for (int attempt = 0; attempt < ATTEMPTS && !stop.get(); attempt++) {
        List<RunningJar> up = cluster.up();
        if (up.isEmpty()) break;
        RunningJar node = up.get(Math.floorMod(i + attempt, up.size()));
        if (attempt > 0) retried.incrementAndGet();
        try {
          HttpResponse<String> r = node.post(LEADS, token, body, "Idempotency-Key", "rolling-" + i);
          if (r.statusCode() / 100 == 2) {
            accepted.add(Json.MAPPER.readTree(r.body()).get("leadId").asText());
            break;
          }
          boolean problem = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
          if (r.statusCode() != 503 || !problem) {
            failures.add(r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + " " + r.body());
            break;
          }
        } catch (HttpTimeoutException timeout) {
          failures.add("no answer within 20 s from " + node.uri(""));
          break;
        } catch (Exception connectionLevel) {
          // refused, reset or closed by a stopping node: retried on the next node
        }
      }
      next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered load, not synchronisation
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
