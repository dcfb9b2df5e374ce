package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.org.OrgChart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may open a browser session, for how long, and where they land ({@link Sessions}). */
class SessionsTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration TTL = Duration.ofHours(12);
  private static final Auth AUTH = Auth.fromConfig(ConfigFactory.parseString(
      "leadrouter.auth.jwt-secret = \"0123456789abcdef0123456789abcdef-test\"\nleadrouter.data-dir = \"/nonexistent\""),
      Clock.systemUTC());

  private static OrgChart demoChart() throws Exception {
    try (var in = SessionsTest.class.getResourceAsStream("/demo-org.json")) {
      return Json.MAPPER.readValue(in, OrgChart.class);
    }
  }

  private static Auth.LinkCheck ok(String sub, String role, Instant expires, String linkId) {
    return new Auth.LinkCheck(Optional.of(new Auth.Principal(sub, role)), linkId, expires, null);
  }

  @Test
  void aRepOfTheChartSignsInForTheSessionLifetimeWithALink() throws Exception {
    Sessions.SignIn in = Sessions.decide(ok("rep-east-1", "rep", NOW.plusSeconds(60), "link-1"), demoChart(), NOW, TTL);
    assertEquals("rep-east-1", in.principal().orElseThrow().subject());
    assertEquals(NOW.plus(TTL), in.expiresAt(), "a link is short; the session it opens is not");
  }

  @Test
  void aPastedTokenNeverOpensASessionLongerThanItself() throws Exception {
    Sessions.SignIn in = Sessions.decide(ok("mgr-east", "manager", NOW.plusSeconds(600), null), demoChart(), NOW, TTL);
    assertEquals(NOW.plusSeconds(600), in.expiresAt());
    Sessions.SignIn longToken = Sessions.decide(ok("mgr-east", "manager", NOW.plus(Duration.ofDays(30)), null),
        demoChart(), NOW, TTL);
    assertEquals(NOW.plus(TTL), longToken.expiresAt());
  }

  @Test
  void sourcesStrangersAndWrongRolesAreNotPeople() throws Exception {
    OrgChart org = demoChart();
    assertEquals("not-a-person", Sessions.decide(ok("baidu-form", "source", null, null), org, NOW, TTL).error());
    assertEquals("not-a-person", Sessions.decide(ok("nobody", "rep", null, null), org, NOW, TTL).error());
    assertEquals("not-a-person", Sessions.decide(ok("rep-east-1", "manager", null, null), org, NOW, TTL).error(),
        "a token's role must be the person's role in the chart");
    assertTrue(Sessions.decide(ok("admin", "admin", null, null), org, NOW, TTL).principal().isPresent(),
        "an admin need not be in the chart");
    assertEquals("expired", Sessions.decide(Auth.LinkCheck.failed("expired"), org, NOW, TTL).error());
  }

  @Test
  void landingIsTheHomeOrAPathOfTheAppNeverAnotherSite() {
    assertEquals("/app/rep", Sessions.landing(Optional.empty(), "rep"));
    assertEquals("/app/board", Sessions.landing(Optional.empty(), "manager"));
    assertEquals("/app/leads/abc", Sessions.landing(Optional.of("/app/leads/abc"), "manager"));
    for (String bad : new String[] {"//evil.example/app/", "https://evil.example/app/", "/app/\\\\evil", "/api/v1/me",
        "/app/x\r\nSet-Cookie: a=b"}) {
      assertEquals("/app/board", Sessions.landing(Optional.of(bad), "director"), bad);
    }
  }

  @Test
  void csrfTokensBelongToTheirSession() {
    String a = AUTH.issueSession(new Auth.Principal("rep-east-1", "rep"), Instant.now().plusSeconds(600));
    String b = AUTH.issueSession(new Auth.Principal("rep-east-2", "rep"), Instant.now().plusSeconds(600));
    assertTrue(AUTH.csrfMatches(a, AUTH.csrfFor(a)));
    assertFalse(AUTH.csrfMatches(a, AUTH.csrfFor(b)));
    assertFalse(AUTH.csrfMatches(a, null));
    assertFalse(AUTH.csrfMatches(a, ""));
  }

  @Test
  void aLoginLinkIsNeitherABearerTokenNorASessionAndASessionIsNoSignInToken() {
    Auth.LoginLink link = AUTH.issueLoginLink("rep-east-1", "rep", Duration.ofMinutes(15));
    assertTrue(AUTH.verify("Bearer " + link.token()).isEmpty());
    assertTrue(AUTH.verifySession(link.token()).isEmpty());
    Auth.LinkCheck check = AUTH.verifyForSignIn(link.token());
    assertEquals(link.id(), check.id());
    String session = AUTH.issueSession(new Auth.Principal("rep-east-1", "rep"), Instant.now().plusSeconds(600));
    assertEquals("invalid-token", AUTH.verifyForSignIn(session).error());
    assertTrue(AUTH.verifySession(session).isPresent());
    String api = AUTH.issue("rep-east-1", "rep", Duration.ofHours(1));
    assertTrue(AUTH.verifySession(api).isEmpty(), "an API token is not a session cookie");
    assertEquals(null, AUTH.verifyForSignIn(api).id(), "an API token may be pasted, and is not single use");
  }
}
