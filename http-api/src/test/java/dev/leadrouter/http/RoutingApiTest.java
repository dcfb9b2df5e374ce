package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.json;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/routing} through a real server: publish, validate, version, diff, roll back and
 * simulate, against the demo org chart. The tests share one engine but not their state: each
 * publishes the rules it needs first and refers to the versions it made, so any order works.
 */
class RoutingApiTest extends SharedH2Engine {

  private static final String EVERYTHING_TO_SOUTH_1 =
      "{\"rules\":[],\"default\":{\"target\":{\"rep\":\"rep-south-1\"}},\"fallbackQueue\":\"unassigned\"}";

  static String demoRules() {
    try (InputStream in = Main.class.getResourceAsStream("/demo-routing.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes the demo rules as a new version (whatever another test left) and returns it. */
  private static int publishDemoRules() {
    HttpResponse<String> put = engine.put("/api/v1/routing", engine.admin(), demoRules());
    assertEquals(200, put.statusCode(), put.body());
    return json(put).get("version").asInt();
  }

  @Test
  void theDemoRulesArePublishedAtTheFirstStartAndASimulationWithoutADraftReplaysThem() throws Exception {
    JsonNode first = json(engine.get("/api/v1/routing/versions/1", engine.admin()));
    assertEquals(1, first.get("version").asInt(), first.toString());
    assertEquals("seed", first.get("by").asText());
    assertEquals(Json.MAPPER.readTree(demoRules()), first.get("document"));

    int current = json(engine.get("/api/v1/routing", engine.admin())).get("version").asInt();
    HttpResponse<String> simulated = engine.post("/api/v1/routing/simulate", engine.admin(), "{\"last\":5}");
    assertEquals(200, simulated.statusCode(), simulated.body());
    assertEquals("version " + current, json(simulated).get("rules").asText());
  }

  @Test
  void theDemoRulesArePublishedAndVersionedWithAuthorAndTime() {
    HttpResponse<String> put = engine.put("/api/v1/routing", engine.admin(), demoRules());
    assertEquals(200, put.statusCode(), put.body());
    int version = json(put).get("version").asInt();

    JsonNode current = json(engine.get("/api/v1/routing", engine.token("mgr-east", "manager")));
    assertEquals(version, current.get("version").asInt());
    assertEquals("admin", current.get("by").asText());
    assertEquals("region+industry+budget", current.at("/document/rules/1/id").asText());

    JsonNode versions = json(engine.get("/api/v1/routing/versions", engine.admin())).get("versions");
    assertEquals(version, versions.get(versions.size() - 1).get("version").asInt());
    assertTrue(json(engine.get("/api/v1/routing/versions/" + version, engine.admin())).get("document").isObject());
  }

  @Test
  void aBadRuleSetIsRefusedNamingEachRuleAtFault() throws Exception {
    ObjectNode bad = (ObjectNode) Json.MAPPER.readTree(demoRules());
    ((ObjectNode) bad.withArray("pools").get(0)).putArray("members");
    ((ObjectNode) bad.withArray("rules").get(0)).put("colour", "red");
    ((ObjectNode) bad.withArray("rules").get(2).get("target")).put("pool", "no-such-pool");

    HttpResponse<String> response = engine.put("/api/v1/routing", engine.admin(), bad.toString());

    JsonNode problem = assertProblem(response, 400, "invalid-input", "Invalid input");
    List<String> fields = ProblemAssertions.errorFields(problem);
    assertTrue(fields.contains("/pools/0/members"), fields.toString());
    assertTrue(fields.contains("/rules/0/colour"), fields.toString());
    assertTrue(fields.contains("/rules/2/target/pool"), fields.toString());
    assertInvalid(engine.put("/api/v1/routing", engine.admin(), "[1]"), "");
    assertInvalid(engine.put("/api/v1/routing", engine.admin(),
        "{\"rules\":[],\"default\":{\"target\":{\"rep\":\"nobody\"}},\"fallbackQueue\":\"q\"}"), "/default/target/rep");
  }

  @Test
  void twoVersionsAreComparedAndAnOldOneIsRolledBackAsANewVersion() {
    int demo = publishDemoRules();
    HttpResponse<String> put = engine.put("/api/v1/routing", engine.admin(), EVERYTHING_TO_SOUTH_1);
    assertEquals(200, put.statusCode(), put.body());
    int south = json(put).get("version").asInt();

    JsonNode diff = json(engine.get("/api/v1/routing/versions/" + demo + "/diff/" + south, engine.admin()));
    List<String> paths = new ArrayList<>();
    diff.get("changes").forEach(c -> paths.add(c.toString()));
    assertTrue(paths.stream().anyMatch(p -> p.contains("/rules")), diff.toString());
    assertTrue(paths.stream().anyMatch(p -> p.contains("/default")), diff.toString());
    assertProblem(engine.get("/api/v1/routing/versions/" + demo + "/diff/999", engine.admin()), 404, "not-found", "Not found");

    HttpResponse<String> rollback = engine.post("/api/v1/routing/versions/" + demo + "/rollback", engine.admin(), "");
    assertEquals(200, rollback.statusCode(), rollback.body());
    int restored = json(rollback).get("version").asInt();
    assertEquals(south + 1, restored);
    assertEquals(json(engine.get("/api/v1/routing/versions/" + demo, engine.admin())).get("document"),
        json(engine.get("/api/v1/routing", engine.admin())).get("document"));
  }

  @Test
  void aDraftIsSimulatedOnSuppliedLeadsWithoutPublishingIt() {
    int before = json(engine.get("/api/v1/routing", engine.admin())).get("version").asInt();
    String body = "{\"draft\":" + EVERYTHING_TO_SOUTH_1 + ",\"leads\":["
        + "{\"phone\":\"13800138000\",\"region\":\"上海\",\"industry\":\"SaaS\"},"
        + "{\"phone\":\"13900139000\",\"region\":\"北京\",\"industry\":\"锂电\"}]}";

    HttpResponse<String> response = engine.post("/api/v1/routing/simulate", engine.token("mgr-east", "manager"), body);

    assertEquals(200, response.statusCode(), response.body());
    JsonNode result = json(response);
    assertEquals("draft", result.get("rules").asText());
    assertEquals(2, result.get("replayed").asInt());
    result.get("leads").forEach(l -> assertEquals("rep-south-1", l.get("now").asText(), l.toString()));
    assertEquals("rep-south-1", result.at("/reps/0/repId").asText());
    assertEquals(2, result.at("/reps/0/after").asInt());
    assertEquals(before, json(engine.get("/api/v1/routing", engine.admin())).get("version").asInt(), "nothing published");
  }

  @Test
  void theLastLeadsAreReplayedThroughTheDraftAndTheShiftPerRepIsShown() {
    publishDemoRules();
    java.util.Set<String> posted = new java.util.HashSet<>();
    for (String region : List.of("上海", "深圳", "北京")) {
      posted.add(engine.postLead(
          "{\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"" + region + "\",\"industry\":\"SaaS\"}"));
    }
    // the last three leads are this test's own once they are all in the read model
    EngineFixture.awaitAssert(java.time.Duration.ofSeconds(10), () -> assertEquals(posted,
        java.util.Set.copyOf(json(engine.post("/api/v1/routing/simulate", engine.admin(), "{\"draft\":"
            + EVERYTHING_TO_SOUTH_1 + ",\"last\":3}")).get("leads").findValuesAsText("leadId"))));

    JsonNode result = json(engine.post("/api/v1/routing/simulate", engine.admin(),
        "{\"draft\":" + EVERYTHING_TO_SOUTH_1 + ",\"last\":3}"));

    int moved = 0;
    for (JsonNode lead : result.get("leads")) {
      assertEquals("rep-south-1", lead.get("now").asText(), lead.toString());
      assertTrue(lead.hasNonNull("leadId"), lead.toString());
      if (!"rep-south-1".equals(lead.path("then").asText())) moved++;
    }
    assertEquals(moved, result.get("changed").asInt());
    assertTrue(moved >= 2, "the 上海 and 北京 leads went to other reps then: " + result);
    JsonNode south = null;
    for (JsonNode rep : result.get("reps")) if (rep.get("repId").asText().equals("rep-south-1")) south = rep;
    assertEquals(3, south.get("after").asInt(), result.toString());
  }

  @Test
  void badSimulationsAreNamedAndRolesAreEnforced() {
    assertInvalid(engine.post("/api/v1/routing/simulate", engine.admin(), "{\"last\":0}"), "/last");
    assertInvalid(engine.post("/api/v1/routing/simulate", engine.admin(), "{\"leads\":[{\"name\":\"王工\"}]}"),
        "/leads/0/phone");
    List<String> fields = ProblemAssertions.errorFields(assertProblem(engine.post("/api/v1/routing/simulate",
        engine.admin(), "{\"draft\":{\"rules\":[]},\"color\":1}"), 400, "invalid-input", "Invalid input"));
    assertTrue(fields.contains("/color"), fields.toString());
    assertTrue(fields.stream().anyMatch(f -> f.startsWith("/draft/")), "the draft's own errors, under /draft: " + fields);
    assertProblem(engine.get("/api/v1/routing", engine.token("rep-east-1", "rep")), 403, "forbidden", "Forbidden");
    assertProblem(engine.put("/api/v1/routing", engine.token("mgr-east", "manager"), EVERYTHING_TO_SOUTH_1),
        403, "forbidden", "Forbidden");
    assertProblem(engine.post("/api/v1/routing/versions/1/rollback", engine.token("dir-1", "director"), ""),
        403, "forbidden", "Forbidden");
  }

  @Test
  void everyLeadAnswersWhyItWentWhereItWentInOneSentence() {
    publishDemoRules();
    String leadId = engine.postLead("{\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"上海\",\"industry\":\"SaaS\"}");
    EngineFixture.awaitAssert(java.time.Duration.ofSeconds(10),
        () -> assertTrue(engine.view(leadId).hasNonNull("assignment")));
    String repId = engine.view(leadId).at("/assignment/repId").asText();

    JsonNode routing = json(engine.get("/api/v1/leads/" + leadId + "/routing", engine.token("mgr-east", "manager")));

    assertEquals(repId, routing.get("repId").asText());
    assertTrue(routing.get("summary").asText().startsWith("Went to "), routing.toString());
    String name = routing.at("/candidates").findValuesAsText("repId").contains(repId) ? repId : null;
    assertTrue(routing.get("summary").asText().contains("by rule '" + routing.get("rule").asText() + "'"), routing.toString());
    assertEquals("ASSIGNED", routing.get("outcome").asText());
    assertTrue(routing.get("rulesVersion").asInt() >= 1, routing.toString());
    assertEquals("unplaced", routing.at("/path/0/rule").asText(), "every rule tried is on the path");
    assertTrue(routing.at("/path/0/result").asText().startsWith("conditions not met"), routing.toString());
    assertEquals(repId, name);
    assertEquals(6, routing.get("candidates").size(), routing.toString());
    assertEquals(200, engine.get("/api/v1/leads/" + leadId + "/routing", engine.token(repId, "rep")).statusCode());
    String otherRep = repId.equals("rep-east-1") ? "rep-east-2" : "rep-east-1";
    assertProblem(engine.get("/api/v1/leads/" + leadId + "/routing", engine.token(otherRep, "rep")), 403, "forbidden", "Forbidden");
    assertProblem(engine.get("/api/v1/leads/no-such-lead/routing", engine.admin()), 404, "not-found", "Not found");
  }
}
