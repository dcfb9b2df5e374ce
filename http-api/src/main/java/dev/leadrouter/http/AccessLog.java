package dev.leadrouter.http;

import dev.leadrouter.engine.intake.source.SourceDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The outermost directive: gives every request an id ({@code X-Request-Id} if the caller sent a
 * sane one, else a new one; echoed in the response), then, once the response is ready, writes one
 * access log line (logger {@code leadrouter.access}: method, route template, status, duration, request
 * id, caller role, lead id — never tokens, bodies, names, phones or e-mails) and records the request
 * in {@code leadrouter_http_server_requests_seconds{method,route,status}} and, for the two intake
 * endpoints, {@code leadrouter_intake_seconds{source,outcome}}.
 *
 * <p>The route template and the caller's role are learned from the inner directives through a
 * {@link Call} attached to the request ({@link #CALL}): {@link RouteTable#gate} sets the row and
 * {@link ApiDirectives#authenticated} the role, so neither the path match nor the token is done twice.
 */
public final class AccessLog {

  /** What the inner directives learn about a call; one per request. */
  static final class Call {
    volatile RouteTable.Endpoint endpoint;
    volatile String pathId;
    volatile String role;
  }

  static final AttributeKey<Call> CALL = AttributeKey.create("leadrouter-call", Call.class);
  static final String HEADER = "X-Request-Id";
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger log = LoggerFactory.getLogger("leadrouter.access");
  private static final List<String> MDC_KEYS = List.of("requestId", "method", "route", "status", "durationMs", "role", "leadId");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
  private static final String INTAKE = "/api/v1/leads";
  private static final String SOURCE_EVENTS = "/api/v1/sources/{sourceId}/events";

  private final MeterRegistry registry;
  private final SourceDirectory sources;
  private final ConcurrentHashMap<Long, Timer> requestTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> intakeTimers = new ConcurrentHashMap<>();

  public AccessLog(MeterRegistry registry, SourceDirectory sources) {
    this.registry = registry;
    this.sources = sources;
    // The API's own intake always has its series, so dashboards and alerts see 0 rather than nothing.
    for (String outcome : List.of("accepted", "rejected", "unavailable")) intakeTimer("api", outcome);
  }

  public Route apply(Supplier<Route> inner) {
    return Directives.extractRequest(request -> {
      long start = System.nanoTime();
      String requestId = request.getHeader(HEADER).map(h -> h.value()).filter(v -> SANE_ID.matcher(v).matches())
          .orElseGet(AccessLog::newId);
      Call call = new Call();
      return Directives.mapRequest(r -> r.addAttribute(CALL, call), () ->
          Directives.mapResponse(response -> finish(request, response, call, requestId, start), inner));
    });
  }

  private HttpResponse finish(HttpRequest request, HttpResponse response, Call call, String requestId, long start) {
    long nanos = System.nanoTime() - start;
    RouteTable.Endpoint endpoint = call.endpoint;
    int status = response.status().intValue();
    int methodCode = METHODS.indexOf(request.method().name());
    String method = methodCode < 0 ? "OTHER" : METHODS.get(methodCode);
    String route = endpoint == null ? "unmatched" : endpoint.path();
    requestTimer(method, methodCode, endpoint, route, status).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (endpoint != null && endpoint.method().equals("POST")) {
      if (endpoint.path().equals(INTAKE)) {
        intakeTimer("api", outcome(status)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      } else if (endpoint.path().equals(SOURCE_EVENTS)) {
        String source = call.pathId != null && sources.current().source(call.pathId).isPresent() ? call.pathId : "unknown";
        intakeTimer(source, outcome(status)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
    if (log.isInfoEnabled()) {
      long ms = nanos / 1_000_000;
      try {
        MDC.put("requestId", requestId);
        MDC.put("method", method);
        MDC.put("route", route);
        MDC.put("status", Integer.toString(status));
        MDC.put("durationMs", Long.toString(ms));
        if (call.role != null) MDC.put("role", call.role);
        if (call.pathId != null && endpoint.target() == RouteTable.Target.LEAD) MDC.put("leadId", call.pathId);
        log.info("{} {} {} {}ms", method, route, status, ms);
      } finally {
        for (String key : MDC_KEYS) MDC.remove(key);
      }
    }
    return response.addHeader(RawHeader.create(HEADER, requestId));
  }

  /** The intake outcome of a status: what an on-call engineer separates at a glance. */
  static String outcome(int status) {
    if (status >= 200 && status < 300) return "accepted";
    if (status == 401 || status == 403) return "unauthorized";
    if (status == 429) return "rate-limited";
    if (status == 503) return "unavailable";
    if (status >= 400 && status < 500) return "rejected";
    return "error";
  }

  private Timer requestTimer(String method, int methodCode, RouteTable.Endpoint endpoint, String route, int status) {
    long row = endpoint == null ? 0 : RouteTable.ENDPOINTS.indexOf(endpoint) + 1;
    long key = (row * 16 + methodCode + 1) * 1000 + status;
    return requestTimers.computeIfAbsent(key, k -> Timer.builder("leadrouter.http.server.requests")
        .description("HTTP requests by method, route template (RouteTable) and status: time from request head to response head")
        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
        .serviceLevelObjectives(Buckets.FAST).register(registry));
  }

  private Timer intakeTimer(String source, String outcome) {
    return intakeTimers.computeIfAbsent(source + '\n' + outcome, k -> Timer.builder("leadrouter.intake")
        .description("lead intake requests (POST /api/v1/leads: source api; a source's webhook: its id) by outcome, until the answer")
        .tag("source", source).tag("outcome", outcome)
        .serviceLevelObjectives(Buckets.FAST).register(registry));
  }

  private static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }
}
