package dev.leadrouter.http;

import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.persistence.opportunity.OpportunityProjectionHandler;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/opportunities} and {@code GET /api/v1/reports/funnel} over the real server: the
 * read models are written by the opportunity projection's own code (three opportunities of the demo
 * org chart), the answers scoped by role, every bad parameter a 400 naming it.
 */
class OpportunityListTest extends SharedH2Engine {

  private static final Instant NOW = Instant.now();
  private static final String EAST_1 = "opp-east-1";
  private static final String EAST_2 = "opp-east-2";
  private static final String SOUTH = "opp-south";

  @BeforeAll
  static void threeOpportunities() throws Exception {
    OpportunityProjectionHandler handler = new OpportunityProjectionHandler(null);
    try (Connection c = engine.running.db().dataSource().getConnection()) {
      handler.applyOne(c, "Opportunity|" + EAST_1, 1, opened(EAST_1, "rep-east-1", "华东", "web", days(5)));
      handler.applyOne(c, "Opportunity|" + EAST_2, 1, opened(EAST_2, "rep-east-2", "华东", "web", days(4)));
      handler.applyOne(c, "Opportunity|" + EAST_2, 2, new OpportunityProtocol.StageChanged(days(3), "rep-east-2",
          "qualification", "solution_demo", List.of(), null, null, null));
      handler.applyOne(c, "Opportunity|" + SOUTH, 1, opened(SOUTH, "rep-south-1", "华南", "baidu", days(2)));
      handler.applyOne(c, "Opportunity|" + SOUTH, 2, new OpportunityProtocol.ActionRecorded(NOW.minusSeconds(3600),
          "a-1", new OpportunityProtocol.ActionInput("site_visit", null, null, null, List.of()), "rep-south-1", true,
          "counts", null));
    }
  }

  @Test
  void everyoneSeesTheOpportunitiesTheirRoleAllowsNewestFirst() {
    assertEquals(List.of(SOUTH, EAST_2, EAST_1), ids(list("", engine.admin())));
    assertEquals(List.of(SOUTH, EAST_2, EAST_1), ids(list("", engine.token("dir-sales", "director"))));
    assertEquals(List.of(EAST_1), ids(list("", engine.token("rep-east-1", "rep"))));
    assertEquals(List.of(EAST_2, EAST_1), ids(list("", engine.token("mgr-east", "manager"))));
    assertEquals(List.of(SOUTH), ids(list("", engine.token("mgr-south", "manager"))));
    assertProblem(engine.get("/api/v1/opportunities", engine.token("web", "source")), 403, "forbidden", "Forbidden");
  }

  @Test
  void theFiltersNarrowTheList() {
    assertEquals(List.of(EAST_2), ids(list("stage=solution_demo", engine.admin())));
    assertEquals(List.of(EAST_1), ids(list("ownerId=rep-east-1", engine.admin())));
    assertEquals(List.of(SOUTH), ids(list("team=team-south", engine.admin())));
    assertEquals(List.of(SOUTH), ids(list("region=" + enc("华南"), engine.admin())));
    assertEquals(List.of(EAST_2, EAST_1), ids(list("idleFor=P1D", engine.admin())), "no valid action for a day");
    assertEquals(List.of(), ids(list("team=team-south", engine.token("rep-east-1", "rep"))), "filters within the scope");
  }

  @Test
  void aPageEndsWithTheCursorOfTheNext() {
    JsonNode first = EngineFixture.json(list("limit=2", engine.admin()));
    assertEquals(List.of(SOUTH, EAST_2), ids(first));
    JsonNode second = EngineFixture.json(list("limit=2&cursor=" + first.get("nextCursor").asText(), engine.admin()));
    assertEquals(List.of(EAST_1), ids(second));
    assertTrue(second.get("nextCursor").isNull());
  }

