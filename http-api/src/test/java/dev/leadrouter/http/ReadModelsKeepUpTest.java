package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reproduction of the stall (issue 14): a source configured without priority — the docs' own
 * Google Ads example — then ordinary leads. Every one of them reaches search, the SLA board and the
 * outbox; readiness stays UP and nothing is parked. On both databases.
 */
class ReadModelsKeepUpTest {

  private static final String KEY = "google-form-key";

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void aSourceWithoutPriorityThenOrdinaryLeadsAllReachEveryView(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(),
          "{\"sources\": [{\"id\": \"google-lead-forms\", \"type\": \"google-ads\", \"secrets\": {\"googleKey\": \"" + KEY + "\"}}]}");
      assertEquals(200, put.statusCode(), put.body());

      List<String> phones = new ArrayList<>();
      List<String> leads = new ArrayList<>();
      String googlePhone = EngineFixture.newPhone();
      phones.add(googlePhone);
      String delivery = """
          {"lead_id": "%s", "api_version": "1.0", "form_id": 40000, "campaign_id": 123, "google_key": "%s",
           "is_test": false, "gcl_id": "Cj0KCQ", "user_column_data": [
             {"column_name": "Full Name", "string_value": "Zhang Wei", "column_id": "FULL_NAME"},
             {"column_name": "User Phone", "string_value": "%s", "column_id": "PHONE_NUMBER"},
             {"column_name": "City", "string_value": "Shanghai", "column_id": "CITY"}]}
          """.formatted(UUID.randomUUID(), KEY, googlePhone);
      HttpResponse<String> posted = awaitStatus(engine, delivery);
      assertEquals(202, posted.statusCode(), posted.body());
      leads.add(EngineFixture.json(posted).at("/leads/0/leadId").asText());
      assertEquals("normal", engine.view(leads.get(0)).get("priority").asText(), "a lead always has a priority");

      for (int i = 0; i < 3; i++) {
        String phone = EngineFixture.newPhone();
        phones.add(phone);
        leads.add(engine.postLead("{\"name\":\"王工\",\"phone\":\"" + phone + "\",\"region\":\"上海\",\"industry\":\"工业自动化\"}"));
      }

      awaitAssert(Duration.ofSeconds(20), () -> {
        for (int i = 0; i < leads.size(); i++) {
          JsonNode found = EngineFixture.json(engine.get("/api/v1/leads?phone="
              + URLEncoder.encode(phones.get(i), StandardCharsets.UTF_8), engine.admin()));
          assertTrue(found.toString().contains(leads.get(i)), "search finds " + leads.get(i) + ": " + found);
        }
        JsonNode board = EngineFixture.json(engine.get("/api/v1/sla/board", engine.admin()));
        for (String lead : leads) assertTrue(board.toString().contains(lead), "the board shows " + lead);
        for (String lead : leads) {
          JsonNode notes = EngineFixture.json(engine.get("/api/v1/notifications?leadId=" + lead, engine.admin()));
          assertFalse(notes.get("notifications").isEmpty(), "the outbox tells the rep about " + lead);
        }
      });
      JsonNode ready = EngineFixture.json(engine.get("/health/ready", null));
      assertEquals("UP", ready.get("status").asText(), ready.toString());
      JsonNode parked = EngineFixture.json(engine.get("/api/v1/admin/projection-failures", engine.admin()));
      assertEquals(0, parked.get("failures").size(), parked.toString());
      String metrics = engine.get("/metrics", engine.admin()).body();
      assertTrue(metrics.contains("leadrouter_projection_parked_events{projection=\"leads\",slice=\"lead-0\"} 0.0"), metrics);
      assertTrue(metrics.contains("leadrouter_projection_lag_seconds"), metrics);
      ProblemAssertions.assertProblem(engine.get("/api/v1/admin/projection-failures", engine.token("mgr-east", "manager")),
          403, "forbidden", "Forbidden");
      ProblemAssertions.assertInvalid(engine.get("/api/v1/admin/projection-failures?status=lost", engine.admin()), "?status");
      assertEquals(404, engine.post("/api/v1/admin/projection-failures/424242/replay", engine.admin(), "{}").statusCode());
    }
  }

  private static HttpResponse<String> awaitStatus(EngineFixture engine, String delivery) {
    List<HttpResponse<String>> last = new ArrayList<>();
    awaitAssert(Duration.ofSeconds(10), () -> {
      last.clear();
      last.add(engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/sources/google-lead-forms/events"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(delivery))));
      assertEquals(202, last.get(0).statusCode(), last.get(0).body());
    });
    return last.get(0);
  }
}
