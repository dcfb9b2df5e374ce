package dev.leadrouter.persistence.deadline;

import com.typesafe.config.Config;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Wakes the leads and opportunities whose deadline comes due while nothing holds them in memory
 * (passivated, moved, after a restart or a crash). One per cluster (a singleton). Each row's {@code
 * entity} column says whom to wake ({@value #LEAD}, {@value #OPPORTUNITY}): its {@link Waker} asks
 * that entity to {@code Wake}. Below, "lead" stands for either.
 *
 * <p>Every {@code poll-interval} it starts a pass through the rows of {@code deadline_index} due
 * within {@code lookahead} from now (pages of {@code batch-size}, keyset over {@code (due_at,
 * lead_id)}). A row already due is woken at once; a row due later is held in memory and woken at
 * its due time by a timer, so a passivated lead's step fires as punctually as a live lead's own
 * timer, not up to a poll interval late. Only the next {@code lookahead} of deadlines is ever in
 * memory; the database holds the rest, so the open leads a node carries are bounded by the database,
 * not the heap (ADR 0008).
 *
 * <p>Each lead is asked to {@link Lead.Wake} (an opportunity {@link OpportunityProtocol.Wake}), with at most {@code max-in-flight} wake-ups unanswered
 * at once: each answer (or time-out) frees a slot for the next lead, so the pace is what the journal
 * can recover and persist, not one page per poll. The lead re-checks its own state, so a wake-up is
 * never harmful (a live lead's own timer and the scanner may both wake it; the second finds nothing
 * due). Its rows stay in the index until the projection deletes them: a lead is not woken again while
 * its wake-up is in flight, nor for rows due before its last wake-up within {@code max(5 ×
 * poll-interval, wake-timeout)}.
 */
public final class DeadlineScanner extends AbstractBehavior<DeadlineScanner.Command> {

  /** The scanner's settings, {@code leadrouter.deadlines}. */
  public record Settings(Duration pollInterval, int batchSize, int maxInFlight, Duration wakeTimeout,
      Duration lookahead) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("leadrouter.deadlines");
      return new Settings(c.getDuration("poll-interval"), c.getInt("batch-size"), c.getInt("max-in-flight"),
          c.getDuration("wake-timeout"), c.getDuration("lookahead"));
    }

    /** How long rows due before a lead's last wake-up are taken as not yet projected. */
    Duration recheckAfter() {
      Duration fiveIntervals = pollInterval.multipliedBy(5);
      return fiveIntervals.compareTo(wakeTimeout) > 0 ? fiveIntervals : wakeTimeout;
    }
  }

  /** The {@code entity} of a lead's rows. */
  public static final String LEAD = "lead";
  /** The {@code entity} of an opportunity's rows. */
  public static final String OPPORTUNITY = "opportunity";

  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Page(List<Due> rows, Throwable error) implements Command {}

  private record Answered(Target target, boolean answered) implements Command {}

  /** The earliest row held for later is due. */
  private record Ripe() implements Command {}

  private static final Object RIPE = "ripe";

  /** A due row of the index: whom to wake ({@code entity}, {@code id}) and when. */
  record Due(String entity, String id, long dueAt) {
    Target target() {
      return new Target(entity, id);
    }
  }

  /** An entity to wake. */
  record Target(String entity, String id) {}

  /** A lead's last wake-up: sent at {@code wokenAt}, answered or timed out at {@code endedAt}. */
  private record Woke(long wokenAt, long endedAt) {}

  public static void init(ActorSystem<?> system, Database db, EngineDeps deps, Settings settings) {
    ClusterSingleton.get(system).init(
        SingletonActor.of(
            Behaviors.supervise(create(db, deps.clock(), Map.of(
                    LEAD, Waker.<Lead.Command, Lead.Woken>asking(system,
                        id -> deps.sharding().entityRefFor(Lead.ENTITY_KEY, id), Lead.Wake::new),
                    OPPORTUNITY, Waker.<OpportunityProtocol.Command, OpportunityProtocol.Woken>asking(system,
                        id -> deps.sharding().entityRefFor(OpportunityProtocol.ENTITY_KEY, id),
                        OpportunityProtocol.Wake::new)), settings))
                .onFailure(SupervisorStrategy.restart()),
            "deadline-scanner"));
  }

  /** The scanner; {@code wakers} wake the rows of each {@code entity} (the sharded entities). */
  static Behavior<Command> create(Database db, Clock clock, Map<String, Waker> wakers, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new DeadlineScanner(ctx, timers, db, clock, Map.copyOf(wakers), settings)));
  }

  private final TimerScheduler<Command> timers;
  private final Database db;
  private final Clock clock;
  private final Map<String, Waker> wakers;
  private final Settings settings;
  private final Executor blocking;

  /** Lead → when its unanswered wake-up was sent. */
  private final Map<Target, Long> inFlight = new HashMap<>();
  private final Map<Target, Woke> recent = new HashMap<>();
  /** Rows due, read but not yet looked at (while every slot is taken). */
  private final ArrayDeque<Due> queue = new ArrayDeque<>();
  /** Rows read ahead, not due yet, earliest first; {@link #held} is the same rows, to skip a re-read. */
  private final PriorityQueue<Due> soon =
      new PriorityQueue<>(Comparator.comparingLong(Due::dueAt).thenComparing(Due::id));
  private final Set<Due> held = new HashSet<>();
  /** The last row read in this pass; null before the first page. */
  private Due cursor;
  private boolean fetching;
  /** The pass read its last page; the next one starts at the next poll. */
  private boolean passDone = true;
  private int wokenInPass;
  private int timedOutInPass;

  private DeadlineScanner(ActorContext<Command> ctx, TimerScheduler<Command> timers, Database db, Clock clock,
      Map<String, Waker> wakers, Settings settings) {
    super(ctx);
    this.timers = timers;
    this.db = db;
    this.clock = clock;
    this.wakers = wakers;
    this.settings = settings;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    timers.startTimerWithFixedDelay(new Poll(), Duration.ZERO, settings.pollInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Poll.class, p -> onPoll())
        .onMessage(Page.class, this::onPage)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Ripe.class, r -> onRipe())
        .build();
  }

  private Behavior<Command> onPoll() {
    if (!passDone) return this; // the pass under way goes on by itself
    long now = clock.millis();
    long recheck = settings.recheckAfter().toMillis();
    recent.values().removeIf(w -> w.endedAt() + recheck < now);
    passDone = false;
    cursor = null;
    wokenInPass = 0;
    timedOutInPass = 0;
    fill();
    return this;
  }

  private Behavior<Command> onPage(Page page) {
    fetching = false;
    if (page.error() != null) {
      getContext().getLog().warn("Deadline scan failed, retrying in {}: {}", settings.pollInterval(),
          page.error().toString());
      endPass();
      return this;
    }
    long now = clock.millis();
    for (Due row : page.rows()) {
      if (row.dueAt() <= now) queue.add(row);
      else if (held.add(row)) soon.add(row);
    }
    armRipe(now);
    if (!page.rows().isEmpty()) cursor = page.rows().get(page.rows().size() - 1);
    if (page.rows().size() < settings.batchSize()) endPass();
    fill();
    return this;
  }

  /** Moves the rows held for later that are due now to the wake-up queue. */
  private Behavior<Command> onRipe() {
    long now = clock.millis();
    while (!soon.isEmpty() && soon.peek().dueAt() <= now) {
      Due row = soon.poll();
      held.remove(row);
      queue.add(row);
    }
    armRipe(now);
    fill();
    return this;
  }

  /** A timer at the earliest held row's due time (Pekko rounds delays up: it never fires early). */
  private void armRipe(long now) {
    if (soon.isEmpty()) {
      timers.cancel(RIPE);
    } else {
      timers.startSingleTimer(RIPE, new Ripe(), Duration.ofMillis(Math.max(0, soon.peek().dueAt() - now)));
    }
  }

  private Behavior<Command> onAnswered(Answered a) {
    Long wokenAt = inFlight.remove(a.target());
    if (wokenAt != null) recent.put(a.target(), new Woke(wokenAt, clock.millis()));
    if (!a.answered()) timedOutInPass++;
    fill();
    return this;
  }

  /** Wakes queued leads while slots are free; reads the next page once the queue is empty. */
  private void fill() {
    while (inFlight.size() < settings.maxInFlight() && !queue.isEmpty()) {
      Due due = queue.poll();
      if (!wokenFor(due)) wake(due.target());
    }
    if (queue.isEmpty() && !fetching && !passDone) fetch();
  }

  /** Whether the lead's wake-up is in flight or already covered this row (its row is not projected yet). */
  private boolean wokenFor(Due due) {
    if (inFlight.containsKey(due.target())) return true;
    Woke last = recent.get(due.target());
    return last != null && due.dueAt() <= last.wokenAt();
  }

  private void wake(Target target) {
    Waker waker = wakers.get(target.entity());
    if (waker == null) {
      getContext().getLog().warn("Deadline scan: no waker for entity '{}' (row of {})", target.entity(), target.id());
      return;
    }
    inFlight.put(target, clock.millis());
    wokenInPass++;
    getContext().pipeToSelf(waker.wake(target.id(), settings.wakeTimeout()),
        (woken, error) -> new Answered(target, error == null));
  }

  private void fetch() {
    fetching = true;
    long horizon = clock.millis() + settings.lookahead().toMillis();
    Due after = cursor;
    int limit = settings.batchSize();
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> due(db, horizon, after, limit), blocking),
        (rows, error) -> new Page(rows == null ? List.of() : rows, error));
  }

  private void endPass() {
    passDone = true;
    if (timedOutInPass > 0) {
      getContext().getLog().warn("Deadline scan: {} of {} wake-ups not answered within {} (slots freed; those leads"
          + " are woken again later)", timedOutInPass, wokenInPass, settings.wakeTimeout());
    } else if (wokenInPass > 0) {
      getContext().getLog().debug("Deadline scan woke {} leads", wokenInPass);
    }
  }

  /**
   * Up to {@code limit} rows due by {@code nowMillis}, in {@code (due_at, lead_id)} order after {@code
   * after} (a lead's and an opportunity's ids never equal: the key is unique across entities).
   */
  static List<Due> due(Database db, long nowMillis, Due after, int limit) {
    String sql = "SELECT entity, lead_id, due_at FROM deadline_index WHERE due_at <= ?"
        + " AND (due_at > ? OR (due_at = ? AND lead_id > ?)) ORDER BY due_at, lead_id LIMIT ?";
    long afterDue = after == null ? Long.MIN_VALUE : after.dueAt();
    String afterLead = after == null ? "" : after.id();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, nowMillis);
      ps.setLong(2, afterDue);
      ps.setLong(3, afterDue);
      ps.setString(4, afterLead);
      ps.setInt(5, limit);
      List<Due> rows = new ArrayList<>(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(new Due(rs.getString(1), rs.getString(2), rs.getLong(3)));
      }
      return rows;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
