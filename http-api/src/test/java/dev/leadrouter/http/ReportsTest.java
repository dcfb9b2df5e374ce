package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.lead.SourceHealthAlert;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/reports/first-touch} and {@code /reports/sla} over the real server, with leads
 * built through the real intake, on both databases. The clock is the real one: the expected
 * numbers are computed from the times the engine recorded (each lead view's
 * {@code sla.timeToFirstTouchMs}), with the definitions of docs/reports.md.
 */
class ReportsTest {

  private static final String EAST =
      "{\"name\":\"王工\",\"phone\":\"%s\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"utm\":{\"campaign\":\"spring\"}}";
  private static final String SOUTH = "{\"name\":\"李工\",\"phone\":\"%s\",\"region\":\"广州\",\"industry\":\"工业自动化\"}";

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void firstTouchAndSlaHaveTheKnownNumbersScopedGroupedAndAsCsv(TestDb db) throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(db, EngineFixture.FAST)) {
      List<String> acked = new ArrayList<>();
      for (int i = 0; i < 4; i++) acked.add(engine.postLead(String.format(EAST, EngineFixture.newPhone())));
      acked.add(engine.postLead(String.format(SOUTH, EngineFixture.newPhone())));
      String waiting = engine.postLead(String.format(SOUTH, EngineFixture.newPhone()));
      String firstRep = null;
      for (String leadId : acked) {
        String rep = assignedRep(engine, leadId);
        if (firstRep == null) firstRep = rep;
        HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", engine.token(rep, "rep"), "{}");
        assertEquals(200, ack.statusCode(), ack.body());
      }
      // the first becomes an opportunity with a valid action: followed up
      HttpResponse<String> converted = engine.post("/api/v1/leads/" + acked.get(0) + "/convert",
          engine.token(firstRep, "rep"), "{}");
      assertEquals(201, converted.statusCode(), converted.body());
      String opportunity = EngineFixture.json(converted).get("opportunityId").asText();
      HttpResponse<String> action = engine.post("/api/v1/opportunities/" + opportunity + "/actions",
          engine.token(firstRep, "rep"), "{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\"}]}");
      assertEquals(201, action.statusCode(), action.body());
      assignedRep(engine, waiting);
      // FAST: remind at 2 s, escalate to the manager at 4 s, to the director at 6 s.
      awaitAssert(Duration.ofSeconds(30), () ->
          assertEquals(2, engine.view(waiting).at("/sla/escalationLevel").asInt(), engine.view(waiting).toString()));

      List<Long> touch = new ArrayList<>();
      for (String leadId : acked) touch.add(engine.view(leadId).at("/sla/timeToFirstTouchMs").asLong());
      long within = touch.stream().filter(ms -> ms < 2000).count();
      List<Long> sorted = touch.stream().sorted().toList();
      // five values: the median is the third, the 90th percentile (nearest rank, ceil(4.5) = 5) the fifth
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode total = EngineFixture.json(engine.get("/api/v1/reports/first-touch", engine.admin())).get("total");
        assertEquals(6, total.get("leads").asInt(), total.toString());
        assertEquals(6, total.get("assigned").asInt(), total.toString());
        assertEquals(5, total.get("acknowledged").asInt(), total.toString());
        assertEquals(sorted.get(2), total.get("medianMs").asLong(), total.toString());
        assertEquals(sorted.get(4), total.get("p90Ms").asLong(), total.toString());
        assertEquals(6, total.get("withFirstStep").asInt());
        assertEquals(within, total.get("withinFirstStep").asLong());
        assertEquals(6, total.get("assignedWithin1m").asInt());
        assertEquals(1.0, total.get("assignedWithin1mShare").asDouble());
      });

      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode sla = EngineFixture.json(engine.get("/api/v1/reports/sla", engine.admin())).get("total");
        assertEquals(6, sla.get("assigned").asInt(), sla.toString());
        assertEquals(0, sla.at("/steps/0/step").asInt(), sla.toString());
        assertEquals("REMIND", sla.at("/steps/0/action").asText());
        assertEquals(6, sla.at("/steps/0/leads").asInt());
        assertEquals(within, sla.at("/steps/0/attained").asLong());
        assertEquals("ESCALATE_DIRECTOR", sla.at("/steps/2/action").asText());
        assertEquals(5, sla.at("/steps/2/attained").asInt(), "every acknowledged lead before 6 s");
        assertTrue(sla.get("reminders").asInt() >= 1, sla.toString());
        assertEquals(1, sla.at("/escalations/2").asInt(), sla.toString());
        assertTrue(sla.at("/escalations/1").asInt() >= 1, sla.toString());
      });

      // A manager sees their chain and regions: mgr-south the two leads in 华南, not the four in 华东.
      JsonNode south = EngineFixture.json(engine.get("/api/v1/reports/first-touch",
          engine.token("mgr-south", "manager"))).get("total");
      assertEquals(2, south.get("leads").asInt(), south.toString());
      assertEquals(1, south.get("acknowledged").asInt(), south.toString());
      assertEquals(touch.get(4), south.get("medianMs").asLong());
      assertEquals(4, EngineFixture.json(engine.get("/api/v1/reports/sla", engine.token("mgr-east", "manager")))
          .at("/total/leads").asInt());
      assertProblem(engine.get("/api/v1/reports/first-touch", engine.token("rep-east-1", "rep")), 403, "forbidden",
          "Forbidden");

      JsonNode byCampaign = EngineFixture.json(engine.get("/api/v1/reports/first-touch?groupBy=campaign", engine.admin()));
      assertEquals("(none)", byCampaign.at("/groups/0/group").asText(), byCampaign.toString());
      assertEquals(2, byCampaign.at("/groups/0/leads").asInt());
      assertEquals("spring", byCampaign.at("/groups/1/group").asText());
      assertEquals(4, byCampaign.at("/groups/1/leads").asInt());

      // CSV: a header, one row per group, read back by a CSV parser.
      HttpResponse<String> csv = engine.get("/api/v1/reports/first-touch?groupBy=team&format=csv", engine.admin());
      assertEquals(200, csv.statusCode(), csv.body());
      assertEquals("text/csv; charset=UTF-8", csv.headers().firstValue("Content-Type").orElse(""));
      List<Map<String, String>> rows = parse(csv.body());
      assertEquals(2, rows.size(), csv.body());
      assertEquals("team-east", rows.get(0).get("group"));
      assertEquals("4", rows.get(0).get("leads"));
      assertEquals("team-south", rows.get(1).get("group"));
      assertEquals("2", rows.get(1).get("leads"));
      assertEquals("1", rows.get(1).get("acknowledged"));
      List<Map<String, String>> slaRows = parse(engine.get("/api/v1/reports/sla?groupBy=day&format=csv",
          engine.admin()).body());
      assertEquals(1, slaRows.size());
      Instant received = Instant.parse(engine.view(waiting).get("receivedAt").asText());
      assertEquals(ReportParams.day(received).toString(), slaRows.get(0).get("group"), "all six received the same UTC day");
      assertEquals("6", slaRows.get(0).get("step0_REMIND_leads"));
      assertEquals("1", slaRows.get(0).get("escalationsLevel2"));

      // Follow-up: one of five acknowledged leads has a valid action; the other four have 72 h left.
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode followUp = EngineFixture.json(engine.get("/api/v1/reports/follow-up", engine.admin())).get("total");
        assertEquals(5, followUp.get("acknowledged").asInt(), followUp.toString());
        assertEquals(1, followUp.get("followedUp").asInt(), followUp.toString());
        assertEquals(4, followUp.get("pending").asInt(), followUp.toString());
        assertEquals(1.0, followUp.get("share").asDouble(), followUp.toString());
      });

      // Sources: per source and campaign; every lead here has a name, a phone, a region but no company.
      JsonNode sources = EngineFixture.json(engine.get("/api/v1/reports/sources", engine.admin()));
      assertEquals(6, sources.at("/total/leads").asInt(), sources.toString());
      assertEquals(60, sources.get("healthThreshold").asInt(), "the alert's threshold, for the page's marker");
      assertEquals(50, sources.get("healthWindow").asInt());
      assertEquals(0, sources.at("/total/contactComplete").asInt(), sources.toString());
      assertEquals(2, sources.get("groups").size(), sources.toString());
      assertEquals("api/(none)", sources.at("/groups/0/group").asText(), sources.toString());
      assertEquals(2, sources.at("/groups/0/leads").asInt());
      assertEquals("api/spring", sources.at("/groups/1/group").asText());
      assertEquals("spring", sources.at("/groups/1/campaign").asText());
      assertEquals(4, sources.at("/groups/1/leads").asInt());
      assertEquals(1, sources.at("/groups/1/opportunities").asInt());
      assertEquals(0, sources.at("/groups/1/won").asInt());
      // name, phone, region, industry of 7 facts; credibility 0.5; one fresh touch; covered:
      // 100 × (0.30 × 4/7 + 0.25 × 0.5 + 0.25 × 0.4 + 0.20) = 59.6 → 60
      assertEquals(60.0, sources.at("/total/averageHealth").asDouble(), sources.toString());
      assertEquals(2, EngineFixture.json(engine.get("/api/v1/reports/sources", engine.token("mgr-south", "manager")))
          .at("/total/leads").asInt());

      // An empty window: zeros and nulls, the CSV header alone.
      JsonNode empty = EngineFixture.json(engine.get("/api/v1/reports/first-touch?from=2020-01-01&to=2020-02-01",
          engine.admin())).get("total");
      assertEquals(0, empty.get("leads").asInt());
      assertTrue(empty.get("medianMs").isNull());
      assertTrue(engine.get("/api/v1/reports/sla?from=2020-01-01&to=2020-02-01&groupBy=rep&format=csv", engine.admin())
          .body().startsWith("group,leads,assigned,reminders,breaches,reassignments,repsBenched,repsRestored\r\n"));
    }
  }

  /** Everything to rep-east-1; two breaches in a row take them out of rotation (RotationAndDeactivationTest). */
  private static final String SOLO_RULES = """
      {"default": {"id": "solo", "target": {"rep": "rep-east-1"}},
       "fallbackQueue": "unassigned", "breachStreakLimit": 2}""";

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void repsBenchedAndRestoredAreCountedPerRepTeamAndDayScopedAndAsCsv(TestDb db) throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(db, EngineFixture.FAST)) {
      HttpResponse<String> published = engine.put("/api/v1/routing", engine.admin(), SOLO_RULES);
      assertEquals(200, published.statusCode(), published.body());
      String manager = engine.token("mgr-east", "manager");
      engine.postLead(String.format(EAST, EngineFixture.newPhone()));
      engine.postLead(String.format(EAST, EngineFixture.newPhone()));
      // FAST escalates to the manager 4 s after assignment: both leads breach unacknowledged, the
      // streak reaches 2 and rep-east-1 is benched.
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode sla = EngineFixture.json(engine.get("/api/v1/reports/sla", engine.admin())).get("total");
        assertEquals(1, sla.get("repsBenched").asInt(), sla.toString());
        assertEquals(0, sla.get("repsRestored").asInt(), sla.toString());
      });
      HttpResponse<String> restored = engine.post("/api/v1/reps/rep-east-1/rotation", manager, "{}");
      assertEquals(200, restored.statusCode(), restored.body());
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(1, EngineFixture.json(
          engine.get("/api/v1/reports/sla", manager)).at("/total/repsRestored").asInt()));

      JsonNode byRep = EngineFixture.json(engine.get("/api/v1/reports/sla?groupBy=rep", manager));
      assertEquals(1, byRep.get("groups").size(), byRep.toString());
      assertEquals("rep-east-1", byRep.at("/groups/0/group").asText());
      assertEquals(1, byRep.at("/groups/0/repsBenched").asInt());
      assertEquals(1, byRep.at("/groups/0/repsRestored").asInt());
      assertEquals(1, EngineFixture.json(engine.get("/api/v1/reports/sla?groupBy=team", engine.admin()))
          .at("/groups/0/repsBenched").asInt());
      // by source there is no rep to count a benching against: none per group, all in the total
      JsonNode bySource = EngineFixture.json(engine.get("/api/v1/reports/sla?groupBy=source", engine.admin()));
      assertTrue(bySource.at("/groups/0/repsBenched").isNull(), bySource.toString());
      assertEquals(1, bySource.at("/total/repsBenched").asInt());
      // mgr-south's chain has no benched rep
      assertEquals(0, EngineFixture.json(engine.get("/api/v1/reports/sla", engine.token("mgr-south", "manager")))
          .at("/total/repsBenched").asInt());
      // outside the window: none
      assertEquals(0, EngineFixture.json(engine.get("/api/v1/reports/sla?from=2020-01-01&to=2020-02-01", engine.admin()))
          .at("/total/repsBenched").asInt());

      List<Map<String, String>> rows = parse(engine.get("/api/v1/reports/sla?groupBy=day&format=csv", manager).body());
      assertEquals(1, rows.size(), rows.toString());
      assertEquals("1", rows.get(0).get("repsBenched"));
      assertEquals("1", rows.get(0).get("repsRestored"));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void badParametersAreNamed(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, EngineFixture.FAST)) {
      for (String report : List.of("first-touch", "sla")) {
        String path = "/api/v1/reports/" + report;
        assertInvalid(engine.get(path + "?groupBy=month", engine.admin()), "?groupBy");
        assertInvalid(engine.get(path + "?from=2026-12-02&to=2026-12-01", engine.admin()), "?from");
        assertInvalid(engine.get(path + "?from=2024-01-01&to=2025-01-02", engine.admin()), "?to");
        assertInvalid(engine.get(path + "?from=yesterday", engine.admin()), "?from");
        assertInvalid(engine.get(path + "?format=xml", engine.admin()), "?format");
        assertEquals(200, engine.get(path + "?from=2024-01-01&to=2025-01-01", engine.admin()).statusCode());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void aSourceFallingBelowTheThresholdTellsTheDirectorsOncePerCrossing(TestDb db) {
    Config alert = ConfigFactory.parseString("leadrouter.reports.source-alert { window = 3, threshold = 60 }")
        .withFallback(EngineFixture.FAST);
    try (EngineFixture engine = EngineFixture.startFresh(db, alert)) {
      // phone only (region from the phone): 100 × (0.30 × 2/7 + 0.25 × 0.5 + 0.25 × 0.4 + 0.20) = 51;
      // everything: 100 × (0.30 + 0.125 + 0.10 + 0.20) = 73 (rounded from 72.5)
      String poor = "{\"phone\":\"%s\"}";
      String good = "{\"name\":\"王工\",\"phone\":\"%s\",\"email\":\"w%s@example.com\",\"company\":\"华东机电\","
          + "\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
      int[] leads = {0};
      Runnable poorLead = () -> post(engine, String.format(poor, EngineFixture.newPhone()), ++leads[0]);
      Runnable goodLead = () -> {
        String phone = EngineFixture.newPhone();
        post(engine, String.format(good, phone, phone.substring(1)), ++leads[0]);
      };
      poorLead.run();
      poorLead.run();
      assertEquals(0, alerts(engine), "two leads are not a window of three");
      poorLead.run();
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(1, alerts(engine), "crossing 1"));
      // one row per recipient and channel: dir-sales, the chart's one director, over e-mail and the app
      assertEquals(List.of("dir-sales:app", "dir-sales:email"), engine.outbox().ofLead("source:api").stream()
          .map(n -> n.recipientId() + ":" + n.channel()).sorted().toList());
      poorLead.run();
      goodLead.run();
      assertEquals(1, alerts(engine), "still below: no more");
      goodLead.run(); // 51, 73, 73: above again
      goodLead.run();
      poorLead.run(); // 73, 73, 51: above
      poorLead.run(); // 73, 51, 51: below again
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(2, alerts(engine), "the second crossing"));
      poorLead.run();
      assertEquals(2, alerts(engine));
      assertEquals(4, engine.outbox().ofLead("source:api").size());
    }
  }

  /** Posts a lead and waits until the lead projection wrote it (the sources report counts {@code n}). */
  private static void post(EngineFixture engine, String json, int n) {
    engine.postLead(json);
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals(n, EngineFixture.json(
        engine.get("/api/v1/reports/sources", engine.admin())).at("/total/leads").asInt()));
  }

  /** The crossings notified: each recipient and channel's row carries its crossing's number in its key. */
  private static long alerts(EngineFixture engine) {
    List<OutboxReadModel.Notification> rows = engine.outbox().ofLead("source:api");
    rows.forEach(n -> assertEquals(SourceHealthAlert.KIND, n.kind()));
    return rows.stream().map(n -> n.idempotencyKey().split(":")[2]).distinct().count();
  }

  private static List<Map<String, String>> parse(String csv) throws Exception {
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
      return it.readAll();
    }
  }

  private static String assignedRep(EngineFixture engine, String leadId) {
    String[] rep = new String[1];
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode view = engine.view(leadId);
      assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
      rep[0] = view.at("/assignment/repId").asText();
    });
    return rep[0];
  }
}
