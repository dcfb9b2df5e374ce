package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sales ops as people of the org chart (role {@code admin}): a person the engine can reach, so they
 * get a login link like anyone, and the source health alert goes to them (docs/reports.md).
 */
class AdminPeopleTest {

  private static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty());
    ObjectNode chart = OrgChartApiTest.demoChart();
    chart.withArray("people").addObject().put("id", "ops-1").put("name", "运营小王").put("role", "admin")
        .put("email", "ops@example.cn").putArray("channels").add("email");
    HttpResponse<String> put = engine.put("/api/v1/org", engine.admin(), chart.toString());
    assertEquals(200, put.statusCode(), put.body());
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  @Test
  void anAdminOfTheChartSignsInByLoginLinkAsAnAdmin() {
    HttpResponse<String> link = engine.post("/api/v1/login-links", engine.admin(), "{\"personId\":\"ops-1\"}");
    assertEquals(201, link.statusCode(), link.body());
    assertEquals("admin", EngineFixture.json(link).get("role").asText());
    HttpResponse<String> opened = engine.send(HttpRequest.newBuilder(engine.uri("/app/login?token="
        + URLEncoder.encode(EngineFixture.json(link).get("token").asText(), StandardCharsets.UTF_8))).GET());
    assertEquals(303, opened.statusCode(), opened.body());
    String session = opened.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.SESSION_COOKIE + "="))
        .findFirst().orElseThrow();
    JsonNode me = EngineFixture.json(engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/me"))
        .header("Cookie", session.substring(0, session.contains(";") ? session.indexOf(';') : session.length())).GET()));
    assertEquals("ops-1", me.get("personId").asText(), me.toString());
    assertEquals("admin", me.get("role").asText());
    assertEquals(200, engine.get("/app/admin", engine.token("ops-1", "admin")).statusCode());
    // a manager cannot hand out an admin's session
    assertEquals(403, engine.post("/api/v1/login-links", engine.token("mgr-east", "manager"), "{\"personId\":\"ops-1\"}")
        .statusCode());
  }
}
