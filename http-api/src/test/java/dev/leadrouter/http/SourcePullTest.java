package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A source the engine pulls itself: a local stand-in for 巨量引擎's clue list (clue/get with
 * page_info, oauth2/refresh_token rotating the refresh token) serves two pages. The configured access
 * token is expired (refreshed), page 2 is rate limited (backed off), the engine restarts in between
 * (the cursor and the rotated refresh token survive), and every clue is one lead, its pages kept as
 * raw deliveries. On both databases.
 */
class SourcePullTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Config FAST = ConfigFactory.parseString(
      "leadrouter.sources.fetch { poll-interval = 100ms, retry.base = 200ms, retry.max-delay = 1s }");

  /** The stand-in platform: what it was asked, and its tokens. */
  static final class Platform implements AutoCloseable {
    final HttpServer server;
    final List<Map<String, String>> pageRequests = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<String> validAccess = new AtomicReference<>("never-issued");
    final AtomicReference<String> validRefresh = new AtomicReference<>("refresh-0");
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger refreshesRefused = new AtomicInteger();
    final AtomicInteger rateLimited = new AtomicInteger();
    final AtomicBoolean page2Open = new AtomicBoolean(false);
    final List<Map<String, Object>> clues;

    Platform(List<Map<String, Object>> clues) throws IOException {
      this.clues = clues;
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/open_api/oauth2/refresh_token/", this::refresh);
      server.createContext("/open_api/2/tools/clue/get/", this::clues);
      server.start();
    }

    String base() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/open_api";
    }

    private void refresh(HttpExchange exchange) throws IOException {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      if (!"refresh_token".equals(body.path("grant_type").asText()) || !"app-secret".equals(body.path("secret").asText())
          || body.path("app_id").asLong() != 1234567L || !validRefresh.get().equals(body.path("refresh_token").asText())) {
        refreshesRefused.incrementAndGet();
        answer(exchange, Map.of("code", 40107, "message", "refresh_token 无效"));
        return;
      }
      int n = refreshes.incrementAndGet();
      validAccess.set("access-" + n);
      validRefresh.set("refresh-" + n);
      answer(exchange, Map.of("code", 0, "message", "OK", "data", Map.of("access_token", "access-" + n,
          "expires_in", 86400, "refresh_token", "refresh-" + n, "refresh_token_expires_in", 2592000)));
    }

    private void clues(HttpExchange exchange) throws IOException {
      Map<String, String> query = new LinkedHashMap<>();
      for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      if (!validAccess.get().equals(exchange.getRequestHeaders().getFirst("Access-Token"))) {
        answer(exchange, Map.of("code", 40102, "message", "access_token已过期"));
        return;
      }
      pageRequests.add(query);
      int page = Integer.parseInt(query.get("page"));
      if (page == 2 && !page2Open.get()) {
        rateLimited.incrementAndGet();
        answer(exchange, Map.of("code", 40100, "message", "请求过于频繁"));
        return;
      }
      int size = Integer.parseInt(query.get("page_size"));
      List<Map<String, Object>> list = clues.subList(Math.min(clues.size(), (page - 1) * size), Math.min(clues.size(), page * size));
      int totalPages = (clues.size() + size - 1) / size;
      answer(exchange, Map.of("code", 0, "message", "OK", "request_id", "r" + page, "data", Map.of("list", list,
          "page_info", Map.of("page", page, "page_size", size, "total_number", clues.size(), "total_page", totalPages))));
    }

    private static void answer(HttpExchange exchange, Object body) throws IOException {
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static Map<String, Object> clue(String id, String name, String phone) {
    Map<String, Object> clue = new LinkedHashMap<>();
    clue.put("clue_id", id);
    clue.put("name", name);
    clue.put("telephone", phone);
    clue.put("province_name", "浙江省");
    clue.put("city_name", "杭州市");
    clue.put("advertiser_id", 1760000000000001L);
    clue.put("create_time_detail", "2026-12-05 10:00:00");
    return clue;
  }

  private static String sources(String base) {
    return """
        {"sources": [{"id": "juliang", "type": "oceanengine", "priority": "high",
          "secrets": {"appSecret": "app-secret", "refreshToken": "refresh-0", "accessToken": "stale-token"},
          "options": {"pull": true, "appId": "1234567", "advertiserIds": [1760000000000001], "apiBaseUrl": "%s",
                      "pageSize": 2, "pullIntervalSeconds": 10, "backfillHours": 1}}]}
        """.formatted(base);
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void pulledPagesBecomeLeadsOnceAcrossARestart(TestDb db) throws Exception {
    String run = String.valueOf(System.nanoTime());
    List<String> phones = List.of(EngineFixture.newPhone(), EngineFixture.newPhone(), EngineFixture.newPhone());
    List<Map<String, Object>> clues = List.of(clue("71" + run + "1", "王建国", phones.get(0)),
        clue("71" + run + "2", "李娜（采购经理）", phones.get(1)), clue("71" + run + "3", "赵敏", phones.get(2)));
    Config database = db.create();
    try (Platform platform = new Platform(clues)) {
      try (EngineFixture first = EngineFixture.start(database, FAST)) {
        HttpResponse<String> put = first.put("/api/v1/sources", first.admin(), sources(platform.base()));
        assertEquals(200, put.statusCode(), put.body());
        // the stale access token is refused, refreshed once; page 1 is accepted; page 2 is rate limited
        awaitAssert(Duration.ofSeconds(30), () -> {
          JsonNode pull = EngineFixture.json(first.get("/api/v1/sources/juliang/fetches", first.admin())).get("pull");
          assertEquals(2, pull.get("page").asInt(), pull.toString());
          assertTrue(pull.get("attempts").asInt() >= 1, pull.toString());
          assertTrue(pull.get("lastError").asText().contains("rate limited"), pull.toString());
          assertFalse(pull.get("windowEnd").isNull(), pull.toString());
        });
        assertEquals(1, platform.refreshes.get());
        assertProblem(first.get("/api/v1/sources/juliang/fetches", first.token("mgr-east", "manager")), 403, "forbidden", "Forbidden");
        assertProblem(first.get("/api/v1/sources/nope/fetches", first.admin()), 404, "not-found", "Not found");
      }
      int requestsBeforeRestart = platform.pageRequests.size();
      platform.page2Open.set(true);
      try (EngineFixture second = EngineFixture.start(database, FAST)) {
        // The new engine's first pull, then the lead projection's catch-up on PostgreSQL: once, in a
        // CI run beside a loaded build, one lead took over 30 s to reach search; a lost lead never does.
        awaitAssert(Duration.ofSeconds(60), () -> {
          for (String phone : phones) {
            JsonNode found = EngineFixture.json(second.get("/api/v1/leads?phone=" + phone, second.admin())).get("leads");
            assertEquals(1, found.size(), phone + ": " + found);
          }
        });
        // the cursor survived: the new engine went on with page 2 of the same window
        Map<String, String> resumed = platform.pageRequests.get(requestsBeforeRestart);
        assertEquals("2", resumed.get("page"), platform.pageRequests.toString());
        assertEquals(platform.pageRequests.get(0).get("start_time"), resumed.get("start_time"));
        assertEquals(platform.pageRequests.get(0).get("end_time"), resumed.get("end_time"));
        // later windows overlap and read the same clues again: still one lead each
        awaitAssert(Duration.ofSeconds(30), () -> assertTrue(platform.pageRequests.size() > requestsBeforeRestart + 1));
        for (String phone : phones) {
          JsonNode found = EngineFixture.json(second.get("/api/v1/leads?phone=" + phone, second.admin())).get("leads");
          assertEquals(1, found.size(), phone + ": " + found);
        }
        assertEquals(0, platform.refreshesRefused.get(), "the rotated refresh token was kept, the spent one never reused");
        JsonNode lead = second.view(EngineFixture.json(second.get("/api/v1/leads?phone=" + phones.get(0), second.admin()))
            .at("/leads/0/leadId").asText());
        assertEquals("juliang", lead.at("/sources/0/source").asText());
        assertEquals(clues.get(0).get("clue_id"), lead.at("/sources/0/sourceEventId").asText());
        assertEquals("high", lead.get("priority").asText());

        // the pulls go on meanwhile: a page just read is RECEIVED until its leads are accepted
        List<String> bodies = new ArrayList<>();
        awaitAssert(Duration.ofSeconds(10), () -> {
          bodies.clear();
          bodies.addAll(rawBodies(second, "juliang"));
        });
        assertTrue(bodies.size() >= 2, "each page with clues is kept verbatim: " + bodies.size());
        assertTrue(bodies.stream().anyMatch(b -> b.contains("\"clue_id\":\"" + clues.get(2).get("clue_id") + "\"")));
        assertTrue(bodies.stream().noneMatch(b -> b.contains("access-")), "no token in a kept delivery");

        JsonNode pull = EngineFixture.json(second.get("/api/v1/sources/juliang/fetches", second.admin())).get("pull");
        assertNotNull(pull.get("lastSuccessAt").textValue(), pull.toString());
        assertFalse(pull.toString().contains("refresh-"), "tokens are never shown: " + pull);
      }
    } finally {
      db.drop(database);
    }
  }

  /** The kept deliveries of {@code sourceId}, each asserted ACCEPTED. */
  private static List<String> rawBodies(EngineFixture engine, String sourceId) {
    List<String> out = new ArrayList<>();
    try (Connection c = engine.running.db().dataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT body_base64, status FROM source_events WHERE source_id = ?")) {
      ps.setString(1, sourceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertEquals("ACCEPTED", rs.getString(2));
          out.add(new String(java.util.Base64.getDecoder().decode(rs.getString(1)), StandardCharsets.UTF_8));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void sourceConfigurationIsChecked(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      HttpResponse<String> typo = engine.put("/api/v1/sources", engine.admin(), """
          {"sources": [{"id": "fb", "type": "meta-leadgen",
            "secrets": {"appSecret": "a", "verifyToken": "v", "accessToken": "t", "acessToken": "x"},
            "options": {"apiBaseUrll": "http://127.0.0.1:1/v26.0"}}]}""");
      ProblemAssertions.assertInvalid(typo, "/sources/0/secrets/acessToken", "/sources/0/options/apiBaseUrll");
      assertTrue(typo.body().contains("apiBaseUrl"), "the known keys are named: " + typo.body());

      HttpResponse<String> plain = engine.put("/api/v1/sources", engine.admin(), """
          {"sources": [{"id": "wx", "type": "wecom",
            "secrets": {"token": "t", "aesKey": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "corpSecret": "s"},
            "options": {"corpId": "ww1", "apiBaseUrl": "http://proxy.example.com"}},
           {"id": "ju", "type": "oceanengine", "secrets": {"appSecret": "s", "refreshToken": "r"},
            "options": {"pull": true, "appId": "1", "advertiserIds": [1], "apiBaseUrl": "http://10.0.0.8/open_api"}},
           {"id": "gdt", "type": "tencent-ads", "secrets": {"appSecret": "s"},
            "options": {"pull": true, "pageSize": 500}}]}""");
      ProblemAssertions.assertInvalid(plain, "/sources/0/options/apiBaseUrl", "/sources/1/options/apiBaseUrl",
          "/sources/2/options/pageSize", "/sources/2/options/appId", "/sources/2/options/accountId",
          "/sources/2/secrets/refreshToken");

      HttpResponse<String> wrongType = engine.put("/api/v1/sources", engine.admin(),
          "{\"sources\": [{\"id\": \"x\", \"type\": \"generic\", \"secrets\": [\"t\"], \"unknown\": 1}]}");
      assertEquals(400, wrongType.statusCode(), wrongType.body());
      assertFalse(wrongType.body().contains("java."), wrongType.body());
      assertFalse(wrongType.body().contains("SourceConfig"), wrongType.body());

      HttpResponse<String> loopback = engine.put("/api/v1/sources", engine.admin(), """
          {"sources": [{"id": "ju", "type": "douyin-local", "secrets": {"appSecret": "s", "refreshToken": "r"},
            "options": {"pull": true, "appId": "1", "localAccountIds": ["7000000001"], "apiBaseUrl": "http://[::1]:9/open_api"}}]}""");
      assertEquals(200, loopback.statusCode(), loopback.body());
    }
  }
}
