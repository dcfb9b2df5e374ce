package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static dev.leadrouter.http.ProblemAssertions.mediaType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens and who may see what (DESIGN §6: a rep acts on that rep's leads, a manager on the team's). */
class AuthTest extends SharedH2Engine {

  private static final String LEAD = "{\"name\":\"王工\",\"phone\":\"13800138000\",\"region\":\"上海\","
      + "\"industry\":\"工业自动化\",\"budget\":\"80万\"}";

  /** A lead assigned to rep-east-1 (in team-east of mgr-east, region 华东). */
  private static String eastLead;

  @BeforeAll
  static void postAnEastLead() {
    eastLead = engine.postLead(LEAD);
    awaitAssert(Duration.ofSeconds(10), () ->
        assertEquals("rep-east-1", engine.view(eastLead).at("/assignment/repId").asText()));
  }

  @Test
  void noAuthorizationHeaderIsUnauthorizedWithAChallenge() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/leads"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(LEAD)));
    assertProblem(response, 401, "unauthorized", "Unauthorized");
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "),
        response.headers().map().toString());
  }

  @Test
  void aTokenSignedWithAnotherSecretIsUnauthorized() {
    String forged = JWT.create().withIssuer("leadrouter").withSubject("admin").withClaim("role", "admin")
        .withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plus(Duration.ofHours(1)))
        .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret"));
    HttpResponse<String> response = engine.post("/api/v1/leads", forged, LEAD);
    assertProblem(response, 401, "unauthorized", "Unauthorized");
    assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
  }

  @Test
  void anExpiredTokenIsUnauthorized() {
    String expired = engine.running.auth().issue("admin", "admin", Duration.ofSeconds(-120));
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, expired);
    assertProblem(response, 401, "unauthorized", "Unauthorized");
  }

  @Test
  void aRepMayNotPostALead() {
    HttpResponse<String> response = engine.post("/api/v1/leads", engine.token("rep-east-1", "rep"), LEAD);
    assertProblem(response, 403, "forbidden", "Forbidden");
  }

  @Test
  void anotherRepMayNotReadTheLead() {
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, engine.token("rep-east-2", "rep"));
    assertProblem(response, 403, "forbidden", "Forbidden");
  }

  @Test
  void theAssignedRepReadsTheLead() {
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, engine.token("rep-east-1", "rep"));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", mediaType(response));
    assertEquals(eastLead, EngineFixture.json(response).get("leadId").asText());
  }

  @Test
  void theRepsManagerReadsTheLead() {
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, engine.token("mgr-east", "manager"));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(eastLead, EngineFixture.json(response).get("leadId").asText());
  }

  @Test
  void anotherTeamsManagerMayNotReadTheLead() {
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, engine.token("mgr-south", "manager"));
    assertProblem(response, 403, "forbidden", "Forbidden");
  }

  @Test
  void aSourceNamedLikeTheRepMayNotCloseTheLead() {
    String leadId = engine.postLead(LEAD);
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(leadId).get("status").asText()));
    String repId = engine.view(leadId).at("/assignment/repId").asText();
    String source = engine.token(repId, "source");
    assertEquals(403, engine.get("/api/v1/leads/" + leadId, source).statusCode(), "it may not even read it");
    HttpResponse<String> response = engine.post("/api/v1/leads/" + leadId + "/close", source, "{}");
    assertProblem(response, 403, "forbidden", "Forbidden");
    assertEquals("ASSIGNED", engine.view(leadId).get("status").asText());
  }

  @Test
  void aRepMayNotReadTheOrgChart() {
    HttpResponse<String> response = engine.get("/api/v1/org", engine.token("rep-east-1", "rep"));
    assertProblem(response, 403, "forbidden", "Forbidden");
  }

  @Test
  void aRepMayNotListAnotherRepsLeads() {
    HttpResponse<String> response = engine.get("/api/v1/reps/rep-east-1/leads", engine.token("rep-east-2", "rep"));
    assertProblem(response, 403, "forbidden", "Forbidden");
  }

  @Test
  void theManagerListsTheirRepsLeads() {
    awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> response = engine.get("/api/v1/reps/rep-east-1/leads", engine.token("mgr-east", "manager"));
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("application/json", mediaType(response));
      JsonNode body = EngineFixture.json(response);
      assertEquals("rep-east-1", body.get("repId").asText());
      assertTrue(body.get("leads").findValuesAsText("leadId").contains(eastLead), response.body());
    });
  }

  @Test
  void livenessNeedsNoToken() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri("/health/alive")).GET());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", mediaType(response));
    assertEquals("UP", EngineFixture.json(response).get("status").asText());
  }

  @Test
  void readinessNeedsNoToken() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri("/health/ready")).GET());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", mediaType(response));
    JsonNode body = EngineFixture.json(response);
    assertEquals("UP", body.get("status").asText());
    assertEquals("UP", body.get("database").asText());
  }

  @Test
  void metricsNeedAToken() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri("/metrics")).GET());
    assertProblem(response, 401, "unauthorized", "Unauthorized");
  }

  @Test
  void metricsForAnAdminArePrometheusText() {
    HttpResponse<String> response = engine.get("/metrics", engine.admin());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("text/plain", mediaType(response));
    assertTrue(response.body().contains("leadrouter_leads_accepted_total"), response.body());
  }

  @Test
  void theTokenCommandIssuesATokenTheEngineAccepts() {
    String token = TokenCommand.run(new String[] {"token", "--sub", "rep-east-1", "--role", "rep"}, engine.config);
    HttpResponse<String> response = engine.get("/api/v1/leads/" + eastLead, token);
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void theTokenCommandRefusesAnUnknownRole() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenCommand.run(new String[] {"token", "--sub", "rep-east-1", "--role", "superuser"}, engine.config));
    assertTrue(e.getMessage().contains("superuser"), e.getMessage());
  }
}
