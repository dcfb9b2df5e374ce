package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, stopped hard (SIGKILL right after it answered 202s) or gracefully (SIGTERM while
 * leads stream in), restarted on the same data directory: every accepted lead is there and its
 * deadlines fire, once each.
 */
class JarRestartIT {

  private static final String LEADS = "/api/v1/leads";

  @Test
  void acceptedLeadsAndTheirDeadlinesSurviveKillDashNine(@TempDir Path dir) throws Exception {
    String token = RunningJar.adminToken();
    List<String> accepted = new ArrayList<>();
    // 15 min / 300 = 3 s reminder, 6 s manager, 12 s director.
    try (RunningJar first = RunningJar.start(dir, "first.log", "300")) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = first.post(LEADS, token, "{\"name\":\"客户" + i + "\",\"phone\":\"1360000" + String.format("%04d", i)
            + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
        assertEquals(202, r.statusCode(), r.body());
        accepted.add(Json.MAPPER.readTree(r.body()).get("leadId").asText());
      }
      first.kill();
    }

    try (RunningJar second = RunningJar.start(dir, "second.log", "300")) {
      awaitAssert(Duration.ofSeconds(40), () -> {
        for (String id : accepted) {
          JsonNode view = second.get(LEADS + "/" + id, token);
          // On a loaded machine a lead may wait in the fallback queue while its pool starts: that detour is fine.
          assertEquals(List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED"),
              LeadFlowTest.types(view).stream().filter(t -> !t.equals("QUEUED")).toList(), "lead " + id);
        }
      });
    }
  }

  @Test
  void aGracefulStopUnderLoadLosesNoAcceptedLead(@TempDir Path dir) throws Exception {
    String token = RunningJar.adminToken();
    List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    RunningJar first = RunningJar.start(dir, "first.log", "300");
    ExecutorService posters = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger seq = new AtomicInteger();
    for (int t = 0; t < 4; t++) {
      posters.submit(() -> {
        while (!stop.get()) {
          int i = seq.incrementAndGet();
          try {
            HttpResponse<String> r = first.post(LEADS, token, "{\"name\":\"客户" + i + "\",\"phone\":\"135"
                + String.format("%08d", i) + "\",\"region\":\"广州\",\"industry\":\"SaaS\"}");
            if (r.statusCode() == 202) accepted.add(Json.MAPPER.readTree(r.body()).get("leadId").asText());
          } catch (Exception refusedWhileStopping) {
            // connection refused or reset once the server unbinds: not accepted, nothing to find
          }
        }
        return null;
      });
    }
    try {
      awaitAssert(Duration.ofSeconds(20), () -> assertTrue(accepted.size() >= 50));
      // SIGTERM: CoordinatedShutdown unbinds, lets in-flight requests finish, stops
      assertTrue(first.stop(Duration.ofSeconds(60)), "engine stopped");
    } finally {
      stop.set(true);
      posters.shutdown();
      posters.awaitTermination(30, TimeUnit.SECONDS);
      first.close();
    }

    try (RunningJar second = RunningJar.start(dir, "second.log", "300")) {
      for (String id : List.copyOf(accepted)) {
        assertEquals(id, second.get(LEADS + "/" + id, token).get("leadId").asText());
      }
    }
  }

  @Test
  void anOpportunitysIdleDowngradeFiresOnceAfterKillDashNine(@TempDir Path dir) throws Exception {
    String admin = RunningJar.adminToken();
    String opportunityId;
    Instant idleDeadline;
    // 48 h / 8640 = 20 s of idleness.
    try (RunningJar first = RunningJar.start(dir, "first.log", "8640")) {
      HttpResponse<String> r = first.post(LEADS, admin, "{\"name\":\"王工\",\"phone\":\"13600009999\","
          + "\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
      assertEquals(202, r.statusCode(), r.body());
      String leadId = Json.MAPPER.readTree(r.body()).get("leadId").asText();
      String[] rep = new String[1];
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode view = first.get(LEADS + "/" + leadId, admin);
        assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
        rep[0] = view.at("/assignment/repId").asText();
      });
      String token = RunningJar.token(rep[0], "rep");
      assertEquals(200, first.post(LEADS + "/" + leadId + "/ack", token, "{}").statusCode());
      HttpResponse<String> converted = first.post(LEADS + "/" + leadId + "/convert", token, "{\"name\":\"产线改造\"}");
      assertEquals(201, converted.statusCode(), converted.body());
      opportunityId = Json.MAPPER.readTree(converted.body()).get("opportunityId").asText();
      HttpResponse<String> demo = first.post("/api/v1/opportunities/" + opportunityId + "/actions", token,
          "{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\",\"url\":\"https://files.example.cn/demo.mp4\"}]}");
      assertEquals(201, demo.statusCode(), demo.body());
      HttpResponse<String> moved = first.post("/api/v1/opportunities/" + opportunityId + "/stage", token,
          "{\"to\":\"solution_demo\"}");
      assertEquals(200, moved.statusCode(), moved.body());
      idleDeadline = Instant.parse(Json.MAPPER.readTree(moved.body()).get("idleDeadline").asText());
      first.kill();
    }

    try (RunningJar second = RunningJar.start(dir, "second.log", "8640")) {
      String path = "/api/v1/opportunities/" + opportunityId;
      awaitAssert(Duration.ofSeconds(60), () -> {
        JsonNode view = second.get(path, admin);
        assertEquals("qualification", view.get("stage").asText(), view.toString());
      });
      // A wake-up of the scanner and the entity's own timer both passed: still exactly one downgrade,
      // and not before its deadline.
      Thread.sleep(5_000);
      JsonNode view = second.get(path, admin);
      List<JsonNode> downgrades = new ArrayList<>();
      view.get("timeline").forEach(e -> {
        if (e.get("type").asText().equals("DOWNGRADED")) downgrades.add(e);
      });
      assertEquals(1, downgrades.size(), view.toString());
      assertFalse(Instant.parse(downgrades.get(0).get("at").asText()).isBefore(idleDeadline), "never early: " + view);
    }
  }
}
