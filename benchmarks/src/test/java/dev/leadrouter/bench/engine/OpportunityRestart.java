package dev.leadrouter.bench.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Overdue idle downgrades after a restart (issue 16: 100k open opportunities, restart catch-up), in
 * two JVMs run by benchmarks/bench-opportunities.sh:
 *
 * <ol>
 *   <li>{@code -Dphase=create}: the engine with time scale {@code timeScale} (the idle downgrade
 *       48 h / timeScale after the move, the silent warning 7 d / timeScale); {@code opportunities}
 *       brought into {@code solution_demo} by {@link OpportunityDriver}; once the read model holds
 *       all of them the engine is stopped, before the first downgrade is due, and the JVM exits.
 *   <li>{@code -Dphase=restart} (on a copy of that database): a new engine whose clock runs from 2 s
 *       after the last downgrade was due (nothing ran in between: only the rows), measured from its
 *       start until no opportunity's idle row is left in {@code deadline_index}: the scanner finds the
 *       overdue rows, wakes each opportunity (an entity start with journal recovery), it persists
 *       its {@code Downgraded} (back to {@code qualification}, owner and manager told), and the
 *       projection writes the stage log, the index row and the two outbox rows and deletes the
 *       deadline rows. CPU of the engine JVM and of PostgreSQL over the same stretch.
 * </ol>
 *
 * <p>System properties [defaults]: {@code db} (required), {@code phase}, {@code opportunities}
 * [100000], {@code timeScale} [96], {@code inFlight} [200], {@code repsPerRegion} [10], {@code
 * scanBatch} / {@code scanInFlight} [engine defaults], {@code maxMinutes} [14], {@code report}
 * [target/bench/opportunity-restart.txt].
 */
public final class OpportunityRestart {

  private OpportunityRestart() {}

  private static final String IDLE_OVERDUE = "SELECT count(*) FROM deadline_index WHERE entity = 'opportunity' AND step = 1";
  private static final String DOWNGRADES = "SELECT count(*) FROM opportunity_stage_log WHERE entered_how = 'downgrade'";
  private static final String NOTICES = "SELECT count(*) FROM outbox WHERE kind = 'DOWNGRADED'";

  public static void main(String[] args) throws Exception {
    Bench.watchdog(Duration.ofMinutes(Bench.longProp("maxMinutes", 14)));
    switch (Bench.prop("phase", "")) {
      case "create" -> create();
      case "restart" -> restart();
      default -> throw new IllegalArgumentException("-Dphase=create|restart required");
    }
    System.exit(0);
  }

  private static String config(double timeScale) {
    StringBuilder extra = new StringBuilder("leadrouter.sla.time-scale = " + timeScale + "\n");
    String batch = Bench.prop("scanBatch", "");
    String maxInFlight = Bench.prop("scanInFlight", "");
    if (!batch.isEmpty()) extra.append("leadrouter.deadlines.batch-size = ").append(Integer.parseInt(batch)).append('\n');
    if (!maxInFlight.isEmpty()) extra.append("leadrouter.deadlines.max-in-flight = ").append(Integer.parseInt(maxInFlight)).append('\n');
    return extra.toString();
  }

  private static void create() throws Exception {
    String db = Bench.database();
    long n = Bench.longProp("opportunities", 100_000);
    double timeScale = Bench.doubleProp("timeScale", 96);
    int inFlight = (int) Bench.longProp("inFlight", 200);
    int repsPerRegion = (int) Bench.longProp("repsPerRegion", 10);
    Path work = Files.createTempDirectory("bench-opp-restart");
    Path org = Bench.orgChart(work, repsPerRegion, 100_000);
    Bench.log("opportunity restart, phase create: %,d opportunities, time scale %s (downgrade %.0f s after the move),"
        + " database %s; load average %s; %s", n, timeScale, 172_800 / timeScale, db, Cpu.loadAverage(), Bench.jvmDescription());
    Bench.Engine engine = Bench.start(Bench.config(db, work, org, config(timeScale)));
    try (Connection c = Bench.connect(db)) {
      OpportunityDriver driver = new OpportunityDriver(engine.deps(), inFlight, repsPerRegion);
      long t0 = System.nanoTime();
      Cpu.Reading cpu0 = Cpu.read(c, db);
      HeapPerOpportunity.createUpTo(driver, c, n, 20_000);
      HeapPerOpportunity.settle(driver, c, n);
      double secs = (System.nanoTime() - t0) / 1e9;
      Bench.log("%,d opportunities in solution_demo and projected in %.1f s (%.0f /s); %s", n, secs, n / secs,
          Cpu.between(cpu0, Cpu.read(c, db)).per(n, "opportunity"));
      long firstDue = Bench.count(c, "SELECT min(due_at) FROM deadline_index WHERE entity = 'opportunity' AND step = 1");
      long downgraded = Bench.count(c, DOWNGRADES);
      Bench.log("stopping the engine; first downgrade due in %.1f s; downgrades already: %,d",
          (firstDue - System.currentTimeMillis()) / 1000.0, downgraded);
      engine.stop();
      if (downgraded > 0 || System.currentTimeMillis() >= firstDue) {
        throw new IllegalStateException("the engine must stop before the first downgrade is due: lower timeScale");
      }
      Bench.log("engine stopped");
    } catch (Exception e) {
      engine.system().terminate();
      throw e;
    }
  }

