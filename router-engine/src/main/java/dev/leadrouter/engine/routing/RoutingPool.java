package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.UpcastingSnapshots;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.rules.Decision;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.RuleEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The routing actor of one region (sharded by region key, so regions decide in parallel): holds the
 * region's queue of leads nobody could take yet — waiting for a candidate or in the fallback queue
 * (persisted) — its readiness and its wiring. It decides with a {@link RoutingDesk} (the rules in
 * force, pure {@link RuleEngine}, over every rep's {@link WorkloadBook} and the region's fairness
 * ledger; memory only, reps' loads asked from the {@link Rep} entities at start) and saves the
 * ledger behind its decisions ({@link LedgerSaver}, ADR 0007). Fairness is counted per region
 * (docs/routing.md). Two phases, each its own handlers: {@link #initializing} (waiting for the
 * stored ledger and the reps' loads, {@link PoolStartup}; routing stashed) and {@link #ready}.
 *
 * <p>A queued lead stays in the persisted queue until the lead itself reports it took an offer
 * ({@link LeadTaken}) or declined it because it no longer waits ({@link OfferDeclined}, {@link
 * Forget}). An offer lost on the way (a crash, a restart) is therefore offered again by the next
 * drain; the lead declines offers it cannot take, so repeating one is harmless.
 */
public final class RoutingPool
    extends EventSourcedBehaviorWithEnforcedReplies<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "RoutingPool");

  public sealed interface Command extends EngineSerializable {}

  /** Find a rep for this lead (or queue it); the answer goes to the lead entity. */
  public record Route(String leadId, LeadFacts facts, Instant receivedAt, List<String> excluded) implements Command {
    public Route {
      excluded = List.copyOf(excluded);
    }
  }

  /** The lead did not take the offer (it was assigned or closed meanwhile). */
  public record OfferDeclined(String leadId, String repId) implements Command {}

  /** The lead was closed while queued. */
  public record Forget(String leadId) implements Command {}

  /** The lead persisted its assignment: it leaves the queue (if it was queued). */
  public record LeadTaken(String leadId) implements Command {}

  /**
   * A rep's authoritative workload after handling {@code leadId} (null: a change not about one lead);
   * {@code refused}: they refused that lead (at capacity).
   */
  public record RepChanged(String repId, String leadId, RepWorkload load, boolean refused) implements Command {}

  /** The org chart was replaced: new roster, and maybe room for queued leads. */
  public record OrgChanged(OrgChart chart) implements Command {}

  /** Replies the {@link QueueView} of this region. */
  public record GetQueue(ActorRef<QueueView> replyTo) implements Command {}

  /** Replies where a lead with these facts would go now; changes nothing. */
  public record Preview(LeadFacts facts, ActorRef<RoutingDecision> replyTo) implements Command {}

  /** Replies every rep's workload as this pool knows it (every pool hears from every rep), once it has them. */
  public record GetWorkloads(ActorRef<Workloads> replyTo) implements Command {}

  public record Workloads(Map<String, RepWorkload> loads) implements EngineSerializable {
    public Workloads {
      loads = Map.copyOf(loads);
    }
  }

  /**
   * A manager gives the lead to {@code repId} by hand: replies a {@link HandAnswer}; when allowed, the
   * offer is in flight (the lead persists the assignment, then reserves on the rep, as for a routed offer).
   */
  public record AssignByHand(String leadId, String repId, String by, ActorRef<HandAnswer> replyTo) implements Command {}

  /** The manual decision ({@code refusal} null), or why the rep cannot take the lead now (docs/routing.md §4). */
  public record HandAnswer(RoutingDecision decision, String refusal) implements EngineSerializable {}

  /** Replies this region's {@link LedgerView}. */
  public record GetLedger(ActorRef<LedgerView> replyTo) implements Command {}

  /** Where {@code lead} would go now (asks its region's pool); changes nothing. */
  public static CompletionStage<RoutingDecision> preview(EngineDeps deps, CleanLead lead, Duration timeout) {
    LeadFacts facts = LeadFacts.of(lead);
    return deps.sharding().entityRefFor(ENTITY_KEY, lead.region().macro())
        .ask(replyTo -> new Preview(facts, replyTo), timeout);
  }

  public record LoadReported(String repId, RepWorkload load) implements Command {}

  public record InitDone() implements Command {}

  public record Tick() implements Command {}

  /** The region's ledger as stored (null: none), or the load failed ({@code failed}). Internal. */
  public record LedgerLoaded(String ledgerJson, boolean failed) implements Command {}

  /** A save of the ledger finished: the version stored, or -1 when it failed. Internal. */
  public record LedgerStored(long version) implements Command {}

  /** Time to save the ledger (the decisions of the last {@code routing.ledger-save-delay} in one write). Internal. */
  public record SaveLedger() implements Command {}

  /**
   * Sharding's stop message (passivation, hand-off to another node, shutdown): the pool saves the
   * ledger's last moves and stops once they are stored, so a planned stop loses no count.
   */
  public record Stop() implements Command {}

  public record QueueView(String region, List<QueuedLeadV2> leads) implements EngineSerializable {
    public QueueView {
      leads = List.copyOf(leads);
    }
  }

  /** The region's fairness ledger as JSON ({@link FairnessLedger}) and the version of it stored so far. */
  public record LedgerView(String region, String ledgerJson, long storedVersion) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  /** Queued before the routing rules. Replaced by {@link LeadEnqueuedV2}; old journals still hold it. */
  public record LeadEnqueued(QueuedLead lead) implements Event {}

  public record LeadEnqueuedV2(QueuedLeadV2 lead) implements Event {}

  public record LeadDequeued(String leadId, Instant at) implements Event {}

  /** A queued lead as old journals hold it. Frozen; read through {@link #toV2()}. */
  public record QueuedLead(String leadId, RoutingCriteria criteria, Instant receivedAt, Instant queuedAt)
      implements EngineSerializable {
    QueuedLeadV2 toV2() {
      RegionInfo region = new RegionInfo(criteria.region(), null, null, null);
      return new QueuedLeadV2(leadId, LeadFacts.of(criteria.industry(), region, criteria.budgetBand()), receivedAt,
          queuedAt, List.of());
    }
  }

  /**
   * A queued lead: what routing reads of it, and the reps it was routed without when it was queued
   * (they refused it at capacity, or it was taken from them). Shown by {@code GetQueue}; a drain
   * offers the lead to anyone eligible then, them included — a rep who was full may have room now.
   */
  public record QueuedLeadV2(String leadId, LeadFacts facts, Instant receivedAt, Instant queuedAt, List<String> excluded)
      implements EngineSerializable {
    public QueuedLeadV2 {
      excluded = List.copyOf(excluded);
    }
  }

  /** Snapshots written before the routing rules. Frozen; read through {@link #toV2()}. */
  public record State(List<QueuedLead> queue) implements EngineSerializable {
    public State {
      queue = List.copyOf(queue);
    }

    StateV2 toV2() {
      return new StateV2(queue.stream().map(QueuedLead::toV2).toList());
    }
  }

  /** The queue, oldest lead first. */
  public record StateV2(List<QueuedLeadV2> queue) implements EngineSerializable {
    public StateV2 {
      queue = List.copyOf(queue);
    }

    boolean contains(String leadId) {
      return queue.stream().anyMatch(q -> q.leadId().equals(leadId));
    }

    StateV2 apply(Event event) {
      List<QueuedLeadV2> next = new ArrayList<>(queue);
      if (event instanceof LeadEnqueued e) {
        add(next, e.lead().toV2());
      } else if (event instanceof LeadEnqueuedV2 e) {
        add(next, e.lead());
      } else {
        String id = ((LeadDequeued) event).leadId();
        next.removeIf(q -> q.leadId().equals(id));
      }
      return new StateV2(next);
    }

    private static void add(List<QueuedLeadV2> queue, QueuedLeadV2 lead) {
      queue.add(lead);
      queue.sort(Comparator.comparing(QueuedLeadV2::receivedAt).thenComparing(QueuedLeadV2::leadId));
    }
  }

  public static void init(ActorSystem<?> system, EngineDeps deps, PoolListener leads) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps, leads)).withStopMessage(new Stop()));
  }

  public static Behavior<Command> create(String region, EngineDeps deps, PoolListener leads) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RoutingPool(region, deps, leads, ctx, timers)));
  }

  private static final String INIT_TIMER = "init";
  private static final String WAIT_TIMER = "wait";

  private final String region;
  private final EngineDeps deps;
  private final PoolListener leads;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  /** While {@link #initializing}: what the start still waits for; null once ready. */
  private PoolStartup startup = PoolStartup.asking(List.of());
  /** Once ready: the workloads, the ledger and what the queued leads were told; replaced, never changed in place. */
  private RoutingDesk desk;
  /** Once ready: the debounced save of the desk's ledger. */
  private LedgerSaver saver;

  private RoutingPool(String region, EngineDeps deps, PoolListener leads, ActorContext<Command> ctx,
      TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), region),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.region = region;
    this.deps = deps;
    this.leads = leads;
    this.ctx = ctx;
    this.timers = timers;
  }

  @Override
  public StateV2 emptyState() {
    return new StateV2(List.of());
  }

  /** Writes {@link StateV2}; reads it and the {@link State} snapshots written before. */
  @Override
  public SnapshotAdapter<StateV2> snapshotAdapter() {
    return UpcastingSnapshots.of(State.class, StateV2.class, State::toV2);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  /** Once the queue is recovered (first start only: a restart after a journal failure keeps the ledger and book). */
  @Override
  public SignalHandler<StateV2> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          timers.startTimerWithFixedDelay(new Tick(), deps.settings().offerTimeout());
          if (startup == null) return;
          List<String> reps = reps(deps.directory().current());
          startup = PoolStartup.asking(reps);
          LedgerSaver.load(region, deps, ctx);
          requestLoads(reps);
          timers.startSingleTimer(INIT_TIMER, new InitDone(), deps.settings().poolInitTimeout());
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, StateV2> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, StateV2> builder = newCommandHandlerWithReplyBuilder();
    initializing(builder.forState(s -> startup != null));
    ready(builder.forAnyState());
    return builder.build();
  }

  /**
   * The starting pool: collects the stored ledger and the reps' loads ({@link PoolStartup}),
   * answers {@link GetQueue}, {@link GetLedger} and {@link Stop}, and stashes everything else
   * until it is ready.
   */
  private void initializing(CommandHandlerWithReplyBuilderByState<Command, Event, StateV2, StateV2> handlers) {
    handlers
        .onCommand(LoadReported.class, (s, c) -> starting(startup.reported(c.repId(), c.load())))
        .onCommand(InitDone.class, (s, c) -> starting(startup.timedOut()))
        .onCommand(LedgerLoaded.class, (s, c) -> {
          if (!c.failed()) return starting(startup.ledgerLoaded(LedgerSaver.read(c.ledgerJson())));
          LedgerSaver.reload(region, deps, ctx);
          return Effect().noReply();
        })
        .onCommand(GetQueue.class, (s, c) -> Effect().reply(c.replyTo(), new QueueView(region, s.queue())))
        .onCommand(GetLedger.class, (s, c) -> Effect().reply(c.replyTo(), startup.ledger() == null
            ? ledgerView(FairnessLedger.EMPTY, -1) : ledgerView(startup.ledger(), startup.ledger().version())))
        .onCommand(Stop.class, (s, c) -> Effect().stop().thenNoReply())
        .onAnyCommand((s, c) -> Effect().stash());
  }

  /** The start goes on with {@code next}; once it is ready, the pool routes with its book and ledger. */
  private ReplyEffect<Event, StateV2> starting(PoolStartup next) {
    if (!next.ready()) {
      startup = next;
      return Effect().noReply();
    }
    timers.cancel(INIT_TIMER);
    desk = RoutingDesk.start(next.book(), next.ledger());
    saver = new LedgerSaver(region, deps, ctx, timers, next.ledger());
    startup = null;
    return Effect().noReply().thenUnstashAll();
  }

  /** The ready pool: routes with its {@link RoutingDesk}, keeps its queue, saves its ledger. */
  private void ready(CommandHandlerWithReplyBuilderByState<Command, Event, StateV2, StateV2> handlers) {
    handlers
        .onCommand(Route.class, this::onRoute)
        .onCommand(Preview.class, (s, c) -> Effect().reply(c.replyTo(), RoutingDecision.of(
            desk.decide(deps.routing().current(), c.facts(), List.of(), deps.clock().instant()), deps.routing().version())))
        .onCommand(OfferDeclined.class, (s, c) -> {
          use(desk.settled(c.repId(), c.leadId(), true));
          return s.contains(c.leadId()) ? dequeue(c.leadId()) : drain(s, desk);
        })
        .onCommand(AssignByHand.class, this::onAssignByHand)
        .onCommand(LeadTaken.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(Forget.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(RepChanged.class, (s, c) -> drain(s, (c.leadId() == null ? desk
            : desk.settled(c.repId(), c.leadId(), c.refused())).reported(c.repId(), c.load())))
        .onCommand(OrgChanged.class, (s, c) -> {
          requestLoads(reps(c.chart()).stream().filter(id -> !desk.book().knows(id)).toList());
          return drain(s, desk);
        })
        .onCommand(Tick.class, (s, c) -> drain(s, desk.expired(deps.clock().instant().minus(deps.settings().offerTimeout()))))
        .onCommand(LoadReported.class, (s, c) -> {
          use(desk.reported(c.repId(), c.load())); // a rep added by an org change
          return Effect().noReply();
        })
        .onCommand(InitDone.class, (s, c) -> Effect().noReply())
        .onCommand(LedgerLoaded.class, (s, c) -> Effect().noReply())
        .onCommand(SaveLedger.class, (s, c) -> stopIf(saver.due()))
        .onCommand(LedgerStored.class, (s, c) -> stopIf(saver.stored(c.version())))
        .onCommand(Stop.class, (s, c) -> stopIf(saver.stop()))
        .onCommand(GetQueue.class, (s, c) -> Effect().reply(c.replyTo(), new QueueView(region, s.queue())))
        .onCommand(GetWorkloads.class, (s, c) -> Effect().reply(c.replyTo(), new Workloads(desk.book().reported())))
        .onCommand(GetLedger.class, (s, c) -> Effect().reply(c.replyTo(), ledgerView(saver.ledger(), saver.storedVersion())));
  }

  /** Offered at once; queued: persisted (once), then told. */
  private ReplyEffect<Event, StateV2> onRoute(StateV2 state, Route cmd) {
    RoutingDesk.Step step = desk.route(cmd.leadId(), cmd.facts(), cmd.excluded(), deps.routing().current(),
        deps.clock().instant());
    use(step.next());
    RoutingDesk.Answer answer = step.answers().get(0);
    if (answer.decision().outcome() == Decision.Outcome.ASSIGNED || state.contains(cmd.leadId())) {
      send(answer);
      return Effect().noReply();
    }
    QueuedLeadV2 entry = new QueuedLeadV2(cmd.leadId(), cmd.facts(), cmd.receivedAt(), deps.clock().instant(),
        cmd.excluded());
    return Effect().persist(new LeadEnqueuedV2(entry)).thenRun(s -> send(answer)).thenNoReply();
  }

  private ReplyEffect<Event, StateV2> onAssignByHand(StateV2 state, AssignByHand cmd) {
    RoutingDesk.ByHand byHand = desk.byHand(cmd.leadId(), cmd.repId(), cmd.by(), deps.routing().current(),
        deps.routing().version(), deps.clock().instant());
    use(byHand.next());
    return Effect().reply(cmd.replyTo(), new HandAnswer(byHand.verdict().decision(), byHand.verdict().refusal()));
  }

  /** Routes the queued leads again with {@code next} ({@link RoutingDesk#drain}). */
  private ReplyEffect<Event, StateV2> drain(StateV2 state, RoutingDesk next) {
    use(next);
    RoutingDesk.Step step = desk.drain(state.queue(), deps.routing().current(), deps.clock().instant());
    use(step.next());
    step.answers().forEach(this::send);
    return Effect().noReply();
  }

  private ReplyEffect<Event, StateV2> dequeue(String leadId) {
    use(desk.dequeued(leadId));
    return Effect().persist(new LeadDequeued(leadId, deps.clock().instant())).thenNoReply();
  }

  /** The desk from now on; a ledger it moved is saved behind the decisions. */
  private void use(RoutingDesk next) {
    if (next.ledger() != desk.ledger()) saver.moved(next.ledger());
    desk = next;
  }

  /** Tells the lead its offer, or where it waits (and wakes the queue when a wait ends). */
  private void send(RoutingDesk.Answer answer) {
    Decision decision = answer.decision();
    RoutingDecision routed = RoutingDecision.of(decision, deps.routing().version());
    if (decision.outcome() == Decision.Outcome.ASSIGNED) {
      leads.offer(answer.leadId(), routed);
      return;
    }
    if (decision.waitUntil() != null) {
      Duration delay = Duration.between(deps.clock().instant(), decision.waitUntil());
      timers.startSingleTimer(WAIT_TIMER, new Tick(), delay.isNegative() ? Duration.ZERO : delay);
    }
    if (answer.tell()) leads.enqueue(answer.leadId(), routed, decision.outcome() == Decision.Outcome.FALLBACK, region);
  }

  private LedgerView ledgerView(FairnessLedger ledger, long storedVersion) {
    return new LedgerView(region, ConfigJson.write(ledger), storedVersion);
  }

  private ReplyEffect<Event, StateV2> stopIf(boolean stop) {
    return stop ? Effect().stop().thenNoReply() : Effect().noReply();
  }

  private static List<String> reps(OrgChart chart) {
    return chart.people().stream().filter(OrgChart.Person::isRep).map(OrgChart.Person::id).toList();
  }

  private void requestLoads(List<String> reps) {
    for (String repId : reps) {
      ctx.pipeToSelf(
          deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId).ask(Rep.GetLoad::new, deps.settings().poolInitTimeout()),
          (load, error) -> new LoadReported(repId, error == null ? load : RepWorkload.NONE));
    }
  }

  @Override
  public EventHandler<StateV2, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(StateV2::apply);
  }
}
