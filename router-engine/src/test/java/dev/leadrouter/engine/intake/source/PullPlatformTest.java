package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pulled platforms' requests and answers, as their published formats define them. */
class PullPlatformTest {

  private static final Instant START = Instant.parse("2026-12-05T02:00:00Z");
  private static final Instant END = Instant.parse("2026-12-05T03:00:00Z");

  private static PullOptions options(PullPlatform platform, List<String> accounts) {
    return new PullOptions(platform, Duration.ofSeconds(60), 50, Duration.ofHours(24), Duration.ofSeconds(120),
        platform.defaultBaseUrl(), "1234567", accounts);
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode body(PullPlatform.Request request) throws Exception {
    return PlatformJson.MAPPER.readTree(request.body());
  }

  @Test
  void oceanengineAsksForAPageWithBeijingTimesAndTheAccessTokenHeader() {
    PullPlatform.Request r = PullPlatform.OCEANENGINE.page(options(PullPlatform.OCEANENGINE, List.of("1760000000000001", "2")),
        "tok", START, END, 3, "n", END);
    assertEquals("GET", r.method());
    assertEquals("https://api.oceanengine.com/open_api/2/tools/clue/get/?advertiser_ids=%5B1760000000000001%2C2%5D"
        + "&end_time=2026-12-05+11%3A00%3A00&page=3&page_size=50&start_time=2026-12-05+10%3A00%3A00", r.url());
    assertEquals(Map.of("Access-Token", "tok"), r.headers());
    assertNull(r.body());
  }

  @Test
  void douyinLocalPostsTheAccountsAndWindowAsJson() throws Exception {
    PullPlatform.Request r = PullPlatform.DOUYIN_LOCAL.page(options(PullPlatform.DOUYIN_LOCAL, List.of("7000000001")),
        "tok", START, END, 1, "n", END);
    assertEquals("POST", r.method());
    assertEquals("https://api.oceanengine.com/open_api/2/tools/clue/life/get/", r.url());
    JsonNode body = body(r);
    assertEquals(7000000001L, body.at("/local_account_ids/0").asLong());
    assertTrue(body.at("/local_account_ids/0").isNumber());
    assertEquals("2026-12-05 10:00:00", body.get("start_time").asText());
    assertEquals("2026-12-05 11:00:00", body.get("end_time").asText());
    assertEquals(1, body.get("page").asInt());
    assertEquals(50, body.get("page_size").asInt());
    assertEquals("tok", r.headers().get("Access-Token"));
  }

  @Test
  void tencentPostsATimeRangeInEpochSecondsWithTokenTimestampAndNonce() throws Exception {
    PullPlatform.Request r = PullPlatform.TENCENT_ADS.page(options(PullPlatform.TENCENT_ADS, List.of("25610")),
        "tok", START, END, 2, "abc", Instant.ofEpochSecond(1796000000));
    assertEquals("POST", r.method());
    assertEquals("https://api.e.qq.com/v1.3/lead_clues/get?access_token=tok&nonce=abc&timestamp=1796000000", r.url());
    JsonNode body = body(r);
    assertEquals(25610, body.get("account_id").asLong());
    assertEquals(START.getEpochSecond(), body.at("/time_range/start_time").asLong());
    assertEquals(END.getEpochSecond(), body.at("/time_range/end_time").asLong());
    assertEquals(2, body.get("page").asInt());
  }

  @Test
  void refreshRequestsFollowEachPlatform() throws Exception {
    PullPlatform.Request ocean = PullPlatform.OCEANENGINE.refresh(options(PullPlatform.OCEANENGINE, List.of("1")), "sec", "r1");
    assertEquals("POST", ocean.method());
    assertEquals("https://api.oceanengine.com/open_api/oauth2/refresh_token/", ocean.url());
    JsonNode body = body(ocean);
    assertEquals(1234567L, body.get("app_id").asLong());
    assertEquals("sec", body.get("secret").asText());
    assertEquals("refresh_token", body.get("grant_type").asText());
    assertEquals("r1", body.get("refresh_token").asText());

    PullPlatform.Request tencent = PullPlatform.TENCENT_ADS.refresh(options(PullPlatform.TENCENT_ADS, List.of("1")), "s&c", "r1");
    assertEquals("GET", tencent.method());
    assertEquals("https://api.e.qq.com/oauth/token?client_id=1234567&client_secret=s%26c&grant_type=refresh_token"
        + "&refresh_token=r1", tencent.url());
  }

  @Test
  void aPageSaysWhetherMoreFollowFromPageInfo() {
    String ocean = "{\"code\":0,\"message\":\"OK\",\"data\":{\"list\":[{\"clue_id\":\"1\"},{\"clue_id\":\"2\"}],"
        + "\"page_info\":{\"page\":%d,\"page_size\":2,\"total_number\":3,\"total_page\":2}}}";
    assertEquals(new PullPlatform.Page(2, true), PullPlatform.OCEANENGINE.classify(200, json(ocean.formatted(1)), 1, 2));
    assertEquals(new PullPlatform.Page(2, false), PullPlatform.OCEANENGINE.classify(200, json(ocean.formatted(2)), 2, 2));
    String local = "{\"code\":0,\"data\":{\"list\":[{\"clue_id\":\"1\"}],\"page_info\":{\"page_number\":1,\"page_size\":1,"
        + "\"page_total\":3,\"total\":3}}}";
    assertEquals(new PullPlatform.Page(1, true), PullPlatform.DOUYIN_LOCAL.classify(200, json(local), 1, 1));
    String tencent = "{\"code\":0,\"message\":\"\",\"data\":{\"leads_info\":[{\"leads_id\":1}],"
        + "\"page_info\":{\"page\":1,\"page_size\":10,\"total_number\":1,\"total_page\":1}}}";
    assertEquals(new PullPlatform.Page(1, false), PullPlatform.TENCENT_ADS.classify(200, json(tencent), 1, 10));
    // only a total: more while page × size < total; nothing: more while pages are full
    assertEquals(new PullPlatform.Page(0, true), PullPlatform.OCEANENGINE.classify(200,
        json("{\"code\":0,\"data\":{\"list\":[],\"page_info\":{\"total_number\":25}}}"), 2, 10));
    assertEquals(new PullPlatform.Page(0, false), PullPlatform.OCEANENGINE.classify(200, json("{\"code\":0,\"data\":{}}"), 1, 10));
  }

  @Test
  void errorCodesAreToldApart() {
    assertInstanceOf(PullPlatform.RateLimited.class,
        PullPlatform.OCEANENGINE.classify(200, json("{\"code\":40100,\"message\":\"请求过于频繁\"}"), 1, 10));
    assertInstanceOf(PullPlatform.TokenExpired.class,
        PullPlatform.OCEANENGINE.classify(200, json("{\"code\":40102,\"message\":\"access_token已过期\"}"), 1, 10));
    assertInstanceOf(PullPlatform.TokenExpired.class,
        PullPlatform.TENCENT_ADS.classify(200, json("{\"code\":11000,\"message\":\"Access token is expired.\"}"), 1, 10));
    assertInstanceOf(PullPlatform.RateLimited.class,
        PullPlatform.TENCENT_ADS.classify(200, json("{\"code\":11017,\"message_cn\":\"应用请求已达分钟频次上限\"}"), 1, 10));
    PullPlatform.Answer other = PullPlatform.TENCENT_ADS.classify(200,
        json("{\"code\":31033,\"message\":\"no\",\"message_cn\":\"您没有权限\"}"), 1, 10);
    assertEquals(new PullPlatform.Failed("code 31033: 您没有权限"), other);
    assertEquals(new PullPlatform.RateLimited("HTTP 429"), PullPlatform.OCEANENGINE.classify(429, new byte[0], 1, 10));
    assertEquals(new PullPlatform.Failed("HTTP 502"), PullPlatform.OCEANENGINE.classify(502, new byte[0], 1, 10));
    assertInstanceOf(PullPlatform.Failed.class, PullPlatform.OCEANENGINE.classify(200, json("<html>"), 1, 10));
    assertInstanceOf(PullPlatform.Failed.class, PullPlatform.OCEANENGINE.classify(200, json("{\"data\":{}}"), 1, 10));
  }

  @Test
  void refreshAnswersGiveTheRotatedTokens() {
    assertEquals(new PullPlatform.Tokens("a2", Duration.ofSeconds(86399), "r2"), PullPlatform.OCEANENGINE.tokens(200,
        json("{\"code\":0,\"message\":\"OK\",\"data\":{\"access_token\":\"a2\",\"expires_in\":86399,\"refresh_token\":\"r2\","
            + "\"refresh_token_expires_in\":2591999}}")));
    assertEquals(new PullPlatform.Tokens("a2", Duration.ofSeconds(86400), "r2"), PullPlatform.TENCENT_ADS.tokens(200,
        json("{\"code\":0,\"message\":\"\",\"data\":{\"access_token\":\"a2\",\"refresh_token\":\"r2\","
            + "\"access_token_expires_in\":86400,\"refresh_token_expires_in\":2592000}}")));
    PullPlatform.Refreshed refused = PullPlatform.TENCENT_ADS.tokens(200,
        json("{\"code\":11012,\"message\":\"Refresh token is expired.\"}"));
    assertInstanceOf(PullPlatform.RefreshFailed.class, refused);
    assertTrue(((PullPlatform.RefreshFailed) refused).message().contains("11012"));
    assertFalse(((PullPlatform.RefreshFailed) PullPlatform.OCEANENGINE.tokens(500, json("x"))).message().isBlank());
  }
}
