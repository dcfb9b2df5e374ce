package dev.leadrouter.http;

import com.typesafe.config.Config;
import dev.leadrouter.engine.common.FieldError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Rate limits on writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api}),
 * so one runaway integration cannot starve the others: per source for a source's webhook
 * ({@code /api/v1/sources/{id}/events}, keyed by the source name in the path) and per token (keyed by
 * the verified token's subject). Over a limit: 429 problem+json with {@code Retry-After} in seconds,
 * counted in {@code leadrouter_http_rate_limited_total{key_kind}}. Settings:
 * {@code leadrouter.http.rate-limits}.
 */
public final class RateLimits extends ApiDirectives {

  private static final int MAX_KEYS = 100_000;
  private final RateLimiter perToken;
  private final RateLimiter perSource;
  private final Counter tokenLimited;
  private final Counter sourceLimited;

  public RateLimits(Auth auth, RateLimiter.Limit perToken, RateLimiter.Limit perSource, Clock clock, MeterRegistry metrics) {
    super(auth);
    this.perToken = new RateLimiter(perToken, clock, MAX_KEYS);
    this.perSource = new RateLimiter(perSource, clock, MAX_KEYS);
    this.tokenLimited = Counter.builder("leadrouter.http.rate.limited").tag("key_kind", "token")
        .description("write requests refused with 429 by leadrouter.http.rate-limits").register(metrics);
    this.sourceLimited = Counter.builder("leadrouter.http.rate.limited").tag("key_kind", "source")
        .description("write requests refused with 429 by leadrouter.http.rate-limits").register(metrics);
  }

  public static RateLimits fromConfig(Config config, Auth auth, Clock clock, MeterRegistry metrics) {
    return new RateLimits(auth, limit(config, "leadrouter.http.rate-limits.per-token"),
        limit(config, "leadrouter.http.rate-limits.per-source"), clock, metrics);
  }

  private static RateLimiter.Limit limit(Config config, String path) {
    return new RateLimiter.Limit(config.getLong(path + ".requests-per-second"), config.getLong(path + ".burst"));
  }

  /** {@code inner}, unless the request is a write over its source's or its token's limit (429). */
  public Route apply(Supplier<Route> inner) {
    return extractRequest(request -> refusal(request).map(this::complete).orElseGet(inner));
  }

  private Optional<HttpResponse> refusal(HttpRequest request) {
    if (!isWrite(request)) return Optional.empty();
    Optional<String> source = webhookSource(request);
    if (source.isPresent()) {
      RateLimiter.Decision d = perSource.tryAcquire(source.get());
      if (!d.allowed()) {
        sourceLimited.increment();
        return Optional.of(tooMany(d, perSource.limit(), "source " + source.get(), "/sources/" + source.get()));
      }
      return Optional.empty();
    }
    Optional<Auth.Principal> caller = Sessions.callerOf(request, auth);
    if (caller.isEmpty()) return Optional.empty(); // the route answers 401
    RateLimiter.Decision d = perToken.tryAcquire(caller.get().subject());
    if (d.allowed()) return Optional.empty();
    tokenLimited.increment();
    return Optional.of(tooMany(d, perToken.limit(), "token subject " + caller.get().subject(), "Authorization"));
  }

  private static boolean isWrite(HttpRequest request) {
    return request.method().equals(HttpMethods.POST) || request.method().equals(HttpMethods.PUT)
        || request.method().equals(HttpMethods.PATCH) || request.method().equals(HttpMethods.DELETE);
  }

  /** The source name of {@code /api/v1/sources/{id}/events}. */
  static Optional<String> webhookSource(HttpRequest request) {
    List<String> segments = new ArrayList<>();
    request.getUri().pathSegments().forEach(segments::add);
    segments.removeIf(String::isEmpty);
    if (segments.size() == 5 && segments.get(0).equals("api") && segments.get(1).equals("v1")
        && segments.get(2).equals("sources") && segments.get(4).equals("events")) {
      return Optional.of(segments.get(3));
    }
    return Optional.empty();
  }

  static HttpResponse tooMany(RateLimiter.Decision d, RateLimiter.Limit limit, String who, String field) {
    String message = "more than " + limit.requestsPerSecond() + " writes a second (burst " + limit.burst() + ") for " + who
        + "; retry after " + d.retryAfterSeconds() + " s";
    return Problems.of(StatusCodes.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", message,
            List.of(new FieldError(field, message)))
        .addHeader(RawHeader.create("Retry-After", Long.toString(d.retryAfterSeconds())));
  }
}
