package dev.leadrouter.http;

import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes over a token's limit get 429 problem+json with Retry-After; another token is not affected. */
class RateLimitApiTest {

  static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.parseString("""
        leadrouter.http.rate-limits.per-token { requests-per-second = 1, burst = 2 }
        leadrouter.http.rate-limits.per-source { requests-per-second = 1, burst = 1 }
        """));
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  static String lead() {
    return "{\"name\":\"限流\",\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"上海\",\"industry\":\"SaaS\"}";
  }

  @Test
  void aTokenOverItsLimitGets429WithRetryAfterAndAnotherTokenIsServed() {
    String runaway = engine.token("runaway-admin", "admin");
    int accepted = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 5 && refused == null; i++) {
      HttpResponse<String> r = engine.post("/api/v1/leads", runaway, lead());
      if (r.statusCode() == 429) refused = r;
      else assertEquals(202, r.statusCode(), r.body());
      if (r.statusCode() == 202) accepted++;
    }
    assertTrue(refused != null && accepted >= 2, "the burst of 2 passes, then 429");
    JsonNode problem = assertProblem(refused, 429, "rate-limited", "Too many requests");
    assertEquals("Authorization", problem.path("errors").path(0).path("field").asText());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);

    assertEquals(202, engine.post("/api/v1/leads", engine.token("calm-admin", "admin"), lead()).statusCode());
    assertEquals(200, engine.get("/api/v1/leads?phone=13800138000", runaway).statusCode(), "reads are not limited");
    assertTrue(engine.get("/metrics", engine.admin()).body()
        .contains("leadrouter_http_rate_limited_total{key_kind=\"token\"}"));
  }

  @Test
  void aSourceWebhookOverItsLimitGets429() {
    String event = "{}";
    // Whatever the first delivery answers (an unknown source is 404), the second is over the limit.
    engine.post("/api/v1/sources/flooding-source/events", null, event);
    HttpResponse<String> r = engine.post("/api/v1/sources/flooding-source/events", null, event);
    JsonNode problem = assertProblem(r, 429, "rate-limited", "Too many requests");
    assertEquals("/sources/flooding-source", problem.path("errors").path(0).path("field").asText());
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
    assertEquals(404, engine.post("/api/v1/sources/other-source/events", null, event).statusCode(), "another source is not limited");
  }
}
