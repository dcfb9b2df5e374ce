package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.common.WakeDelay;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionAccepted;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionRecorded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Command;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Downgraded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Event;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Found;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Get;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.MoveStage;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Open;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Passivate;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Opened;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.OpportunityOpened;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.RecordAction;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Refused;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.SilentWarned;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Snooze;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Snoozed;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.StageChanged;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.StageRefused;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Wake;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Woken;
import dev.leadrouter.engine.opportunity.OpportunityRules.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One opportunity (id {@code opp-<leadId>}), from its conversion to {@code won} or {@code lost}.
 * Owns: what was converted (lead link, name, amount, pipeline), the stage and when it was entered,
 * the actions recorded (valid or not), the idle and silent deadlines and the timeline. What counts
 * and what a move needs is decided by {@link OpportunityRules} on the pipeline in force.
 *
 * <p>Lifecycle: not open (only {@link Open}, sent by the converting lead, does anything) → open in
 * the pipeline's first stage → stages move forward with evidence and checklists, back by a manager
 * or by the idle downgrade → a final stage. Deadlines fire from an in-memory timer while the entity
 * lives and from the deadline-index scanner's {@link Wake} otherwise; a wake-up fires only what its
 * own state says is due, so it is always safe.
 */
public final class Opportunity
    extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, OpportunityState> {

  private static final String TIMER = "opportunity-timer";

  public static void init(ClusterSharding sharding, OpportunityDeps deps) {
    sharding.init(Entity.of(OpportunityProtocol.ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps))
        .withStopMessage(new Passivate()));
  }

  public static Behavior<Command> create(String opportunityId, OpportunityDeps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Opportunity(opportunityId, deps, ctx, timers)));
  }

  private final String opportunityId;
  private final OpportunityDeps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;

  private Opportunity(String opportunityId, OpportunityDeps deps, ActorContext<Command> ctx,
      TimerScheduler<Command> timers) {
    super(PersistenceId.of(OpportunityProtocol.ENTITY_KEY.name(), opportunityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.opportunityId = opportunityId;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
  }

  @Override
  public OpportunityState emptyState() {
    return OpportunityState.empty(opportunityId);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(OpportunityProtocol.tagFor(opportunityId, deps.tags()));
  }

  /**
   * No snapshots, like a lead: an opportunity has tens of events (a few hundred for a long deal), the
   * replay is one query, and its state may change shape without golden bytes.
   */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  /** After recovery an open opportunity wakes itself: what fell due while it slept fires now, the rest is timed. */
  @Override
  public SignalHandler<OpportunityState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      if (state.isOpen()) ctx.getSelf().tell(selfWake());
    }).build();
  }

  @Override
  public EventHandler<OpportunityState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(OpportunityState::apply);
  }

  // ---------------------------------------------------------------- command handlers

  @Override
  public CommandHandlerWithReply<Command, Event, OpportunityState> commandHandler() {
    return notOpen().orElse(open()).build();
  }

  /** Not open yet: only the converting lead's Open does anything. */
  private CommandHandlerWithReplyBuilderByState<Command, Event, OpportunityState, OpportunityState> notOpen() {
    var b = newCommandHandlerWithReplyBuilder().forState(s -> !s.isOpen());
    b.onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .onCommand(Open.class, this::onOpen)
        .onCommand(RecordAction.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(MoveStage.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Snooze.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Wake.class, (s, c) -> Effect().reply(c.replyTo(), new Woken(opportunityId, 0)));
    return b;
  }

  private CommandHandlerWithReplyBuilderByState<Command, Event, OpportunityState, OpportunityState> open() {
    var b = newCommandHandlerWithReplyBuilder().forState(OpportunityState::isOpen);
    b.onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .onCommand(Open.class, this::onOpenAgain)
        .onCommand(RecordAction.class, this::onRecordAction)
        .onCommand(MoveStage.class, this::onMoveStage)
        .onCommand(Snooze.class, this::onSnooze)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), new Found(s.view(deps.clock().instant()))))
        .onCommand(Wake.class, this::onWake);
    return b;
  }

  private static Refused notFound() {
    return new Refused(Rejected.of(Rejected.Code.NOT_FOUND, "no such opportunity"));
  }

  /** Opens in the first stage of the pipeline asked for (default: {@code default}), named after the company unless named. */
  private ReplyEffect<Event, OpportunityState> onOpen(OpportunityState state, Open cmd) {
    PipelineSet pipelines = deps.pipelines().current();
    Optional<Pipeline> found = pipelines.pipeline(cmd.pipeline());
    if (found.isEmpty()) {
      String message = "unknown pipeline '" + cmd.pipeline() + "'";
      return Effect().reply(cmd.replyTo(), new Refused(new Rejected(Rejected.Code.INVALID, message,
          List.of(new FieldError("/pipeline", message)))));
    }
    Pipeline pipeline = found.get();
    Instant now = deps.clock().instant();
    Timing timing = timing(pipeline);
    String first = pipeline.first().id();
    String name = cmd.name() != null && !cmd.name().isBlank() ? cmd.name()
        : cmd.lead().company() != null ? cmd.lead().company() : cmd.lead().contactName();
    return Effect()
        .persist(new OpportunityOpened(opportunityId, now, cmd.lead(), cmd.by(), name, cmd.amount(), cmd.currency(),
            pipeline.id(), pipelines.version(), first, OpportunityRules.idleDeadline(pipeline, first, now, timing),
            OpportunityRules.silentDeadline(pipeline, first, now, timing)))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Opened(opportunityId, s.stage()));
  }

  /** Open again (the lead recovering, or retrying): answered as before when it is the same lead. */
  private ReplyEffect<Event, OpportunityState> onOpenAgain(OpportunityState state, Open cmd) {
    if (!state.deal().lead().leadId().equals(cmd.lead().leadId())) {
      return Effect().reply(cmd.replyTo(), new Refused(Rejected.of(Rejected.Code.CONFLICT,
          "opportunity " + opportunityId + " was opened from lead " + state.deal().lead().leadId())));
    }
    return Effect().reply(cmd.replyTo(), new Opened(opportunityId, state.stage()));
  }

  /** Recorded valid or not ({@link OpportunityRules#validity}); only a valid one restarts the idle clock. */
  private ReplyEffect<Event, OpportunityState> onRecordAction(OpportunityState state, RecordAction cmd) {
    Instant now = deps.clock().instant();
    Optional<Rejected> refused = OpportunityRules.refuseAction(cmd.action(), now);
    if (refused.isPresent()) return Effect().reply(cmd.replyTo(), new Refused(refused.get()));
    Pipeline pipeline = pipeline(state);
    ActionInput in = cmd.action();
    ActionInput action = new ActionInput(in.type(), in.at() == null ? now : in.at(), in.outcome(), in.note(), in.evidence());
    OpportunityRules.Validity validity = OpportunityRules.validity(pipeline, action.type());
    Instant idle = validity.valid()
        ? OpportunityRules.idleAfterValidAction(state.deadlines().idle(), pipeline, state.stage(), action.at(), timing(pipeline))
        : state.deadlines().idle();
    String actionId = state.nextActionId();
    return Effect()
        .persist(new ActionRecorded(now, actionId, action, cmd.by(), validity.valid(), validity.reason(), idle))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new ActionAccepted(actionId, validity.valid(), validity.reason()));
  }

  /** A move {@link OpportunityRules#move} allows; the new stage's deadlines start now. */
  private ReplyEffect<Event, OpportunityState> onMoveStage(OpportunityState state, MoveStage cmd) {
    Pipeline pipeline = pipeline(state);
    OpportunityRules.Move move = OpportunityRules.move(pipeline, state.stage(), cmd.to(), cmd.checklist(), cmd.reason(),
        cmd.manager(), state.actions());
    if (move instanceof OpportunityRules.Refused r) return Effect().reply(cmd.replyTo(), new Refused(r.rejection()));
    if (move instanceof OpportunityRules.Lacking l) {
      return Effect().reply(cmd.replyTo(), new StageRefused("moving to " + cmd.to() + " lacks " + l.missing().size()
          + " item(s)", l.missing()));
    }
    Instant now = deps.clock().instant();
    if (move instanceof OpportunityRules.Same) return Effect().reply(cmd.replyTo(), new Found(state.view(now)));
    Timing timing = timing(pipeline);
    List<String> checklist = cmd.checklist() == null ? List.of() : List.copyOf(cmd.checklist());
    return Effect()
        .persist(new StageChanged(now, cmd.by(), state.stage(), cmd.to(), checklist, cmd.reason(),
            OpportunityRules.idleDeadline(pipeline, cmd.to(), now, timing),
            OpportunityRules.silentDeadline(pipeline, cmd.to(), now, timing)))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Found(s.view(now)));
  }

  /** The idle clock stands still until {@code until}, then runs its full time again. */
  private ReplyEffect<Event, OpportunityState> onSnooze(OpportunityState state, Snooze cmd) {
    Instant now = deps.clock().instant();
    Pipeline pipeline = pipeline(state);
    Timing timing = timing(pipeline);
    Optional<Rejected> refused = OpportunityRules.refuseSnooze(pipeline, state.stage(), cmd.until(), cmd.manager(), now, timing);
    if (refused.isPresent()) return Effect().reply(cmd.replyTo(), new Refused(refused.get()));
    return Effect()
        .persist(new Snoozed(now, cmd.by(), cmd.until(), cmd.reason(),
            OpportunityRules.idleDeadline(pipeline, state.stage(), cmd.until(), timing)))
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Found(s.view(now)));
  }

  /** Fires what is due ({@link OpportunityRules#due}): the downgrade, else the silent warning. */
  private ReplyEffect<Event, OpportunityState> onWake(OpportunityState state, Wake cmd) {
    Instant now = deps.clock().instant();
    Pipeline pipeline = pipeline(state);
    Timing timing = timing(pipeline);
    String owner = state.deal().lead().ownerId();
    Event event = switch (OpportunityRules.due(pipeline, state.stage(), state.deadlines().idle(),
        state.deadlines().silent(), now)) {
      case NOTHING -> null;
      case DOWNGRADE -> {
        String to = pipeline.downgradeTarget(state.stage()).orElseThrow().id();
        yield new Downgraded(now, state.stage(), to, state.progress().lastValidActionAt(),
            OpportunityRules.idleDeadline(pipeline, to, now, timing), OpportunityRules.silentDeadline(pipeline, to, now, timing),
            OpportunityNotices.forDowngrade(deps.org().current(), owner));
      }
      case SILENT_WARNING -> new SilentWarned(now, state.stage(), OpportunityNotices.summary(state.actions()),
          OpportunityRules.nextSilentDeadline(pipeline, state.stage(), now, timing),
          OpportunityNotices.forSilentWarning(deps.org().current(), owner));
    };
    if (event == null) {
      scheduleNext(state);
      return Effect().reply(cmd.replyTo(), new Woken(opportunityId, 0));
    }
    return Effect().persist(event)
        .thenRun(this::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Woken(opportunityId, 1));
  }

  // ---------------------------------------------------------------- helpers

  private Pipeline pipeline(OpportunityState state) {
    return deps.pipelines().current().pipelineOrDefault(state.deal().pipeline());
  }

  private Timing timing(Pipeline pipeline) {
    return Timing.of(pipeline, deps.sla().current(), deps.timeScale());
  }

  /** The timer for the next deadline, or none. */
  private void scheduleNext(OpportunityState state) {
    Instant next = state.isOpen() ? OpportunityRules.nextDeadline(pipeline(state), state.stage(),
        state.deadlines().idle(), state.deadlines().silent()) : null;
    if (next == null) timers.cancel(TIMER);
    else timers.startSingleTimer(TIMER, selfWake(), WakeDelay.until(deps.clock().instant(), next));
  }

  /** A wake-up of its own (timer, recovery): nobody waits for its answer. */
  private Wake selfWake() {
    return new Wake(ctx.getSystem().ignoreRef());
  }
}
