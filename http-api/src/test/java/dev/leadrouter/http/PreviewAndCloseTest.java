package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static dev.leadrouter.http.ProblemAssertions.mediaType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/leads/preview} (the decision, nothing written) and {@code POST /api/v1/leads/{id}/close}
 * (the rep's slot is freed). The shared engine keeps 华东 for the preview and 华南 for closing.
 */
class PreviewAndCloseTest extends SharedH2Engine {

  private static final String SHANGHAI_AUTOMATION =
      "{\"name\":\"王工\",\"phone\":\"138 0013 8000\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
  /** Only rep-south-1 matches region, industry and budget. */
  private static final String SHENZHEN_AUTOMATION =
      "{\"name\":\"陈总\",\"phone\":\"13900139000\",\"region\":\"深圳\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";

  /** The same lead from another person (own phone): leads of one person would merge. */
  private static String newPerson(String lead) {
    return lead.replace("13900139000", EngineFixture.newPhone());
  }

  private static List<String> repLeadIds(EngineFixture on, String repId) {
    HttpResponse<String> response = on.get("/api/v1/reps/" + repId + "/leads", on.admin());
    assertEquals(200, response.statusCode(), response.body());
    return EngineFixture.json(response).get("leads").findValuesAsText("leadId");
  }

  private static String assignedTo(EngineFixture on, String leadId, String repId) {
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode view = on.view(leadId);
      assertEquals("ASSIGNED", view.get("status").asText());
      assertEquals(repId, view.at("/assignment/repId").asText());
    });
    return leadId;
  }

  @Test
  void previewAnswersTheCleanedLeadAndTheDecisionAndWritesNothing() {
    HttpResponse<String> response = engine.post("/api/v1/leads/preview", engine.admin(), SHANGHAI_AUTOMATION);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", mediaType(response));
    JsonNode preview = EngineFixture.json(response);
    assertEquals("+8613800138000", preview.at("/lead/phones/0").asText(), preview.toString());
    assertEquals("华东", preview.at("/lead/region/macro").asText());
    assertEquals("工业自动化", preview.at("/lead/industry").asText());
    assertEquals("50-200万", preview.at("/lead/budgetBand").asText());
    assertEquals("rep-east-1", preview.at("/routing/repId").asText());
    assertEquals("region+industry+budget", preview.at("/routing/rule").asText());
    assertEquals(6, preview.at("/routing/candidates").size(), "every rep of the demo pool is explained");
    assertTrue(preview.path("leadId").isMissingNode(), "a preview has no lead id");
    assertEquals(List.of(), repLeadIds(engine, "rep-east-1"));

    // Had the preview reserved anything, rep-east-1 would now carry load and the real lead would go to rep-east-3.
    HttpResponse<String> again = engine.post("/api/v1/leads/preview", engine.admin(), SHANGHAI_AUTOMATION);
    assertEquals("rep-east-1", EngineFixture.json(again).at("/routing/repId").asText());
    String real = assignedTo(engine, engine.postLead(SHANGHAI_AUTOMATION), "rep-east-1");
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals(List.of(real), repLeadIds(engine, "rep-east-1")));
  }

  @Test
  void previewRefusesBadInputLikeIntake() {
    assertInvalid(engine.post("/api/v1/leads/preview", engine.admin(), "{\"name\":\"王工\"}"), "/phone");
  }

  @Test
  void theAssignedRepClosesTheLeadAndItLeavesTheirList() {
    String leadId = assignedTo(engine, engine.postLead(newPerson(SHENZHEN_AUTOMATION)), "rep-south-1");
    awaitAssert(Duration.ofSeconds(10), () -> assertTrue(repLeadIds(engine, "rep-south-1").contains(leadId)));

    HttpResponse<String> closed = engine.post("/api/v1/leads/" + leadId + "/close", engine.token("rep-south-1", "rep"), "{}");
    assertEquals(200, closed.statusCode(), closed.body());
    assertEquals("application/json", mediaType(closed));
    assertEquals(leadId, EngineFixture.json(closed).get("leadId").asText());

    JsonNode view = engine.view(leadId);
    assertEquals("CLOSED", view.get("status").asText());
    assertEquals("STOPPED", view.at("/sla/state").asText());
    assertEquals(0, view.at("/sla/deadlines").size());
    awaitAssert(Duration.ofSeconds(10), () -> assertFalse(repLeadIds(engine, "rep-south-1").contains(leadId)));

    assignedTo(engine, engine.postLead(newPerson(SHENZHEN_AUTOMATION)), "rep-south-1");
  }

  @Test
  void anotherRepMayNotCloseTheLead() {
    String leadId = assignedTo(engine, engine.postLead(newPerson(SHENZHEN_AUTOMATION)), "rep-south-1");
    HttpResponse<String> response =
        engine.post("/api/v1/leads/" + leadId + "/close", engine.token("rep-south-2", "rep"), "{}");
    assertProblem(response, 403, "forbidden", "Forbidden");
    assertEquals("ASSIGNED", engine.view(leadId).get("status").asText());
  }

  @Test
  void closingTheLeadAtCapacityAssignsTheQueuedOne() {
    try (EngineFixture own = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty())) {
      ObjectNode chart = OrgChartApiTest.demoChart();
      for (JsonNode person : chart.get("people")) {
        if (person.get("id").asText().equals("rep-south-1")) ((ObjectNode) person).put("capacity", 1);
        if (person.get("id").asText().equals("rep-south-2")) ((ObjectNode) person).put("availability", "away");
      }
      HttpResponse<String> replaced = own.put("/api/v1/org", own.admin(), chart.toString());
      assertEquals(200, replaced.statusCode(), replaced.body());

      String first = assignedTo(own, own.postLead(newPerson(SHENZHEN_AUTOMATION)), "rep-south-1");
      String second = own.postLead(newPerson(SHENZHEN_AUTOMATION));
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals("QUEUED", own.view(second).get("status").asText()));

      HttpResponse<String> closed = own.post("/api/v1/leads/" + first + "/close", own.token("rep-south-1", "rep"), "{}");
      assertEquals(200, closed.statusCode(), closed.body());
      assignedTo(own, second, "rep-south-1");
    }
  }
}
