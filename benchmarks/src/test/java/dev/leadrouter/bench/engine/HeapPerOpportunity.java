package dev.leadrouter.bench.engine;

import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap per open opportunity with a pending idle downgrade (issue 16: 100k on one node), and the CPU
 * its creation costs the engine and PostgreSQL.
 *
 * <p>Two modes, as {@link HeapPerLead}. With {@code passivateAfter} unset every opportunity stays in
 * memory (passivation off): the cost of a live Opportunity entity (its state, timeline, action, timer).
 * With {@code passivateAfter} set (e.g. {@code 30s}; the engine's default is 2 min) they passivate as
 * in production and each measurement waits until they left memory: what the node carries for an open
 * opportunity between its deadlines (its rows in {@code deadline_index} are read ahead by the scanner
 * only within its look-ahead; 48 h away here).
 *
 * <p>Starts the engine (time scale 1: the downgrade 48 h and the silent warning 7 days away, nothing
 * fires during the run), brings {@code opportunities} opportunities into {@code solution_demo} through
 * {@link OpportunityDriver} (open, valid action with evidence, stage move), waits until the read model
 * holds all of them ({@code opportunity_index} and their idle rows in {@code deadline_index}), and reads
 * the used heap after full GCs at start, after {@code checkpoint} of them, and at the end. CPU: the
 * engine JVM's and PostgreSQL's over the creation up to the read model holding all (the checkpoint's
 * GCs and waits left out).
 *
 * <p>System properties [defaults]: {@code db} (required), {@code opportunities} [100000], {@code
 * inFlight} [200], {@code repsPerRegion} [10], {@code checkpoint} [0.1], {@code maxBacklog} [20000]
 * (opportunities started but not yet projected in solution_demo), {@code maxMinutes} [14],
 * {@code passivateAfter} [unset: passivation off], {@code report} [target/bench/opportunity-heap.txt].
 */
public final class HeapPerOpportunity {

  private HeapPerOpportunity() {}

  public static void main(String[] args) throws Exception {
    long maxMinutes = Bench.longProp("maxMinutes", 14);
    Bench.watchdog(Duration.ofMinutes(maxMinutes));
    String db = Bench.database();
    long n = Bench.longProp("opportunities", 100_000);
    int inFlight = (int) Bench.longProp("inFlight", 200);
    int repsPerRegion = (int) Bench.longProp("repsPerRegion", 10);
    double checkpoint = Bench.doubleProp("checkpoint", 0.1);
    long maxBacklog = Bench.longProp("maxBacklog", 20_000);
    Path report = Path.of(Bench.prop("report", "target/bench/opportunity-heap.txt"));
    String passivateAfter = Bench.prop("passivateAfter", "");
    boolean passivates = !passivateAfter.isEmpty();
    String load = Cpu.loadAverage();

    Path work = Files.createTempDirectory("bench-opp-heap");
    Path org = Bench.orgChart(work, repsPerRegion, 100_000);
    Bench.log("heap per opportunity: %,d opportunities, %d owners, in flight %d, database %s; load average %s; %s", n,
        repsPerRegion * 3, inFlight, db, load, Bench.jvmDescription());
    Bench.Engine engine = Bench.start(Bench.config(db, work, org,
        "leadrouter.sla.time-scale = 1\n" + Bench.passivateAfter(passivates ? passivateAfter : "off")));
    Duration idle = passivates ? engine.system().settings().config().getDuration(Bench.IDLE_TIMEOUT) : null;
    List<String> out = new ArrayList<>();
    try (Connection c = Bench.connect(db)) {
      Thread.sleep(2000);
      long baseline = Bench.usedHeapAfterGc();
      Bench.log("baseline (engine started, no opportunity): used heap %s", Bench.mib(baseline));

      long n1 = Math.max(1, Math.round(n * checkpoint));
      OpportunityDriver driver = new OpportunityDriver(engine.deps(), inFlight, repsPerRegion);
      long t0 = System.nanoTime();
      Cpu.Reading cpu0 = Cpu.read(c, db);
      createUpTo(driver, c, n1, maxBacklog);
      settle(driver, c, n1);
      Cpu.Spent cpu = Cpu.between(cpu0, Cpu.read(c, db));
      long pausedAt = System.nanoTime();
      if (passivates) awaitPassivated(engine, idle);
      long heap1 = Bench.usedHeapAfterGc();
      long resident1 = Bench.resident(engine.system(), OpportunityProtocol.ENTITY_KEY);
      Bench.log("checkpoint: %,d opportunities in solution_demo, %,d entities resident, used heap %s", n1, resident1,
          Bench.mib(heap1));

      long paused = System.nanoTime() - pausedAt;
      Cpu.Reading cpu1 = Cpu.read(c, db);
      createUpTo(driver, c, n, maxBacklog);
      long createdNanos = System.nanoTime() - t0 - paused;
      settle(driver, c, n);
      cpu = cpu.plus(Cpu.between(cpu1, Cpu.read(c, db)));
      long allNanos = System.nanoTime() - t0 - paused;
      if (passivates) awaitPassivated(engine, idle);
      long heap = Bench.usedHeapAfterGc();
      long resident = Bench.resident(engine.system(), OpportunityProtocol.ENTITY_KEY);
      long idleRows = Bench.count(c, OpportunityDriver.IDLE_ROWS);
      long silentRows = Bench.count(c, OpportunityDriver.SILENT_ROWS);
      long events = Bench.count(c, "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Opportunity|%'");

      double perOpp = (double) (heap - baseline) / n;
      double slope = (double) (heap - heap1) / (n - n1);
      out.add("# heap per open opportunity (solution_demo, idle downgrade pending), " + java.time.Instant.now() + "; "
          + (passivates ? "opportunities passivate after " + passivateAfter + " idle (measured once they did)"
              : "passivation off: every opportunity resident"));
      out.add(Bench.jvmDescription());
      out.add("load average at start: " + load + "; in flight " + inFlight + ", owners " + repsPerRegion * 3);
      out.add(String.format(Locale.ROOT, "opportunities created (open, action, move): %,d (%,d failed) in %.1f s"
              + " (%.0f /s); all projected after %.1f s (%.0f /s); journal events %,d", driver.moved.get(),
          driver.failed.get(), createdNanos / 1e9, driver.moved.get() / (createdNanos / 1e9), allNanos / 1e9,
          n / (allNanos / 1e9), events));
      out.add(cpu.per(n, "opportunity") + " (creation up to the read model holding all)");
      out.add(String.format(Locale.ROOT, "Opportunity entities resident: %,d; deadline_index: %,d idle-downgrade rows,"
          + " %,d silent-warning rows", resident, idleRows, silentRows));
      out.add("used heap after full GC: baseline " + Bench.mib(baseline) + ", at " + String.format(Locale.ROOT, "%,d", n1)
          + " " + Bench.mib(heap1) + ", at " + String.format(Locale.ROOT, "%,d", n) + " " + Bench.mib(heap));
      out.add(String.format(Locale.ROOT, "per opportunity: (end - baseline) / n = %,.0f bytes; slope (end - checkpoint) ="
          + " %,.0f bytes", perOpp, slope));
      out.add(String.format(Locale.ROOT, "extrapolated: 100,000 -> baseline + 100k x slope = %.2f GiB; 1,000,000 ->"
          + " %.2f GiB", (baseline + slope * 1e5) / (1L << 30), (baseline + slope * 1e6) / (1L << 30)));
      out.add("");
      String histogram = Bench.classHistogram();
      out.add("class histogram (top 30 by bytes; the whole one is in " + report.getFileName() + ".histogram):");
      out.addAll(Bench.topLines(histogram, 33));
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(Path.of(report + ".histogram"), histogram);
    } finally {
      engine.stop();
    }
    Bench.writeReport(report, out, 9);
    System.exit(0);
  }

  /** Waits until the idle opportunities have left memory (at most 3 idle timeouts and a minute). */
  private static void awaitPassivated(Bench.Engine engine, Duration idle) throws Exception {
    long deadline = System.nanoTime() + idle.multipliedBy(3).plusMinutes(1).toNanos();
    long resident = Bench.resident(engine.system(), OpportunityProtocol.ENTITY_KEY);
    while (resident > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      resident = Bench.resident(engine.system(), OpportunityProtocol.ENTITY_KEY);
    }
    Bench.log("waited for passivation: %,d Opportunity entities resident", resident);
  }

  /** Starts opportunities until {@code target}, keeping at most {@code maxBacklog} started but not projected. */
  static void createUpTo(OpportunityDriver driver, Connection c, long target, long maxBacklog) throws Exception {
    long lastLog = System.nanoTime();
    long lastSent = driver.sent.get();
    while (driver.sent.get() < target) {
      driver.createOne();
      long sent = driver.sent.get();
      if (sent % 5000 == 0) {
        if (driver.failed.get() > 0) driver.checkNoFailure();
        long projected = Bench.count(c, OpportunityDriver.IN_DEMO);
        while (sent - projected > maxBacklog) {
          Thread.sleep(500);
          projected = Bench.count(c, OpportunityDriver.IN_DEMO);
        }
        if (System.nanoTime() - lastLog > 10_000_000_000L) {
          double secs = (System.nanoTime() - lastLog) / 1e9;
          Bench.log("started %,d, in solution_demo %,d (read model %,d), failed %,d; %.0f /s", sent, driver.moved.get(),
              projected, driver.failed.get(), (sent - lastSent) / secs);
          lastLog = System.nanoTime();
          lastSent = sent;
        }
      }
    }
  }

  /** Waits until every opportunity started is in solution_demo in the read model with its idle row. */
  static void settle(OpportunityDriver driver, Connection c, long n) throws Exception {
    if (!driver.awaitAnswers(Duration.ofMinutes(2))) throw new IllegalStateException("opportunities not answered");
    driver.checkNoFailure();
    if (!Bench.awaitCount(c, "in solution_demo (read model)", OpportunityDriver.IN_DEMO, n, Duration.ofMinutes(4))
        || !Bench.awaitCount(c, "idle downgrades (deadline_index)", OpportunityDriver.IDLE_ROWS, n, Duration.ofMinutes(2))) {
      throw new IllegalStateException("the read model does not hold every opportunity");
    }
  }
}
