package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract of the opportunity endpoints through a real server, where it does not depend on an
 * opportunity's life (that is {@link OpportunityFlowTest}): bad bodies are 400 naming each field,
 * other failures the same problems as every route, and who may convert or edit pipelines.
 */
class OpportunityApiTest extends SharedH2Engine {

  private static final String ANY_OPPORTUNITY = "/api/v1/opportunities/opp-3f1c2a9e-7b4d-4e15-9a0c-2d6f8b1e5a77";

  @ParameterizedTest(name = "{0} {1} → 400 at {3}")
  @CsvSource(delimiter = '|', value = {
      "/convert | {\"amount\":-1,\"currency\":\"RMB\",\"pipeline\":\"a b\"}  | /amount,/currency,/pipeline",
      "/actions | {\"at\":\"2026-12-05\",\"evidence\":[{\"kind\":\"recording\",\"url\":\"ftp://a/b\",\"sha256\":\"ab\",\"durationSeconds\":-3}]} | /type,/at,/evidence/0/url,/evidence/0/sha256,/evidence/0/durationSeconds",
      "/actions | {\"type\":\"site_visit\",\"evidence\":\"photo\"}               | /evidence",
      "/stage   | {\"checklist\":[1],\"reason\":\"\"}                            | /to,/checklist/0",
      "/snooze  | {\"until\":\"tomorrow\"}                                       | /until,/reason",
      "/snooze  | [1,2]                                                          | ''",
  })
  void aBadBodyIsA400NamingEveryField(String endpoint, String body, String pointers) {
    String path = endpoint.equals("/convert") ? "/api/v1/leads/any-lead/convert" : ANY_OPPORTUNITY + endpoint;
    assertInvalid(engine.post(path, engine.admin(), body), pointers.split(","));
  }

  @Test
  void malformedJsonIsA400AtTheRoot() {
    assertInvalid(engine.post(ANY_OPPORTUNITY + "/actions", engine.admin(), "{\"type\":"), "");
  }

