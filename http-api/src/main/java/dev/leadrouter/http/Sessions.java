package dev.leadrouter.http;

import dev.leadrouter.engine.org.OrgChart;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.SameSite;

/**
 * Browser sessions (issue 19): who may sign in, for how long, which page is their home, and the two
 * cookies a session consists of. A session is a signed token ({@link Auth#issueSession}) in the
 * HttpOnly cookie {@link #SESSION_COOKIE}; its CSRF token ({@link Auth#csrfFor}) in the readable
 * cookie {@link #CSRF_COOKIE}, which page scripts send back as {@link #CSRF_HEADER}. Both are
 * SameSite=Strict. No server-side state: any node of a cluster checks both with the JWT secret.
 */
public final class Sessions {

  public static final String SESSION_COOKIE = "lr_session";
  public static final String CSRF_COOKIE = "lr_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The sign-in page, where a failed sign-in lands with {@code ?error=<code>}. */
  public static final String SIGN_IN_PAGE = "/app/";

  private Sessions() {}

  /** A sign-in that succeeded (who, until when) or failed with an error code the sign-in page words. */
  public record SignIn(Optional<Auth.Principal> principal, Instant expiresAt, String error) {
    static SignIn failed(String error) {
      return new SignIn(Optional.empty(), null, error);
    }
  }

  /**
   * Whether {@code check} (a verified login link or API token) may open a session, and until when:
   * a person's role (never a source), a person in the org chart with that role (an admin need not be
   * in the chart), for at most {@code ttl} and never past the token's own expiry.
   */
  public static SignIn decide(Auth.LinkCheck check, OrgChart org, Instant now, Duration ttl) {
    if (check.principal().isEmpty()) return SignIn.failed(check.error());
    Auth.Principal p = check.principal().get();
    if (p.is("source")) return SignIn.failed("not-a-person");
    if (!p.is("admin")) {
      Optional<OrgChart.Person> person = org.person(p.subject());
      if (person.isEmpty() || !p.role().equals(person.get().role())) return SignIn.failed("not-a-person");
    }
    Instant until = now.plus(ttl);
    if (check.expiresAt() != null && check.expiresAt().isBefore(until) && check.id() == null) until = check.expiresAt();
    return new SignIn(Optional.of(p), until, null);
  }

  /** The page a person lands on after signing in. */
  public static String home(String role) {
    return "rep".equals(role) ? "/app/rep" : "/app/board";
  }

  /**
   * {@code next} when it is a path of the app on this site (never another site: {@code //host} and
   * {@code /\host} are refused), else the person's home.
   */
  public static String landing(Optional<String> next, String role) {
    return next.filter(n -> n.startsWith("/app/") && !n.startsWith("//") && !n.contains("\\")
            && !n.contains("\r") && !n.contains("\n") && n.length() <= 512)
        .orElse(home(role));
  }

  /** GET, HEAD and OPTIONS change nothing: they need no CSRF token. */
  static boolean isSafe(HttpMethod method) {
    return method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD) || method.equals(HttpMethods.OPTIONS);
  }

  /** The session cookie for {@code token}, expiring with it. */
  static HttpCookie sessionCookie(String token, long maxAgeSeconds, boolean secure) {
    return HttpCookie.create(SESSION_COOKIE, token).withPath("/").withHttpOnly(true).withSecure(secure)
        .withSameSite(SameSite.Strict).withMaxAge(maxAgeSeconds);
  }

  /** The CSRF cookie: readable by the pages' scripts (not HttpOnly). */
  static HttpCookie csrfCookie(String csrf, long maxAgeSeconds, boolean secure) {
    return HttpCookie.create(CSRF_COOKIE, csrf).withPath("/").withHttpOnly(false).withSecure(secure)
        .withSameSite(SameSite.Strict).withMaxAge(maxAgeSeconds);
  }

  /** The session token of a request's cookie header, if any. */
  static Optional<String> sessionOf(HttpRequest request) {
    return request.getHeader(Cookie.class).flatMap(c -> {
      for (var pair : c.getCookies()) if (pair.name().equals(SESSION_COOKIE)) return Optional.of(pair.value());
      return Optional.empty();
    });
  }

  /** The caller of a request: its bearer token, else its session cookie. */
  static Optional<Auth.Principal> callerOf(HttpRequest request, Auth auth) {
    Optional<String> header = request.getHeader("Authorization").map(h -> h.value());
    if (header.isPresent()) return auth.verify(header.get());
    return sessionOf(request).flatMap(auth::verifySession);
  }
}
