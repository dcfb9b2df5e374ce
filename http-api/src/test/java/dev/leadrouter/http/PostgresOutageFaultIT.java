package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.persistence.testing.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §3: PostgreSQL stopped ({@code -m immediate}) for 20 s while leads arrive, on a cluster
 * this test creates and drops itself (the shared server is never touched). While it is down intake
 * answers only 503 problem+json, no 2xx is ever missing afterwards, readiness is 503 while down and
 * 200 after, and intake answers 2xx again within 10 s of PostgreSQL accepting connections, without
 * restarting the engine.
 */
class PostgresOutageFaultIT {

  private static final String LEADS = "/api/v1/leads";
  private static final String VERSION = "15";
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final Duration RECOVERY = Duration.ofSeconds(10);

  /** One intake request: when it was sent and answered (nanoTime), its status (-1: no answer) and what it said. */
  private record Outcome(long sent, long answered, int status, String mediaType, String body) {}

  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger seq = new AtomicInteger();
  /** nanoTime when PostgreSQL was stopped, and when it accepted connections again. */
  private volatile long down;
  private volatile long up;

  @Test
  void intakeRefusesWith503WhileDownAndRecoversWithoutARestart(@TempDir Path dir) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/pg_createcluster"))) {
      assertTrue(!TestDatabases.isCi(), "CI=true: pg_createcluster (postgresql-common) is required for this fault test");
      Assumptions.abort("pg_createcluster is not installed");
    }
    String cluster = "lrfault_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    int pgPort = freePort();
    run("pg_createcluster", VERSION, cluster, "--port", String.valueOf(pgPort));
    try {
      pgctl(cluster, "start");
      run("su", "postgres", "-c", "psql -q -p " + pgPort + " -c \"CREATE ROLE faults LOGIN PASSWORD 'faults'\""
          + " -c \"CREATE DATABASE faults OWNER faults\"");
      String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/faults";
      Map<String, String> env = Map.of("LEADROUTER_DB", "postgres", "LEADROUTER_DB_URL", url + "?reWriteBatchedInserts=true",
          "LEADROUTER_DB_USER", "faults", "LEADROUTER_DB_PASSWORD", "faults");
      try (RunningJar jar = RunningJar.start(dir, "engine.log", "1", env)) {
        try {
          outageAndRecovery(jar, cluster, url);
        } catch (AssertionError e) {
          String log = jar.log();
          throw new AssertionError(e.getMessage() + "\n" + timeline() + "\nengine log, last lines:\n"
              + log.substring(Math.max(0, log.length() - 20000)), e);
        }
      }
    } finally {
      run("pg_dropcluster", "--stop", VERSION, cluster);
    }
  }

  private void outageAndRecovery(RunningJar jar, String cluster, String url) throws Exception {
    String token = RunningJar.adminToken();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      awaitAssert(Duration.ofSeconds(30), () -> assertEquals(200, status(jar, "/health/ready")));
      for (int c = 0; c < 2; c++) clients.submit(() -> postPaced(jar, token, stop));
      awaitAssert(Duration.ofSeconds(30), () -> assertTrue(accepted().size() >= 20, "accepted before the outage"));

      pgctl(cluster, "stop", "-m", "immediate");
      down = System.nanoTime();
      awaitAssert(Duration.ofSeconds(15), () -> assertEquals(503, status(jar, "/health/ready"), "readiness while down"));
      TimeUnit.NANOSECONDS.sleep(Math.max(0, down + OUTAGE.toNanos() - System.nanoTime())); // the outage itself
      pgctl(cluster, "start");
      awaitAssert(Duration.ofSeconds(30), () -> assertTrue(accepts(url), "PostgreSQL accepts connections"));
      up = System.nanoTime();

      awaitAssert(RECOVERY.plusSeconds(5), () -> assertTrue(outcomes.stream().anyMatch(o -> o.sent() > up && o.status() / 100 == 2),
          "intake answers 2xx after PostgreSQL returned"));
      awaitAssert(Duration.ofSeconds(30), () -> assertEquals(200, status(jar, "/health/ready"), "readiness after the outage"));
      Thread.sleep(2_000); // a little load on the recovered engine
    } finally {
      stop.set(true);
      clients.shutdown();
      clients.awaitTermination(30, TimeUnit.SECONDS);
    }

    List<Outcome> all = List.copyOf(outcomes);
    List<String> wrong = new ArrayList<>();
    for (Outcome o : all) {
      boolean ok2xx = o.status() / 100 == 2;
      boolean problem503 = o.status() == 503 && o.mediaType().equals("application/problem+json");
      if (!ok2xx && !problem503) wrong.add(o.status() + " " + o.mediaType() + " " + o.body());
      // sent after the stop and answered before PostgreSQL was back: nothing could have been made durable
      if (ok2xx && o.sent() > down && o.answered() < up) wrong.add("2xx while PostgreSQL was down: " + o.body());
    }
    assertEquals(List.of(), wrong, "only 2xx or 503 problem+json, and no 2xx while down");
    assertTrue(all.stream().anyMatch(o -> o.status() == 503 && o.sent() > down), "intake refused while down");
    long firstBack = all.stream().filter(o -> o.sent() > up && o.status() / 100 == 2).mapToLong(Outcome::answered).min().orElseThrow();
    assertTrue(firstBack - up <= RECOVERY.toNanos(),
        "intake back " + TimeUnit.NANOSECONDS.toMillis(firstBack - up) + " ms after PostgreSQL accepted connections");
    for (String id : accepted()) {
      assertEquals(id, jar.get(LEADS + "/" + id, token).get("leadId").asText(), "every 2xx lead is there");
    }
  }

  /** One client: a distinct lead about every 100 ms, every outcome recorded. */
  private void postPaced(RunningJar jar, String token, AtomicBoolean stop) {
    while (!stop.get()) {
      int i = seq.incrementAndGet();
      String body = "{\"name\":\"客户" + i + "\",\"phone\":\"138" + String.format("%08d", i) + "\",\"email\":\"o" + i
          + "@outage.example\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
      long sent = System.nanoTime();
      try {
        HttpResponse<String> r = jar.post(LEADS, token, body);
        outcomes.add(new Outcome(sent, System.nanoTime(), r.statusCode(), ProblemAssertions.mediaType(r), r.body()));
      } catch (IOException e) {
        outcomes.add(new Outcome(sent, System.nanoTime(), -1, "", "no answer: " + e));
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(100); // pacing the offered load, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The outcomes per second since the first request (status x count), for a failure's message. */
  private String timeline() {
    long start = outcomes.stream().mapToLong(Outcome::sent).min().orElse(0);
    java.util.TreeMap<Long, java.util.TreeMap<Integer, Integer>> perSecond = new java.util.TreeMap<>();
    for (Outcome o : outcomes) {
      perSecond.computeIfAbsent(TimeUnit.NANOSECONDS.toSeconds(o.sent() - start), k -> new java.util.TreeMap<>())
          .merge(o.status(), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder("PostgreSQL stopped at second " + TimeUnit.NANOSECONDS.toSeconds(down - start)
        + ", back at second " + TimeUnit.NANOSECONDS.toSeconds(up - start) + "; sent at second: status=count\n");
    perSecond.forEach((second, counts) -> out.append(second).append(": ").append(counts).append('\n'));
    outcomes.stream().filter(o -> o.sent() > up && o.status() / 100 != 2).map(Outcome::body).distinct().limit(5)
        .forEach(body -> out.append("after PostgreSQL returned: ").append(body).append('\n'));
    return out.toString();
  }

  private List<String> accepted() {
    List<String> ids = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.status() / 100 == 2) {
        try {
          ids.add(Json.MAPPER.readTree(o.body()).get("leadId").asText());
        } catch (IOException e) {
          throw new IllegalStateException(o.body(), e);
        }
      }
    }
    return ids;
  }

  private static int status(RunningJar jar, String path) {
    try {
      return jar.send(path, null).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean accepts(String url) {
    try (Connection c = DriverManager.getConnection(url + "?connectTimeout=2", "faults", "faults")) {
      return c.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void pgctl(String cluster, String... action) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, cluster));
    cmd.addAll(List.of(action));
    run(cmd.toArray(String[]::new));
  }

  /** Runs a command, bounded to 60 s; fails with its output when it fails. */
  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes());
    if (!done) p.destroyForcibly();
    assertTrue(done && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
  }
}
