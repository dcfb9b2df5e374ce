package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.EngineFixture.json;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole life of an opportunity through a real server and the real engine, on both databases:
 * a lead received, routed, acknowledged and converted; actions that count and one that does not;
 * stage moves refused for missing evidence and checklist items, then made; a manager's move back;
 * won with an e-signature, and final. Beside it a second opportunity left idle is downgraded once
 * on a compressed clock: 48 hours at {@link #TIME_SCALE} last 20 seconds.
 */
class OpportunityFlowTest {

  /** 48 h / 8640 = 20 s of idle time (the default pipeline's silent period of 7 days: 70 s). */
  static final int TIME_SCALE = 8640;
  private static final Config COMPRESSED = ConfigFactory.parseString("leadrouter.sla.time-scale = " + TIME_SCALE);
  private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String DEMO = """
      {"type":"solution_demo","outcome":"demo of the MES line",
       "evidence":[{"kind":"recording","url":"https://files.example.cn/demo.mp4","sha256":"%s","durationSeconds":3600}]}
      """.formatted(HASH);
  private static final List<String> CHECKLIST =
      List.of("payment_terms_agreed", "invoice_type_confirmed", "delivery_date_agreed");

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void anOpportunityIsConvertedWorkedOnWonAndAnIdleOneIsDowngraded(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, COMPRESSED)) {
      // The idle one first, so that its clock runs while the other is worked on.
      Acknowledged idleLead = acknowledgedLead(engine);
      String idle = convert(engine, idleLead, "{}");
      assertEquals(201, engine.post(path(idle, "/actions"), idleLead.token, DEMO).statusCode());
      assertEquals(200, engine.post(path(idle, "/stage"), idleLead.token, "{\"to\":\"solution_demo\"}").statusCode());

      Acknowledged lead = acknowledgedLead(engine);
      String rep = lead.token;
      HttpResponse<String> converted = engine.post("/api/v1/leads/" + lead.leadId + "/convert", rep,
          "{\"name\":\"上海工厂 MES 二期\",\"amount\":800000,\"currency\":\"CNY\"}");
      assertEquals(201, converted.statusCode(), converted.body());
      String id = json(converted).get("opportunityId").asText();
      assertEquals("opp-" + lead.leadId, id);
      assertEquals("qualification", json(converted).get("stage").asText());
      assertEquals("/api/v1/opportunities/" + id, converted.headers().firstValue("Location").orElse(""));
      assertProblem(engine.post("/api/v1/leads/" + lead.leadId + "/convert", rep, "{}"), 409, "conflict", "Conflict");
      JsonNode leadView = engine.view(lead.leadId);
      assertEquals("CLOSED", leadView.get("status").asText(), "a converted lead no longer holds its rep's slot");
      assertTrue(LeadFlowTest.types(leadView).contains("CONVERTED"), leadView.toString());

      // A note never counts, so the demo stage's evidence is still missing.
      JsonNode note = json(engine.post(path(id, "/actions"), rep, "{\"type\":\"note\",\"note\":\"called, no answer\"}"));
      assertFalse(note.get("valid").asBoolean(), note.toString());
      assertTrue(note.get("reason").isTextual(), note.toString());
      JsonNode refused = assertProblem(engine.post(path(id, "/stage"), rep, "{\"to\":\"solution_demo\"}"),
          409, "stage-refused", "Stage move refused");
      assertEquals(tree("[{\"kind\":\"evidence\",\"action\":\"solution_demo\",\"evidence\":\"recording\"}]"),
          refused.get("missing"));

      HttpResponse<String> demo = engine.post(path(id, "/actions"), rep, DEMO);
      assertEquals(201, demo.statusCode(), demo.body());
      assertTrue(json(demo).get("valid").asBoolean(), demo.body());
      assertNotNull(json(demo).get("actionId").asText());
      assertEquals("solution_demo", stage(engine.post(path(id, "/stage"), rep, "{\"to\":\"solution_demo\"}")));

      JsonNode quote = json(engine.post(path(id, "/actions"), rep, """
          {"type":"quote_sent","evidence":[{"kind":"document","url":"https://files.example.cn/quote-17.pdf","sha256":"%s"}]}
          """.formatted(HASH)));
      assertTrue(quote.get("valid").asBoolean(), quote.toString());
      assertEquals("quote", stage(engine.post(path(id, "/stage"), rep, "{\"to\":\"quote\"}")));
      assertEquals("negotiation", stage(engine.post(path(id, "/stage"), rep, "{\"to\":\"negotiation\"}")));

      // Leaving negotiation needs its checklist; won also needs the e-signature.
      JsonNode unchecked = assertProblem(engine.post(path(id, "/stage"), rep,
          "{\"to\":\"won\",\"checklist\":[\"payment_terms_agreed\"]}"), 409, "stage-refused", "Stage move refused");
      List<JsonNode> missing = new ArrayList<>();
      unchecked.get("missing").forEach(missing::add);
      assertTrue(missing.contains(tree("{\"kind\":\"checklist\",\"item\":\"invoice_type_confirmed\"}")), unchecked.toString());
      assertTrue(missing.contains(tree("{\"kind\":\"checklist\",\"item\":\"delivery_date_agreed\"}")), unchecked.toString());
      assertTrue(missing.contains(tree("{\"kind\":\"evidence\",\"action\":\"contract_signed\",\"evidence\":\"e_signature\"}")),
          unchecked.toString());
      assertFalse(missing.contains(tree("{\"kind\":\"checklist\",\"item\":\"payment_terms_agreed\"}")), unchecked.toString());

      // Backwards only as a manager, with a reason.
      HttpResponse<String> repBack = engine.post(path(id, "/stage"), rep, "{\"to\":\"quote\",\"reason\":\"price again\"}");
      assertTrue(repBack.statusCode() == 403 || repBack.statusCode() == 409, repBack.body());
      assertEquals("application/problem+json", ProblemAssertions.mediaType(repBack));
      String manager = engine.token("mgr-east", "manager");
      assertEquals("quote", stage(engine.post(path(id, "/stage"), manager, "{\"to\":\"quote\",\"reason\":\"price again\"}")));
      assertEquals("negotiation", stage(engine.post(path(id, "/stage"), rep, "{\"to\":\"negotiation\"}")));

      JsonNode snoozed = json(engine.post(path(id, "/snooze"), rep, "{\"until\":\"" + Instant.now().plusSeconds(30)
          + "\",\"reason\":\"customer's board meets on Friday\"}"));
      assertTrue(snoozed.get("snoozedUntil").isTextual(), snoozed.toString());

      JsonNode signed = json(engine.post(path(id, "/actions"), rep,
          "{\"type\":\"contract_signed\",\"evidence\":[{\"kind\":\"e_signature\",\"status\":\"signed\","
              + "\"url\":\"https://esign.example.cn/envelopes/8812\"}]}"));
      assertTrue(signed.get("valid").asBoolean(), signed.toString());
      assertEquals("won", stage(engine.post(path(id, "/stage"), rep,
          "{\"to\":\"won\",\"checklist\":" + Json.MAPPER.valueToTree(CHECKLIST) + "}")));
      HttpResponse<String> afterWon = engine.post(path(id, "/stage"), manager, "{\"to\":\"lost\",\"reason\":\"changed our mind\"}");
      assertEquals(409, afterWon.statusCode(), "won is final: " + afterWon.body());
      assertEquals("application/problem+json", ProblemAssertions.mediaType(afterWon));

      // Another rep is told it does not exist; the view tells the whole story.
      String other = engine.token(lead.repId.equals("rep-east-1") ? "rep-east-2" : "rep-east-1", "rep");
      assertProblem(engine.get("/api/v1/opportunities/" + id, other), 404, "not-found", "Not found");
      assertProblem(engine.post(path(id, "/actions"), other, "{\"type\":\"site_visit\"}"), 404, "not-found", "Not found");
      HttpResponse<String> got = engine.get("/api/v1/opportunities/" + id, rep);
      assertEquals(200, got.statusCode(), got.body());
      JsonNode view = json(got);
      assertEquals(id, view.get("opportunityId").asText());
      assertEquals(lead.leadId, view.get("leadId").asText());
      assertEquals(lead.repId, view.get("ownerId").asText());
      assertEquals("default", view.get("pipeline").asText());
      assertEquals("won", view.get("stage").asText());
      assertEquals(800000, view.get("amount").asInt());
      assertEquals(4, view.get("actions").size(), view.toString());
      assertTrue(view.get("lastValidActionAt").isTextual() && view.get("stageEnteredAt").isTextual(), view.toString());
      List<String> types = LeadFlowTest.types(view);
      assertEquals("CONVERTED", types.get(0), types.toString());
      assertTrue(types.containsAll(List.of("ACTION", "STAGE_CHANGED", "SNOOZED")), types.toString());
      assertFalse(types.contains("DOWNGRADED"), types.toString());

      // The idle one: no valid action for 48 (compressed) hours → back one stage, once.
      awaitAssert(Duration.ofSeconds(60), () -> {
        JsonNode idleView = json(engine.get("/api/v1/opportunities/" + idle, idleLead.token));
        assertEquals("qualification", idleView.get("stage").asText(), idleView.toString());
        assertEquals(1, LeadFlowTest.types(idleView).stream().filter("DOWNGRADED"::equals).count(), idleView.toString());
        List<String> told = new java.util.ArrayList<>();
        idleView.get("notifications").forEach(n -> told.add(n.get("kind").asText() + " " + n.get("recipientId").asText()
            + " " + n.get("channel").asText()));
        assertEquals(told.size(), new java.util.HashSet<>(told).size(), "each message once: " + told);
        assertTrue(told.stream().anyMatch(t -> t.startsWith("DOWNGRADED " + idleLead.repId + " ")), "the owner told: " + told);
        assertTrue(told.stream().anyMatch(t -> t.startsWith("DOWNGRADED ") && !t.contains(" " + idleLead.repId + " ")),
            "and their manager: " + told);
      });
    }
  }

  /** A lead of its own, assigned and acknowledged by its rep. */
  private record Acknowledged(String leadId, String repId, String token) {}

  private static Acknowledged acknowledgedLead(EngineFixture engine) {
    String leadId = engine.postLead("{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
    String[] rep = new String[1];
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode view = engine.view(leadId);
      assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
      rep[0] = view.at("/assignment/repId").asText();
    });
    String token = engine.token(rep[0], "rep");
    HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", token, "{}");
    assertEquals(200, ack.statusCode(), ack.body());
    return new Acknowledged(leadId, rep[0], token);
  }

  private static String convert(EngineFixture engine, Acknowledged lead, String body) {
    HttpResponse<String> converted = engine.post("/api/v1/leads/" + lead.leadId + "/convert", lead.token, body);
    assertEquals(201, converted.statusCode(), converted.body());
    return json(converted).get("opportunityId").asText();
  }

  private static String path(String opportunityId, String action) {
    return "/api/v1/opportunities/" + opportunityId + action;
  }

  /** The stage of a 200 answer with the opportunity. */
  private static String stage(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return json(response).get("stage").asText();
  }

  private static JsonNode tree(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
