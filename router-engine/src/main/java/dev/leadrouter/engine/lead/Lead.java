package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingCriteria;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.sla.Deadline;
import dev.leadrouter.engine.sla.SlaAction;
import dev.leadrouter.engine.sla.SlaPolicy;
import dev.leadrouter.engine.sla.SlaSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One lead, for its whole life. Owns: the cleaned lead, its status, the assignment and why it was
 * made, the pending SLA deadlines, escalation level, acknowledgement and the timeline.
 *
 * <p>Lifecycle: RECEIVED (asks its region's {@link RoutingPool}) → ASSIGNED (reserves a slot on the
 * {@link Rep}; a refusal revokes the assignment and routing runs again without that rep) or QUEUED
 * (waits in the pool's fallback queue) → ACKNOWLEDGED → CLOSED. While assigned, SLA steps fire from
 * an in-memory timer while the entity lives and from the deadline-index scanner's {@link Wake}
 * otherwise; a step fires only if it is still pending, so a wake-up is always safe.
 */
public final class Lead
    extends EventSourcedBehaviorWithEnforcedReplies<Lead.Command, Lead.Event, Lead.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Lead");

  public enum Status { NEW, RECEIVED, QUEUED, ASSIGNED, ACKNOWLEDGED, CLOSED }

  // ---------------------------------------------------------------- protocol

  public sealed interface Command extends EngineSerializable {}

  /** Record a new lead; replies {@link Accepted} once its first event is durable (or it existed). */
  public record Receive(CleanLead lead, String notes, ActorRef<Accepted> replyTo) implements Command {}

  /** Replies the lead's {@link LeadView}, or {@link Rejected} NOT_FOUND. */
  public record Get(ActorRef<GetReply> replyTo) implements Command {}

  /** The assigned rep acknowledges; replies {@link Acknowledged} or {@link Rejected}. */
  public record Acknowledge(String repId, ActorRef<AckReply> replyTo) implements Command {}

  /** Close the lead and free the rep's slot; replies {@link Closed} or {@link Rejected}. */
  public record Close(String by, String reason, ActorRef<CloseReply> replyTo) implements Command {}

  /** From the routing pool: take this rep. No reply. */
  public record Offer(RoutingDecision decision) implements Command {}

  /** From the routing pool: no eligible rep, wait in the fallback queue. No reply. */
  public record Enqueue(RoutingDecision decision, List<Notice> notices) implements Command {}

  /** From the rep: whether the slot was reserved. No reply. */
  public record ReservationResult(String repId, boolean reserved, String reason) implements Command {}

  /** From the timer or the deadline scanner: fire what is due, retry what is stuck. No reply. */
  public record Wake() implements Command {}

  public sealed interface GetReply extends EngineSerializable {}

  public sealed interface AckReply extends EngineSerializable {}

  public sealed interface CloseReply extends EngineSerializable {}

  public record Accepted(String leadId, Status status) implements EngineSerializable {}

  public record Acknowledged(String leadId, Instant at, long timeToFirstTouchMs) implements AckReply {}

  public record Closed(String leadId, Instant at) implements CloseReply {}

  public record Refused(Rejected rejection) implements GetReply, AckReply, CloseReply {}

  public record Found(LeadView view) implements GetReply {}

  // ---------------------------------------------------------------- events

  public sealed interface Event extends EngineSerializable {}

  public record LeadReceived(String leadId, Instant at, CleanLead lead, String notes) implements Event {}

  public record LeadQueued(Instant at, String region, RoutingDecision decision, List<Notice> notices)
      implements Event {}

  public record LeadAssigned(Instant at, String repId, RoutingDecision decision, String policy,
      List<Deadline> deadlines) implements Event {}

  public record AssignmentRevoked(Instant at, String repId, String reason) implements Event {}

  public record ReminderSent(Instant at, Deadline deadline, List<Notice> notices) implements Event {}

  public record LeadEscalated(Instant at, Deadline deadline, int level, List<Notice> notices)
      implements Event {}

  public record LeadAcknowledged(Instant at, String repId, long timeToFirstTouchMs) implements Event {}

  public record LeadClosed(Instant at, String by, String reason) implements Event {}

  // ---------------------------------------------------------------- state

  /** One line of the lead's history as shown to people. */
  public record TimelineEntry(Instant at, String type, String detail) implements EngineSerializable {}

  /** The current assignment and the reasoning behind it. */
  public record Assignment(String repId, Instant at, RoutingDecision decision) implements EngineSerializable {}

  public record State(
      String leadId,
      Status status,
      Instant receivedAt,
      CleanLead lead,
      Assignment assignment,
      String policy,
      List<Deadline> pending,
      int escalationLevel,
      Instant acknowledgedAt,
      Long timeToFirstTouchMs,
      List<String> refusedBy,
      List<TimelineEntry> timeline)
      implements EngineSerializable {

    public State {
      pending = List.copyOf(pending);
      refusedBy = List.copyOf(refusedBy);
      timeline = List.copyOf(timeline);
    }

    static State empty(String leadId) {
      return new State(leadId, Status.NEW, null, null, null, null, List.of(), 0, null, null, List.of(), List.of());
    }

    boolean isOpen() {
      return status != Status.NEW && status != Status.CLOSED;
    }

    boolean holdsRep() {
      return (status == Status.ASSIGNED || status == Status.ACKNOWLEDGED) && assignment != null;
    }

    String region() {
      return lead.region().macro();
    }

    RoutingCriteria criteria() {
      return new RoutingCriteria(region(), lead.industry(), lead.budgetBand());
    }

    private State with(Status s, Assignment a, String p, List<Deadline> d, int level, TimelineEntry entry) {
      return new State(leadId, s, receivedAt, lead, a, p, d, level, acknowledgedAt, timeToFirstTouchMs, refusedBy,
          append(entry));
    }

    private List<TimelineEntry> append(TimelineEntry entry) {
      List<TimelineEntry> t = new ArrayList<>(timeline);
      t.add(entry);
      return t;
    }

    State apply(Event event) {
      if (event instanceof LeadReceived e) {
        return new State(e.leadId(), Status.RECEIVED, e.at(), e.lead(), null, null, List.of(), 0, null, null,
            List.of(), List.of(new TimelineEntry(e.at(), "RECEIVED", "from " + e.lead().source())));
      } else if (event instanceof LeadQueued e) {
        return with(Status.QUEUED, null, null, List.of(), 0,
            new TimelineEntry(e.at(), "QUEUED", "no eligible rep in " + e.region() + "; fallback queue" + told(e.notices())));
      } else if (event instanceof LeadAssigned e) {
        return with(Status.ASSIGNED, new Assignment(e.repId(), e.at(), e.decision()), e.policy(), e.deadlines(), 0,
            new TimelineEntry(e.at(), "ASSIGNED", e.repId() + " by rule " + e.decision().rule()));
      } else if (event instanceof AssignmentRevoked e) {
        List<String> refused = new ArrayList<>(refusedBy);
        refused.add(e.repId());
        return new State(leadId, Status.RECEIVED, receivedAt, lead, null, null, List.of(), 0, null, null, refused,
            append(new TimelineEntry(e.at(), "REVOKED", e.repId() + ": " + e.reason())));
      } else if (event instanceof ReminderSent e) {
        return with(status, assignment, policy, without(e.deadline()), escalationLevel,
            new TimelineEntry(e.at(), "REMINDER", "step " + e.deadline().step() + told(e.notices())));
      } else if (event instanceof LeadEscalated e) {
        return with(status, assignment, policy, without(e.deadline()), Math.max(escalationLevel, e.level()),
            new TimelineEntry(e.at(), "ESCALATED", "level " + e.level() + told(e.notices())));
      } else if (event instanceof LeadAcknowledged e) {
        return new State(leadId, Status.ACKNOWLEDGED, receivedAt, lead, assignment, policy, List.of(), escalationLevel,
            e.at(), e.timeToFirstTouchMs(), refusedBy,
            append(new TimelineEntry(e.at(), "ACKNOWLEDGED", "by " + e.repId() + " after " + e.timeToFirstTouchMs() + " ms")));
      } else if (event instanceof LeadClosed e) {
        return with(Status.CLOSED, assignment, policy, List.of(), escalationLevel,
            new TimelineEntry(e.at(), "CLOSED", "by " + e.by() + (e.reason() == null ? "" : ": " + e.reason())));
      }
      throw new IllegalStateException("unknown event " + event);
    }

    private List<Deadline> without(Deadline fired) {
      return pending.stream().filter(d -> d.step() != fired.step()).toList();
    }

    private static String told(List<Notice> notices) {
      Set<String> who = new java.util.LinkedHashSet<>();
      notices.forEach(n -> who.add(n.recipientId()));
      return who.isEmpty() ? "" : "; told " + String.join(", ", who);
    }
  }

  // ---------------------------------------------------------------- wiring

  private static final String TIMER = "lead-timer";

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String leadId, EngineDeps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Lead(leadId, deps, ctx, timers)));
  }

  /** The projection tag of a lead: a fixed slice so projections can run in parallel. */
  public static String tagFor(String leadId, int tagCount) {
    return "lead-" + Math.abs(leadId.hashCode() % tagCount);
  }

  private final String leadId;
  private final EngineDeps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;

  private Lead(String leadId, EngineDeps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), leadId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.leadId = leadId;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
  }

  @Override
  public State emptyState() {
    return State.empty(leadId);
  }

  @Override
  public java.util.Set<String> tagsFor(Event event) {
    return Set.of(tagFor(leadId, deps.settings().leadTags()));
  }

  /**
   * No snapshots: a lead has a few dozen events at most, and skipping the snapshot-store query
   * saves a database round trip every time a lead entity starts (every new lead).
   */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::afterRecovery)
        .build();
  }

  private void afterRecovery(State state) {
    if (state.holdsRep()) reserve(state);
    if (state.status() == Status.RECEIVED || state.status() == Status.ASSIGNED) {
      ctx.getSelf().tell(new Wake());
    }
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilderByState<Command, Event, State, State> fresh =
        newCommandHandlerWithReplyBuilder().forState(s -> s.status() == Status.NEW);
    fresh.onCommand(Receive.class, this::onReceive)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Acknowledge.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Close.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onAnyCommand(this::ignore);

    CommandHandlerWithReplyBuilderByState<Command, Event, State, State> known =
        newCommandHandlerWithReplyBuilder().forState(s -> s.status() != Status.NEW);
    known.onCommand(Receive.class, (s, c) -> Effect().reply(c.replyTo(), new Accepted(s.leadId(), s.status())))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), new Found(LeadView.of(s, deps.clock().instant()))))
        .onCommand(Acknowledge.class, this::onAcknowledge)
        .onCommand(Close.class, this::onClose)
        .onCommand(Offer.class, this::onOffer)
        .onCommand(Enqueue.class, this::onEnqueue)
        .onCommand(ReservationResult.class, this::onReservationResult)
        .onCommand(Wake.class, this::onWake);

    return fresh.orElse(known).build();
  }

  private ReplyEffect<Event, State> ignore(State state, Command command) {
    return Effect().noReply();
  }

  private static Refused notFound() {
    return new Refused(Rejected.of(Rejected.Code.NOT_FOUND, "no such lead"));
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive cmd) {
    return Effect()
        .persist(new LeadReceived(leadId, deps.clock().instant(), cmd.lead(), cmd.notes()))
        .thenRun(this::requestRouting)
        .thenReply(cmd.replyTo(), s -> new Accepted(leadId, s.status()));
  }

  private ReplyEffect<Event, State> onOffer(State state, Offer cmd) {
    String repId = cmd.decision().repId();
    boolean routable = state.status() == Status.RECEIVED || state.status() == Status.QUEUED;
    if (!routable) {
      pool(state).tell(new RoutingPool.OfferDeclined(leadId, repId));
      return Effect().noReply();
    }
    Instant now = deps.clock().instant();
    SlaPolicy policy = deps.settings().policyFor(state.lead().priority());
    List<Deadline> deadlines = SlaSchedule.deadlines(policy, now, deps.settings().timeScale());
    return Effect()
        .persist(new LeadAssigned(now, repId, cmd.decision(), policy.name(), deadlines))
        .thenRun(s -> pool(s).tell(new RoutingPool.LeadTaken(leadId)))
        .thenRun(this::reserve)
        .thenRun(this::scheduleNext)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onEnqueue(State state, Enqueue cmd) {
    if (state.status() == Status.QUEUED) return Effect().noReply();
    if (state.status() != Status.RECEIVED) {
      // Closed or assigned while the pool was deciding: it must not keep this lead in its queue.
      pool(state).tell(new RoutingPool.Forget(leadId));
      return Effect().noReply();
    }
    return Effect()
        .persist(new LeadQueued(deps.clock().instant(), state.region(), cmd.decision(), cmd.notices()))
        .thenRun(this::scheduleNext)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onReservationResult(State state, ReservationResult cmd) {
    boolean current = state.status() == Status.ASSIGNED && state.assignment().repId().equals(cmd.repId());
    if (cmd.reserved() || !current) {
      if (!cmd.reserved() && state.holdsRep() && state.assignment().repId().equals(cmd.repId())) {
        ctx.getLog().warn("Lead {} keeps rep {} although its slot could not be re-confirmed: {}",
            leadId, cmd.repId(), cmd.reason());
      }
      return Effect().noReply();
    }
    return Effect()
        .persist(new AssignmentRevoked(deps.clock().instant(), cmd.repId(), cmd.reason()))
        .thenRun(this::requestRouting)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onWake(State state, Wake cmd) {
    if (state.status() == Status.RECEIVED) {
      requestRouting(state);
      return Effect().noReply();
    }
    if (state.status() != Status.ASSIGNED) return Effect().noReply();
    Instant now = deps.clock().instant();
    List<Deadline> due = SlaSchedule.due(state.pending(), now);
    if (due.isEmpty()) {
      scheduleNext(state);
      return Effect().noReply();
    }
    List<Event> events = new ArrayList<>(due.size());
    String repId = state.assignment().repId();
    for (Deadline d : due) {
      List<Notice> notices = Notices.forStep(deps.directory().current(), d.action(), repId, state.region());
      events.add(d.action() == SlaAction.REMIND
          ? new ReminderSent(now, d, notices)
          : new LeadEscalated(now, d, d.action().escalationLevel(), notices));
    }
    return Effect().persist(events).thenRun(this::scheduleNext).thenNoReply();
  }

  private ReplyEffect<Event, State> onAcknowledge(State state, Acknowledge cmd) {
    boolean owner = state.assignment() != null && state.assignment().repId().equals(cmd.repId());
    if (state.status() == Status.ACKNOWLEDGED && owner) {
      return Effect().reply(cmd.replyTo(),
          new Acknowledged(leadId, state.acknowledgedAt(), state.timeToFirstTouchMs()));
    }
    if (state.status() != Status.ASSIGNED) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(
          owner ? Rejected.Code.CONFLICT : Rejected.Code.FORBIDDEN,
          "lead is " + state.status().name().toLowerCase() + (owner ? "" : " and not assigned to " + cmd.repId()))));
    }
    if (!owner) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(Rejected.Code.FORBIDDEN,
          "lead is assigned to another rep")));
    }
    Instant now = deps.clock().instant();
    long ttf = Math.max(0, Duration.between(state.assignment().at(), now).toMillis());
    return Effect()
        .persist(new LeadAcknowledged(now, cmd.repId(), ttf))
        .thenRun(s -> timers.cancel(TIMER))
        .thenReply(cmd.replyTo(), s -> new Acknowledged(leadId, now, ttf));
  }

  private ReplyEffect<Event, State> onClose(State state, Close cmd) {
    if (state.status() == Status.CLOSED) {
      return Effect().reply(cmd.replyTo(), new Closed(leadId, state.timeline().get(state.timeline().size() - 1).at()));
    }
    Instant now = deps.clock().instant();
    boolean heldRep = state.holdsRep();
    boolean queued = state.status() == Status.QUEUED;
    return Effect()
        .persist(new LeadClosed(now, cmd.by(), cmd.reason()))
        .thenRun(s -> {
          timers.cancel(TIMER);
          if (heldRep) rep(state.assignment().repId()).tell(new Rep.Release(leadId));
          if (queued) pool(state).tell(new RoutingPool.Forget(leadId));
        })
        .thenReply(cmd.replyTo(), s -> new Closed(leadId, now));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  // ---------------------------------------------------------------- side effects

  private void requestRouting(State state) {
    pool(state).tell(new RoutingPool.Route(leadId, state.criteria(), state.receivedAt(), state.refusedBy()));
    timers.startSingleTimer(TIMER, new Wake(), deps.settings().routingRetry());
  }

  private void reserve(State state) {
    String repId = state.assignment().repId();
    int capacity = deps.directory().current().person(repId).map(p -> p.capacityOrZero()).orElse(0);
    rep(repId).tell(new Rep.Reserve(leadId, capacity, state.region()));
  }

  private void scheduleNext(State state) {
    if (state.status() != Status.ASSIGNED) {
      timers.cancel(TIMER);
      return;
    }
    SlaSchedule.next(state.pending()).ifPresentOrElse(
        d -> {
          Duration delay = Duration.between(deps.clock().instant(), d.dueAt());
          timers.startSingleTimer(TIMER, new Wake(), delay.isNegative() ? Duration.ZERO : delay);
        },
        () -> timers.cancel(TIMER));
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<RoutingPool.Command> pool(State state) {
    return deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, state.region());
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Rep.Command> rep(String repId) {
    return deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId);
  }
}
