package dev.leadrouter.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The people's pages (docs/ui.md): {@code GET /app/} (sign-in, public), {@code /app/rep},
 * {@code /app/board}, {@code /app/leads/{leadId}}, {@code /app/reports} and {@code /app/admin} (a session
 * or bearer token, else 303 to {@code /app/?next=<path>}), and the fingerprinted files under
 * {@code /app/assets/}. A shell carries no data: every page reads the API with the caller's session,
 * so it shows nothing its API would refuse. A page whose whole purpose the caller's role may never
 * use ({@link #GATES}) is not served to them at all: 403 with the "not for you" shell, so a rep who
 * types {@code /app/admin} gets no admin page. Responses are gzip-encoded when the browser accepts it.
 */
final class PageRoutes extends ApiDirectives {

  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private final Assets assets;

  PageRoutes(Auth auth, Assets assets) {
    super(auth);
    this.assets = assets;
  }

  Route route() {
    return pathPrefix("app", () -> get(() -> encodeResponse(() -> concat(
        pathEndOrSingleSlash(() -> complete(shell("signin"))),
        path("rep", () -> signedIn("rep")),
        path("board", () -> signedIn("board")),
        path(PathMatchers.segment("leads").slash(PathMatchers.segment()), leadId -> signedIn("lead")),
        path("reports", () -> signedIn("reports")),
        path("admin", () -> signedIn("admin")),
        path(PathMatchers.segment("assets").slash(PathMatchers.segment()), this::asset)))));
  }

  /** The page for a signed-in caller; anyone else is sent to the sign-in page with the way back. */
  private Route signedIn(String page) {
    return extractUri(uri -> mapResponse(response -> response.status().intValue() == 401
            ? seeOther("/app/?next=" + URLEncoder.encode(uri.path(), StandardCharsets.UTF_8)) : response,
        () -> authenticated(p -> complete(mayOpen(p, page) ? shell(page)
            : shell("forbidden").withStatus(StatusCodes.FORBIDDEN)))));
  }

  /**
   * The pages only some roles may open, by the action that is their whole purpose: whoever may never
   * do it (under any relation, {@link Access#mayEver}) gets the 403 shell instead. The admin page is
   * for whoever may set someone's availability: admins (every area) and managers and directors (the
   * availability of their own people, the only area admin.js shows them).
   */
  static final Map<String, Access.Action> GATES = Map.of(
      "reports", Access.Action.READ_REPORTS,
      "admin", Access.Action.SET_AVAILABILITY);

  static boolean mayOpen(Auth.Principal caller, String page) {
    Access.Action gate = GATES.get(page);
    return gate == null || Access.mayEver(caller, gate).allowed();
  }

  private Route asset(String file) {
    return assets.byFile(file)
        .map(a -> conditional(EntityTag.create(a.hash(), false), () -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(a.type(), a.bytes()))
            .addHeaders(List.of(RawHeader.create("Cache-Control", IMMUTABLE), RawHeader.create("X-Content-Type-Options", "nosniff"))))))
        .orElseGet(() -> complete(Problems.notFound("no such asset: the page that asked for it is older than this engine; reload it")));
  }

  private HttpResponse shell(String page) {
    Assets.Shell shell = assets.shell(page);
    return HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, shell.html()))
        .addHeaders(securityHeaders(shell.importMapHash()));
  }

  /** The headers of every HTML shell: never cached, a strict CSP, no sniffing, no referrer (login tokens travel in URLs). */
  static List<HttpHeader> securityHeaders(String importMapHash) {
    return List.of(
        RawHeader.create("Cache-Control", "no-store"),
        RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'self' " + importMapHash
            + "; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self'; manifest-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        RawHeader.create("Referrer-Policy", "no-referrer"));
  }

  private static HttpResponse seeOther(String location) {
    return HttpResponse.create().withStatus(StatusCodes.SEE_OTHER).addHeader(Location.create(location))
        .addHeaders(List.of(RawHeader.create("Cache-Control", "no-store"), RawHeader.create("Referrer-Policy", "no-referrer")));
  }
}
