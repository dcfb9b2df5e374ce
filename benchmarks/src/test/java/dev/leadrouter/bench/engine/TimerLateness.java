package dev.leadrouter.bench.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lateness of SLA timers (issue 6: p99 at most 100 ms late, never early): of live lead entities
 * (their own timers), or with {@code passivateAfter} set (e.g. {@code 5s}) of leads that left memory
 * between their steps, woken by the deadline scanner's read-ahead.
 *
 * <p>Starts the engine with SLA time scale {@code timeScale} (60: the standard policy's 15/30/60
 * minute steps fire 15/30/60 s after the assignment) and creates leads at a constant {@code rate}
 * for {@code seconds} (open model: new leads keep arriving while earlier ones fire). Then waits
 * until every step of every lead has fired and reached the outbox. Each fired step's outbox payload
 * holds {@code at} (when the lead handled the timer) and {@code dueAt}; lateness = at − dueAt.
 *
 * <p>System properties [defaults]: {@code db} (required), {@code rate} [200], {@code seconds}
 * [120], {@code timeScale} [60], {@code repsPerRegion} [10], {@code maxMinutes} [14], {@code
 * passivateAfter} [unset: the engine's 2 min], {@code report} [target/bench/timers.txt].
 */
public final class TimerLateness {

  private TimerLateness() {}

  public static void main(String[] args) throws Exception {
    Bench.watchdog(Duration.ofMinutes(Bench.longProp("maxMinutes", 14)));
    String db = Bench.database();
    double rate = Bench.doubleProp("rate", 200);
    long seconds = Bench.longProp("seconds", 120);
    double timeScale = Bench.doubleProp("timeScale", 60);
    int repsPerRegion = (int) Bench.longProp("repsPerRegion", 10);
    Path report = Path.of(Bench.prop("report", "target/bench/timers.txt"));
    String passivateAfter = Bench.prop("passivateAfter", "");

    Path work = Files.createTempDirectory("bench-timers");
    Path org = Bench.orgChart(work, repsPerRegion, 100_000);
    Bench.log("timer lateness: %.0f leads/s for %d s, SLA time scale %s, database %s; %s", rate, seconds, timeScale, db,
        Bench.jvmDescription());
    Bench.Engine engine = Bench.start(Bench.config(db, work, org, "leadrouter.sla.time-scale = " + timeScale
        + (passivateAfter.isEmpty() ? ""
            : "\n" + Bench.passivateAfter(passivateAfter))));
    List<String> out = new ArrayList<>();
    try (Connection c = Bench.connect(db)) {
      Bench.Creator creator = new Bench.Creator(engine.deps(), 20_000);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      long lastLog = start;
      while (System.nanoTime() < end) {
        long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
        while (creator.sent.get() < due) creator.createOne();
        if (System.nanoTime() - lastLog > 10_000_000_000L) {
          lastLog = System.nanoTime();
          Bench.log("sent %,d, accepted %,d, failed %,d; fired steps (outbox) %,d", creator.sent.get(),
              creator.accepted.get(), creator.failed.get(), firedSteps(c));
        }
        Thread.sleep(5);
      }
      double sendSeconds = (System.nanoTime() - start) / 1e9;
      creator.awaitAnswers(Duration.ofMinutes(1));
      long leads = creator.accepted.get();
      Bench.log("sent %,d leads in %.1f s (%.0f/s), %,d accepted, %,d failed; waiting for every step to fire",
          creator.sent.get(), sendSeconds, creator.sent.get() / sendSeconds, leads, creator.failed.get());
      // the last lead's last step is due 60 min / timeScale after its assignment
      Duration wait = Duration.ofMillis((long) (3_600_000 / timeScale)).plusMinutes(2);
      Bench.awaitCount(c, "fired steps (outbox)", FIRED_STEPS, 3 * leads, wait);
      long notAssigned = Bench.count(c, "SELECT count(*) FROM lead_index WHERE assigned_at IS NULL");

      Map<Long, long[]> bySecond = new TreeMap<>(); // second of dueAt -> {count, count > 100 ms, max µs}
      Map<Integer, List<Long>> byStep = lateness(c, bySecond);
      out.add("# SLA timer lateness (" + (passivateAfter.isEmpty() ? "live entities"
          : "leads passivate after " + passivateAfter + " idle: steps fire on leads woken by the scanner") + "), "
          + Instant.now());
      out.add(Bench.jvmDescription());
      out.add(String.format(Locale.ROOT, "%,d leads at %.0f/s for %.0f s (time scale %s), %,d failed, %,d never assigned;"
          + " steps fired: %,d of %,d", leads, creator.sent.get() / sendSeconds, sendSeconds, timeScale,
          creator.failed.get(), notAssigned, byStep.values().stream().mapToInt(List::size).sum(), 3 * leads));
      out.add("garbage collection during the run: " + Bench.gcSummary());
      out.add("lateness = at - dueAt of each fired step (ms):");
      out.add(String.format(Locale.ROOT, "%-8s %9s %8s %8s %8s %8s %8s %8s", "step", "count", "min", "p50", "p90",
          "p99", "max", "early"));
      List<Long> all = new ArrayList<>();
      byStep.forEach((step, values) -> {
        out.add(row("step " + step, values));
        all.addAll(values);
      });
      out.add(row("all", all));
      out.add("");
      out.add("seconds (of dueAt) with the most steps over 100 ms late (when lateness comes in bursts, it is a stall):");
      bySecond.entrySet().stream()
          .filter(e -> e.getValue()[1] > 0)
          .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
          .limit(10)
          .forEach(e -> out.add(String.format(Locale.ROOT, "  %s  %,5d steps due, %,5d over 100 ms, max %.1f ms",
              Instant.ofEpochSecond(e.getKey()), e.getValue()[0], e.getValue()[1], e.getValue()[2] / 1000.0)));
    } finally {
      engine.stop();
    }
    Bench.writeReport(report, out, Long.MAX_VALUE);
    System.exit(0);
  }

  /** Distinct (lead, step) pairs that fired (every fired step writes at least one outbox row with dueAt). */
  private static final String FIRED_STEPS = "SELECT count(*) FROM (SELECT DISTINCT lead_id, substring(payload"
      + " from '\"step\":([0-9]+)') FROM outbox WHERE payload LIKE '%\"dueAt\"%') f";

  private static long firedSteps(Connection c) throws Exception {
    return Bench.count(c, FIRED_STEPS);
  }

  /** Lateness in µs per step: one value per (lead, step), from the first outbox row of that step. */
  private static Map<Integer, List<Long>> lateness(Connection c, Map<Long, long[]> bySecond) throws Exception {
    Map<String, Long> seen = new HashMap<>();
    Map<Integer, List<Long>> byStep = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT lead_id, payload FROM outbox WHERE payload LIKE '%\"dueAt\"%'")) {
      ps.setFetchSize(5000);
      c.setAutoCommit(false);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JsonNode p = Bench.JSON.readTree(rs.getString(2));
          int step = p.get("step").asInt();
          if (seen.putIfAbsent(rs.getString(1) + "/" + step, 1L) != null) continue; // one event, several recipients
          Instant due = Instant.parse(p.get("dueAt").asText());
          long micros = Duration.between(due, Instant.parse(p.get("at").asText())).toNanos() / 1000;
          byStep.computeIfAbsent(step, s -> new ArrayList<>()).add(micros);
          long[] sec = bySecond.computeIfAbsent(due.getEpochSecond(), k -> new long[3]);
          sec[0]++;
          if (micros > 100_000) sec[1]++;
          sec[2] = Math.max(sec[2], micros);
        }
      }
      c.setAutoCommit(true);
    }
    return byStep;
  }

  private static String row(String label, List<Long> micros) {
    long[] v = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    long early = micros.stream().filter(x -> x < 0).count();
    return String.format(Locale.ROOT, "%-8s %,9d %8.1f %8.1f %8.1f %8.1f %8.1f %8d", label, v.length,
        v.length == 0 ? 0 : v[0] / 1000.0, Bench.percentile(v, 50) / 1000.0, Bench.percentile(v, 90) / 1000.0,
        Bench.percentile(v, 99) / 1000.0, v.length == 0 ? 0 : v[v.length - 1] / 1000.0, early);
  }
}
