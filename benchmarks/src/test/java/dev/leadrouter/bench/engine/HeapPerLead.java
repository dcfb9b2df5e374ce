package dev.leadrouter.bench.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap per open lead with pending SLA deadlines (issue 6: at most 4 GB for 1M on one node).
 *
 * <p>Two modes. With {@code passivateAfter} unset, every lead stays in memory (passivation off): the
 * cost of a live lead entity. With {@code passivateAfter} set (e.g. {@code 30s}; the engine's default
 * is 2 min), leads passivate as they do in production and each measurement waits until the idle
 * leads have left memory: the cost of an open lead the node carries between its SLA steps (its rep's
 * open-lead entry; its deadlines are in {@code deadline_index} and read ahead by the scanner).
 *
 * <p>Starts the engine, creates {@code leads} leads through {@link
 * dev.leadrouter.engine.lead.Lead.Receive} (each routed by its region's pool, assigned to a rep and
 * holding its 3 pending deadlines: the standard policy at time scale 0.05, so none fires during
 * the run), waits until the read model shows every lead assigned with its deadlines, and reads the used
 * heap after full GCs: at start (baseline), after {@code checkpoint} of the leads, and at the end.
 * Reports (end − baseline) / leads and the slope between the checkpoint and the end (which leaves
 * out fixed costs such as caches filled by the first leads), and extrapolates to 1M leads.
 *
 * <p>System properties [defaults]: {@code db} (required), {@code leads} [200000], {@code inFlight}
 * [500], {@code repsPerRegion} [10], {@code capacity} [100000], {@code checkpoint} [0.1],
 * {@code maxBacklog} [50000] (leads sent but not yet assigned), {@code maxMinutes} [14], {@code
 * passivateAfter} [unset: passivation off], {@code report} [target/bench/heap.txt].
 */
public final class HeapPerLead {

  private HeapPerLead() {}

  public static void main(String[] args) throws Exception {
    long maxMinutes = Bench.longProp("maxMinutes", 14);
    Bench.watchdog(Duration.ofMinutes(maxMinutes));
    String db = Bench.database();
    long leads = Bench.longProp("leads", 200_000);
    int inFlight = (int) Bench.longProp("inFlight", 500);
    int repsPerRegion = (int) Bench.longProp("repsPerRegion", 10);
    int capacity = (int) Bench.longProp("capacity", 100_000);
    double checkpoint = Bench.doubleProp("checkpoint", 0.1);
    long maxBacklog = Bench.longProp("maxBacklog", 50_000);
    Path report = Path.of(Bench.prop("report", "target/bench/heap.txt"));
    String passivateAfter = Bench.prop("passivateAfter", "");
    boolean passivates = !passivateAfter.isEmpty();

    Path work = Files.createTempDirectory("bench-heap");
    Path org = Bench.orgChart(work, repsPerRegion, capacity);
    Bench.log("heap per lead: %,d leads, %d reps (capacity %,d), database %s; %s", leads, repsPerRegion * 3, capacity,
        db, Bench.jvmDescription());
    // SLA time scale 0.05: the standard policy's first step 5 h after assignment, so none fires
    // while a long run (1M leads take about 20 min) is still creating leads.
    Bench.Engine engine = Bench.start(Bench.config(db, work, org,
        "leadrouter.sla.time-scale = 0.05\n" + Bench.passivateAfter(passivates ? passivateAfter : "off")));
    Duration idle = passivates ? engine.system().settings().config().getDuration(Bench.IDLE_TIMEOUT) : null;
    List<String> out = new ArrayList<>();
    try (Connection c = Bench.connect(db)) {
      Thread.sleep(2000);
      long baseline = Bench.usedHeapAfterGc();
      Bench.log("baseline (engine started, no lead): used heap %s", Bench.mib(baseline));

      long n1 = Math.max(1, Math.round(leads * checkpoint));
      Bench.Creator creator = new Bench.Creator(engine.deps(), inFlight);
      long t0 = System.nanoTime();
      createUpTo(creator, c, n1, maxBacklog);
      settle(creator, c, n1);
      if (passivates) awaitPassivated(engine, idle, repsPerRegion);
      long heap1 = Bench.usedHeapAfterGc();
      long resident1 = Bench.residentLeads(engine.system());
      Bench.log("checkpoint: %,d leads assigned, %,d Lead entities resident, used heap %s", n1, resident1, Bench.mib(heap1));

      createUpTo(creator, c, leads, maxBacklog);
      long createdNanos = System.nanoTime() - t0;
      settle(creator, c, leads);
      long allNanos = System.nanoTime() - t0;
      long repsHold = passivates ? awaitPassivated(engine, idle, repsPerRegion) : -1;
      long heap = Bench.usedHeapAfterGc();
      long resident = Bench.residentLeads(engine.system());
      long notAssigned = Bench.count(c, "SELECT count(*) FROM lead_index WHERE status <> 'ASSIGNED'");
      long deadlines = Bench.count(c, Bench.PENDING_DEADLINES);

      double perLead = (double) (heap - baseline) / leads;
      double slope = (double) (heap - heap1) / (leads - n1);
      out.add("# heap per open lead, " + java.time.Instant.now() + "; "
          + (passivates ? "leads passivate after " + passivateAfter + " idle (measured once they did)"
              : "passivation off: every lead resident"));
      out.add(Bench.jvmDescription());
      out.add(String.format(Locale.ROOT, "leads created: %,d (%,d failed) in %.1f s (%.0f leads/s); all assigned and"
              + " projected after %.1f s", creator.accepted.get(), creator.failed.get(), createdNanos / 1e9,
          creator.accepted.get() / (createdNanos / 1e9), allNanos / 1e9));
      out.add(String.format(Locale.ROOT, "Lead entities resident: %,d; leads not ASSIGNED in lead_index: %,d;"
          + " pending deadlines in deadline_index: %,d", resident, notAssigned, deadlines));
      if (passivates) out.add(String.format(Locale.ROOT, "every rep in memory when measured, holding %,d open leads", repsHold));
      out.add("used heap after full GC: baseline " + Bench.mib(baseline) + ", at " + String.format(Locale.ROOT, "%,d", n1)
          + " leads " + Bench.mib(heap1) + ", at " + String.format(Locale.ROOT, "%,d", leads) + " leads " + Bench.mib(heap));
      out.add(String.format(Locale.ROOT, "per lead: (end - baseline) / leads = %,.0f bytes; slope (end - checkpoint) ="
          + " %,.0f bytes", perLead, slope));
      out.add(String.format(Locale.ROOT, "extrapolated to 1,000,000 resident leads: baseline + 1M x slope = %.2f GiB"
          + " (1M x per lead = %.2f GiB)", (baseline + slope * 1e6) / (1L << 30), perLead * 1e6 / (1L << 30)));
      out.add("");
      String histogram = Bench.classHistogram();
      out.add("class histogram (top 30 by bytes; the whole one is in " + report.getFileName() + ".histogram):");
      out.addAll(Bench.topLines(histogram, 33));
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(Path.of(report + ".histogram"), histogram);
    } finally {
      engine.stop();
    }
    Bench.writeReport(report, out, Long.MAX_VALUE);
    System.exit(0);
  }