  private static void restart() throws Exception {
    String db = Bench.database();
    double timeScale = Bench.doubleProp("timeScale", 96);
    Path report = Path.of(Bench.prop("report", "target/bench/opportunity-restart.txt"));
    String load = Cpu.loadAverage();
    long expected;
    long lastDue;
    long firstSilent;
    try (Connection c = Bench.connect(db)) {
      expected = Bench.count(c, IDLE_OVERDUE);
      lastDue = Bench.count(c, "SELECT max(due_at) FROM deadline_index WHERE entity = 'opportunity' AND step = 1");
      firstSilent = Bench.count(c, "SELECT min(due_at) FROM deadline_index WHERE entity = 'opportunity' AND step = 2");
    }
    if (firstSilent <= lastDue + 600_000) {
      throw new IllegalStateException("a silent warning is due within 10 min of the last downgrade: lower timeScale");
    }
    // The engine's clock runs from 2 s after the last downgrade was due, whenever that was.
    Duration shift = Duration.ofMillis(lastDue + 2000 - System.currentTimeMillis());
    Bench.log("restart: %,d opportunities with an idle downgrade, all overdue on the engine's clock (%.1f s %s the"
        + " wall clock); load average %s", expected, Math.abs(shift.toMillis()) / 1000.0,
        shift.isNegative() ? "behind" : "ahead of", load);

    Path work = Files.createTempDirectory("bench-opp-restart");
    Path org = Bench.orgChart(work, (int) Bench.longProp("repsPerRegion", 10), 100_000);
    List<String> series = new ArrayList<>();
    List<String> out = new ArrayList<>();
    try (Connection c = Bench.connect(db)) {
      // The observer costs next to nothing: done is an index probe on due_at, counts every 5 s.
      try (Statement st = c.createStatement()) {
        st.execute("SET max_parallel_workers_per_gather = 0");
      }
      Cpu.Reading cpu0 = Cpu.read(c, db);
      long t0 = System.currentTimeMillis();
      long t0nanos = System.nanoTime();
      Bench.Engine engine = Bench.start(Bench.config(db, work, org, config(timeScale)), Clock.offset(Clock.systemUTC(), shift));
      long ready = System.nanoTime() - t0nanos;
      Cpu.Reading cpuReady = Cpu.read(c, db);
      Bench.log("engine started in %.2f s", ready / 1e9);
      try {
        long deadline = t0nanos + Duration.ofMinutes(Bench.longProp("maxWaitMinutes", 10)).toNanos();
        long doneNanos = Bench.pollUntilDone(t0nanos, deadline, () -> !anyOverdueLeft(c, lastDue),
            () -> String.format(Locale.ROOT, "idle rows left %,9d  downgrades in the stage log %,9d",
                Bench.count(c, IDLE_OVERDUE), Bench.count(c, DOWNGRADES)), series);
        // CPU up to done: the reading is the first thing after the probe that found nothing left.
        Cpu.Reading cpuDone = Cpu.read(c, db);
        Cpu.Spent cpu = Cpu.between(cpu0, cpuDone);
        Cpu.Spent cpuAfterStart = Cpu.between(cpuReady, cpuDone);
        Thread.sleep(3000);
        long[] fired = firedWindow(c, t0);
        long downgrades = Bench.count(c, DOWNGRADES);
        out.add("# overdue idle downgrades after a restart, " + Instant.now());
        out.add(Bench.jvmDescription());
        out.add("load average at start: " + load + "; config on restart: " + config(timeScale).replace('\n', ' ').trim()
            + " (deadline scanner defaults unless set here)");
        out.add(String.format(Locale.ROOT, "opportunities with an overdue idle downgrade at start: %,d", expected));
        out.add(String.format(Locale.ROOT, "engine start (ActorSystem + Main.init): %.2f s", ready / 1e9));
        out.add(doneNanos < 0 ? "NOT every overdue downgrade fired before the time limit"
            : String.format(Locale.ROOT, "every overdue downgrade fired and projected (no idle row left) %.2f s after"
                + " start: %.0f /s", doneNanos / 1e9, expected / (doneNanos / 1e9)));
        out.add(String.format(Locale.ROOT, "Downgraded events (journal): %,d; first at %.2f s, last at %.2f s after start;"
            + " %.0f /s between them", fired[2], fired[0] / 1000.0, fired[1] / 1000.0,
            fired[2] / Math.max((fired[1] - fired[0]) / 1000.0, 0.001)));
        out.add(String.format(Locale.ROOT, "downgrades in opportunity_stage_log: %,d; DOWNGRADED outbox rows: %,d",
            downgrades, Bench.count(c, NOTICES)));
        out.add(cpu.per(expected, "downgrade") + " (engine start to done)");
        out.add(cpuAfterStart.per(expected, "downgrade") + " (Main.init done to done: without the JVM's and engine's start)");
        out.add("");
        out.add("progress (from engine start):");
        out.addAll(series);
      } finally {
        engine.stop();
      }
    }
    Bench.writeReport(report, out, 10);
  }

  /** Whether an idle row due by {@code lastDue} is left: an index probe on due_at. */
  private static boolean anyOverdueLeft(Connection c, long lastDue) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM deadline_index WHERE due_at <= ? AND step = 1"
        + " AND entity = 'opportunity' ORDER BY due_at LIMIT 1")) {
      ps.setLong(1, lastDue);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** First and last downgrade (ms after t0, journal write time) and their number: each opportunity's fourth event. */
  private static long[] firedWindow(Connection c, long t0) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT min(write_timestamp), max(write_timestamp), count(*)"
        + " FROM event_journal WHERE persistence_id LIKE 'Opportunity|%' AND sequence_number = 4");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1) - t0, rs.getLong(2) - t0, rs.getLong(3)};
    }
  }
}
