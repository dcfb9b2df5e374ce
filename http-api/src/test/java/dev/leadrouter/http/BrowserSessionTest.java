package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the pages over real HTTP: login links (single use), a pasted token, the session
 * cookie accepted by the API, CSRF on state-changing calls, signing out.
 */
class BrowserSessionTest extends SharedH2Engine {

  /** Name → value of the response's Set-Cookie headers, and their attributes. */
  private static Map<String, String> cookies(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream().collect(Collectors.toMap(
        c -> c.substring(0, c.indexOf('=')), c -> c.substring(c.indexOf('=') + 1, c.contains(";") ? c.indexOf(';') : c.length())));
  }

  private static String setCookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow();
  }

  private JsonNode link(String issuerToken, String personId) {
    HttpResponse<String> r = engine.post("/api/v1/login-links", issuerToken, "{\"personId\":\"" + personId + "\"}");
    assertEquals(201, r.statusCode(), r.body());
    return EngineFixture.json(r);
  }

  private HttpResponse<String> open(String path) {
    return engine.send(HttpRequest.newBuilder(engine.uri(path)).GET());
  }

  private HttpResponse<String> withSession(HttpRequest.Builder request, Map<String, String> cookies) {
    return engine.send(request.header("Cookie", Sessions.SESSION_COOKIE + "=" + cookies.get(Sessions.SESSION_COOKIE)));
  }

  private Map<String, String> signInWithLink(String issuerToken, String personId) {
    JsonNode link = link(issuerToken, personId);
    HttpResponse<String> r = open("/app/login?token=" + URLEncoder.encode(link.get("token").asText(), StandardCharsets.UTF_8));
    assertEquals(303, r.statusCode());
    return cookies(r);
  }

  @Test
  void aManagersLoginLinkSignsTheirRepInOnceAndLandsOnTheRepApp() {
    JsonNode link = link(engine.token("mgr-east", "manager"), "rep-east-1");
    assertEquals("rep", link.get("role").asText());
    assertTrue(link.get("url").asText().startsWith("http://127.0.0.1:"), link.toString());
    assertTrue(link.get("url").asText().contains("/app/login?token="));
    String path = "/app/login?token=" + URLEncoder.encode(link.get("token").asText(), StandardCharsets.UTF_8);

    HttpResponse<String> first = open(path);
    assertEquals(303, first.statusCode());
    assertEquals("/app/rep", first.headers().firstValue("Location").orElseThrow());
    String session = setCookie(first, Sessions.SESSION_COOKIE);
    assertTrue(session.contains("HttpOnly"), session);
    assertTrue(session.contains("SameSite=Strict"), session);
    assertTrue(session.contains("Path=/"), session);
    String csrf = setCookie(first, Sessions.CSRF_COOKIE);
    assertFalse(csrf.contains("HttpOnly"), "page scripts read the CSRF token: " + csrf);
    assertTrue(csrf.contains("SameSite=Strict"), csrf);

    HttpResponse<String> again = open(path);
    assertEquals(303, again.statusCode());
    assertEquals("/app/?error=used", again.headers().firstValue("Location").orElseThrow());
    assertTrue(again.headers().allValues("Set-Cookie").isEmpty());
  }

  @Test
  void theSessionCookieIsAcceptedByTheApiWithTheSameScopeRules() {
    Map<String, String> c = signInWithLink(engine.admin(), "mgr-east");
    HttpResponse<String> me = withSession(HttpRequest.newBuilder(engine.uri("/api/v1/me")).GET(), c);
    assertEquals(200, me.statusCode(), me.body());
    JsonNode body = EngineFixture.json(me);
    assertEquals("mgr-east", body.get("personId").asText());
    assertEquals("manager", body.get("role").asText());
    assertEquals("/app/board", body.get("home").asText());
    assertEquals("zh-CN", body.get("locale").asText());
    // the manager's scope, exactly as with a bearer token
    assertEquals(200, withSession(HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-east-1")).GET(), c).statusCode());
    assertEquals(403, withSession(HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-south-1")).GET(), c).statusCode());
    assertEquals(403, withSession(HttpRequest.newBuilder(engine.uri("/api/v1/org")).GET(), c).statusCode());
  }

  @Test
  void aStateChangingCallWithTheCookieNeedsTheCsrfHeader() {
    Map<String, String> c = signInWithLink(engine.admin(), "mgr-east");
    HttpRequest.Builder restore = HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-east-1/rotation"))
        .POST(HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> without = withSession(restore, c);
    assertEquals(403, without.statusCode());
    ProblemAssertions.assertProblem(without, 403, "forbidden", "Forbidden");
    assertTrue(without.body().contains("X-CSRF-Token"), without.body());
    HttpResponse<String> wrong = withSession(HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-east-1/rotation"))
        .header(Sessions.CSRF_HEADER, "forged").POST(HttpRequest.BodyPublishers.noBody()), c);
    assertEquals(403, wrong.statusCode());
    HttpResponse<String> with = withSession(HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-east-1/rotation"))
        .header(Sessions.CSRF_HEADER, c.get(Sessions.CSRF_COOKIE)).POST(HttpRequest.BodyPublishers.noBody()), c);
    assertEquals(200, with.statusCode(), with.body());
  }

  @Test
  void aPastedTokenSignsInAndTheNextPageIsKeptWithinTheApp() {
    String token = engine.token("mgr-east", "manager");
    HttpResponse<String> r = engine.send(HttpRequest.newBuilder(engine.uri("/app/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&next=" + URLEncoder.encode("/app/leads/abc", StandardCharsets.UTF_8))));
    assertEquals(303, r.statusCode());
    assertEquals("/app/leads/abc", r.headers().firstValue("Location").orElseThrow());
    assertTrue(cookies(r).containsKey(Sessions.SESSION_COOKIE));
  }

  @Test
  void badTokensLandOnTheSignInPageWithAReasonAndNoCookie() {
    for (var c : List.of(
        Map.entry("garbage", "invalid-token"),
        Map.entry(engine.token("baidu-form", "source"), "not-a-person"),
        Map.entry(engine.token("nobody", "rep"), "not-a-person"),
        Map.entry(engine.running.auth().issue("rep-east-1", "rep", java.time.Duration.ofSeconds(-120)), "expired"))) {
      HttpResponse<String> r = open("/app/login?token=" + URLEncoder.encode(c.getKey(), StandardCharsets.UTF_8));
      assertEquals(303, r.statusCode());
      assertEquals("/app/?error=" + c.getValue(), r.headers().firstValue("Location").orElseThrow(), c.getKey());
      assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
    }
  }

  @Test
  void noSessionNoDataAndALoginLinkIsNoBearerToken() {
    assertEquals(401, open("/api/v1/me").statusCode());
    JsonNode link = link(engine.admin(), "rep-east-1");
    assertEquals(401, engine.get("/api/v1/reps/rep-east-1/leads", link.get("token").asText()).statusCode());
    assertEquals(401, engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/me"))
        .header("Cookie", Sessions.SESSION_COOKIE + "=" + link.get("token").asText()).GET()).statusCode(),
        "a link's token is not a session");
    assertEquals(401, engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/me"))
        .header("Cookie", Sessions.SESSION_COOKIE + "=" + engine.admin()).GET()).statusCode(),
        "an API token is not a session");
  }

  @Test
  void whoMayIssueALink() {
    assertEquals(403, engine.post("/api/v1/login-links", engine.token("mgr-south", "manager"),
        "{\"personId\":\"rep-east-1\"}").statusCode());
    assertEquals(403, engine.post("/api/v1/login-links", engine.token("rep-east-1", "rep"),
        "{\"personId\":\"rep-east-1\"}").statusCode());
    ProblemAssertions.assertInvalid(engine.post("/api/v1/login-links", engine.admin(), "{\"personId\":\"ghost\"}"),
        "/personId");
    for (String notAnObject : List.of("null", "[]", "\"rep-east-1\"", "42")) {
      ProblemAssertions.assertInvalid(engine.post("/api/v1/login-links", engine.admin(), notAnObject), "");
    }
    ProblemAssertions.assertInvalid(engine.post("/api/v1/login-links", engine.admin(),
        "{\"personId\":\"rep-east-1\",\"ttlMinutes\":0}"), "/ttlMinutes");
    ProblemAssertions.assertInvalid(engine.post("/api/v1/login-links", engine.admin(),
        "{\"personId\":\"rep-east-1\",\"role\":\"admin\"}"), "/role");
    assertEquals(201, engine.post("/api/v1/login-links", engine.token("mgr-east", "manager"),
        "{\"personId\":\"mgr-east\"}").statusCode(), "a manager may sign themself in on another device");
  }

  @Test
  void signingOutNeedsTheCsrfTokenAndClearsBothCookies() {
    Map<String, String> c = signInWithLink(engine.admin(), "rep-east-1");
    HttpResponse<String> forged = withSession(HttpRequest.newBuilder(engine.uri("/app/logout"))
        .POST(HttpRequest.BodyPublishers.noBody()), c);
    assertEquals(403, forged.statusCode());
    HttpResponse<String> out = withSession(HttpRequest.newBuilder(engine.uri("/app/logout"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + c.get(Sessions.CSRF_COOKIE))), c);
    assertEquals(303, out.statusCode());
    assertEquals("/app/", out.headers().firstValue("Location").orElseThrow());
    assertTrue(setCookie(out, Sessions.SESSION_COOKIE).contains("Max-Age=0"), setCookie(out, Sessions.SESSION_COOKIE));
    assertTrue(setCookie(out, Sessions.CSRF_COOKIE).contains("Max-Age=0"));
    assertEquals(Optional.empty(), Optional.ofNullable(cookies(out).get(Sessions.SESSION_COOKIE)).filter(v -> !v.isEmpty()));
  }
}