  @Test
  void badListParametersAreNamed() {
    assertInvalid(engine.get("/api/v1/opportunities?idleFor=48h", engine.admin()), "?idleFor");
    assertInvalid(engine.get("/api/v1/opportunities?idleFor=-PT1H", engine.admin()), "?idleFor");
    assertInvalid(engine.get("/api/v1/opportunities?limit=0", engine.admin()), "?limit");
    assertInvalid(engine.get("/api/v1/opportunities?cursor=not-a-cursor", engine.admin()), "?cursor");
    assertInvalid(engine.get("/api/v1/opportunities?team=nope", engine.admin()), "?team");
    assertInvalid(engine.get("/api/v1/opportunities?stage=", engine.admin()), "?stage");
    assertInvalid(engine.get("/api/v1/opportunities?ownerId=" + "x".repeat(65), engine.admin()), "?ownerId");
  }

  @Test
  void theFunnelCountsEntriesPerStageWithinTheCallersScope() {
    JsonNode all = funnel("from=" + NOW.minus(Duration.ofDays(10)), engine.admin());
    assertEquals("default", all.get("pipeline").asText());
    assertTrue(all.get("stageOrderKnown").asBoolean(), "the default pipeline is configured");
    assertEquals(List.of("qualification:3:0", "solution_demo:1:0", "quote:0:0", "negotiation:0:0", "won:0:0", "lost:0:0"),
        stages(all), "every stage of the pipeline, in its order");
    assertEquals(0.333, all.get("stages").get(0).get("conversion").asDouble(), 1e-9, "1 of 3 went on to solution_demo (3 decimals)");
    assertEquals("PT24H", all.get("stages").get(0).get("medianTimeInStage").asText(), "EAST_2 stayed a day");
    assertEquals(List.of("qualification:1:0"), entered(funnel("from=" + NOW.minus(Duration.ofDays(10)),
        engine.token("rep-east-1", "rep"))));
    assertEquals(List.of("qualification:1:0"), entered(funnel("source=baidu&from=" + NOW.minus(Duration.ofDays(10)),
        engine.admin())));
    assertEquals(List.of("qualification:2:0", "solution_demo:1:0"), entered(funnel("team=team-east&region="
        + enc("华东") + "&from=" + NOW.minus(Duration.ofDays(10)), engine.admin())));
    assertEquals(List.of(), entered(funnel("to=" + NOW.minus(Duration.ofDays(6)), engine.admin())), "before any");
  }

