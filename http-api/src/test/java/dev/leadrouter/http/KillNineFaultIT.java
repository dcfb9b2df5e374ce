package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §3: the real jar on PostgreSQL, killed with SIGKILL while about 100 leads a second arrive
 * (some deliveries repeated with an Idempotency-Key), restarted on the same database while the load
 * goes on. Every lead that got a 2xx is there, assigned once, every deadline fires once, and no
 * outbox row is doubled. Requests that fail at the connection level during the kill were never
 * accepted and are not counted.
 */
class KillNineFaultIT {

  private static final String LEADS = "/api/v1/leads";
  private static final int CLIENTS = 4;
  private static final long PERIOD_MS = CLIENTS * 1000L / 100; // each client's share of 100 leads/s
  /** The demo chart's shape with capacity that never fills, so every lead is assigned. */
  private static final Path ORG = Path.of("..", "load-tests", "src", "test", "resources", "bench-org.json").toAbsolutePath();
  /** What happens to every lead on the compressed clock (15 min / 300 = 3 s reminder, 6 s manager, 12 s director). */
  private static final List<String> DEADLINE_CHAIN = List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED");

  private final String token = RunningJar.adminToken();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final List<String> repeatsThatMadeAnotherLead = new ArrayList<>();
  private final AtomicInteger seq = new AtomicInteger();

  @Test
  void killDashNineUnderLoadLosesNoLeadAndDoublesNothing(@TempDir Path dir) throws Exception {
    Config db = TestDb.POSTGRES.create();
    try {
      Map<String, String> env = Map.of(
          "LEADROUTER_DB", "postgres",
          "LEADROUTER_DB_URL", db.getString("leadrouter.db.url") + "?reWriteBatchedInserts=true",
          "LEADROUTER_DB_USER", db.getString("leadrouter.db.user"),
          "LEADROUTER_DB_PASSWORD", db.getString("leadrouter.db.password"),
          "LEADROUTER_ORG_FILE", ORG.toString());
      AtomicReference<RunningJar> target = new AtomicReference<>(RunningJar.start(dir, "first.log", "300", env));
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      RunningJar second = null;
      try {
        for (int c = 0; c < CLIENTS; c++) clients.submit(() -> postPaced(target, stop));
        Thread.sleep(10_000); // load for ~10 s, then kill in the middle of it
        // a loaded machine may have taken part of that for warm-up: kill only once leads are flowing
        awaitAssert(Duration.ofSeconds(20), () -> assertTrue(accepted.size() >= 200, "accepted before the kill: " + accepted.size()));
        int beforeKill = accepted.size();
        target.get().kill();
        second = RunningJar.start(dir, "second.log", "300", env);
        target.set(second);
        Thread.sleep(5_000);
        stop.set(true);
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS), "clients stopped");
        assertTrue(accepted.size() > beforeKill, "accepted after the restart too: " + accepted.size());
        assertEquals(List.of(), repeatsThatMadeAnotherLead, "a repeated delivery with its Idempotency-Key is the same lead");
        everyAcceptedLeadIsAssignedOnceAndEachDeadlineFiresOnce(second);
        OutboxChecks.noOutboxRowIsDoubled(db);
      } finally {
        stop.set(true);
        clients.shutdownNow();
        target.get().close();
      }
    } finally {
      TestDb.POSTGRES.drop(db);
    }
  }

  /** One client: a distinct lead every {@code PERIOD_MS}; every tenth is delivered twice with one Idempotency-Key. */
  private void postPaced(AtomicReference<RunningJar> target, AtomicBoolean stop) {
    long next = System.nanoTime();
    while (!stop.get()) {
      int i = seq.incrementAndGet();
      String body = "{\"name\":\"客户" + i + "\",\"phone\":\"137" + String.format("%08d", i) + "\",\"email\":\"k" + i
          + "@kill.example\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
      String first = post(target.get(), body, i % 10 == 0 ? "kill-" + i : null);
      if (first != null && i % 10 == 0) {
        String again = post(target.get(), body, "kill-" + i);
        if (again != null && !again.equals(first)) {
          synchronized (repeatsThatMadeAnotherLead) {
            repeatsThatMadeAnotherLead.add(first + " then " + again);
          }
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

  /** The lead id of a 2xx answer (and records it as accepted), or null. */
  private String post(RunningJar jar, String body, String idempotencyKey) {
    try {
      HttpResponse<String> r = idempotencyKey == null ? jar.post(LEADS, token, body)
          : jar.post(LEADS, token, body, "Idempotency-Key", idempotencyKey);
      if (r.statusCode() / 100 != 2) return null;
      String id = Json.MAPPER.readTree(r.body()).get("leadId").asText();
      accepted.add(id);
      return id;
    } catch (Exception connectionLevel) {
      return null; // refused, reset or cut by the kill: never accepted, nothing to find
    }
  }

  private void everyAcceptedLeadIsAssignedOnceAndEachDeadlineFiresOnce(RunningJar jar) {
    Set<String> pending = ConcurrentHashMap.newKeySet();
    pending.addAll(accepted);
    awaitAssert(Duration.ofSeconds(90), () -> {
      for (String id : List.copyOf(pending)) {
        JsonNode view = jar.get(LEADS + "/" + id, token);
        List<String> types = LeadFlowTest.types(view);
        // On a loaded machine a lead may wait in the fallback queue while its pool starts: that detour is fine.
        List<String> chain = types.stream().filter(t -> !t.equals("QUEUED")).toList();
        if (chain.size() < DEADLINE_CHAIN.size()) continue; // not all deadlines due yet
        assertEquals(DEADLINE_CHAIN, chain, "lead " + id + " assigned once, each deadline once: " + view);
        pending.remove(id);
      }
      assertEquals(Set.of(), pending, "leads still short of their deadline chain");
    });
  }
}
