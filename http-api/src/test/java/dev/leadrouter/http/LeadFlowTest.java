package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import dev.leadrouter.persistence.outbox.OutboxReadModel.Notification;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The core flow through a real server: intake → assignment → reminder → escalations → ack. */
class LeadFlowTest {

  static final String SHANGHAI_AUTOMATION =
      "{\"name\":\"王工\",\"phone\":\"138 0013 8000\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void leadIsAssignedRemindedEscalatedTwiceThenAcknowledged(TestDb db) {
    Config database = db.create();
    try (EngineFixture engine = EngineFixture.start(database, EngineFixture.FAST)) {
      String leadId = engine.postLead(SHANGHAI_AUTOMATION);

      awaitAssert(Duration.ofSeconds(5), () -> {
        JsonNode view = engine.view(leadId);
        assertEquals("ASSIGNED", view.get("status").asText());
        assertEquals("rep-east-1", view.at("/assignment/repId").asText());
        assertEquals("region+industry+budget", view.at("/assignment/rule").asText());
        assertEquals(6, view.at("/assignment/candidates").size(), "every rep of the demo pool is explained");
        assertEquals("+8613800138000", view.at("/contact/phones/0").asText());
      });

      awaitAssert(Duration.ofSeconds(15), () -> {
        JsonNode view = engine.view(leadId);
        assertEquals(2, view.at("/sla/escalationLevel").asInt());
        assertEquals(0, view.at("/sla/deadlines").size());
        assertEquals(List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED"), types(view));
      });

      awaitAssert(Duration.ofSeconds(5), () -> {
        List<Notification> rows = engine.outbox().ofLead(leadId);
        List<String> got = rows.stream().map(r -> r.kind() + ":" + r.recipientId() + ":" + r.channel()).toList();
        assertEquals(List.of(
            "ASSIGNED:rep-east-1:app", "ASSIGNED:rep-east-1:sms",
            "REMINDER:rep-east-1:app", "REMINDER:rep-east-1:sms",
            "ESCALATION:mgr-east:app", "ESCALATION:mgr-east:email", "ESCALATION_COPY:dir-sales:email",
            "ESCALATION:dir-sales:email", "ESCALATION:dir-sales:app"), got);
        assertEquals(rows.size(), new HashSet<>(rows.stream().map(Notification::idempotencyKey).toList()).size());
      });

      HttpResponse<String> notifications =
          engine.get("/api/v1/notifications?leadId=" + leadId, engine.token("rep-east-1", "rep"));
      assertEquals(200, notifications.statusCode(), notifications.body());
      JsonNode listed = EngineFixture.json(notifications).get("notifications");
      assertEquals(9, listed.size(), "2 for the assignment, 7 for the steps");
      listed.forEach(n -> assertEquals("PENDING", n.get("status").asText(), "no channel is configured here"));
      assertEquals(403, engine.get("/api/v1/notifications?leadId=" + leadId, engine.token("rep-east-2", "rep")).statusCode());
      ProblemAssertions.assertInvalid(engine.get("/api/v1/notifications", engine.admin()), "?leadId");

      HttpResponse<String> stranger = engine.post("/api/v1/leads/" + leadId + "/ack", engine.token("rep-east-2", "rep"), "{}");
      assertEquals(403, stranger.statusCode());
      assertEquals("application/problem+json", stranger.headers().firstValue("Content-Type").orElse(""));
      assertEquals(403, engine.post("/api/v1/leads/" + leadId + "/ack", engine.admin(), "{}").statusCode());

      String rep = engine.token("rep-east-1", "rep");
      HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", rep, "{}");
      assertEquals(200, ack.statusCode(), ack.body());
      assertTrue(EngineFixture.json(ack).get("timeToFirstTouchMs").asLong() >= 6_000);
      HttpResponse<String> again = engine.post("/api/v1/leads/" + leadId + "/ack", rep, "{}");
      assertEquals(200, again.statusCode(), "a second ack is a no-op success");
      assertEquals(EngineFixture.json(ack).get("at"), EngineFixture.json(again).get("at"));
      JsonNode view = engine.view(leadId);
      assertEquals("ACKNOWLEDGED", view.get("status").asText());
      assertEquals("ACKNOWLEDGED", view.at("/sla/state").asText());
    } finally {
      db.drop(database);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void acknowledgedBeforeTheReminderNothingElseFires(TestDb db) throws InterruptedException {
    Config database = db.create();
    try (EngineFixture engine = EngineFixture.start(database, EngineFixture.FAST)) {
      String leadId = engine.postLead(SHANGHAI_AUTOMATION);
      awaitAssert(Duration.ofSeconds(5), () -> assertEquals("ASSIGNED", engine.view(leadId).get("status").asText()));
      HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", engine.token("rep-east-1", "rep"), "{}");
      assertEquals(200, ack.statusCode(), ack.body());

      // Absence over time: wait past the last step (6 s) plus a scanner poll, then look.
      Thread.sleep(7_500);
      JsonNode view = engine.view(leadId);
      assertEquals(List.of("RECEIVED", "ASSIGNED", "ACKNOWLEDGED"), types(view));
      assertEquals(0, view.at("/sla/escalationLevel").asInt());
      assertEquals(List.of("ASSIGNED", "ASSIGNED"), engine.outbox().ofLead(leadId).stream()
          .map(Notification::kind).toList(), "only the assignment was told");
      HttpResponse<String> repLeads = engine.get("/api/v1/reps/rep-east-1/leads", engine.token("rep-east-1", "rep"));
      assertEquals(200, repLeads.statusCode());
      JsonNode listed = EngineFixture.json(repLeads).get("leads").get(0);
      assertEquals(leadId, listed.get("leadId").asText());
      assertEquals(0, listed.get("deadlines").size(), "an acknowledged lead has no deadline left");
    } finally {
      db.drop(database);
    }
  }

  static List<String> types(JsonNode view) {
    List<String> out = new ArrayList<>();
    StreamSupport.stream(view.get("timeline").spliterator(), false).forEach(t -> out.add(t.get("type").asText()));
    return out;
  }
}
