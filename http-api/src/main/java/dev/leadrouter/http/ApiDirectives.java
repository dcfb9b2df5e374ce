package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.StrictJson;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** Directive combinations every resource uses: authentication, {@link Access} checks and strict JSON bodies. */
public abstract class ApiDirectives extends AllDirectives {

  public static final long MAX_BODY_BYTES = 1024 * 1024;

  protected final Auth auth;

  protected ApiDirectives(Auth auth) {
    this.auth = auth;
  }

  /**
   * The caller's principal, or 401 problem. A bearer token when the request has an
   * {@code Authorization} header, else a browser session ({@link Sessions#SESSION_COOKIE}); a
   * state-changing request signed in by the cookie must also carry {@link Sessions#CSRF_HEADER}
   * (403 without it), which a page on another site cannot send.
   */
  protected Route authenticated(Function<Auth.Principal, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      if (header.isPresent()) {
        return auth.verify(header.get())
            .map(p -> withPrincipal(p, inner))
            .orElseGet(() -> complete(Problems.unauthorized("the bearer token is invalid or expired")));
      }
      return optionalCookie(Sessions.SESSION_COOKIE, cookie -> {
        if (cookie.isEmpty()) return complete(Problems.unauthorized("an Authorization: Bearer token is required"));
        String session = cookie.get().value();
        return auth.verifySession(session).<Route>map(p -> extractMethod(method -> {
          if (Sessions.isSafe(method)) return withPrincipal(p, inner);
          return optionalHeaderValueByName(Sessions.CSRF_HEADER, csrf -> auth.csrfMatches(session, csrf.orElse(null))
              ? withPrincipal(p, inner)
              : complete(Problems.forbidden("a request signed in by the session cookie needs the "
                  + Sessions.CSRF_HEADER + " header (the value of the " + Sessions.CSRF_COOKIE + " cookie)")));
        })).orElseGet(() -> complete(Problems.unauthorized("the session has expired or is invalid: sign in again")));
      });
    });
  }

  private Route withPrincipal(Auth.Principal p, Function<Auth.Principal, Route> inner) {
    return optionalAttribute(AccessLog.CALL, call -> {
      call.ifPresent(c -> c.role = p.role());
      return inner.apply(p);
    });
  }

  /**
   * The signed-in person of a page request (the session cookie only, no CSRF: pages are read with
   * GET), or empty: a page then sends the browser to the sign-in page.
   */
  protected Route pageSession(Function<java.util.Optional<Auth.Principal>, Route> inner) {
    return optionalCookie(Sessions.SESSION_COOKIE, cookie ->
        inner.apply(cookie.flatMap(c -> auth.verifySession(c.value()))));
  }

  /** The caller's principal if its role may do {@code action} ({@link Access}), else 403 problem. */
  protected Route allowedTo(Access.Action action, Function<Auth.Principal, Route> inner) {
    return authenticated(p -> ifAllowed(Access.decide(p, action), () -> inner.apply(p)));
  }

  /** {@code inner} when {@code decision} allows, else the 403 problem with its reason (404 when hidden). */
  protected Route ifAllowed(Access.Decision decision, Supplier<Route> inner) {
    if (decision.allowed()) return inner.get();
    return complete(decision.hidden() ? Problems.notFound(decision.reason()) : Problems.forbidden(decision.reason()));
  }

  /**
   * A JSON body of at most 1 MiB (413 beyond), as a tree plus its raw bytes; 415 for other types; 400
   * at {@code ""} for a body that is not one strict JSON value ({@link StrictJson}).
   */
  protected Route jsonBody(BiFunction<JsonNode, byte[], Route> inner) {
    return extractRequestEntity(entity -> {
      if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        return complete(Problems.of(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
            "Unsupported media type", "send Content-Type: application/json (got "
                + entity.getContentType().mediaType() + ")", List.of()));
      }
      return boundedBytes(entity, raw -> {
            JsonNode tree;
            try {
              tree = StrictJson.read(raw);
            } catch (StrictJson.Malformed e) {
              return complete(Problems.invalid(List.of(new FieldError("", e.getMessage()))));
            }
            return inner.apply(tree, raw);
          });
    });
  }

  /**
   * The body's bytes, at most {@link #MAX_BODY_BYTES}. A body declared larger never gets here: the
   * route gate answers it 413 once it is read off ({@link RouteTable#gate}); the limit below holds a
   * body that did not declare its length to the same bound.
   */
  protected Route boundedBytes(RequestEntity entity, Function<byte[], Route> inner) {
    return withSizeLimit(MAX_BODY_BYTES, () ->
        entity(Unmarshaller.entityToByteString(), bytes -> inner.apply(bytes.toArray())));
  }

  /**
   * The {@code ?limit=} of a list query: {@code fallback} when absent; a non-number or a value outside
   * 1..{@code max} adds an error naming {@code ?limit} (and answers {@code fallback}).
   */
  protected static int limit(java.util.Optional<String> limit, int fallback, int max, List<FieldError> errors) {
    try {
      int value = limit.map(String::trim).map(Integer::parseInt).orElse(fallback);
      if (value >= 1 && value <= max) return value;
      errors.add(new FieldError("?limit", "between 1 and " + max));
    } catch (NumberFormatException e) {
      errors.add(new FieldError("?limit", "must be a number"));
    }
    return fallback;
  }
}
