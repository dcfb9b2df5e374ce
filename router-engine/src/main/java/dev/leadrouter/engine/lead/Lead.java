package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.CleanLeadV1;
import dev.leadrouter.engine.intake.CleanLeadV2;
import dev.leadrouter.engine.intake.HealthScore;
import dev.leadrouter.engine.intake.source.SourceConfig;
import dev.leadrouter.engine.intake.LeadMerge;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.sla.Deadline;
import dev.leadrouter.engine.sla.SlaAction;
import dev.leadrouter.engine.sla.SlaPolicy;
import dev.leadrouter.engine.sla.SlaPolicySet;
import dev.leadrouter.engine.sla.SlaSchedule;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** Lead status. Persisted by ordinal inside replies and the lead index: add new ones at the end. */
  public enum Status { NEW, RECEIVED, QUEUED, ASSIGNED, ACKNOWLEDGED, CLOSED, CONTACTED }

  // ---------------------------------------------------------------- protocol

  public sealed interface Command extends EngineSerializable {}

  /**
   * Record a new lead; replies {@link Accepted} once its first event is durable (or it existed).
   * {@code previousLeadId}: the lead one of its contacts belonged to before, outside the dedup
   * window (a returning contact), or null.
   */
  public record Receive(CleanLead lead, String notes, ActorRef<Accepted> replyTo, String previousLeadId)
      implements Command {
    public Receive(CleanLead lead, String notes, ActorRef<Accepted> replyTo) {
      this(lead, notes, replyTo, null);
    }
  }

  /**
   * Another delivery of the same person (matched on a contact key within the dedup window): record
   * the touch and fill what the lead lacked; never routed again. Replies {@link Accepted}. On an
   * unknown lead id it records the lead like {@link Receive}.
   */
  public record Touch(CleanLead lead, String notes, ActorRef<Accepted> replyTo) implements Command {}

  /** Replies the lead's {@link LeadView}, or {@link Rejected} NOT_FOUND. */
  public record Get(ActorRef<GetReply> replyTo) implements Command {}

  /** The assigned rep acknowledges; replies {@link Acknowledged} or {@link Rejected}. */
  public record Acknowledge(String repId, ActorRef<AckReply> replyTo) implements Command {}

  /** Close the lead and free the rep's slot; replies {@link Closed} or {@link Rejected}. */
  public record Close(String by, String reason, ActorRef<CloseReply> replyTo) implements Command {}

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

  public sealed interface GetReply extends EngineSerializable {}

  public sealed interface AckReply extends EngineSerializable {}

  public sealed interface CloseReply extends EngineSerializable {}

  public sealed interface SlaReply extends EngineSerializable {}

  public record Accepted(String leadId, Status status) implements EngineSerializable {}

  public record Acknowledged(String leadId, Instant at, long timeToFirstTouchMs) implements AckReply {}

  public record Closed(String leadId, Instant at) implements CloseReply {}

  public record Refused(Rejected rejection) implements GetReply, AckReply, CloseReply, SlaReply {}

  /** The lead's status and SLA after a hold, resume or contact. */
  public record SlaChanged(String leadId, Status status, boolean onHold, Instant at) implements SlaReply {}

  public record Found(LeadView view) implements GetReply {}

  /** A wake-up was handled: {@code fired} SLA steps were persisted by it (0: nothing was due). */
  public record Woken(String leadId, int fired) implements EngineSerializable {}

  // ---------------------------------------------------------------- events

  public sealed interface Event extends EngineSerializable {}

  /** The lead arrived, cleaned. Replaced by {@link LeadReceivedV2}; old journals still hold it. */
  public record LeadReceived(String leadId, Instant at, CleanLeadV1 lead, String notes) implements Event {}

  /**
   * The lead arrived, cleaned (with name parts, phone extensions and the source's attributes).
   * Replaced by {@link LeadReceivedV3}; old journals still hold it.
   */
  public record LeadReceivedV2(String leadId, Instant at, CleanLeadV2 lead, String notes) implements Event {}

  /** The lead arrived, cleaned (with alias, student and the source of each field). */
  public record LeadReceivedV3(String leadId, Instant at, CleanLead lead, String notes) implements Event {}

  /**
   * Persisted with {@link LeadReceivedV2} when the contact was seen before, outside the dedup window:
   * the lead it belonged to, whose owner routing tries first.
   */
  public record ContactReturned(Instant at, String previousLeadId) implements Event {}

  /** Nobody could take the lead. Replaced by {@link LeadQueuedV2}; old journals still hold it. */
  public record LeadQueued(Instant at, String region, RoutingDecisionV1 decision, List<Notice> notices)
      implements Event {}

  /**
   * Nobody could take the lead now: it waits in its region's pool, either until a candidate returns
   * ({@code decision.waitUntil()}) or in the fallback queue, with the notices telling the manager.
   */
  public record LeadQueuedV2(Instant at, String region, RoutingDecision decision, List<Notice> notices)
      implements Event {}

  public record LeadAssigned(Instant at, String repId, RoutingDecisionV1 decision, String policy,
      List<Deadline> deadlines) implements Event {}

  public record AssignmentRevoked(Instant at, String repId, String reason) implements Event {}

  public record ReminderSent(Instant at, Deadline deadline, List<Notice> notices) implements Event {}

  public record LeadEscalated(Instant at, Deadline deadline, int level, List<Notice> notices)
      implements Event {}

  public record LeadAcknowledged(Instant at, String repId, long timeToFirstTouchMs) implements Event {}

  public record LeadClosed(Instant at, String by, String reason) implements Event {}

  /**
   * The lead went to a rep and its SLA clock started: the steps it runs on (a copy of the policy's,
   * so a later policy change does not alter it), the clock they count on, the deadlines, and the
   * notices telling the rep. Replaces {@link LeadAssigned}, which old journals still hold.
   */
  public record LeadAssignedV2(Instant at, String repId, RoutingDecisionV1 decision, String policy, int policyVersion,
      String clock, List<SlaStep> steps, List<Deadline> deadlines, List<Notice> notices) implements Event {}

  /** {@link LeadAssignedV2} with the routing rules' decision (rule path, reasons, summary). */
  public record LeadAssignedV3(Instant at, String repId, RoutingDecision decision, String policy, int policyVersion,
      String clock, List<SlaStep> steps, List<Deadline> deadlines, List<Notice> notices) implements Event {}

  /**
   * The rep can no longer hold the lead (deactivated): it leaves them and is routed again without
   * them; the notices tell their manager.
   */
  public record AssignmentWithdrawn(Instant at, String repId, String reason, List<Notice> notices) implements Event {}

  /** The SLA clock stopped (lead on hold). */
  public record LeadHeld(Instant at, String by, String reason) implements Event {}

  /** The SLA clock runs again; the deadlines moved by the time on hold, counted on the lead's clock. */
  public record LeadResumed(Instant at, String by, List<Deadline> deadlines) implements Event {}

  /** The rep reached the contact: every step still waiting is cancelled. */
  public record LeadContacted(Instant at, String repId) implements Event {}

  /** A reassign step fired: the lead leaves the rep and is routed again without them. */
  public record LeadReassigned(Instant at, String fromRepId, Deadline deadline, List<Notice> notices) implements Event {}

  /** A copy or breach step fired. */
  public record SlaStepFired(Instant at, Deadline deadline, List<Notice> notices) implements Event {}

  /** Another delivery of the same person merged into this lead. Replaced by {@link LeadTouchedV2}. */
  public record LeadTouched(Instant at, CleanLeadV1 touch) implements Event {}

  /** Another delivery of the same person merged into this lead. Replaced by {@link LeadTouchedV3}. */
  public record LeadTouchedV2(Instant at, CleanLeadV2 touch) implements Event {}

  /** Another delivery of the same person merged into this lead. */
  public record LeadTouchedV3(Instant at, CleanLead touch) implements Event {}

  /**
   * The current form of an event old journals hold ({@link LeadReceived}, {@link LeadReceivedV2},
   * {@link LeadTouched}, {@link LeadTouchedV2},
   * {@link LeadQueued}, {@link LeadAssignedV2}); any
   * other event as it is. Everything that reads the journal goes through this.
   */
  public static Event upcast(Event event) {
    if (event instanceof LeadReceived e) return new LeadReceivedV3(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (event instanceof LeadReceivedV2 e) return new LeadReceivedV3(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (event instanceof LeadTouched e) return new LeadTouchedV3(e.at(), e.touch().toCurrent());
    if (event instanceof LeadTouchedV2 e) return new LeadTouchedV3(e.at(), e.touch().toCurrent());
    if (event instanceof LeadQueued e) return new LeadQueuedV2(e.at(), e.region(), e.decision().toCurrent(), e.notices());
    if (event instanceof LeadAssignedV2 e) {
      return new LeadAssignedV3(e.at(), e.repId(), e.decision().toCurrent(), e.policy(), e.policyVersion(), e.clock(),
          e.steps(), e.deadlines(), e.notices());
    }
    return event;
  }

  // ---------------------------------------------------------------- state

  /** One line of the lead's history as shown to people. */
  public record TimelineEntry(Instant at, String type, String detail) implements EngineSerializable {}

  /** The current assignment and the reasoning behind it. */
  public record Assignment(String repId, Instant at, RoutingDecision decision) implements EngineSerializable {}

  /**
   * The lead's state. Not persisted (a lead takes no snapshots; it is rebuilt from its events), so it
   * may change shape freely.
   */
  public record State(
      String leadId,
      Status status,
      Instant receivedAt,
      CleanLead lead,
      Assignment assignment,
      String policy,
      List<SlaStep> plan,
      String clock,
      List<Deadline> pending,
      int escalationLevel,
      Instant acknowledgedAt,
      Long timeToFirstTouchMs,
      Instant contactedAt,
      Instant heldAt,
      String holdReason,
      boolean breached,
      List<String> refusedBy,
      RoutingDecision queuedBy,
      String previousLeadId,
      List<LeadView.SourceTouch> touches,
      List<TimelineEntry> timeline)
      implements EngineSerializable {

    public State {
      touches = List.copyOf(touches);
      plan = List.copyOf(plan);
      pending = List.copyOf(pending);
      refusedBy = List.copyOf(refusedBy);
      timeline = List.copyOf(timeline);
    }

    static State empty(String leadId) {
      return new State(leadId, Status.NEW, null, null, null, null, List.of(), null, List.of(), 0, null, null, null,
          null, null, false, List.of(), null, null, List.of(), List.of());
    }

    boolean isOpen() {
      return status != Status.NEW && status != Status.CLOSED;
    }

    public boolean holdsRep() {
      return (status == Status.ASSIGNED || status == Status.ACKNOWLEDGED || status == Status.CONTACTED)
          && assignment != null;
    }

    /** Assigned (acknowledged or not) with SLA steps still to fire and not on hold. */
    boolean clockRunning() {
      return (status == Status.ASSIGNED || status == Status.ACKNOWLEDGED) && heldAt == null && !pending.isEmpty();
    }

    public boolean onHold() {
      return heldAt != null;
    }

    String region() {
      return lead.region().macro();
    }

    /** The plan's step for a deadline (a legacy lead has no plan: its steps are rebuilt). */
    SlaStep step(Deadline d) {
      return plan.stream().filter(p -> p.index() == d.step()).findFirst().orElseGet(() -> SlaStep.legacy(d));
    }

    State apply(Event stored) {
      Event event = upcast(stored);
      Change c = new Change(this);
      if (event instanceof LeadReceivedV3 e) {
        return new State(e.leadId(), Status.RECEIVED, e.at(), e.lead(), null, null, List.of(), null, List.of(), 0, null,
            null, null, null, null, false, List.of(), null, null,
            List.of(new LeadView.SourceTouch(e.lead().source(), e.lead().sourceEventId(), e.at())),
            List.of(new TimelineEntry(e.at(), "RECEIVED", "from " + e.lead().source())));
      } else if (event instanceof LeadQueuedV2 e) {
        c.unassign(Status.QUEUED);
        c.queuedBy = e.decision();
        String why = e.decision().summary() != null ? e.decision().summary()
            : "no eligible rep in " + e.region() + "; fallback queue";
        return c.log(e.at(), e.decision().waits() ? "WAITING" : "QUEUED", why + told(e.notices()));
      } else if (event instanceof LeadAssigned e) {
        c.assign(e.at(), e.repId(), e.decision().toCurrent(), e.policy(), e.deadlines().stream().map(SlaStep::legacy).toList(),
            SlaPolicy.WALL, e.deadlines());
        return c.log(e.at(), "ASSIGNED", e.repId() + " by rule " + e.decision().rule());
      } else if (event instanceof LeadAssignedV3 e) {
        c.assign(e.at(), e.repId(), e.decision(), e.policy(), e.steps(), e.clock(), e.deadlines());
        return c.log(e.at(), "ASSIGNED", e.repId() + " by rule " + e.decision().rule() + "; SLA policy " + e.policy()
            + " v" + e.policyVersion() + " on the " + e.clock() + " clock" + told(e.notices()));
      } else if (event instanceof AssignmentRevoked e) {
        c.unassign(Status.RECEIVED);
        c.refusedBy.add(e.repId());
        return c.log(e.at(), "REVOKED", e.repId() + ": " + e.reason());
      } else if (event instanceof AssignmentWithdrawn e) {
        c.unassign(Status.RECEIVED);
        c.refusedBy.add(e.repId());
        return c.log(e.at(), "WITHDRAWN", "taken from " + e.repId() + " (" + e.reason() + "); routing again without them"
            + told(e.notices()));
      } else if (event instanceof LeadReassigned e) {
        c.unassign(Status.RECEIVED);
        c.refusedBy.add(e.fromRepId());
        return c.log(e.at(), "REASSIGNED", "taken from " + e.fromRepId() + " at step " + e.deadline().step()
            + "; routing again without them" + told(e.notices()));
      } else if (event instanceof ReminderSent e) {
        c.fired(e.deadline());
        return c.log(e.at(), "REMINDER", "step " + e.deadline().step() + told(e.notices()));
      } else if (event instanceof LeadEscalated e) {
        c.fired(e.deadline());
        c.escalationLevel = Math.max(escalationLevel, e.level());
        return c.log(e.at(), "ESCALATED", "level " + e.level() + told(e.notices()));
      } else if (event instanceof SlaStepFired e) {
        c.fired(e.deadline());
        boolean breach = e.deadline().action() == SlaAction.BREACH;
        if (breach) c.breached = true;
        return c.log(e.at(), breach ? "BREACHED" : "COPIED", "step " + e.deadline().step() + told(e.notices()));
      } else if (event instanceof LeadAcknowledged e) {
        c.status = Status.ACKNOWLEDGED;
        c.acknowledgedAt = e.at();
        c.timeToFirstTouchMs = e.timeToFirstTouchMs();
        c.pending = pending.stream().filter(d -> step(d).survivesAcknowledgement()).toList();
        return c.log(e.at(), "ACKNOWLEDGED", "by " + e.repId() + " after " + e.timeToFirstTouchMs() + " ms");
      } else if (event instanceof LeadContacted e) {
        if (acknowledgedAt == null) {
          c.acknowledgedAt = e.at();
          c.timeToFirstTouchMs = Math.max(0, Duration.between(assignment.at(), e.at()).toMillis());
        }
        c.status = Status.CONTACTED;
        c.contactedAt = e.at();
        c.pending = List.of();
        return c.log(e.at(), "CONTACTED", "by " + e.repId());
      } else if (event instanceof LeadHeld e) {
        c.heldAt = e.at();
        c.holdReason = e.reason();
        return c.log(e.at(), "ON_HOLD", "by " + e.by() + ": " + e.reason());
      } else if (event instanceof LeadResumed e) {
        c.heldAt = null;
        c.holdReason = null;
        c.pending = e.deadlines();
        return c.log(e.at(), "RESUMED", "by " + e.by() + " after "
            + Duration.between(heldAt, e.at()).toSeconds() + " s on hold");
      } else if (event instanceof LeadTouchedV3 e) {
        c.lead = LeadMerge.merge(lead, e.touch());
        c.touches.add(new LeadView.SourceTouch(e.touch().source(), e.touch().sourceEventId(), e.at()));
        return c.log(e.at(), "TOUCHED", "again from " + e.touch().source());
      } else if (event instanceof ContactReturned e) {
        c.previousLeadId = e.previousLeadId();
        return c.log(e.at(), "RETURNING", "the contact was lead " + e.previousLeadId() + " before");
      } else if (event instanceof LeadClosed e) {
        c.status = Status.CLOSED;
        c.pending = List.of();
        c.heldAt = null;
        return c.log(e.at(), "CLOSED", "by " + e.by() + (e.reason() == null ? "" : ": " + e.reason()));
      }
      throw new IllegalStateException("unknown event " + event);
    }

    private static String told(List<Notice> notices) {
      Set<String> who = new java.util.LinkedHashSet<>();
      notices.forEach(n -> who.add(n.recipientId()));
      return who.isEmpty() ? "" : "; told " + String.join(", ", who);
    }
  }

  /** A state being changed by one event: copy, set what changes, {@link #log} builds the new state. */
  private static final class Change {
    private final State from;
    Status status;
    Assignment assignment;
    String policy;
    List<SlaStep> plan;
    String clock;
    List<Deadline> pending;
    int escalationLevel;
    Instant acknowledgedAt;
    Long timeToFirstTouchMs;
    Instant contactedAt;
    Instant heldAt;
    String holdReason;
    boolean breached;
    final List<String> refusedBy;
    RoutingDecision queuedBy;
    String previousLeadId;
    CleanLead lead;
    final List<LeadView.SourceTouch> touches;

    Change(State s) {
      from = s;
      lead = s.lead();
      touches = new ArrayList<>(s.touches());
      status = s.status();
      assignment = s.assignment();
      policy = s.policy();
      plan = s.plan();
      clock = s.clock();
      pending = s.pending();
      escalationLevel = s.escalationLevel();
      acknowledgedAt = s.acknowledgedAt();
      timeToFirstTouchMs = s.timeToFirstTouchMs();
      contactedAt = s.contactedAt();
      heldAt = s.heldAt();
      holdReason = s.holdReason();
      breached = s.breached();
      refusedBy = new ArrayList<>(s.refusedBy());
      queuedBy = s.queuedBy();
      previousLeadId = s.previousLeadId();
    }

    void assign(Instant at, String repId, RoutingDecision decision, String policy, List<SlaStep> plan, String clock,
        List<Deadline> deadlines) {
      status = Status.ASSIGNED;
      assignment = new Assignment(repId, at, decision);
      queuedBy = null;
      this.policy = policy;
      this.plan = plan;
      this.clock = clock;
      pending = deadlines;
      escalationLevel = 0;
      breached = false;
      heldAt = null;
      holdReason = null;
    }

    /** Back to routing (or the queue): no rep, no clock. */
    void unassign(Status next) {
      status = next;
      assignment = null;
      policy = null;
      plan = List.of();
      clock = null;
      pending = List.of();
      escalationLevel = 0;
      acknowledgedAt = null;
      timeToFirstTouchMs = null;
      heldAt = null;
      holdReason = null;
    }

    void fired(Deadline d) {
      pending = pending.stream().filter(p -> p.step() != d.step()).toList();
    }

    State log(Instant at, String type, String detail) {
      List<TimelineEntry> timeline = new ArrayList<>(from.timeline());
      timeline.add(new TimelineEntry(at, type, detail));
      return new State(from.leadId(), status, from.receivedAt(), lead, assignment, policy, plan, clock, pending,
          escalationLevel, acknowledgedAt, timeToFirstTouchMs, contactedAt, heldAt, holdReason, breached, refusedBy,
          queuedBy, previousLeadId, touches, timeline);
    }
  }

  // ---------------------------------------------------------------- wiring

  private static final String TIMER = "lead-timer";
  /** Re-sends a reservation its rep has not answered (the rep may have dropped it under overload). */
  private static final String RESERVE_TIMER = "lead-reserve";
  /** The longest wait between two attempts at an unanswered reservation (unless reserve-retry is longer). */
  private static final Duration RESERVE_RETRY_MAX = Duration.ofMinutes(5);

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
  /** The rep asked to reserve this lead's slot and not answered yet (null: none); kept in memory only. */
  private String unconfirmedRep;
  /** Reservations sent to {@link #unconfirmedRep} so far. */
  private int reserveAttempts;

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
    if (state.status() == Status.RECEIVED || state.clockRunning()) ctx.getSelf().tell(selfWake());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilderByState<Command, Event, State, State> fresh =
        newCommandHandlerWithReplyBuilder().forState(s -> s.status() == Status.NEW);
    fresh.onCommand(Receive.class, this::onReceive)
        .onCommand(GetOwner.class, (s, c) -> Effect().reply(c.replyTo(), new OwnerIs(leadId, null)))
        .onCommand(Touch.class, (s, c) -> onReceive(s, new Receive(c.lead(), c.notes(), c.replyTo())))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Acknowledge.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Close.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Hold.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Resume.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RecordContact.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Wake.class, (s, c) -> Effect().reply(c.replyTo(), new Woken(leadId, 0)))
        .onAnyCommand(this::ignore);

    CommandHandlerWithReplyBuilderByState<Command, Event, State, State> known =
        newCommandHandlerWithReplyBuilder().forState(s -> s.status() != Status.NEW);
    known.onCommand(Receive.class, this::onReceiveKnown)
        .onCommand(Touch.class, this::onTouch)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), new Found(LeadView.of(s, deps.clock().instant(),
            source -> deps.sources().current().source(source).map(SourceConfig::credibility)
                .filter(java.util.Objects::nonNull).orElse(HealthScore.DEFAULT_CREDIBILITY)))))
        .onCommand(Acknowledge.class, this::onAcknowledge)
        .onCommand(Close.class, this::onClose)
        .onCommand(Offer.class, this::onOffer)
        .onCommand(Enqueue.class, this::onEnqueue)
        .onCommand(Withdraw.class, this::onWithdraw)
        .onCommand(GetOwner.class, (s, c) -> Effect().reply(c.replyTo(),
            new OwnerIs(leadId, s.assignment() == null ? null : s.assignment().repId())))
        .onCommand(RouteWith.class, (s, c) -> {
          if (s.status() == Status.RECEIVED) route(s, c.previousOwner());
          return Effect().noReply();
        })
        .onCommand(ReservationResult.class, this::onReservationResult)
        .onCommand(Wake.class, this::onWake)
        .onCommand(Hold.class, this::onHold)
        .onCommand(Resume.class, this::onResume)
        .onCommand(RecordContact.class, this::onContact);

    return fresh.orElse(known).build();
  }

  private ReplyEffect<Event, State> ignore(State state, Command command) {
    return Effect().noReply();
  }

  private static Refused notFound() {
    return new Refused(Rejected.of(Rejected.Code.NOT_FOUND, "no such lead"));
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive cmd) {
    Instant now = deps.clock().instant();
    List<Event> events = new ArrayList<>(2);
    events.add(new LeadReceivedV3(leadId, now, cmd.lead(), cmd.notes()));
    if (cmd.previousLeadId() != null && !cmd.previousLeadId().equals(leadId)) {
      events.add(new ContactReturned(now, cmd.previousLeadId()));
    }
    return Effect()
        .persist(events)
        .thenRun(this::requestRouting)
        .thenReply(cmd.replyTo(), s -> new Accepted(leadId, s.status()));
  }

  /**
   * A lead id receives its lead once. A later Receive of another source event is a delivery of the
   * same person that raced a touch to this id (its touch created the lead first): record it as a
   * touch. The same event again (or a repeat without an event id) changes nothing.
   */
  private ReplyEffect<Event, State> onReceiveKnown(State state, Receive cmd) {
    if (cmd.lead().sourceEventId() == null) return Effect().reply(cmd.replyTo(), new Accepted(leadId, state.status()));
    return onTouch(state, new Touch(cmd.lead(), cmd.notes(), cmd.replyTo()));
  }

  private ReplyEffect<Event, State> onTouch(State state, Touch cmd) {
    CleanLead touch = cmd.lead();
    boolean seen = touch.sourceEventId() != null && state.touches().stream().anyMatch(t ->
        touch.source().equals(t.source()) && touch.sourceEventId().equals(t.sourceEventId()));
    if (seen) return Effect().reply(cmd.replyTo(), new Accepted(leadId, state.status()));
    return Effect().persist(new LeadTouchedV3(deps.clock().instant(), touch))
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
    OrgChart org = deps.directory().current();
    Optional<OrgChart.Person> rep = org.person(repId);
    SlaPolicySet policies = deps.sla().current();
    SlaPolicy policy = policies.select(state.lead().priority(), state.region(), rep.map(OrgChart.Person::team).orElse(null));
    SlaPolicySet.NamedClock clock = policies.clockFor(policy, rep.map(OrgChart.Person::calendar).orElse(null));
    List<Deadline> deadlines = SlaSchedule.deadlines(policy.steps(), now, deps.settings().timeScale(), clock.clock());
    return Effect()
        .persist(new LeadAssignedV3(now, repId, cmd.decision(), policy.name(), policies.version(), clock.name(),
            policy.steps(), deadlines, Notices.forAssignment(org, repId)))
        .thenRun(s -> pool(s).tell(new RoutingPool.LeadTaken(leadId)))
        .thenRun(this::reserve)
        .thenRun(this::scheduleNext)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onEnqueue(State state, Enqueue cmd) {
    // Queued already: recorded again only when a wait for a candidate ended in the fallback queue.
    boolean waitEnded = state.status() == Status.QUEUED && state.queuedBy() != null && state.queuedBy().waits()
        && !cmd.decision().waits();
    if (state.status() == Status.QUEUED && !waitEnded) return Effect().noReply();
    if (state.status() != Status.RECEIVED && !waitEnded) {
      // Closed or assigned while the pool was deciding: it must not keep this lead in its queue.
      pool(state).tell(new RoutingPool.Forget(leadId));
      return Effect().noReply();
    }
    return Effect()
        .persist(new LeadQueuedV2(deps.clock().instant(), state.region(), cmd.decision(), cmd.notices()))
        .thenRun(this::scheduleNext)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onWithdraw(State state, Withdraw cmd) {
    boolean holds = state.holdsRep() && state.assignment().repId().equals(cmd.repId());
    if (!holds) return Effect().noReply();
    Instant now = deps.clock().instant();
    return Effect()
        .persist(new AssignmentWithdrawn(now, cmd.repId(), cmd.reason(),
            Notices.forWithdrawal(deps.directory().current(), cmd.repId())))
        .thenRun(s -> {
          timers.cancel(TIMER);
          release(cmd.repId());
        })
        .thenRun(this::requestRouting)
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onReservationResult(State state, ReservationResult cmd) {
    if (cmd.repId().equals(unconfirmedRep)) forgetReservation();
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
    retryReservation(state);
    if (state.status() == Status.RECEIVED) {
      requestRouting(state);
      return Effect().reply(cmd.replyTo(), new Woken(leadId, 0));
    }
    if (!state.clockRunning()) return Effect().reply(cmd.replyTo(), new Woken(leadId, 0));
    Instant now = deps.clock().instant();
    List<Deadline> due = SlaSchedule.due(state.pending(), now);
    if (due.isEmpty()) {
      scheduleNext(state);
      return Effect().reply(cmd.replyTo(), new Woken(leadId, 0));
    }
    List<Event> events = new ArrayList<>(due.size());
    String repId = state.assignment().repId();
    OrgChart org = deps.directory().current();
    // Escalated, marked breached or taken away before the rep acknowledged: one more in their streak
    // (told once the steps are persisted).
    boolean breach = state.status() == Status.ASSIGNED
        && due.stream().anyMatch(d -> state.step(d).action().breachesAcknowledgement());
    Runnable countBreach = () -> {
      if (breach) rep(repId).tell(new Rep.AckBreached(leadId));
    };
    for (Deadline d : due) {
      SlaStep step = state.step(d);
      List<Notice> notices = Notices.forStep(org, step, repId, state.region());
      if (step.action() == SlaAction.REASSIGN) {
        // Later steps belonged to this rep's clock; the new rep gets a new one.
        events.add(new LeadReassigned(now, repId, d, notices));
        int fired = events.size();
        return Effect().persist(events)
            .thenRun(s -> countBreach.run())
            .thenRun(s -> release(repId))
            .thenRun(this::requestRouting)
            .thenReply(cmd.replyTo(), s -> new Woken(leadId, fired));
      }
      events.add(switch (step.action()) {
        case REMIND -> new ReminderSent(now, d, notices);
        case ESCALATE_MANAGER, ESCALATE_DIRECTOR, ESCALATE_ROLE ->
            new LeadEscalated(now, d, Notices.escalationLevel(org, step, repId), notices);
        default -> new SlaStepFired(now, d, notices);
      });
    }
    int fired = events.size();
    return Effect().persist(events)
        .thenRun(s -> countBreach.run())
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Woken(leadId, fired));
  }

  private ReplyEffect<Event, State> onHold(State state, Hold cmd) {
    if (!state.holdsRep() || state.status() == Status.CONTACTED) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(Rejected.Code.CONFLICT,
          "only an assigned lead whose clock runs can be put on hold; it is " + state.status().name().toLowerCase())));
    }
    if (state.onHold()) return Effect().reply(cmd.replyTo(), slaChanged(state, state.heldAt()));
    Instant now = deps.clock().instant();
    return Effect().persist(new LeadHeld(now, cmd.by(), cmd.reason()))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> slaChanged(s, now));
  }

  private ReplyEffect<Event, State> onResume(State state, Resume cmd) {
    if (!state.onHold()) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(Rejected.Code.CONFLICT, "the lead is not on hold")));
    }
    Instant now = deps.clock().instant();
    SlaPolicySet.NamedClock clock = deps.sla().current().clockNamed(state.clock());
    List<Deadline> moved = SlaSchedule.resumed(state.pending(), state.heldAt(), now, clock.clock());
    return Effect().persist(new LeadResumed(now, cmd.by(), moved))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> slaChanged(s, now));
  }

  private ReplyEffect<Event, State> onContact(State state, RecordContact cmd) {
    boolean owner = state.assignment() != null && state.assignment().repId().equals(cmd.repId());
    if (state.status() == Status.CONTACTED && owner) {
      return Effect().reply(cmd.replyTo(), slaChanged(state, state.contactedAt()));
    }
    if (!owner || !state.holdsRep()) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(owner ? Rejected.Code.CONFLICT : Rejected.Code.FORBIDDEN,
          owner ? "lead is " + state.status().name().toLowerCase() : "lead is not assigned to " + cmd.repId())));
    }
    Instant now = deps.clock().instant();
    return Effect().persist(new LeadContacted(now, cmd.repId()))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> slaChanged(s, now));
  }

  private SlaChanged slaChanged(State s, Instant at) {
    return new SlaChanged(leadId, s.status(), s.onHold(), at);
  }

  private ReplyEffect<Event, State> onAcknowledge(State state, Acknowledge cmd) {
    boolean owner = state.assignment() != null && state.assignment().repId().equals(cmd.repId());
    if ((state.status() == Status.ACKNOWLEDGED || state.status() == Status.CONTACTED) && owner) {
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
        .thenRun(s -> {
          if (state.escalationLevel() == 0 && !state.breached()) rep(cmd.repId()).tell(new Rep.AckInTime(leadId));
        })
        .thenRun(this::scheduleNext)
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
          if (heldRep) release(state.assignment().repId());
          if (queued) pool(state).tell(new RoutingPool.Forget(leadId));
        })
        .thenReply(cmd.replyTo(), s -> new Closed(leadId, now));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  // ---------------------------------------------------------------- side effects

  /**
   * Asks the lead's region pool for a rep; a returning contact first asks its previous lead who
   * owned it (answered within the ask timeout, else routed without), so the rules can try that rep.
   */
  private void requestRouting(State state) {
    timers.startSingleTimer(TIMER, selfWake(), deps.settings().routingRetry());
    if (state.previousLeadId() == null) {
      route(state, null);
      return;
    }
    ctx.pipeToSelf(
        deps.sharding().entityRefFor(ENTITY_KEY, state.previousLeadId())
            .<OwnerIs>ask(GetOwner::new, deps.settings().poolInitTimeout()),
        (owner, error) -> new RouteWith(error == null ? owner.repId() : null));
  }

  private void route(State state, String previousOwner) {
    LeadFacts facts = LeadFacts.of(state.lead()).withPreviousOwner(previousOwner);
    pool(state).tell(new RoutingPool.Route(leadId, facts, state.receivedAt(), state.refusedBy()));
  }

  /** A wake-up of the lead's own (timer, recovery): nobody waits for its answer. */
  private Wake selfWake() {
    return new Wake(ctx.getSystem().ignoreRef());
  }

  /**
   * Asks the rep to hold this lead's slot, and again (backing off from {@code reserve-retry} to
   * {@link #RESERVE_RETRY_MAX}) until the rep answers: an overloaded rep's stash drops commands, and
   * a reservation never made would leave the rep's count, and so its capacity, short of this lead.
   */
  private void reserve(State state) {
    String repId = state.assignment().repId();
    if (!repId.equals(unconfirmedRep)) reserveAttempts = 0;
    unconfirmedRep = repId;
    int capacity = deps.directory().current().person(repId).map(p -> p.capacityOrZero()).orElse(0);
    rep(repId).tell(new Rep.Reserve(leadId, capacity, state.region()));
    Duration base = deps.settings().reserveRetry();
    Duration max = base.compareTo(RESERVE_RETRY_MAX) > 0 ? base : RESERVE_RETRY_MAX;
    Duration delay = base.multipliedBy(1L << Math.min(reserveAttempts, 16));
    timers.startSingleTimer(RESERVE_TIMER, selfWake(), delay.compareTo(max) > 0 ? max : delay);
    reserveAttempts++;
  }

  /** On the wake-up of the reservation timer: asks again if the rep has not answered and still holds the lead. */
  private void retryReservation(State state) {
    if (unconfirmedRep == null || timers.isTimerActive(RESERVE_TIMER)) return;
    if (state.holdsRep() && state.assignment().repId().equals(unconfirmedRep)) {
      ctx.getLog().debug("Lead {}: rep {} has not answered its reservation (attempt {}); asking again", leadId,
          unconfirmedRep, reserveAttempts);
      reserve(state);
    } else {
      forgetReservation();
    }
  }

  private void forgetReservation() {
    unconfirmedRep = null;
    reserveAttempts = 0;
    timers.cancel(RESERVE_TIMER);
  }

  private void release(String repId) {
    forgetReservation();
    rep(repId).tell(new Rep.Release(leadId));
  }

  private void scheduleNext(State state) {
    if (!state.clockRunning()) {
      timers.cancel(TIMER);
      return;
    }
    SlaSchedule.next(state.pending()).ifPresentOrElse(
        d -> {
          Duration delay = Duration.between(deps.clock().instant(), d.dueAt());
          timers.startSingleTimer(TIMER, selfWake(), delay.isNegative() ? Duration.ZERO : delay);
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
