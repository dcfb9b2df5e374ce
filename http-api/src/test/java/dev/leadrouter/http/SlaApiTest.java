package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SLA policies over the admin API, hold/resume/contact over HTTP and the SLA board from the read
 * model, on both databases (the board's SQL is vendor-sensitive). Policies: {@link EngineFixture#FAST}.
 */
class SlaApiTest {

  private static final String SHANGHAI =
      "{\"name\":\"王工\",\"phone\":\"13800138000\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";

  private static final String GOOD_POLICIES = """
      {"atRiskShare": 0.5,
       "calendars": [{"name": "office", "zone": "Asia/Shanghai", "hours": {"MON": ["09:00-18:00"]}}],
       "policies": [
         {"name": "standard", "steps": [{"after": "2s", "action": "remind"}, {"after": "1h", "action": "breach"}]},
         {"name": "east-hours", "match": {"region": "华东", "priority": "high"}, "clock": "business",
          "calendar": "office", "steps": [{"after": "15m", "action": "remind", "channels": ["voice"]}]}]}
      """;

  private static final String BAD_POLICIES = """
      {"atRiskShare": 2,
       "policies": [
         {"name": "standard", "match": {"priority": "vip"}, "clock": "business",
          "steps": [{"after": "soon", "action": "remind"}, {"after": "5m", "action": "escalate-role"},
                    {"after": "6m", "action": "reassign"}, {"after": "7m", "action": "shout"}]}]}
      """;

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void policiesAreValidatedVersionedAndReadBack(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, EngineFixture.FAST)) {
      JsonNode seeded = EngineFixture.json(engine.get("/api/v1/sla-policies", engine.admin()));
      assertEquals(1, seeded.get("version").asInt(), seeded.toString());
      assertEquals("seed", seeded.get("by").asText());
      assertEquals("standard", seeded.at("/document/policies/0/name").asText());

      assertInvalid(engine.put("/api/v1/sla-policies", engine.admin(), BAD_POLICIES),
          "/atRiskShare", "/policies/0/match/priority", "/policies/0/calendar", "/policies/0/steps/0/after",
          "/policies/0/steps/1/role", "/policies/0/steps/3", "/policies/0/steps/3/action", "/policies");
      assertInvalid(engine.put("/api/v1/sla-policies", engine.admin(),
          "{\"policies\": [{\"name\": \"x\", \"stepz\": []}]}"), "/policies/0/stepz");
      assertInvalid(engine.put("/api/v1/sla-policies", engine.admin(), "[]"), "");
      assertProblem(engine.put("/api/v1/sla-policies", engine.token("mgr-east", "manager"), GOOD_POLICIES),
          403, "forbidden", "Forbidden");
      assertProblem(engine.get("/api/v1/sla-policies", engine.token("rep-east-1", "rep")), 403, "forbidden", "Forbidden");

      HttpResponse<String> put = engine.put("/api/v1/sla-policies", engine.token("ops-lead", "admin"), GOOD_POLICIES);
      assertEquals(200, put.statusCode(), put.body());
      assertEquals(2, EngineFixture.json(put).get("version").asInt());

      JsonNode versions = EngineFixture.json(engine.get("/api/v1/sla-policies/versions", engine.admin()));
      assertEquals(List.of(1, 2), StreamSupport.stream(versions.get("versions").spliterator(), false)
          .map(v -> v.get("version").asInt()).toList());
      assertEquals("ops-lead", versions.at("/versions/1/by").asText());
      JsonNode first = EngineFixture.json(engine.get("/api/v1/sla-policies/versions/1", engine.admin()));
      assertEquals(seeded.get("document"), first.get("document"));
      assertEquals(0.5, EngineFixture.json(engine.get("/api/v1/sla-policies", engine.admin())).at("/document/atRiskShare").asDouble());
      assertProblem(engine.get("/api/v1/sla-policies/versions/9", engine.admin()), 404, "not-found", "Not found");

      // Leads assigned from now on run on version 2 and say so on their timeline.
      String leadId = engine.postLead(SHANGHAI);
      awaitAssert(Duration.ofSeconds(10), () -> assertTrue(
          engine.view(leadId).at("/timeline/1/detail").asText().contains("SLA policy standard v2"),
          engine.view(leadId).toString()));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void holdResumeContactAndTheBoardFollowEachLead(TestDb db) {
    Config fast = EngineFixture.FAST;
    try (EngineFixture engine = EngineFixture.startFresh(db, fast)) {
      String held = engine.postLead(SHANGHAI);
      String escalates = engine.postLead(SHANGHAI.replace("13800138000", "13900139000"));
      String contacted = engine.postLead(SHANGHAI.replace("13800138000", "13700137000"));
      String heldRep = assignedRep(engine, held);
      String contactRep = assignedRep(engine, contacted);
      assignedRep(engine, escalates);

      assertInvalid(engine.post("/api/v1/leads/" + held + "/hold", engine.token(heldRep, "rep"), "{}"), "/reason");
      assertInvalid(engine.post("/api/v1/leads/" + held + "/hold", engine.token(heldRep, "rep"), "{\"why\":\"x\"}"), "/why");
      assertProblem(engine.post("/api/v1/leads/" + held + "/hold", engine.token("rep-north-1", "rep"),
          "{\"reason\":\"mine now\"}"), 403, "forbidden", "Forbidden");
      HttpResponse<String> hold = engine.post("/api/v1/leads/" + held + "/hold", engine.token(heldRep, "rep"),
          "{\"reason\":\"customer travelling\"}");
      assertEquals(200, hold.statusCode(), hold.body());
      assertTrue(EngineFixture.json(hold).get("onHold").asBoolean());
      assertEquals("ON_HOLD", engine.view(held).at("/sla/state").asText());

      HttpResponse<String> contact = engine.post("/api/v1/leads/" + contacted + "/contacted", engine.token(contactRep, "rep"), "{}");
      assertEquals(200, contact.statusCode(), contact.body());
      assertEquals("CONTACTED", EngineFixture.json(contact).get("status").asText());
      assertProblem(engine.post("/api/v1/leads/" + contacted + "/contacted", engine.admin(), "{}"),
          403, "forbidden", "Forbidden");

      // FAST: remind at 2 s, escalate to the manager at 4 s.
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode board = EngineFixture.json(engine.get("/api/v1/sla/board", engine.admin()));
        assertEquals("on_hold", stateOf(board, held), board.toString());
        assertEquals("escalated", stateOf(board, escalates), board.toString());
        assertEquals(null, stateOf(board, contacted), "a contacted lead has no SLA left");
        assertEquals(1, board.at("/counts/on_hold").asInt());
      });
      JsonNode onHold = EngineFixture.json(engine.get("/api/v1/sla/board?state=on_hold", engine.admin()));
      assertEquals(1, onHold.get("leads").size(), onHold.toString());
      JsonNode row = onHold.at("/leads/0");
      assertEquals("customer travelling", row.get("holdReason").asText());
      assertEquals("REMIND", row.get("nextAction").asText());
      assertEquals(engine.view(held).at("/sources/0/source").asText(), row.path("source").asText(),
          "the source that delivered the lead first (the board filters by it)");
      assertTrue(row.get("msLeft").asLong() > 0 && row.get("msLeft").asLong() <= 2_000, row.toString());
      assertEquals(0, EngineFixture.json(engine.get("/api/v1/sla/board?region=华南", engine.admin())).get("leads").size());
      assertEquals(0, EngineFixture.json(engine.get("/api/v1/sla/board", engine.token("mgr-south", "manager"))).get("leads").size());
      assertFalse(EngineFixture.json(engine.get("/api/v1/sla/board?team=" + teamOf(engine, heldRep), engine.admin()))
          .get("leads").isEmpty());
      assertInvalid(engine.get("/api/v1/sla/board?state=late&limit=0&team=nope", engine.admin()), "?state", "?limit", "?team");
      assertProblem(engine.get("/api/v1/sla/board", engine.token(heldRep, "rep")), 403, "forbidden", "Forbidden");

      HttpResponse<String> resume = engine.post("/api/v1/leads/" + held + "/resume", engine.token("mgr-east", "manager"), "{}");
      assertEquals(200, resume.statusCode(), resume.body());
      assertProblem(engine.post("/api/v1/leads/" + held + "/resume", engine.admin(), "{}"), 409, "conflict", "Conflict");
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode view = engine.view(held);
        assertEquals(List.of("ON_HOLD", "RESUMED", "REMINDER"), view.findValuesAsText("type").stream()
            .filter(t -> List.of("ON_HOLD", "RESUMED", "REMINDER").contains(t)).toList(), view.toString());
      });

      // The rep was told about each assignment: an ASSIGNED row in the outbox.
      JsonNode notifications = EngineFixture.json(engine.get("/api/v1/notifications?leadId=" + held, engine.admin()));
      assertTrue(notifications.get("notifications").findValuesAsText("kind").contains("ASSIGNED"), notifications.toString());
    }
  }

  private static String assignedRep(EngineFixture engine, String leadId) {
    String[] rep = new String[1];
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode view = engine.view(leadId);
      assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
      rep[0] = view.at("/assignment/repId").asText();
    });
    return rep[0];
  }

  private static String stateOf(JsonNode board, String leadId) {
    for (JsonNode lead : board.get("leads")) {
      if (lead.get("leadId").asText().equals(leadId)) return lead.get("state").asText();
    }
    return null;
  }

  private static String teamOf(EngineFixture engine, String repId) {
    JsonNode org = EngineFixture.json(engine.get("/api/v1/org", engine.admin()));
    for (JsonNode p : org.get("people")) if (p.get("id").asText().equals(repId)) return p.get("team").asText();
    throw new AssertionError("no rep " + repId);
  }
}
