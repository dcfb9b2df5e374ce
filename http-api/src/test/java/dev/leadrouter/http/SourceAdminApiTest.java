package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the admin page's sources area uses: templates from the adapters, the webhook URL, secrets kept
 * when sent back as shown or blank, a test delivery that creates nothing, and the last deliveries
 * (accepted from the read model, refused and test ones from their bounded table). On both databases.
 */
class SourceAdminApiTest {

  private static final String TOKEN = "t0ken-admin-page";

  private static String document(String token, String typeformSecret) {
    return """
        {"sources": [
          {"id": "web", "type": "generic", "secrets": {"token": "%s"}, "options": %s},
          {"id": "tf", "type": "typeform", "secrets": {"signingSecret": "%s"}, "options": {"fields": {"name": ["first_name", "last_name"]}}},
          {"id": "hs", "type": "hubspot-forms", "secrets": {"token": "x"}, "options": {"formGuid": "g-1"}}
        ]}
        """.formatted(token, "%s", typeformSecret);
  }

  private static HttpResponse<String> deliver(EngineFixture engine, String token, String body) {
    return engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/sources/web/events?token=" + token))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void aSourceAddedFromItsTemplateIsTestedAndItsDeliveriesListed(TestDb db) throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      JsonNode templates = EngineFixture.json(engine.get("/api/v1/sources/templates", engine.admin())).get("templates");
      JsonNode generic = null;
      for (JsonNode t : templates) if (t.get("type").asText().equals("generic")) generic = t;
      assertTrue(generic != null && generic.get("testDelivery").asBoolean() && generic.get("tokenInUrl").asBoolean(), templates.toString());
      assertTrue(generic.get("secrets").toString().contains("\"token\""), generic.toString());
      assertProblem(engine.get("/api/v1/sources/templates", engine.token("mgr-east", "manager")), 403, "forbidden", "Forbidden");

      String starting = generic.get("startingOptions").toString();
      String doc = document(TOKEN, "tf-secret").formatted(starting);
      assertEquals(200, engine.put("/api/v1/sources", engine.admin(), doc).statusCode());
      JsonNode shown = EngineFixture.json(engine.get("/api/v1/sources", engine.admin()));
      assertEquals(engine.uri("/api/v1/sources/web/events").toString() + "?token=<token>", shown.at("/webhooks/web/url").asText());
      assertEquals(engine.uri("/api/v1/sources/tf/events").toString(), shown.at("/webhooks/tf/url").asText());

      // saved back as shown ("***") or blank: the stored secrets stay
      String back = document("***", "").formatted(starting);
      HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), back);
      assertEquals(200, put.statusCode(), put.body());
      String phone = EngineFixture.newPhone();
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(202, deliver(engine, TOKEN,
          "{\"sourceEventId\":\"e-1\",\"name\":\"王工\",\"phone\":\"" + phone + "\"}").statusCode()));
      ProblemAssertions.assertInvalid(engine.put("/api/v1/sources", engine.admin(),
          document("***", "").formatted(starting).replace("\"id\": \"web\"", "\"id\": \"web2\"")), "/sources/0/secrets/token");

      // a test delivery: what would be created, nothing written
      JsonNode test = EngineFixture.json(engine.post("/api/v1/sources/web/test-delivery", engine.admin(), ""));
      assertEquals(202, test.get("status").asInt(), test.toString());
      assertEquals("test.delivery@example.com", test.at("/leads/0/lead/emails/0").asText(), test.toString());
      JsonNode typeform = EngineFixture.json(engine.post("/api/v1/sources/tf/test-delivery", engine.admin(), ""));
      assertEquals(202, typeform.get("status").asInt(), typeform.toString());
      assertEquals("test@example.com", typeform.at("/leads/0/lead/emails/0").asText(), typeform.toString());
      JsonNode hubspot = EngineFixture.json(engine.post("/api/v1/sources/hs/test-delivery", engine.admin(), ""));
      assertEquals(202, hubspot.get("status").asInt(), hubspot.toString());
      assertProblem(engine.post("/api/v1/sources/nope/test-delivery", engine.admin(), ""), 404, "not-found", "Not found");

      assertEquals(401, deliver(engine, "wrong", "{\"name\":\"x\",\"phone\":\"" + EngineFixture.newPhone() + "\"}").statusCode());
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode d = EngineFixture.json(engine.get("/api/v1/sources/web/deliveries", engine.admin()));
        assertEquals(1, d.get("accepted").size(), "the real lead, not the test: " + d);
        assertEquals("王", d.at("/accepted/0/name").asText(), "as cleaned");
        assertEquals("refused", d.at("/others/0/kind").asText(), d.toString());
        assertEquals(401, d.at("/others/0/status").asInt());
        assertEquals("test", d.at("/others/1/kind").asText());
        assertEquals(202, d.at("/others/1/status").asInt());
      });
      assertProblem(engine.get("/api/v1/sources/nope/deliveries", engine.admin()), 404, "not-found", "Not found");
    }
  }
}
