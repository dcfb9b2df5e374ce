package dev.leadrouter.http;

import com.typesafe.config.Config;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.Locales;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.session.LoginLinkUses;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Signing in and out of the browser pages ({@link Sessions}): {@code GET /app/login?token=} (a login
 * link), {@code POST /app/login} (a token pasted into the sign-in page), {@code POST /app/logout};
 * {@code GET /api/v1/me} (who the session is) and {@code POST /api/v1/login-links} (a manager or an
 * admin issues a person a short-lived, single-use link).
 */
public final class SessionRoutes extends ApiDirectives {

  /** The settings of {@code leadrouter.session}. */
  public record Settings(Duration ttl, Duration linkTtl, Duration maxLinkTtl) {
    public static Settings fromConfig(Config config) {
      return new Settings(config.getDuration("leadrouter.session.ttl"),
          config.getDuration("leadrouter.session.login-link-ttl"),
          config.getDuration("leadrouter.session.max-login-link-ttl"));
    }
  }

  /** {@code GET /api/v1/me}. */
  public record Me(String personId, String role, String name, String locale, String team, String home) {}

  /** {@code POST /api/v1/login-links}'s body. */
  public record LinkRequest(String personId, Integer ttlMinutes) {}

  /** {@code POST /api/v1/login-links}' answer. */
  public record Link(String personId, String role, String url, String token, Instant expiresAt) {}

  private final EngineDeps deps;
  private final LoginLinkUses uses;
  private final Executor blocking;
  private final Settings settings;

  public SessionRoutes(EngineDeps deps, Auth auth, LoginLinkUses uses, Executor blocking, Settings settings) {
    super(auth);
    this.deps = deps;
    this.uses = uses;
    this.blocking = blocking;
    this.settings = settings;
  }

  /** The {@code /app/login} and {@code /app/logout} routes (outside {@code /api/v1}). */
  public Route appRoute() {
    return pathPrefix("app", () -> concat(
        path("login", () -> concat(
            get(() -> parameterOptional("token", token -> parameterOptional("next", next ->
                signIn(token.orElse(""), next)))),
            post(() -> formFieldOptional("token", token -> formFieldOptional("next", next ->
                signIn(token.orElse(""), next)))))),
        path("logout", () -> post(this::signOut))));
  }

  /** The {@code /me} and {@code /login-links} routes, inside {@code /api/v1}. */
  public Route apiRoute() {
    return concat(
        path("me", () -> get(() -> allowedTo(Access.Action.READ_ME, caller ->
            complete(Json.response(StatusCodes.OK, me(caller)))))),
        path("login-links", () -> post(() -> authenticated(caller ->
            ifAllowed(Access.mayEver(caller, Access.Action.ISSUE_LOGIN_LINK), () -> jsonBody((json, raw) -> {
              if (!json.isObject()) {
                return complete(Problems.invalid(List.of(new FieldError("", "must be a JSON object: {\"personId\": …}"))));
              }
              Json.Bound<LinkRequest> bound = Json.bind(json, LinkRequest.class);
              if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
              return issueLink(caller, bound.value());
            }))))));
  }

  private Me me(Auth.Principal caller) {
    Optional<OrgChart.Person> person = deps.directory().current().person(caller.subject());
    return new Me(caller.subject(), caller.role(), person.map(OrgChart.Person::name).orElse(caller.subject()),
        person.map(OrgChart.Person::localeOrDefault).orElse(Locales.DEFAULT), person.map(OrgChart.Person::team).orElse(null),
        Sessions.home(caller.role()));
  }

  private Route issueLink(Auth.Principal caller, LinkRequest request) {
    OrgChart org = deps.directory().current();
    List<FieldError> errors = new ArrayList<>();
    Optional<OrgChart.Person> person = Optional.empty();
    if (request.personId() == null || request.personId().isBlank()) {
      errors.add(new FieldError("/personId", "required: the id of a person in the org chart"));
    } else {
      person = org.person(request.personId());
      if (person.isEmpty()) errors.add(new FieldError("/personId", "no person '" + request.personId() + "' in the org chart"));
    }
    long maxMinutes = settings.maxLinkTtl().toMinutes();
    if (request.ttlMinutes() != null && (request.ttlMinutes() < 1 || request.ttlMinutes() > maxMinutes)) {
      errors.add(new FieldError("/ttlMinutes", "between 1 and " + maxMinutes));
    }
    if (!errors.isEmpty()) return complete(Problems.invalid(errors));
    OrgChart.Person target = person.get();
    return ifAllowed(new Access(org).onPerson(caller, target.id(), Access.Action.ISSUE_LOGIN_LINK), () -> {
      Duration ttl = request.ttlMinutes() == null ? settings.linkTtl() : Duration.ofMinutes(request.ttlMinutes());
      Auth.LoginLink link = auth.issueLoginLink(target.id(), target.role(), ttl);
      return extractUri(uri -> {
        String url = uri.scheme() + "://" + uri.host().address() + (uri.port() > 0 ? ":" + uri.port() : "")
            + "/app/login?token=" + URLEncoder.encode(link.token(), StandardCharsets.UTF_8);
        return complete(Json.response(StatusCodes.CREATED,
            new Link(target.id(), target.role(), url, link.token(), link.expiresAt())));
      });
    });
  }

