package dev.leadrouter.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-model load test of leadrouter's lead intake.
 *
 * <p>Each virtual user posts one canonical lead ({@code POST /api/v1/leads}, expects 202 and a
 * {@code leadId}), then polls the lead view ({@code GET /api/v1/leads/{leadId}}) every 20 ms, at
 * most 50 times, until the lead has an assignment. The intake-to-assigned latency is taken from
 * the engine's own timestamps ({@code assignment.at - receivedAt}), gathered JVM-wide and
 * summarised in {@link #after()} (stdout and {@code target/intake-to-assigned.txt}); it is not a
 * Gatling request, so it is not in the HTML report.
 *
 * <p>System properties (defaults in brackets):
 * <ul>
 *   <li>{@code baseUrl} [http://127.0.0.1:8080] — host must be 127.0.0.1 or localhost</li>
 *   <li>{@code token} [env LEADROUTER_TOKEN] — bearer token, required</li>
 *   <li>{@code rate} [100] — new leads per second at plateau</li>
 *   <li>{@code duration} [60] — plateau length, seconds</li>
 *   <li>{@code rampSeconds} [10] — linear ramp from 0 to {@code rate} before the plateau</li>
 *   <li>{@code p99Ms} [500] — assertion bound on the p99 of "post lead"</li>
 *   <li>{@code maxPolls} [50], {@code pollMs} [20] — lead view polling budget</li>
 *   <li>{@code summaryFile} [target/intake-to-assigned.txt]</li>
 *   <li>{@code measureShare} [0.1] — share (0..1] of the new leads whose view is polled for
 *       intake→assigned (the posts whose {@code seq} has one of the top remainders by 100; duplicates
 *       take the bottom ones): polling every
 *       lead doubles the requests, and the generator's own work shares the engine's two cores</li>
 *   <li>{@code connectionPerUser} [false] — false: the virtual users share one pool of keep-alive
 *       connections (Gatling's {@code shareConnections}), as a form or ad platform posts its webhooks
 *       from a pool; true: every virtual user opens its own connection, as a browser would, and the
 *       generator's own connection handling shares the engine's two cores</li>
 *   <li>{@code duplicateShare} [0] — share (0..0.9) of posts that are another source's delivery of
 *       the person posted 1,050 leads earlier (same phone written differently, no e-mail): dedup must
 *       merge each into that lead. Counted apart (merged / new lead / original not known yet) and
 *       left out of intake→assigned.</li>
 * </ul>
 */
public class IntakeSimulation extends Simulation {

  // ---------------------------------------------------------------- parameters

  private static final String BASE_URL = loopbackBaseUrl(
      System.getProperty("baseUrl", "http://127.0.0.1:8080"));
  private static final String TOKEN = requiredToken();
  private static final double RATE = positiveDouble("rate", 100);
  private static final long DURATION_S = positiveLong("duration", 60);
  private static final long RAMP_S = nonNegativeLong("rampSeconds", 10);
  private static final int P99_MS = (int) positiveLong("p99Ms", 500);
  private static final int MAX_POLLS = (int) positiveLong("maxPolls", 50);
  private static final Duration POLL_PAUSE = Duration.ofMillis(nonNegativeLong("pollMs", 20));
  private static final double MEASURE_SHARE = positiveDouble("measureShare", 0.1);
  private static final boolean CONNECTION_PER_USER = Boolean.parseBoolean(System.getProperty("connectionPerUser", "false"));
  private static final double DUPLICATE_SHARE = Double.parseDouble(System.getProperty("duplicateShare", "0"));
  /** A duplicate repeats the person of the lead this many posts before it (never itself a duplicate: 50 mod 100). */
  private static final int DUPLICATE_LAG = 1050;
  private static final Path SUMMARY_FILE = Paths.get(
      System.getProperty("summaryFile", "target/intake-to-assigned.txt"));

  private static final String[] REGIONS = {"华东", "华南", "华北"};
  private static final String[] INDUSTRIES = {"工业自动化", "新能源电池", "SaaS", "K12教育"};
  /** Lead view statuses in which the lead is not assigned yet and polling goes on. */
  private static final Set<String> PENDING = Set.of("RECEIVED", "QUEUED");

  // ------------------------------------------------- per-run identity and tallies

  /** Distinguishes this run's sourceEventIds/emails from earlier runs against the same engine. */
  private static final String RUN_ID =
      Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
  private static final String[] MOBILE_PREFIXES = {
      "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
      "182", "183", "187", "188", "198"};
  private static final String PHONE_PREFIX =
      MOBILE_PREFIXES[ThreadLocalRandom.current().nextInt(MOBILE_PREFIXES.length)];
  /** Phones are prefix + (offset + seq) mod 10^8: unique within a run up to 10^8 leads. */
  private static final long PHONE_OFFSET = ThreadLocalRandom.current().nextLong(100_000_000L);

  private static final AtomicLong SEQ = new AtomicLong();
  private static final AtomicLong ACCEPTED = new AtomicLong();
  private static final AtomicLong NOT_ASSIGNED_IN_BUDGET = new AtomicLong();
  private static final AtomicLong POLL_FAILED = new AtomicLong();
  private static final AtomicLong UNPARSEABLE = new AtomicLong();
  private static final AtomicLong DUP_MERGED = new AtomicLong();
  private static final AtomicLong DUP_NEW_LEAD = new AtomicLong();
  private static final AtomicLong DUP_ORIGINAL_UNKNOWN = new AtomicLong();
  /** The lead id each original post (by seq) got, to check a duplicate lands on it. */
  private static final java.util.concurrent.ConcurrentHashMap<Long, String> LEAD_IDS =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** assignment.at - receivedAt, in microseconds, one per measured lead. */
  private static final ConcurrentLinkedQueue<Long> INTAKE_TO_ASSIGNED_US = new ConcurrentLinkedQueue<>();

  // ------------------------------------------------------------------- protocol

  private static final HttpProtocolBuilder httpProtocol = connections(http
      .baseUrl(BASE_URL)
      .disableWarmUp() // the default warm-up would call an outside host
      .acceptHeader("application/json")
      .authorizationHeader("Bearer " + TOKEN)
      .userAgentHeader("leadrouter-loadtest (Gatling)"));

  private static HttpProtocolBuilder connections(HttpProtocolBuilder protocol) {
    return CONNECTION_PER_USER ? protocol : protocol.shareConnections();
  }

  // --------------------------------------------------------------------- chains

  private static final FeederBuilder<String> people = csv("leads.csv").circular();

  private static final ChainBuilder postLead = exec(session -> session.set("seq", SEQ.getAndIncrement()))
      .feed(people)
      .exec(http("post lead")
          .post("/api/v1/leads")
          .header("Content-Type", "application/json")
          .body(StringBody(IntakeSimulation::leadJson))
          .check(
              status().is(202),
              jsonPath("$.leadId").saveAs("leadId"),
              jsonPath("$.status").optional().saveAs("status")))
      .exitHereIfFailed()
      .exec(session -> {
        ACCEPTED.incrementAndGet();
        long seq = session.getLong("seq");
        if (!isDuplicate(seq)) {
          LEAD_IDS.put(seq, session.getString("leadId"));
        } else {
          String original = LEAD_IDS.get(seq - DUPLICATE_LAG);
          if (original == null) DUP_ORIGINAL_UNKNOWN.incrementAndGet();
          else if (original.equals(session.getString("leadId"))) DUP_MERGED.incrementAndGet();
          else DUP_NEW_LEAD.incrementAndGet();
        }
        return session.set("polls", 0);
      });

  private static final ChainBuilder pollUntilAssigned = asLongAs(IntakeSimulation::keepPolling).on(
      pause(POLL_PAUSE),
      exec(http("lead view")
          .get("/api/v1/leads/#{leadId}")
          .check(
              status().is(200),
              jsonPath("$.status").saveAs("status"),
              jsonPath("$.receivedAt").optional().saveAs("receivedAt"),
              jsonPath("$.assignment.at").optional().saveAs("assignedAt")))
          .exec(session -> session.set("polls", session.getInt("polls") + 1)));

  private static final ChainBuilder recordIntakeToAssigned = exec(session -> {
    if (isDuplicate(session.getLong("seq")) || !isMeasured(session.getLong("seq"))) {
      return session;
    } else if (session.isFailed()) {
      POLL_FAILED.incrementAndGet();
    } else if (session.contains("receivedAt") && session.contains("assignedAt")) {
      try {
        Instant received = parseInstant(session.getString("receivedAt"));
        Instant assigned = parseInstant(session.getString("assignedAt"));
        INTAKE_TO_ASSIGNED_US.add(ChronoUnit.MICROS.between(received, assigned));
      } catch (DateTimeParseException e) {
        UNPARSEABLE.incrementAndGet();
      }
    } else {
      NOT_ASSIGNED_IN_BUDGET.incrementAndGet();
    }
    return session;
  });

  // ------------------------------------------------------------------ scenarios

  private static final ScenarioBuilder intake = scenario("lead intake")
      .exec(postLead, pollUntilAssigned, recordIntakeToAssigned);

  {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (RAMP_S > 0) {
      steps.add(rampUsersPerSec(0).to(RATE).during(RAMP_S));
    }
    steps.add(constantUsersPerSec(RATE).during(DURATION_S));

    setUp(intake.injectOpen(steps))
        .protocols(httpProtocol)
        .assertions(
            global().failedRequests().percent().lt(1.0),
            details("post lead").responseTime().percentile(99.0).lt(P99_MS));
  }

  @Override
  public void before() {
    System.out.printf(Locale.ROOT,
        "leadrouter intake: baseUrl=%s rate=%.1f/s duration=%ds ramp=%ds p99Ms=%d measureShare=%.2f connections=%s runId=%s%n",
        BASE_URL, RATE, DURATION_S, RAMP_S, P99_MS, MEASURE_SHARE, CONNECTION_PER_USER ? "one per user" : "shared pool", RUN_ID);
  }

  @Override
  public void after() {
    long[] us = INTAKE_TO_ASSIGNED_US.stream().mapToLong(Long::longValue).sorted().toArray();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "intake->assigned (assignment.at - receivedAt), runId=%s, baseUrl=%s, rate=%.1f/s, duration=%ds, ramp=%ds, measureShare=%.2f%n",
        RUN_ID, BASE_URL, RATE, DURATION_S, RAMP_S, MEASURE_SHARE));
    out.append(String.format(Locale.ROOT,
        "leads accepted=%d measured=%d not-assigned-within-%d-polls=%d poll-failed=%d unparseable-timestamps=%d%n",
        ACCEPTED.get(), us.length, MAX_POLLS, NOT_ASSIGNED_IN_BUDGET.get(), POLL_FAILED.get(), UNPARSEABLE.get()));
    out.append(String.format(Locale.ROOT,
        "duplicateShare=%.2f duplicates merged into their lead=%d made a new lead=%d original not known yet=%d%n",
        DUPLICATE_SHARE, DUP_MERGED.get(), DUP_NEW_LEAD.get(), DUP_ORIGINAL_UNKNOWN.get()));
    if (us.length == 0) {
      out.append("count=0 (no lead was seen assigned)\n");
    } else {
      out.append(String.format(Locale.ROOT,
          "count=%d p50=%.3fms p95=%.3fms p99=%.3fms max=%.3fms min=%.3fms%n",
          us.length, ms(percentile(us, 50)), ms(percentile(us, 95)), ms(percentile(us, 99)),
          ms(us[us.length - 1]), ms(us[0])));
    }
    System.out.print(out);
    try {
      Path file = SUMMARY_FILE.toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
      System.out.println("intake->assigned summary written to " + file);
    } catch (IOException e) {
      System.err.println("could not write " + SUMMARY_FILE + ": " + e);
    }
  }

  // -------------------------------------------------------------------- helpers

  private static boolean keepPolling(Session session) {
    if (session.isFailed() || session.contains("assignedAt") || !isMeasured(session.getLong("seq"))) {
      return false;
    }
    int polls = session.getInt("polls");
    if (polls >= MAX_POLLS) {
      return false;
    }
    // Always look at the view once (the POST answer has no receivedAt); then go on while the
    // lead is still waiting for a rep. A QUEUED lead has no assignment yet, so it keeps polling.
    String status = session.getString("status");
    return polls == 0 || (status != null && PENDING.contains(status));
  }

  /** Whether post {@code seq}'s lead is polled for intake→assigned: a deterministic {@link #MEASURE_SHARE} of the posts. */
  private static boolean isMeasured(long seq) {
    return (seq % 100) >= 100 - Math.round(MEASURE_SHARE * 100); // the top remainders: duplicates take the bottom ones
  }

  /** Whether post {@code seq} is a duplicate: a deterministic {@link #DUPLICATE_SHARE} of the posts. */
  private static boolean isDuplicate(long seq) {
    return seq >= DUPLICATE_LAG && (seq % 100) < Math.round(DUPLICATE_SHARE * 100);
  }

  private static String phone(long seq) {
    return String.format(Locale.ROOT, "%s%08d", PHONE_PREFIX, (PHONE_OFFSET + seq) % 100_000_000L);
  }

  private static String leadJson(Session session) {
    long seq = session.getLong("seq");
    if (isDuplicate(seq)) {
      // Another source's delivery of an earlier person: the phone written as people write it.
      String digits = phone(seq - DUPLICATE_LAG);
      return "{"
          + "\"source\":\"loadtest-ads\","
          + "\"sourceEventId\":" + quote("ltd-" + RUN_ID + "-" + seq) + ","
          + "\"name\":" + quote(session.getString("name")) + ","
          + "\"phone\":" + quote("0086 " + digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7)) + ","
          + "\"priority\":\"normal\""
          + "}";
    }
    String phone = "+86" + phone(seq);
    return "{"
        + "\"source\":\"loadtest\","
        + "\"sourceEventId\":" + quote("lt-" + RUN_ID + "-" + seq) + ","
        + "\"name\":" + quote(session.getString("name")) + ","
        + "\"phone\":" + quote(phone) + ","
        + "\"email\":" + quote("lt" + seq + "." + RUN_ID + "@loadtest.example.com") + ","
        + "\"company\":" + quote(session.getString("company")) + ","
        + "\"region\":" + quote(REGIONS[(int) (seq % REGIONS.length)]) + ","
        + "\"industry\":" + quote(INDUSTRIES[(int) (seq % INDUSTRIES.length)]) + ","
        + "\"budget\":\"50-200万\","
        + "\"priority\":\"normal\""
        + "}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static Instant parseInstant(String iso) {
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(iso).toInstant(); // e.g. 2025-01-01T08:00:00+08:00
    }
  }

  /** Nearest-rank percentile of a sorted, non-empty array. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  private static String loopbackBaseUrl(String raw) {
    URI uri;
    try {
      uri = URI.create(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("baseUrl is not a URL: " + raw, e);
    }
    String host = uri.getHost();
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || host == null
        || !(host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost"))) {
      throw new IllegalArgumentException(
          "refusing to run: baseUrl must be http(s)://127.0.0.1 or http(s)://localhost, got " + raw);
    }
    String s = raw.trim();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String requiredToken() {
    String token = System.getProperty("token");
    if (token == null || token.isBlank()) {
      token = System.getenv("LEADROUTER_TOKEN");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "a bearer token is required: set -Dtoken=... or the LEADROUTER_TOKEN environment variable");
    }
    return token.trim();
  }

  private static double positiveDouble(String name, double dflt) {
    String v = System.getProperty(name);
    double d;
    try {
      d = v == null || v.isBlank() ? dflt : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got " + v, e);
    }
    if (!(d > 0) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return d;
  }

  private static long positiveLong(String name, long dflt) {
    long l = nonNegativeLong(name, dflt);
    if (l == 0) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
    return l;
  }

  private static long nonNegativeLong(String name, long dflt) {
    String v = System.getProperty(name);
    long l;
    try {
      l = v == null || v.isBlank() ? dflt : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + v, e);
    }
    if (l < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    }
    return l;
  }
}
