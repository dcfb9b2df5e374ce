package dev.leadrouter.http;

import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /sources/{id}/test-delivery} for platforms beyond the generic adapter and Typeform: a
 * signed Tally response, a Contact Form 7 form post with the token, a Gravity Forms entry mapped by
 * its template's field ids and a Google Ads test lead with the form's key each answer 202 with the
 * lead preview; Meta's leadgen webhook answers 422 saying to use Meta's own testing tool.
 */
class SourceSamplesApiTest {

  private static final String DOCUMENT = """
      {"sources": [
        {"id": "tally", "type": "tally", "secrets": {"signingSecret": "tally-s3cret"}},
        {"id": "cf7", "type": "cf7", "secrets": {"token": "cf7-t0ken"}},
        {"id": "gf", "type": "gravity-forms", "secrets": {"token": "gf-t0ken"}, "options": %s},
        {"id": "gads", "type": "google-ads", "secrets": {"googleKey": "g00gle-key"}},
        {"id": "meta", "type": "meta-leadgen", "secrets": {"appSecret": "a", "verifyToken": "v", "accessToken": "t"}}
      ]}
      """;

  @Test
  void newPlatformsAnswerTheirTestDeliveryWithTheLeadPreview() throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty())) {
      JsonNode templates = EngineFixture.json(engine.get("/api/v1/sources/templates", engine.admin())).get("templates");
      String gravity = null;
      for (JsonNode t : templates) {
        if (t.get("type").asText().equals("gravity-forms")) gravity = t.get("startingOptions").toString();
        boolean fetched = t.get("type").asText().equals("meta-leadgen") || t.get("type").asText().equals("wecom");
        assertEquals(!fetched, t.get("testDelivery").asBoolean(), t.toString());
      }
      assertEquals(200, engine.put("/api/v1/sources", engine.admin(), DOCUMENT.formatted(gravity)).statusCode());

      for (String id : new String[] {"tally", "cf7", "gf", "gads"}) {
        JsonNode test = EngineFixture.json(engine.post("/api/v1/sources/" + id + "/test-delivery", engine.admin(), ""));
        assertEquals(202, test.get("status").asInt(), test.toString());
        assertEquals(1, test.get("leads").size(), test.toString());
        JsonNode lead = test.at("/leads/0/lead");
        assertTrue(lead.toString().contains("test@example.com") || lead.toString().contains("13800138000"), test.toString());
      }
      JsonNode cf7 = EngineFixture.json(engine.post("/api/v1/sources/cf7/test-delivery", engine.admin(), ""));
      assertEquals("application/x-www-form-urlencoded", cf7.at("/delivery/mediaType").asText(), cf7.toString());

      JsonNode meta = assertProblem(engine.post("/api/v1/sources/meta/test-delivery", engine.admin(), ""), 422, "no-sample",
          "No sample delivery");
      assertTrue(meta.get("detail").asText().contains("Lead Ads Testing Tool"), meta.toString());
    }
  }
}