  @Test
  void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri(ANY_OPPORTUNITY + "/stage"))
        .header("Authorization", "Bearer " + engine.admin()).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("to=won")));
    assertProblem(response, 415, "unsupported-media-type", "Unsupported media type");
  }

  @Test
  void aBodyOverOneMebibyteIsPayloadTooLarge() {
    String body = "{\"type\":\"note\",\"note\":\"" + "n".repeat(1_200_000) + "\"}";
    assertProblem(engine.post(ANY_OPPORTUNITY + "/actions", engine.admin(), body), 413, "payload-too-large",
        "Payload too large");
  }

  @Test
  void withoutATokenEveryEndpointIs401() {
    for (String path : new String[] {"/api/v1/leads/x/convert", ANY_OPPORTUNITY + "/actions", ANY_OPPORTUNITY + "/stage",
        ANY_OPPORTUNITY + "/snooze"}) {
      HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri(path))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertProblem(response, 401, "unauthorized", "Unauthorized");
    }
    assertProblem(engine.send(HttpRequest.newBuilder(engine.uri(ANY_OPPORTUNITY)).GET()), 401, "unauthorized", "Unauthorized");
    assertProblem(engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/pipelines")).GET()), 401, "unauthorized",
        "Unauthorized");
  }

  @Test
  void aWrongMethodIsMethodNotAllowed() {
    String detail = assertProblem(engine.get("/api/v1/leads/x/convert", engine.admin()), 405, "method-not-allowed",
        "Method not allowed").get("detail").asText();
    assertTrue(detail.contains("POST"), detail);
    assertProblem(engine.put(ANY_OPPORTUNITY, engine.admin(), "{}"), 405, "method-not-allowed", "Method not allowed");
  }

  @Test
  void anIdThatCannotBeAnOpportunityIsNotFound() {
    assertProblem(engine.get("/api/v1/opportunities/opp_%E4%B8%80", engine.admin()), 404, "not-found", "Not found");
  }

  @Test
  void convertingAnUnknownLeadIsNotFound() {
    assertProblem(engine.post("/api/v1/leads/no-such-lead/convert", engine.admin(), "{}"), 404, "not-found", "Not found");
  }

  @Test
  void onlyTheAssignedRepTheirManagersOrAnAdminConvertALead() {
    String leadId = engine.postLead("{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
    String[] rep = new String[1];
    awaitAssert(Duration.ofSeconds(10), () -> {
      rep[0] = engine.view(leadId).at("/assignment/repId").asText();
      assertTrue(rep[0].startsWith("rep-"), rep[0]);
    });
    String other = rep[0].equals("rep-east-1") ? "rep-east-2" : "rep-east-1";
    String detail = assertProblem(engine.post("/api/v1/leads/" + leadId + "/convert", engine.token(other, "rep"), "{}"),
        403, "forbidden", "Forbidden").get("detail").asText();
    assertEquals("only the assigned rep, their managers or an admin convert a lead", detail);
    assertProblem(engine.post("/api/v1/leads/" + leadId + "/convert", engine.token("mgr-south", "manager"), "{}"),
        403, "forbidden", "Forbidden");
    assertProblem(engine.post("/api/v1/leads/" + leadId + "/convert", engine.token("dir-sales", "director"), "{}"),
        409, "conflict", "Conflict");
  }

  @Test
  void pipelinesAreReadByManagersAndReplacedByAdmins() {
    assertProblem(engine.get("/api/v1/pipelines", engine.token("rep-east-1", "rep")), 403, "forbidden", "Forbidden");
    assertProblem(engine.put("/api/v1/pipelines", engine.token("mgr-east", "manager"), "{\"pipelines\":[]}"),
        403, "forbidden", "Forbidden");
    assertInvalid(engine.put("/api/v1/pipelines", engine.admin(), "[]"), "");
  }

  @Test
  void pipelinesAreSeededValidatedAndVersioned() {
    JsonNode seeded = EngineFixture.json(engine.get("/api/v1/pipelines", engine.token("mgr-east", "manager")));
    assertEquals(1, seeded.get("version").asInt(), seeded.toString());
    assertEquals("seed", seeded.get("by").asText(), seeded.toString());
    assertEquals("default", seeded.at("/document/pipelines/0/id").asText(), seeded.toString());
    int before = seeded.get("version").asInt();

    assertInvalid(engine.put("/api/v1/pipelines", engine.admin(), """
        {"pipelines":[{"id":"default","idleAfter":"soon","clock":"calendar:nope","stages":[{"id":"a","final":true}]}]}
        """), "/pipelines/0/idleAfter", "/pipelines/0/clock", "/pipelines/0/stages", "/pipelines/0/stages/0/final");

    ObjectNode longer = seeded.get("document").deepCopy();
    ((ObjectNode) longer.at("/pipelines/0")).put("idleAfter", "PT72H");
    HttpResponse<String> put = engine.put("/api/v1/pipelines", engine.token("ops-lead", "admin"), longer.toString());
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(before + 1, EngineFixture.json(put).get("version").asInt());
    JsonNode now = EngineFixture.json(engine.get("/api/v1/pipelines", engine.admin()));
    assertEquals("PT72H", now.at("/document/pipelines/0/idleAfter").asText(), now.toString());
    assertEquals("ops-lead", now.get("by").asText());
    JsonNode versions = EngineFixture.json(engine.get("/api/v1/pipelines/versions", engine.admin()));
    assertEquals(before + 1, versions.get("versions").size(), versions.toString());
    assertEquals(seeded.get("document"), EngineFixture.json(engine.get("/api/v1/pipelines/versions/" + before,
        engine.admin())).get("document"));
    assertProblem(engine.get("/api/v1/pipelines/versions/99", engine.admin()), 404, "not-found", "Not found");
  }
}
