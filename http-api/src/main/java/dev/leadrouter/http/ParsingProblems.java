package dev.leadrouter.http;

import dev.leadrouter.engine.common.FieldError;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The HTTP layer's own refusals — a request Pekko cannot parse, so no route ever sees it — as problem
 * documents like every other refusal: 400 {@code bad-request} (request line, header syntax), 414
 * {@code uri-too-long}, 431 {@code request-header-fields-too-large}, 413 {@code payload-too-large},
 * 501/505 for what the server does not speak. Installed by {@code
 * pekko.http.server.parsing.error-handler} (application.conf); Pekko creates it by its no-argument
 * constructor. The detail is Pekko's summary, which names the limit and never echoes the request
 * back. A header value over {@link #MAX_HEADER_VALUE} characters is refused by the route gate
 * instead, which can name the header ({@link #headerTooLarge}).
 */
public final class ParsingProblems extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    if (log.isDebugEnabled()) log.debug("Refused an unparsable request: {} {}", status.intValue(), info.formatPretty());
    String summary = info.summary() == null || info.summary().isBlank() ? status.reason() : info.summary();
    return problem(status.intValue(), status.reason(), summary, List.of());
  }

  /**
   * 431 naming the header whose value is over {@link #MAX_HEADER_VALUE} characters. Pekko's own
   * refusal cannot name it (its error carries no header name), so Pekko's limit
   * ({@code max-header-value-length}, application.conf) is set to twice this one and
   * {@link RouteTable#gate} refuses a value over this one itself, naming the header.
   */
  static HttpResponse headerTooLarge(String header) {
    String detail = "the value of header " + header + " is over " + MAX_HEADER_VALUE + " characters";
    return problem(431, "Request Header Fields Too Large", detail, List.of(new FieldError(header, "over " + MAX_HEADER_VALUE
        + " characters")));
  }

  /** The longest header value a route sees (pekko.http.server.parsing.max-header-value-length is 2×). */
  static final int MAX_HEADER_VALUE = 8192;

  /** The problem for a parsing refusal with this status. */
  static HttpResponse problem(int status, String reason, String detail) {
    return problem(status, reason, detail, List.of());
  }

  private static HttpResponse problem(int status, String reason, String detail, List<FieldError> errors) {
    String type = switch (status) {
      case 400 -> "bad-request";
      case 413 -> "payload-too-large";
      case 414 -> "uri-too-long";
      case 431 -> "request-header-fields-too-large";
      default -> reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    };
    String title = switch (status) {
      case 400 -> "Bad request";
      case 413 -> "Payload too large";
      case 414 -> "URI too long";
      case 431 -> "Request header fields too large";
      default -> reason;
    };
    return Problems.of(StatusCodes.get(status), type, title, detail, errors);
  }
}