  private Route signIn(String token, Optional<String> next) {
    Auth.LinkCheck check = auth.verifyForSignIn(token);
    Instant now = deps.clock().instant();
    Sessions.SignIn decided = Sessions.decide(check, deps.directory().current(), now, settings.ttl());
    if (decided.principal().isEmpty()) return complete(toSignInPage(decided.error(), next));
    return secureRequest(secure -> {
      if (check.id() == null) return complete(signedIn(decided, next, secure));
      Auth.Principal who = decided.principal().get();
      return onSuccess(CompletableFuture.supplyAsync(() -> uses.use(check.id(), who.subject(), now.toEpochMilli(),
              check.expiresAt().toEpochMilli()), blocking),
          first -> complete(first ? signedIn(decided, next, secure) : toSignInPage("used", next)));
    });
  }

  /** Whether the browser reached us over HTTPS (directly, or through a proxy that says so): cookies are then Secure. */
  private Route secureRequest(java.util.function.Function<Boolean, Route> inner) {
    return extractRequest(request -> inner.apply(request.getUri().scheme().equals("https")
        || request.getHeader("X-Forwarded-Proto").map(h -> h.value().trim().equalsIgnoreCase("https")).orElse(false)));
  }

  private HttpResponse signedIn(Sessions.SignIn decided, Optional<String> next, boolean secure) {
    Auth.Principal who = decided.principal().get();
    String session = auth.issueSession(who, decided.expiresAt());
    long maxAge = Math.max(1, Duration.between(deps.clock().instant(), decided.expiresAt()).toSeconds());
    return seeOther(Sessions.landing(next, who.role()),
        Sessions.sessionCookie(session, maxAge, secure), Sessions.csrfCookie(auth.csrfFor(session), maxAge, secure));
  }

  private static HttpResponse toSignInPage(String error, Optional<String> next) {
    String query = "?error=" + error + next.map(n -> "&next=" + URLEncoder.encode(n, StandardCharsets.UTF_8)).orElse("");
    return seeOther(Sessions.SIGN_IN_PAGE + query);
  }

  /**
   * Clears both cookies. With a session it needs the CSRF token (header or the form field
   * {@code csrf}), as any state-changing request signed in by the cookie: another site cannot sign
   * a person out.
   */
  private Route signOut() {
    return optionalCookie(Sessions.SESSION_COOKIE, cookie -> optionalHeaderValueByName(Sessions.CSRF_HEADER, header ->
        formFieldOptional("csrf", field -> {
          if (cookie.isPresent() && auth.verifySession(cookie.get().value()).isPresent()
              && !auth.csrfMatches(cookie.get().value(), header.or(() -> field).orElse(null))) {
            return complete(Problems.forbidden("signing out needs the " + Sessions.CSRF_HEADER
                + " header or the csrf form field (the value of the " + Sessions.CSRF_COOKIE + " cookie)"));
          }
          return complete(seeOther(Sessions.SIGN_IN_PAGE, Sessions.sessionCookie("", 0, false),
              Sessions.csrfCookie("", 0, false)));
        })));
  }

  private static HttpResponse seeOther(String location, HttpCookie... cookies) {
    HttpResponse response = HttpResponse.create().withStatus(StatusCodes.SEE_OTHER)
        .addHeader(Location.create(location))
        .addHeader(RawHeader.create("Cache-Control", "no-store"))
        .addHeader(RawHeader.create("Referrer-Policy", "no-referrer"));
    for (HttpCookie c : cookies) response = response.addHeader(SetCookie.create(c));
    return response;
  }
}