  /**
   * Waits until the idle leads have left memory (at most 3 idle timeouts and a minute), then brings
   * every rep back into memory, as during a working day: a rep's entity holds its open leads.
   */
  private static long awaitPassivated(Bench.Engine engine, Duration idle, int repsPerRegion) throws Exception {
    long deadline = System.nanoTime() + idle.multipliedBy(3).plusMinutes(1).toNanos();
    long resident = Bench.residentLeads(engine.system());
    while (resident > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      resident = Bench.residentLeads(engine.system());
    }
    long open = Bench.openLeadsHeld(engine, repsPerRegion);
    Bench.log("waited for passivation: %,d Lead entities resident; every rep in memory, holding %,d open leads",
        resident, open);
    return open;
  }

  /** Sends leads until {@code target} were sent, keeping at most {@code maxBacklog} sent but unassigned. */
  private static void createUpTo(Bench.Creator creator, Connection c, long target, long maxBacklog) throws Exception {
    long lastLog = System.nanoTime();
    long lastSent = creator.sent.get();
    while (creator.sent.get() < target) {
      creator.createOne();
      long sent = creator.sent.get();
      if (sent % 2000 == 0) {
        long assigned = Bench.count(c, Bench.ASSIGNED);
        while (sent - assigned > maxBacklog) {
          Thread.sleep(500);
          assigned = Bench.count(c, Bench.ASSIGNED);
        }
        if (System.nanoTime() - lastLog > 10_000_000_000L) {
          double secs = (System.nanoTime() - lastLog) / 1e9;
          Bench.log("sent %,d, accepted %,d, failed %,d, assigned (read model) %,d; %.0f leads/s", sent,
              creator.accepted.get(), creator.failed.get(), assigned, (sent - lastSent) / secs);
          lastLog = System.nanoTime();
          lastSent = sent;
        }
      }
    }
  }

  /** Waits until every lead sent was answered, assigned and its 3 deadlines are in the read model. */
  private static void settle(Bench.Creator creator, Connection c, long leads) throws Exception {
    if (!creator.awaitAnswers(Duration.ofMinutes(2))) throw new IllegalStateException("leads not answered");
    if (creator.failed.get() > 0) throw new IllegalStateException(creator.failed.get() + " leads failed");
    if (!Bench.awaitCount(c, "assigned (read model)", Bench.ASSIGNED, leads, Duration.ofMinutes(3))
        || !Bench.awaitCount(c, "pending deadlines (read model)", Bench.PENDING_DEADLINES, 3 * leads, Duration.ofMinutes(2))) {
      throw new IllegalStateException("not every lead was assigned");
    }
    Thread.sleep(3000); // the reps' reservations follow the assignment
  }
}
