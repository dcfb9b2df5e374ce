package dev.leadrouter.engine.rep;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.pcollections.TreePMap;

/**
 * One person who can hold leads. Owns the set of their open leads — the source of truth for
 * capacity: a reservation that would exceed the capacity is refused — the time of their last
 * assignment, how many new leads they received today (in their own zone, for {@code maxNewPerDay})
 * and their breach streak: how many of their leads in a row breached the acknowledgement SLA. A
 * streak at the routing rules' {@code breachStreakLimit} takes them out of rotation until a manager
 * restores them ({@link RestoreRotation}); a lead acknowledged in time ends the streak. Profile and
 * tags live in the org chart.
 *
 * <p>Every change is reported as a {@link RepWorkload} to the routing pools of every region, so
 * their load caches stay exact; a refusal or a re-confirmed slot changes nothing and goes to the
 * pool of the lead's region only (it settles the offer there). A refusal is also sent to the lead,
 * which then asks for another rep. When the rep is deactivated ({@link Deactivate}), each open lead is told to leave them.
 */
public final class Rep extends EventSourcedBehaviorWithEnforcedReplies<Rep.Command, Rep.Event, Rep.Live> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Rep");

  public sealed interface Command extends EngineSerializable {}

  /** Take one more open lead if under {@code capacity}; answers the lead with a reservation result. */
  public record Reserve(String leadId, int capacity, String region) implements Command {}

  /** The lead is closed or moved: free its slot. No reply. */
  public record Release(String leadId) implements Command {}

  /** Replies the current {@link RepWorkload}. */
  public record GetLoad(ActorRef<RepWorkload> replyTo) implements Command {}

  /** One of this rep's leads breached the acknowledgement SLA (escalated, reassigned, marked breached). No reply. */
  public record AckBreached(String leadId) implements Command {}

  /** One of this rep's leads was acknowledged before any breach: the streak ends. No reply. */
  public record AckInTime(String leadId) implements Command {}

  /**
   * A manager puts the rep back in rotation: the streak starts again from 0 (nothing is recorded
   * when there is no streak). Replies the {@link Status}.
   */
  public record RestoreRotation(String by, ActorRef<Status> replyTo) implements Command {}

  /** Replies the {@link Status}. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** The rep was deactivated (or left the org chart): every open lead leaves them. No reply. */
  public record Deactivate(String reason) implements Command {}

  /** Sharding's stop message for this entity leaving memory; see {@link dev.leadrouter.engine.lead.Lead.Passivate} for why a command. */
  public record Passivate() implements Command {}

  /**
   * What a manager sees of a rep's load: open leads, new leads on {@code day}, the breach streak
   * and the leads in it, and who last restored them to rotation and when (null: never).
   */
  public record Status(String repId, int openLeads, LocalDate day, int newOnDay, int breachStreak,
      List<String> streakLeads, String restoredBy, Instant restoredAt) implements EngineSerializable {
    public Status {
      streakLeads = List.copyOf(streakLeads);
    }
  }

  public sealed interface Event extends EngineSerializable {}

  /** Reserved before daily counts existed. Replaced by {@link LeadReservedV2}; old journals still hold it. */
  public record LeadReserved(String leadId, Instant at, String region) implements Event {}

  /** A lead reserved on {@code day}, the rep's local date at that instant. */
  public record LeadReservedV2(String leadId, Instant at, String region, LocalDate day) implements Event {}

  public record LeadReleased(String leadId, Instant at) implements Event {}

  public record AckBreachCounted(String leadId, Instant at) implements Event {}

  public record StreakEnded(String leadId, Instant at) implements Event {}

  public record RotationRestored(String by, Instant at) implements Event {}

  /**
   * The projection tags of a rep's streak events ({@code rep-0..N-1}): a breach counted, a streak
   * ended, a restore — what the rotation read model (benchings in the SLA report) needs. They are
   * rare, so one slice; N is a schema decision (changing it moves reps between slices).
   */
  public static final int TAG_COUNT = 1;

  /** The projection tag of a rep's streak events. */
  public static String tagFor(String repId) {
    return "rep-" + Math.abs(repId.hashCode() % TAG_COUNT);
  }

  /** The most streak leads kept by id (the count goes on beyond it). */
  static final int STREAK_LEADS_KEPT = 20;

  /** Snapshots written before daily counts and streaks: read through {@link #toV2()}. */
  public record State(List<OpenLead> open, long lastAssignedAtMillis) implements EngineSerializable {
    public State {
      open = List.copyOf(open);
    }

    StateV2 toV2() {
      return new StateV2(open, lastAssignedAtMillis, null, 0, 0, List.of(), null, null);
    }
  }

  /**
   * The snapshot form (Kryo writes it component by component, so its shape never changes): open leads
   * sorted by lead id (deterministic bytes), the last assignment time, the new leads of {@code day},
   * the breach streak (with its last {@value #STREAK_LEADS_KEPT} lead ids, so a repeated report counts
   * once) and the last restore. In memory the rep holds {@link Live}.
   */
  public record StateV2(List<OpenLead> open, long lastAssignedAtMillis, LocalDate day, int newOnDay,
      int breachStreak, List<String> streakLeads, String restoredBy, Instant restoredAt) implements EngineSerializable {

    public StateV2 {
      open = List.copyOf(open);
      streakLeads = List.copyOf(streakLeads);
    }

    Live toLive() {
      TreePMap<String, OpenLead> byId = TreePMap.empty();
      for (OpenLead lead : open) byId = byId.plus(lead.leadId(), lead);
      return new Live(byId, lastAssignedAtMillis, day, newOnDay, breachStreak, streakLeads, restoredBy, restoredAt);
    }
  }

  /**
   * What a rep holds in memory: {@link StateV2}'s content with the open leads in a persistent sorted
   * map, so a reservation or a release costs O(log n) and shares the rest. A rep may hold thousands of
   * open leads: copying the sorted list on every event was 4 % of the engine's CPU and 15 % of its
   * allocation in a sustained run with 3,000 per rep (docs/benchmarks.md). Written as {@link StateV2}
   * ({@link #snapshot()}), one copy per snapshot.
   */
  public record Live(TreePMap<String, OpenLead> open, long lastAssignedAtMillis, LocalDate day, int newOnDay,
      int breachStreak, List<String> streakLeads, String restoredBy, Instant restoredAt) {

    public Live {
      streakLeads = List.copyOf(streakLeads);
    }

    public static final Live EMPTY = new Live(TreePMap.empty(), 0L, null, 0, 0, List.of(), null, null);

    /** The snapshot form. */
    public StateV2 snapshot() {
      return new StateV2(List.copyOf(open.values()), lastAssignedAtMillis, day, newOnDay, breachStreak, streakLeads,
          restoredBy, restoredAt);
    }

    boolean holds(String leadId) {
      return open.containsKey(leadId);
    }

    RepWorkload workload() {
      return new RepWorkload(open.size(), lastAssignedAtMillis, day, newOnDay, breachStreak);
    }

    Status status(String repId) {
      return new Status(repId, open.size(), day, newOnDay, breachStreak, streakLeads, restoredBy, restoredAt);
    }

    Live apply(Event event) {
      if (event instanceof LeadReserved e) return reserved(e.leadId(), e.at(), e.region(), null);
      if (event instanceof LeadReservedV2 e) return reserved(e.leadId(), e.at(), e.region(), e.day());
      if (event instanceof LeadReleased e) {
        if (!open.containsKey(e.leadId())) return this;
        return withOpen(open.minus(e.leadId()), lastAssignedAtMillis, day, newOnDay);
      }
      if (event instanceof AckBreachCounted e) {
        List<String> leads = new ArrayList<>(streakLeads);
        leads.add(e.leadId());
        if (leads.size() > STREAK_LEADS_KEPT) leads.remove(0);
        return new Live(open, lastAssignedAtMillis, day, newOnDay, breachStreak + 1, leads, restoredBy, restoredAt);
      }
      if (event instanceof StreakEnded) {
        return new Live(open, lastAssignedAtMillis, day, newOnDay, 0, List.of(), restoredBy, restoredAt);
      }
      RotationRestored e = (RotationRestored) event;
      return new Live(open, lastAssignedAtMillis, day, newOnDay, 0, List.of(), e.by(), e.at());
    }

    private Live reserved(String leadId, Instant at, String region, LocalDate on) {
      LocalDate nextDay = on == null ? day : on;
      int nextCount = on == null ? newOnDay : on.equals(day) ? newOnDay + 1 : 1;
      if (open.containsKey(leadId)) return withOpen(open, at.toEpochMilli(), day, newOnDay);
      return withOpen(open.plus(leadId, new OpenLead(leadId, region)), at.toEpochMilli(), nextDay, nextCount);
    }

    private Live withOpen(TreePMap<String, OpenLead> leads, long last, LocalDate d, int count) {
      return new Live(leads, last, d, count, breachStreak, streakLeads, restoredBy, restoredAt);
    }
  }

  /** An open lead and the region pool that routed it. */
  public record OpenLead(String leadId, String region) implements EngineSerializable {}

  public static void init(ActorSystem<?> system, EngineDeps deps, RepListener listener) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps, listener))
        .withStopMessage(new Passivate()));
  }

  public static Behavior<Command> create(String repId, EngineDeps deps, RepListener listener) {
    return new Rep(repId, deps, listener);
  }

  private final String repId;
  private final EngineDeps deps;
  private final RepListener listener;

  private Rep(String repId, EngineDeps deps, RepListener listener) {
    super(PersistenceId.of(ENTITY_KEY.name(), repId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.repId = repId;
    this.deps = deps;
    this.listener = listener;
  }

  @Override
  public Live emptyState() {
    return Live.EMPTY;
  }

  /** Writes {@link StateV2}; reads it and the {@link State} snapshots written before. */
  @Override
  public SnapshotAdapter<Live> snapshotAdapter() {
    return SNAPSHOTS;
  }

  /** {@link Live} written as {@link StateV2}; {@link StateV2} and {@link State} read into {@link Live}. */
  public static final SnapshotAdapter<Live> SNAPSHOTS = new SnapshotAdapter<>() {
    @Override
    public Object toJournal(Live state) {
      return state.snapshot();
    }

    @Override
    public Live fromJournal(Object from) {
      return (from instanceof State old ? old.toV2() : (StateV2) from).toLive();
    }
  };

  /**
   * Only the streak events are tagged: reservations and releases, on the intake→assignment path, are
   * read by no projection and get no tag row.
   */
  @Override
  public java.util.Set<String> tagsFor(Event event) {
    return event instanceof AckBreachCounted || event instanceof StreakEnded || event instanceof RotationRestored
        ? java.util.Set.of(tagFor(repId)) : java.util.Set.of();
  }

  /**
   * A snapshot every 1,000 events, the last two kept. A snapshot holds every open lead of the rep, so
   * its cost grows with them: every 100 events, a rep holding 2,600 open leads wrote 26 open-lead
   * entries per reservation (12 % of PostgreSQL's statement time in a 4-minute sustained run,
   * docs/benchmarks.md). A recovery replays at most 1,000 small events after the snapshot.
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, Live> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, this::onRelease)
        .onCommand(GetLoad.class, (s, c) -> Effect().reply(c.replyTo(), s.workload()))
        .onCommand(GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), s.status(repId)))
        .onCommand(AckBreached.class, this::onAckBreached)
        .onCommand(AckInTime.class, this::onAckInTime)
        .onCommand(RestoreRotation.class, (s, c) -> s.breachStreak() == 0
            ? Effect().reply(c.replyTo(), s.status(repId))
            : Effect().persist(new RotationRestored(c.by(), deps.clock().instant()))
                .thenRun(this::reportToAll)
                .thenReply(c.replyTo(), after -> after.status(repId)))
        .onCommand(Deactivate.class, (s, c) -> {
          s.open().keySet().forEach(leadId -> listener.withdraw(leadId, repId, c.reason()));
          return Effect().noReply();
        })
        .build();
  }

  /**
   * A new reservation changes the workload every pool sees; a lead re-confirming its slot (after a
   * restart) or a refusal changes nothing, so only the pool of the lead's region hears of it (it may
   * have the offer in flight).
   */
  private ReplyEffect<Event, Live> onReserve(Live state, Reserve cmd) {
    if (state.holds(cmd.leadId())) {
      answer(cmd.leadId(), true, "already held");
      reportTo(cmd.region(), state, cmd.leadId(), false);
      return Effect().noReply();
    }
    if (state.open().size() >= cmd.capacity()) {
      answer(cmd.leadId(), false, "at capacity " + state.open().size() + "/" + cmd.capacity());
      reportTo(cmd.region(), state, cmd.leadId(), true);
      return Effect().noReply();
    }
    Instant now = deps.clock().instant();
    return Effect()
        .persist(new LeadReservedV2(cmd.leadId(), now, cmd.region(), now.atZone(zone()).toLocalDate()))
        .thenRun(s -> {
          answer(cmd.leadId(), true, "reserved");
          reportToAll(s, cmd.leadId(), false);
        })
        .thenNoReply();
  }

  private ReplyEffect<Event, Live> onRelease(Live state, Release cmd) {
    if (!state.holds(cmd.leadId())) return Effect().noReply();
    return Effect()
        .persist(new LeadReleased(cmd.leadId(), deps.clock().instant()))
        .thenRun(s -> reportToAll(s, cmd.leadId(), false))
        .thenNoReply();
  }

  private ReplyEffect<Event, Live> onAckBreached(Live state, AckBreached cmd) {
    if (state.streakLeads().contains(cmd.leadId())) return Effect().noReply();
    return Effect().persist(new AckBreachCounted(cmd.leadId(), deps.clock().instant()))
        .thenRun(this::reportToAll)
        .thenNoReply();
  }

  private ReplyEffect<Event, Live> onAckInTime(Live state, AckInTime cmd) {
    if (state.breachStreak() == 0) return Effect().noReply();
    return Effect().persist(new StreakEnded(cmd.leadId(), deps.clock().instant()))
        .thenRun(this::reportToAll)
        .thenNoReply();
  }

  /** The rep's zone as the routing rules see it (their calendar's, else the rules'). */
  private ZoneId zone() {
    RoutingRuleSet rules = deps.routing().rules();
    return rules.profile(repId).map(RoutingRuleSet.Profile::zone).orElse(rules.document().zone());
  }

  private void answer(String leadId, boolean reserved, String reason) {
    listener.reservation(leadId, repId, reserved, reason);
  }

  private void reportTo(String region, Live state, String leadId, boolean refused) {
    listener.workload(repId, leadId, state.workload(), refused, region);
  }

  private void reportToAll(Live state) {
    reportToAll(state, null, false);
  }

  /**
   * Tells the pool of every region: a rep may be a candidate of any region's rules (a pool or team
   * spans regions), and each pool's load cache must count them right. {@code leadId}: the lead
   * the change was about (its offer is settled), or null; {@code refused}: the rep refused it.
   */
  private void reportToAll(Live state, String leadId, boolean refused) {
    listener.workload(repId, leadId, state.workload(), refused, null);
  }

  @Override
  public EventHandler<Live, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Live::apply);
  }
}
