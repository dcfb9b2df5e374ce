package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.EngineFixture.json;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /leads/{id}/assign} through a real engine: the rules send every lead to rep-east-1, who
 * is marked away, so 华东's leads wait in its fallback queue; its manager (mgr-east) gives them to
 * rep-east-2 (capacity 1) by hand.
 */
class AssignLeadTest {

  private static final String SOLO_RULES = """
      {"default": {"id": "solo", "target": {"rep": "rep-east-1"}}, "fallbackQueue": "unassigned"}""";
  private static final String QUEUE = "/api/v1/queues/" + URLEncoder.encode("华东", StandardCharsets.UTF_8);

  private static EngineFixture engine;
  private static String manager;

  @BeforeAll
  static void nobodyEligibleIn华东() {
    engine = EngineFixture.startFresh(TestDb.H2, com.typesafe.config.ConfigFactory.empty());
    ObjectNode chart = OrgChartApiTest.demoWith(3, p -> p.put("availability", "away"));
    ((ObjectNode) chart.withArray("people").get(4)).put("capacity", 1);
    HttpResponse<String> org = engine.put("/api/v1/org", engine.admin(), chart.toString());
    assertEquals(200, org.statusCode(), org.body());
    HttpResponse<String> rules = engine.put("/api/v1/routing", engine.admin(), SOLO_RULES);
    assertEquals(200, rules.statusCode(), rules.body());
    manager = engine.token("mgr-east", "manager");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static String queuedLead() {
    String id = engine.postLead("{\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("QUEUED", engine.view(id).get("status").asText()));
    awaitAssert(Duration.ofSeconds(10), () -> assertTrue(queued().contains(id)));
    return id;
  }

  private static List<String> queued() {
    List<String> ids = new ArrayList<>();
    json(engine.get(QUEUE, manager)).get("leads").forEach(l -> ids.add(l.get("leadId").asText()));
    return ids;
  }

  private static HttpResponse<String> assign(String leadId, String token, String repId) {
    return engine.post("/api/v1/leads/" + leadId + "/assign", token, "{\"repId\":\"" + repId + "\"}");
  }

  @Test
  void theRegionsManagerAssignsAQueuedLeadThenTheRepIsFullUnknownRepsAndOtherManagersAreRefused() {
    String leadId = queuedLead();

    assertProblem(assign(leadId, engine.token("mgr-south", "manager"), "rep-east-2"), 403, "forbidden", "Forbidden");
    assertProblem(assign(leadId, engine.token("rep-east-2", "rep"), "rep-east-2"), 403, "forbidden", "Forbidden");
    JsonNode unknown = assertProblem(assign(leadId, manager, "nobody"), 400, "invalid-input", "Invalid input");
    assertEquals("/repId", unknown.at("/errors/0/field").asText(), unknown.toString());
    JsonNode blank = assertProblem(engine.post("/api/v1/leads/" + leadId + "/assign", manager, "{}"), 400,
        "invalid-input", "Invalid input");
    assertEquals("/repId", blank.at("/errors/0/field").asText());
    JsonNode away = assertProblem(assign(leadId, manager, "rep-east-1"), 409, "conflict", "Conflict");
    assertEquals("/repId", away.at("/errors/0/field").asText());
    assertEquals("marked away in the org chart", away.at("/errors/0/message").asText(), away.toString());

    HttpResponse<String> assigned = assign(leadId, manager, "rep-east-2");
    assertEquals(200, assigned.statusCode(), assigned.body());
    assertEquals("application/json", assigned.headers().firstValue("Content-Type").orElse(""));
    assertEquals("rep-east-2", json(assigned).get("repId").asText());

    JsonNode view = engine.view(leadId);
    assertEquals("ASSIGNED", view.get("status").asText());
    assertEquals("rep-east-2", view.at("/assignment/repId").asText());
    assertEquals("manual", view.at("/assignment/rule").asText(), view.toString());
    assertEquals("mgr-east", view.at("/assignment/by").asText());
    assertEquals("RUNNING", view.at("/sla/state").asText());
    assertEquals(0, queued().size(), "it left the fallback queue");
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode mine = json(engine.get("/api/v1/reps/rep-east-2/leads", engine.token("rep-east-2", "rep")));
      assertEquals(leadId, mine.at("/leads/0/leadId").asText(), mine.toString());
    });
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode listed = json(engine.get("/api/v1/notifications?leadId=" + leadId, manager)).get("notifications");
      boolean told = false;
      for (JsonNode n : listed) told |= n.get("kind").asText().equals("ASSIGNED") && n.get("recipientId").asText().equals("rep-east-2");
      assertTrue(told, listed.toString());
    });

    // Again: the same answer, nothing new in the timeline.
    int lines = view.get("timeline").size();
    HttpResponse<String> again = assign(leadId, manager, "rep-east-2");
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(lines, engine.view(leadId).get("timeline").size());

    // rep-east-2 holds 1 of 1 now.
    String second = queuedLead();
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode full = assertProblem(assign(second, manager, "rep-east-2"), 409, "conflict", "Conflict");
      assertEquals("/repId", full.at("/errors/0/field").asText());
      assertEquals("at capacity 1/1", full.at("/errors/0/message").asText(), full.toString());
    });
    assertEquals("QUEUED", engine.view(second).get("status").asText());
    assertTrue(queued().contains(second));
  }

  @Test
  void anAssignedLeadNotYetAcknowledgedMovesToAnotherRepAndTheFirstIsToldButAnAcknowledgedOneStays() {
    String leadId = queuedLead();
    assertEquals(200, assign(leadId, manager, "rep-north-1").statusCode());

    HttpResponse<String> moved = assign(leadId, manager, "rep-south-1");
    assertProblem(moved, 403, "forbidden", "Forbidden");
    HttpResponse<String> moved2 = assign(leadId, engine.admin(), "rep-south-1");
    assertEquals(200, moved2.statusCode(), moved2.body());
    assertEquals("rep-north-1", json(moved2).get("previousRepId").asText());
    JsonNode view = engine.view(leadId);
    assertEquals("rep-south-1", view.at("/assignment/repId").asText());
    assertEquals("admin", view.at("/assignment/by").asText());
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode listed = json(engine.get("/api/v1/notifications?leadId=" + leadId, engine.admin())).get("notifications");
      boolean told = false;
      for (JsonNode n : listed) told |= n.get("kind").asText().equals("REASSIGNED") && n.get("recipientId").asText().equals("rep-north-1");
      assertTrue(told, listed.toString());
    });
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals(0,
        json(engine.get("/api/v1/reps/rep-north-1", engine.admin())).get("openLeads").asInt()));

    assertEquals(200, engine.post("/api/v1/leads/" + leadId + "/ack", engine.token("rep-south-1", "rep"), "{}").statusCode());
    assertProblem(assign(leadId, engine.admin(), "rep-south-2"), 409, "conflict", "Conflict");
  }
}
