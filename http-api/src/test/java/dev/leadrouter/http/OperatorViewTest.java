package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's view on a real engine after some traffic: the request id, and every metric the
 * Grafana dashboard (docker/grafana/dashboards/leadrouter.json) queries is in a /metrics scrape,
 * with help text.
 */
class OperatorViewTest {

  private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "dashboards", "leadrouter.json");
  private static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.parseString("""
        leadrouter.metrics.poll-interval = 200ms
        leadrouter.notifications.webhook.url = "http://127.0.0.1:9/hook"
        leadrouter.notifications.webhook.secret = "operator-view-test-secret"
        """).withFallback(EngineFixture.FAST));
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void aSaneRequestIdIsEchoedAndAMissingOneIsMade() {
    HttpResponse<String> given = engine.send(HttpRequest.newBuilder(engine.uri("/health/alive")).header("X-Request-Id", "abc-123").GET());
    assertEquals("abc-123", given.headers().firstValue("X-Request-Id").orElseThrow());
    HttpResponse<String> made = engine.send(HttpRequest.newBuilder(engine.uri("/health/alive")).GET());
    assertTrue(made.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f]{32}"));
    HttpResponse<String> hostile = engine.send(HttpRequest.newBuilder(engine.uri("/health/alive")).header("X-Request-Id", "a b\u00e9").GET());
    assertFalse(hostile.headers().firstValue("X-Request-Id").orElseThrow().contains(" "));
  }

  @Test
  void theOpenApiDocumentIsServedWithoutAToken() throws Exception {
    HttpResponse<String> r = engine.send(HttpRequest.newBuilder(engine.uri("/api/openapi.json")).GET());
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("3.1.0", Json.MAPPER.readTree(r.body()).get("openapi").asText());
  }

  @Test
  void everyMetricTheDashboardQueriesIsScrapedWithHelpText() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = engine.post("/api/v1/leads", engine.admin(), """
          {"name":"王工","phone":"%s","region":"上海","industry":"工业自动化","budget":"80万"}""".formatted(EngineFixture.newPhone()));
      assertEquals(202, r.statusCode(), r.body());
    }
    Set<String> wanted = dashboardMetrics();
    assertTrue(wanted.size() > 20, wanted.toString());
    awaitAssert(Duration.ofSeconds(30), () -> {
      String scrape = engine.get("/metrics", engine.admin()).body();
      Set<String> missing = new TreeSet<>();
      for (String metric : wanted) {
        if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(scrape).find()) missing.add(metric);
      }
      assertEquals(Set.of(), missing, "dashboard metrics missing from /metrics");
      assertTrue(scrape.contains("leadrouter_intake_to_assigned_seconds_count 3"), "three leads assigned");
      assertTrue(scrape.contains("leadrouter_routing_decision_seconds_count{outcome=\"assigned\"} 3"), "three decisions");
      assertTrue(scrape.contains("leadrouter_intake_seconds_count{outcome=\"accepted\",source=\"api\"} 3"), "three intakes");
      assertFalse(scrape.contains("leadrouter_journal_write_seconds_count{outcome=\"success\"} 0"), "journal writes timed");
      // The FAST policy reminds 2 s after assignment: the lead reports the step it fired.
      assertFalse(scrape.contains("leadrouter_sla_steps_fired_total{action=\"remind\"} 0.0"), "reminders counted");
      Matcher help = Pattern.compile("(?m)^# HELP (leadrouter_\\w+) (.*)$").matcher(scrape);
      int families = 0;
      while (help.find()) {
        families++;
        assertFalse(help.group(2).isBlank(), help.group(1) + " has no help text");
      }
      assertTrue(families > 20, "help lines: " + families);
      assertTrue(EngineFixture.inMemory(scrape, "Lead") >= 3, "leads in memory");
    });
  }

  /** The metric names in the dashboard's queries. */
  static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
    Set<String> names = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:leadrouter|jvm)_[a-z_]+)\\b");
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = metric.matcher(target.get("expr").asText());
        while (m.find()) names.add(m.group(1));
      }
    }
    return names;
  }

}
