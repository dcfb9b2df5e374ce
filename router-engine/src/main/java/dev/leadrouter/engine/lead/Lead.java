package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
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
    extends EventSourcedBehaviorWithEnforcedReplies<Lead.Command, Lead.Event, LeadState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Lead");

  /** Lead status. Persisted by ordinal inside replies and the lead index: add new ones at the end. */
  /**
   * A lead's status. {@code UNROUTED}: recorded without being offered to routing (a bulk import of
   * past leads that did not ask for routing, ADR 0024); it waits for a person to assign it by hand.
   * New values go last: the ordinal crosses the cluster.
   */
  public enum Status { NEW, RECEIVED, QUEUED, ASSIGNED, ACKNOWLEDGED, CLOSED, CONTACTED, UNROUTED }

  // ---------------------------------------------------------------- protocol

  public sealed interface Command extends EngineSerializable {}

  /**
   * Record a new lead; replies {@link Accepted} once its first event is durable (or it existed).
   * {@code previousLeadId}: the lead one of its contacts belonged to before, outside the dedup
   * window (a returning contact), or null. {@code route}: false records the lead {@link
   * Status#UNROUTED} instead of offering it to routing (a bulk import of past leads, ADR 0024).
   */
  public record Receive(CleanLead lead, String notes, ActorRef<Accepted> replyTo, String previousLeadId, boolean route)
      implements Command {
    public Receive(CleanLead lead, String notes, ActorRef<Accepted> replyTo) {
      this(lead, notes, replyTo, null, true);
    }
  }

  /**
   * Another delivery of the same person (matched on a contact key within the dedup window): record
   * the touch and fill what the lead lacked; never routed again. Replies {@link Accepted}. On an
   * unknown lead id it records the lead like {@link Receive}.
   */
  public record Touch(CleanLead lead, String notes, ActorRef<Accepted> replyTo) implements Command {}

  /**
   * Sharding's stop message for a lead leaving memory (idle passivation, hand-off, shutdown): the
   * lead stops once it has handled the commands before it. A command, not sharding's default
   * {@code PoisonPill}: a lead restarting with backoff after a failed write (a database outage)
   * stashes commands until its recovery, and a passivation that never ended it left the shard
   * holding every later message for that lead (PostgresOutageFaultIT with a 20 s idle timeout).
   */
  public record Passivate() implements Command {}

  /** Replies the lead's {@link LeadView}, or {@link Rejected} NOT_FOUND. */
  public record Get(ActorRef<GetReply> replyTo) implements Command {}

  /** The assigned rep acknowledges; replies {@link Acknowledged} or {@link Rejected}. */
  public record Acknowledge(String repId, ActorRef<AckReply> replyTo) implements Command {}

  /** Close the lead and free the rep's slot; replies {@link Closed} or {@link Rejected}. */
  public record Close(String by, String reason, ActorRef<CloseReply> replyTo) implements Command {}

  /**
   * A manager (or director, or admin: {@code by}) gives the lead to {@code repId} by hand: a queued
   * or routing lead, or one assigned and not yet acknowledged (moved from its rep). Replies
   * {@link Assigned} once the assignment is durable (at once, persisting nothing, when the lead is
   * already that rep's), or {@link Refused}: CONFLICT naming {@code /repId} when the rep cannot take
   * it now, CONFLICT when the lead is closed or acknowledged.
   */
  public record Assign(String repId, String by, ActorRef<AssignReply> replyTo) implements Command {}

  /** The region's pool answered an {@link Assign} ({@code answer} null: not in time). Internal. */
  public record HandAnswered(String repId, String by, RoutingPool.HandAnswer answer, ActorRef<AssignReply> replyTo)
      implements Command {}

  /** From the routing pool: take this rep. No reply. */
  public record Offer(RoutingDecision decision) implements Command {}

  /** From the routing pool: no eligible rep now; wait for one to return or in the fallback queue. No reply. */
  public record Enqueue(RoutingDecision decision, List<Notice> notices) implements Command {}

  /** Replies the rep who owns (or last owned) this lead, or null: for a returning contact's new lead. */
  public record GetOwner(ActorRef<OwnerIs> replyTo) implements Command {}

  public record OwnerIs(String leadId, String repId) implements EngineSerializable {}

  /** The previous lead's owner is known (or could not be asked: null); route now. Internal. */
  public record RouteWith(String previousOwner) implements Command {}

  /** From the rep's entity: they can no longer hold this lead (deactivated); route it again. No reply. */
  public record Withdraw(String repId, String reason) implements Command {}

  /** From the rep: whether the slot was reserved. No reply. */
  public record ReservationResult(String repId, boolean reserved, String reason) implements Command {}

  /**
   * From the timer or the deadline scanner: fire what is due, retry what is stuck. Replies {@link Woken}
   * once what was due is durable (the lead's own timer passes the ignore ref).
   */
  public record Wake(ActorRef<Woken> replyTo) implements Command {}

  /** Put the lead on hold: its SLA clock stops. Replies {@link SlaChanged} or {@link Refused}. */
  public record Hold(String by, String reason, ActorRef<SlaReply> replyTo) implements Command {}

  /** End a hold: each step keeps the time it had left. Replies {@link SlaChanged} or {@link Refused}. */
  public record Resume(String by, ActorRef<SlaReply> replyTo) implements Command {}

  /** The assigned rep reached the contact (implies acknowledgement). Replies {@link SlaChanged} or {@link Refused}. */
  public record RecordContact(String repId, ActorRef<SlaReply> replyTo) implements Command {}

  /**
   * The owning rep (or someone above them, or an admin) turns the acknowledged lead into an
   * opportunity ({@code OpportunityProtocol.idFor}); replies {@link Converted} once the opportunity
   * is open, or {@link Refused}: CONFLICT when not yet acknowledged or already converted.
   */
  public record Convert(String by, String name, java.math.BigDecimal amount, String currency, String pipeline,
      ActorRef<ConvertReply> replyTo) implements Command {}

  /** The opportunity answered the lead's Open ({@code reply} null: not in time); answer the converting caller. Internal. */
  public record OpportunityAnswered(String opportunityId, OpportunityProtocol.OpenReply reply,
      ActorRef<ConvertReply> replyTo) implements Command {}

  public sealed interface ConvertReply extends EngineSerializable {}

  public record Converted(String leadId, String opportunityId, String stage) implements ConvertReply {}

  public sealed interface GetReply extends EngineSerializable {}

  public sealed interface AckReply extends EngineSerializable {}

  public sealed interface CloseReply extends EngineSerializable {}

  public sealed interface SlaReply extends EngineSerializable {}

  public sealed interface AssignReply extends EngineSerializable {}

  /** The lead is {@code repId}'s since {@code at}, assigned by hand ({@code previousRepId}: whom it was taken from, or null). */
  public record Assigned(String leadId, String repId, Instant at, String previousRepId) implements AssignReply {}

  public record Accepted(String leadId, Status status) implements EngineSerializable {}

  public record Acknowledged(String leadId, Instant at, long timeToFirstTouchMs) implements AckReply {}

  public record Closed(String leadId, Instant at) implements CloseReply {}

  public record Refused(Rejected rejection)
      implements GetReply, AckReply, CloseReply, SlaReply, ConvertReply, AssignReply {}

  /** The lead's status and SLA after a hold, resume or contact. */
  public record SlaChanged(String leadId, Status status, boolean onHold, Instant at) implements SlaReply {}

  public record Found(LeadView view) implements GetReply {}

  /** A wake-up was handled: {@code fired} SLA steps were persisted by it (0: nothing was due). */
  public record Woken(String leadId, int fired) implements EngineSerializable {}

  // ---------------------------------------------------------------- events

  /**
   * An event of the lead's journal as written now. The frozen forms old journals still hold live in
   * {@code lead.legacy} and reach the handlers upcast ({@link LeadUpcast}, through the event adapter).
   */
  public sealed interface Event extends EngineSerializable {}

  /** The lead arrived, cleaned (with alias, student and the source of each field). */
  public record LeadReceived(String leadId, Instant at, CleanLead lead, String notes) implements Event {}

  /**
   * Persisted with {@link LeadReceived} when the contact was seen before, outside the dedup window:
   * the lead it belonged to, whose owner routing tries first.
   */
  public record ContactReturned(Instant at, String previousLeadId) implements Event {}

  /**
   * Persisted with {@link LeadReceived} when the lead is recorded without routing ({@link
   * Receive#route} false): it is {@link Status#UNROUTED} until a person assigns it by hand.
   */
  public record LeadNotRouted(Instant at, String reason) implements Event {}

  /**
   * Nobody could take the lead now: it waits in its region's pool, either until a candidate returns
   * ({@code decision.waitUntil()}) or in the fallback queue, with the notices telling the manager.
   */
  public record LeadQueued(Instant at, String region, RoutingDecision decision, List<Notice> notices)
      implements Event {}

  /**
   * The lead went to a rep and its SLA clock started: the routing rules' decision, the steps it runs
   * on (a copy of the policy's, so a later policy change does not alter it), the clock they count on,
   * the deadlines, and the notices telling the rep.
   */
  public record LeadAssigned(Instant at, String repId, RoutingDecision decision, String policy, int policyVersion,
      String clock, List<SlaStep> steps, List<Deadline> deadlines, List<Notice> notices) implements Event {
    /** The policy version of an assignment from before SLA plans (an upcast {@code LeadAssignedV1}). */
    public static final int NO_PLAN = -1;
  }

  public record AssignmentRevoked(Instant at, String repId, String reason) implements Event {}

  /**
   * The rep can no longer hold the lead (deactivated): it leaves them and is routed again without
   * them; the notices tell their manager.
   */
  public record AssignmentWithdrawn(Instant at, String repId, String reason, List<Notice> notices) implements Event {}

  public record ReminderSent(Instant at, Deadline deadline, List<Notice> notices) implements Event {}

  public record LeadEscalated(Instant at, Deadline deadline, int level, List<Notice> notices)
      implements Event {}

  /** A copy or breach step fired. */
  public record SlaStepFired(Instant at, Deadline deadline, List<Notice> notices) implements Event {}

  /**
   * The lead leaves the rep: a reassign step fired ({@code deadline}; it is routed again without them),
   * or a manager moved it by hand ({@code deadline} null; the new rep's {@link LeadAssigned} follows in
   * the same write). The notices tell the rep (and, for a step, their manager).
   */
  public record LeadReassigned(Instant at, String fromRepId, Deadline deadline, List<Notice> notices) implements Event {}

  public record LeadAcknowledged(Instant at, String repId, long timeToFirstTouchMs) implements Event {}

  /** The rep reached the contact: every step still waiting is cancelled. */
  public record LeadContacted(Instant at, String repId) implements Event {}

  /** The SLA clock stopped (lead on hold). */
  public record LeadHeld(Instant at, String by, String reason) implements Event {}

  /** The SLA clock runs again; the deadlines moved by the time on hold, counted on the lead's clock. */
  public record LeadResumed(Instant at, String by, List<Deadline> deadlines) implements Event {}

  /**
   * Another delivery of the same person merged into this lead: {@code merged} is the lead after the
   * merge, so every reader shows what the entity holds (null only in touches upcast from journals
   * written before it was recorded: readers merge those themselves).
   */
  public record LeadTouched(Instant at, CleanLead touch, CleanLead merged) implements Event {}

  public record LeadClosed(Instant at, String by, String reason) implements Event {}

  /**
   * The lead became the opportunity {@code opportunityId}: it no longer holds a slot of its rep's
   * capacity and its SLA steps end (an opportunity is followed up by its own idle clock). What the
   * conversion asked for ({@code name}, {@code amount}, {@code currency}, {@code pipeline}; null: the
   * opportunity's default) is kept, so that recovery opens the same opportunity.
   */
  public record LeadConverted(Instant at, String by, String opportunityId, String name, java.math.BigDecimal amount,
      String currency, String pipeline) implements Event {
    /** A conversion that asked for nothing but the defaults. */
    public LeadConverted(Instant at, String by, String opportunityId) {
      this(at, by, opportunityId, null, null, null, null);
    }
  }

  // ---------------------------------------------------------------- wiring

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps))
        .withSettings(passivation(system)).withStopMessage(new Passivate()));
  }

  /** Sharding's settings for leads: idle after {@code leadrouter.lead.idle-timeout}, or never ({@code off}). */
  static ClusterShardingSettings passivation(ActorSystem<?> system) {
    com.typesafe.config.Config config = system.settings().config();
    ClusterShardingSettings settings = ClusterShardingSettings.create(system);
    return "off".equals(config.getString("leadrouter.lead.idle-timeout")) ? settings.withNoPassivationStrategy()
        : settings.withPassivationStrategy(settings.passivationStrategySettings()
            .withIdleEntityPassivation(config.getDuration("leadrouter.lead.idle-timeout")));
  }

  public static Behavior<Command> create(String leadId, EngineDeps deps) {
    // The lead id on every line this lead logs (a field of the JSON logs, docs/operations.md "Logs").
    return Behaviors.withMdc(Command.class, java.util.Map.of("leadId", leadId), Behaviors.setup(ctx -> {
      // Named up front: otherwise the first log call of every new lead (Pekko's own, on recovery)
      // finds the logger's class by walking the stack, which showed in the CPU profile under load.
      ctx.setLoggerName(Lead.class);
      return Behaviors.withTimers(timers -> new Lead(leadId, deps, ctx, timers));
    }));
  }

  /** The projection tag of a lead: a fixed slice so projections can run in parallel. */
  public static String tagFor(String leadId, int tagCount) {
    return "lead-" + Math.abs(leadId.hashCode() % tagCount);
  }

  private final String leadId;
  private final EngineDeps deps;
  private final LeadSideEffects effects;
  private final LeadRoutingHandlers routing;
  private final LeadIntakeHandlers intake;
  private final LeadSlaHandlers sla;
  private final LeadConversion conversion;

  private Lead(String leadId, EngineDeps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), leadId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.leadId = leadId;
    this.deps = deps;
    this.effects = new LeadSideEffects(leadId, deps, ctx, timers);
    this.routing = new LeadRoutingHandlers(leadId, deps, effects, Effect());
    this.intake = new LeadIntakeHandlers(leadId, deps, effects, Effect());
    this.sla = new LeadSlaHandlers(leadId, deps, effects, Effect());
    this.conversion = new LeadConversion(leadId, deps, effects, ctx, Effect());
  }

  /** Writes events as they are; reads old journals' events upcast. */
  @Override
  public EventAdapter<Event, Object> eventAdapter() {
    return LeadUpcast.ADAPTER;
  }

  @Override
  public LeadState emptyState() {
    return LeadState.empty(leadId);
  }

  @Override
  public Set<String> tagsFor(Event event) {
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
  public SignalHandler<LeadState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      if (state.holdsRep()) effects.reserve(state);
      if (state.status() == Status.RECEIVED || state.clockRunning()) effects.selfWakeNow();
      conversion.reopen(state);
    }).build();
  }

  @Override
  public EventHandler<LeadState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(LeadState::apply);
  }

  // ---------------------------------------------------------------- command handlers, by status

  /**
   * One case that dispatches in plain code, not a builder's case per status and command: every lead
   * entity in memory builds its own handler, and a builder keeps a case object, two lambdas and list
   * cells per {@code onCommand}: 90 cases, about 8 KB per lead, 0.7 GB of heap with the 87,000 leads
   * a two-minute idle timeout keeps at 700 leads/s (class histogram, docs/benchmarks.md); and it tests
   * the cases one by one on every command.
   */
  @Override
  public CommandHandlerWithReply<Command, Event, LeadState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState().onAnyCommand(this::onCommand);
  }

  private ReplyEffect<Event, LeadState> onCommand(LeadState s, Command c) {
    if (c instanceof Passivate) return Effect().stop().thenNoReply();
    if (s.status() == Status.NEW) return onNew(s, c);
    ReplyEffect<Event, LeadState> known = onKnown(s, c);
    if (known != null) return known;
    return switch (s.status()) {
      case RECEIVED, QUEUED -> awaitingRep(s, c);
      case ASSIGNED, ACKNOWLEDGED, CONTACTED -> heldByRep(s, c);
      // CLOSED: only read. UNROUTED: recorded without routing, only a person's assignment by hand
      // (Assign) gives it a rep; the pool never had it. Either way the pool's late answers are turned down.
      case CLOSED, UNROUTED -> notRouting(s, c);
      case NEW -> throw new IllegalStateException("unreachable");
    };
  }

  /** NEW: only a Receive (or a Touch racing it) records the lead; nothing else finds one. */
  private ReplyEffect<Event, LeadState> onNew(LeadState s, Command c) {
    if (c instanceof Receive r) return intake.onReceive(s, r);
    if (c instanceof Touch t) return intake.onReceive(s, new Receive(t.lead(), t.notes(), t.replyTo()));
    if (c instanceof GetOwner g) return Effect().reply(g.replyTo(), new OwnerIs(leadId, null));
    if (c instanceof Get g) return Effect().reply(g.replyTo(), notFound());
    if (c instanceof Acknowledge a) return Effect().reply(a.replyTo(), notFound());
    if (c instanceof Close x) return Effect().reply(x.replyTo(), notFound());
    if (c instanceof Hold h) return Effect().reply(h.replyTo(), notFound());
    if (c instanceof Resume r) return Effect().reply(r.replyTo(), notFound());
    if (c instanceof RecordContact r) return Effect().reply(r.replyTo(), notFound());
    if (c instanceof Convert x) return Effect().reply(x.replyTo(), notFound());
    if (c instanceof Assign a) return Effect().reply(a.replyTo(), notFound());
    if (c instanceof HandAnswered h) return Effect().reply(h.replyTo(), notFound());
    if (c instanceof Wake w) return Effect().reply(w.replyTo(), new Woken(leadId, 0));
    return Effect().noReply();
  }

  /**
   * What every recorded lead answers (those that refuse check the status themselves); null for the
   * routing commands, which depend on the status.
   */
  private ReplyEffect<Event, LeadState> onKnown(LeadState s, Command c) {
    if (c instanceof Receive r) return intake.onReceiveKnown(s, r);
    if (c instanceof Touch t) return intake.onTouch(s, t);
    if (c instanceof Get g) return Effect().reply(g.replyTo(), new Found(LeadView.of(s, deps.clock().instant(),
        source -> deps.sources().current().credibility(source))));
    if (c instanceof GetOwner g) return Effect().reply(g.replyTo(),
        new OwnerIs(leadId, s.assignment() == null ? null : s.assignment().repId()));
    if (c instanceof ReservationResult r) return routing.onReservationResult(s, r);
    if (c instanceof Wake w) return sla.onWake(s, w);
    if (c instanceof Acknowledge a) return sla.onAcknowledge(s, a);
    if (c instanceof Hold h) return sla.onSla(s, h.replyTo(), now -> SlaCommands.hold(s, h.by(), h.reason(), now));
    if (c instanceof Resume r) return sla.onSla(s, r.replyTo(), now -> SlaCommands.resume(s, r.by(), now, deps.sla().current()));
    if (c instanceof RecordContact r) return sla.onSla(s, r.replyTo(), now -> SlaCommands.contact(s, r.repId(), now));
    if (c instanceof Close x) return onClose(s, x);
    if (c instanceof Assign a) return routing.onAssign(s, a);
    if (c instanceof HandAnswered h) return routing.onHandAnswered(s, h);
    if (c instanceof Convert x) return conversion.onConvert(s, x);
    if (c instanceof OpportunityAnswered o) return conversion.onAnswered(s, o);
    return null;
  }

  /** RECEIVED or QUEUED: the pool offers a rep or queues the lead; nobody holds it to act on it. */
  private ReplyEffect<Event, LeadState> awaitingRep(LeadState s, Command c) {
    if (c instanceof Offer o) return routing.onOffer(s, o);
    if (c instanceof Enqueue e) return routing.onEnqueue(s, e);
    if (c instanceof RouteWith r) {
      if (s.status() == Status.RECEIVED) effects.route(s, r.previousOwner());
      return Effect().noReply();
    }
    return Effect().noReply(); // Withdraw: nobody holds it
  }

  /** ASSIGNED, ACKNOWLEDGED or CONTACTED: the rep works it; the pool's late answers are turned down. */
  private ReplyEffect<Event, LeadState> heldByRep(LeadState s, Command c) {
    if (c instanceof Withdraw w) return routing.onWithdraw(s, w);
    return notRouting(s, c);
  }

  /** The pool's offers declined, its queue entries forgotten, a re-route or a withdrawal ignored. */
  private ReplyEffect<Event, LeadState> notRouting(LeadState s, Command c) {
    if (c instanceof Offer o) return routing.declineOffer(s, o);
    if (c instanceof Enqueue e) return routing.forgetQueued(s, e);
    return Effect().noReply(); // RouteWith, Withdraw
  }

  private static Refused notFound() {
    return new Refused(Rejected.of(Rejected.Code.NOT_FOUND, "no such lead"));
  }

  private ReplyEffect<Event, LeadState> onClose(LeadState state, Close cmd) {
    if (state.status() == Status.CLOSED) {
      return Effect().reply(cmd.replyTo(), new Closed(leadId, state.timeline().get(state.timeline().size() - 1).at()));
    }
    Instant now = deps.clock().instant();
    return Effect()
        .persist(new LeadClosed(now, cmd.by(), cmd.reason()))
        .thenRun(s -> {
          effects.cancelTimer();
          if (state.holdsRep()) effects.release(state.assignment().repId());
          if (state.status() == Status.QUEUED) effects.tellPool(state, new RoutingPool.Forget(leadId));
        })
        .thenReply(cmd.replyTo(), s -> new Closed(leadId, now));
  }
}