  @Test
  void theFunnelPerDayHasEachDaysCohortAndAsCsvARowPerDayAndStage() throws Exception {
    JsonNode perDay = funnel("groupBy=day&from=" + NOW.minus(Duration.ofDays(10)), engine.admin());
    assertEquals("day", perDay.get("groupBy").asText());
    assertEquals(List.of("qualification:3:0", "solution_demo:1:0", "quote:0:0", "negotiation:0:0", "won:0:0", "lost:0:0"),
        stages(perDay), "the whole window as before");
    JsonNode periods = perDay.get("periods");
    assertEquals(11, periods.size(), "ten days back from now touch eleven UTC days");
    assertEquals(NOW.minus(Duration.ofDays(10)).toString(), periods.get(0).get("from").asText(), "cut to the window");
    Map<String, JsonNode> byDay = new java.util.HashMap<>();
    periods.forEach(p -> byDay.put(p.get("period").asText(), p));
    JsonNode fourDaysAgo = byDay.get(ReportParams.day(days(4)).toString());
    assertEquals(List.of("qualification:1:0", "solution_demo:0:0", "quote:0:0", "negotiation:0:0", "won:0:0", "lost:0:0"),
        stages(fourDaysAgo), "EAST_2 opened");
    assertEquals("PT24H", fourDaysAgo.at("/stages/0/medianTimeInStage").asText(), "and stayed a day");
    assertEquals(1, byDay.get(ReportParams.day(days(3)).toString()).at("/stages/1/entered").asInt(), "then moved on");

    HttpResponse<String> csv = engine.get("/api/v1/reports/funnel?groupBy=week&format=csv&from="
        + NOW.minus(Duration.ofDays(10)), engine.admin());
    assertEquals(200, csv.statusCode(), csv.body());
    assertEquals("text/csv; charset=UTF-8", csv.headers().firstValue("Content-Type").orElse(""));
    assertTrue(csv.body().startsWith("period,stage,entered,converted,conversion,medianMsInStage,medianTimeInStage,"
        + "downgrades\r\n"), csv.body());
    List<Map<String, String>> rows;
    try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it =
        new com.fasterxml.jackson.dataformat.csv.CsvMapper().readerForMapOf(String.class)
            .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader()).readValues(csv.body())) {
      rows = it.readAll();
    }
    assertEquals(0, rows.size() % 6, "six stages per week");
    assertEquals(3, rows.stream().filter(r -> r.get("stage").equals("qualification"))
        .mapToInt(r -> Integer.parseInt(r.get("entered"))).sum(), "three entries over the weeks");
    assertEquals(ReportParams.week(NOW.minus(Duration.ofDays(10))), rows.get(0).get("period"));
  }

  @Test
  void badFunnelParametersAreNamed() {
    assertInvalid(engine.get("/api/v1/reports/funnel?groupBy=team", engine.admin()), "?groupBy");
    assertInvalid(engine.get("/api/v1/reports/funnel?groupBy=month", engine.admin()), "?groupBy");
    assertInvalid(engine.get("/api/v1/reports/funnel?from=2024-01-01&to=2025-06-01", engine.admin()), "?to");
    assertInvalid(engine.get("/api/v1/reports/funnel?format=pdf", engine.admin()), "?format");
    assertInvalid(engine.get("/api/v1/reports/funnel?from=yesterday", engine.admin()), "?from");
    assertInvalid(engine.get("/api/v1/reports/funnel?to=2026-13-01", engine.admin()), "?to");
    assertInvalid(engine.get("/api/v1/reports/funnel?from=2026-12-02&to=2026-12-01", engine.admin()), "?from");
    assertInvalid(engine.get("/api/v1/reports/funnel?team=nope", engine.admin()), "?team");
    assertInvalid(engine.get("/api/v1/reports/funnel?source=", engine.admin()), "?source");
    assertProblem(engine.get("/api/v1/reports/funnel", engine.token("web", "source")), 403, "forbidden", "Forbidden");
  }

  private static OpportunityProtocol.OpportunityOpened opened(String id, String owner, String region, String source,
      Instant at) {
    return new OpportunityProtocol.OpportunityOpened(id, at, new OpportunityProtocol.LeadLink("lead-" + id, "王工",
        "上海电气", List.of(), List.of(), owner, region, null, null, source), owner, id, new BigDecimal("100000"), "CNY",
        "default", 1, "qualification", null, null);
  }

  private static Instant days(int ago) {
    return NOW.minus(Duration.ofDays(ago));
  }

  private static HttpResponse<String> list(String query, String token) {
    HttpResponse<String> r = engine.get("/api/v1/opportunities?" + query, token);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return r;
  }

  private static JsonNode funnel(String query, String token) {
    HttpResponse<String> r = engine.get("/api/v1/reports/funnel?" + query, token);
    assertEquals(200, r.statusCode(), r.body());
    return EngineFixture.json(r);
  }

  private static List<String> ids(HttpResponse<String> response) {
    return ids(EngineFixture.json(response));
  }

  private static List<String> ids(JsonNode body) {
    return StreamSupport.stream(body.get("opportunities").spliterator(), false)
        .map(o -> o.get("opportunityId").asText()).toList();
  }

  /** stage:entered:downgrades of the stages with entries. */
  /** The stages something entered (the pipeline's others are listed with zero). */
  private static List<String> entered(JsonNode body) {
    return stages(body).stream().filter(s -> !s.matches("[a-z_]+:0:\\d+")).toList();
  }

  private static List<String> stages(JsonNode body) {
    return StreamSupport.stream(body.get("stages").spliterator(), false)
        .map(s -> s.get("stage").asText() + ":" + s.get("entered").asInt() + ":" + s.get("downgrades").asInt())
        .toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
