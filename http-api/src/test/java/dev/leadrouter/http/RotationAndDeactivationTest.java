package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.EngineFixture.json;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The people side of routing, end to end through a real engine: a rep whose leads breach the
 * acknowledgement SLA N times in a row is taken out of rotation, shown on the board and at
 * {@code /reps/{id}}, and put back by their manager; a deactivated rep's open lead is routed again and
 * their manager told.
 */
class RotationAndDeactivationTest {

  /** Everything to rep-east-1; two breaches in a row take them out of rotation. */
  private static final String SOLO_RULES = """
      {"default": {"id": "solo", "target": {"rep": "rep-east-1"}},
       "fallbackQueue": "unassigned", "breachStreakLimit": 2}""";

  private static String lead() {
    return "{\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
  }

  @Test
  void twoBreachesInARowBenchARepUntilTheirManagerPutsThemBack() {
    try (EngineFixture engine = EngineFixture.startFresh(TestDb.H2, EngineFixture.FAST)) {
      HttpResponse<String> published = engine.put("/api/v1/routing", engine.admin(), SOLO_RULES);
      assertEquals(200, published.statusCode(), published.body());
      String manager = engine.token("mgr-east", "manager");

      List<String> breached = List.of(engine.postLead(lead()), engine.postLead(lead()));
      // FAST escalates to the manager 4 s after assignment: both leads breach, unacknowledged.
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode rep = json(engine.get("/api/v1/reps/rep-east-1", manager));
        assertEquals(2, rep.get("breachStreak").asInt(), rep.toString());
        assertFalse(rep.get("inRotation").asBoolean());
        assertFalse(rep.get("eligibleNow").asBoolean());
        assertEquals("out of rotation after 2 breaches in a row", rep.get("reason").asText());
        List<String> streak = new ArrayList<>();
        rep.get("streakLeads").forEach(l -> streak.add(l.asText()));
        assertTrue(streak.containsAll(breached), rep.toString());
      });
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode board = json(engine.get("/api/v1/sla/board", manager));
        assertEquals("rep-east-1", board.at("/outOfRotation/0/repId").asText(), board.toString());
        assertEquals(2, board.at("/outOfRotation/0/breachStreakLimit").asInt());
      });

      String waiting = engine.postLead(lead());
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode routing = json(engine.get("/api/v1/leads/" + waiting + "/routing", manager));
        assertEquals("QUEUED", routing.get("status").asText(), routing.toString());
        assertEquals("FALLBACK", routing.get("outcome").asText());
        assertEquals("unassigned", routing.get("queue").asText());
        assertEquals("out of rotation after 2 breaches in a row", routing.at("/candidates/0/reason").asText());
      });

      assertProblem(engine.post("/api/v1/reps/rep-east-1/rotation", engine.token("rep-east-1", "rep"), "{}"),
          403, "forbidden", "Forbidden");
      assertProblem(engine.post("/api/v1/reps/rep-east-1/rotation", engine.token("mgr-south", "manager"), "{}"),
          403, "forbidden", "Forbidden");
      assertProblem(engine.post("/api/v1/reps/nobody/rotation", engine.admin(), "{}"), 404, "not-found", "Not found");

      HttpResponse<String> restored = engine.post("/api/v1/reps/rep-east-1/rotation", manager, "{}");
      assertEquals(200, restored.statusCode(), restored.body());
      JsonNode rep = json(restored);
      assertEquals(0, rep.get("breachStreak").asInt());
      assertTrue(rep.get("inRotation").asBoolean());
      assertEquals("mgr-east", rep.get("restoredBy").asText());

      // Back in rotation: the queued lead is offered to them.
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode view = engine.view(waiting);
        assertEquals("rep-east-1", view.at("/assignment/repId").asText(), view.toString());
      });
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(0,
          json(engine.get("/api/v1/sla/board", manager)).get("outOfRotation").size()));
    }
  }

  @Test
  void aDeactivatedRepsOpenLeadIsRoutedAgainAndTheirManagerIsTold() {
    try (EngineFixture engine = EngineFixture.startFresh(TestDb.H2, com.typesafe.config.ConfigFactory.empty())) {
      String leadId = engine.postLead(lead());
      awaitAssert(Duration.ofSeconds(10),
          () -> assertEquals("rep-east-1", engine.view(leadId).at("/assignment/repId").asText()));

      // rep-east-3 works office hours in the demo: drop the calendar so the test holds at any hour.
      ObjectNode chart = OrgChartApiTest.demoWith(3, p -> p.put("availability", "deactivated"));
      ((ObjectNode) chart.withArray("people").get(5)).remove("calendar");
      HttpResponse<String> replaced = engine.put("/api/v1/org", engine.admin(), chart.toString());
      assertEquals(200, replaced.statusCode(), replaced.body());

      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode view = engine.view(leadId);
        assertEquals("rep-east-3", view.at("/assignment/repId").asText(), view.toString());
        List<String> types = new ArrayList<>();
        view.get("timeline").forEach(t -> types.add(t.get("type").asText()));
        assertTrue(types.contains("WITHDRAWN"), types.toString());
        JsonNode routing = json(engine.get("/api/v1/leads/" + leadId + "/routing", engine.admin()));
        assertEquals("rep-east-1", routing.at("/candidates/0/repId").asText());
        assertEquals("deactivated", routing.at("/candidates/0/reason").asText(), routing.toString());
      });
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode listed = json(engine.get("/api/v1/notifications?leadId=" + leadId, engine.admin())).get("notifications");
        boolean told = false;
        for (JsonNode n : listed) told |= n.get("kind").asText().equals("WITHDRAWN") && n.get("recipientId").asText().equals("mgr-east");
        assertTrue(told, listed.toString());
      });
      JsonNode rep = json(engine.get("/api/v1/reps/rep-east-1", engine.admin()));
      assertFalse(rep.get("eligibleNow").asBoolean());
      assertEquals("deactivated", rep.get("reason").asText());
      assertEquals(0, rep.get("openLeads").asInt(), rep.toString());
    }
  }
}
