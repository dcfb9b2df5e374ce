package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.UpcastingSnapshots;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.RegionInfo;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notices;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.rules.Decision;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RuleEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The routing actor of one region (sharded by region key, so regions decide in parallel). Decides
 * with the routing rules in force ({@link RoutingDirectory}, pure {@link RuleEngine}) and owns, per
 * region: the queue of leads nobody could take yet — waiting for a candidate to return or in the
 * fallback queue (persisted) — the fairness ledger (in memory, saved in the region's {@link
 * RoutingLedger}) and a cache of every rep's workload (not persisted: asked from the {@link Rep}
 * entities at start and kept exact by their change reports plus the offers still in flight). The
 * Rep entity has the last word on capacity.
 *
 * <p><b>Fairness is counted per region.</b> A team or pool that takes leads from several regions
 * keeps one rotation and one set of counts in each region's pool; each is fair on its own, and a
 * rep's total is the sum (see docs/routing.md). That is what lets regions decide in parallel
 * without a shared counter.
 *
 * <p><b>Durable ledger, never in the way.</b> A decision moves the in-memory ledger and its offer
 * goes out at once; the ledger is saved in {@link RoutingLedger}, one write at a time, each covering
 * every decision since the previous one. Writing it here would stop the pool for every write (a
 * persisting actor handles nothing else meanwhile): measured, that tripled intake→assigned latency
 * at 250 leads/s (docs/benchmarks.md). A hard crash loses at most the counts of the decisions made
 * while the last write was on its way. The pool starts routing only once it has loaded the ledger.
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

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)).withStopMessage(new Stop()));
  }

  public static Behavior<Command> create(String region, EngineDeps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RoutingPool(region, deps, ctx, timers)));
  }

  private static final String WAIT_TIMER = "wait";
  /**
   * The timer of the next ledger save. A moved ledger waits {@code routing.ledger-save-delay} (50 ms)
   * so that one write covers a burst of decisions: a save per decision cost half the pool's
   * throughput in RegionPoolsBenchmark (the whole ledger is written each time).
   */
  private static final String SAVE_TIMER = "save";

  private final String region;
  private final EngineDeps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Map<String, RepWorkload> loads = new HashMap<>();
  /** Offers sent but not yet confirmed by the rep: repId → leadId → offer. */
  private final Map<String, Map<String, Offered>> inFlight = new HashMap<>();
  private final Set<String> awaitingLoad = new HashSet<>();
  /** The ledger with every decision made so far; stored up to {@link #storedVersion}. */
  private FairnessLedger ledger = FairnessLedger.EMPTY;
  private long storedVersion = -1;
  private boolean saving;
  private boolean ledgerLoaded;
  private boolean loadsKnown;
  private boolean stopping;

  /** An offer in flight: when it was made and the fairness group that counted it (null: none). */
  private record Offered(Instant at, String group) {}
  /** What each queued lead was last told (WAIT or FALLBACK), so a wait that ran out is told once. */
  private final Map<String, String> told = new HashMap<>();
  private boolean ready;

  private RoutingPool(String region, EngineDeps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), region),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.region = region;
    this.deps = deps;
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

  @Override
  public SignalHandler<StateV2> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          loadLedger();
          requestLoads(reps());
          timers.startSingleTimer(new InitDone(), deps.settings().poolInitTimeout());
          timers.startTimerWithFixedDelay(new Tick(), deps.settings().offerTimeout());
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, StateV2> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forAnyState()
        .onCommand(LoadReported.class, this::onLoadReported)
        .onCommand(InitDone.class, (s, c) -> {
          loadsKnown = true;
          return becomeReady();
        })
        .onCommand(LedgerLoaded.class, this::onLedgerLoaded)
        .onCommand(LedgerStored.class, (s, c) -> {
          saving = false;
          if (c.version() < 0) {
            if (stopping) {
              ctx.getLog().warn("Routing pool {} stops without saving its last ledger moves (version {})", region,
                  ledger.version());
              return Effect().stop().thenNoReply();
            }
            ctx.getLog().warn("Routing pool {} could not save its fairness ledger; trying again", region);
            timers.startSingleTimer(SAVE_TIMER, new SaveLedger(), Duration.ofSeconds(1));
            return Effect().noReply();
          }
          storedVersion = Math.max(storedVersion, c.version());
          if (stopping) return stopOnceSaved();
          scheduleSave();
          return Effect().noReply();
        })
        .onCommand(Stop.class, (s, c) -> {
          stopping = true;
          return stopOnceSaved();
        })
        .onCommand(SaveLedger.class, (s, c) -> {
          saveLedger();
          return Effect().noReply();
        })
        .onCommand(GetQueue.class, (s, c) -> Effect().reply(c.replyTo(), new QueueView(region, s.queue())))
        .onCommand(GetLedger.class, (s, c) -> Effect().reply(c.replyTo(),
            new LedgerView(region, ConfigJson.write(ledger), storedVersion)));
    builder.forState(s -> !ready).onAnyCommand((s, c) -> Effect().stash());
    builder.forAnyState()
        .onCommand(Route.class, this::onRoute)
        .onCommand(GetWorkloads.class, (s, c) -> Effect().reply(c.replyTo(), new Workloads(loads)))
        .onCommand(Preview.class, (s, c) -> Effect().reply(c.replyTo(), RoutingDecision.of(
            decide(c.facts(), List.of()), deps.routing().version())))
        .onCommand(OfferDeclined.class, (s, c) -> {
          settle(c.repId(), c.leadId(), true);
          return s.contains(c.leadId()) ? dequeue(c.leadId()) : drain(s);
        })
        .onCommand(LeadTaken.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(RepChanged.class, (s, c) -> {
          if (c.leadId() != null) settle(c.repId(), c.leadId(), c.refused());
          loads.put(c.repId(), c.load());
          return drain(s);
        })
        .onCommand(Forget.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(OrgChanged.class, (s, c) -> {
          requestLoads(c.chart().people().stream().filter(OrgChart.Person::isRep).map(OrgChart.Person::id)
              .filter(id -> !loads.containsKey(id)).toList());
          return drain(s);
        })
        .onCommand(Tick.class, (s, c) -> {
          expireOffers();
          return drain(s);
        });
    return builder.build();
  }

  private ReplyEffect<Event, StateV2> onLoadReported(StateV2 state, LoadReported cmd) {
    loads.put(cmd.repId(), cmd.load());
    awaitingLoad.remove(cmd.repId());
    if (awaitingLoad.isEmpty()) loadsKnown = true;
    return becomeReady();
  }

  /** Ready once the ledger is loaded and every rep answered (or the init timeout passed). */
  private ReplyEffect<Event, StateV2> becomeReady() {
    if (ready || !ledgerLoaded || !loadsKnown) return Effect().noReply();
    ready = true;
    return Effect().noReply().thenUnstashAll();
  }

  /** The stored ledger; a failed load is retried (never route on an empty ledger: counts must not reset). */
  private ReplyEffect<Event, StateV2> onLedgerLoaded(StateV2 state, LedgerLoaded cmd) {
    if (cmd.failed()) {
      ctx.getLog().warn("Routing pool {} could not load its fairness ledger; trying again", region);
      loadLedger();
      return Effect().noReply();
    }
    // Nothing stored yet: the empty ledger (version 0) needs no save.
    ledger = cmd.ledgerJson() == null ? FairnessLedger.EMPTY : ConfigJson.read(cmd.ledgerJson(), FairnessLedger.class);
    storedVersion = ledger.version();
    ledgerLoaded = true;
    return becomeReady();
  }

  private void loadLedger() {
    ctx.pipeToSelf(ledgerStore().ask(RoutingLedger.Load::new, deps.settings().poolInitTimeout()),
        (loaded, error) -> error == null ? new LedgerLoaded(loaded.ledgerJson(), false) : new LedgerLoaded(null, true));
  }

  /** Stops now if the ledger is stored, else saves it (now) and stops when that save answers. */
  private ReplyEffect<Event, StateV2> stopOnceSaved() {
    if (!ledgerLoaded || ledger.version() <= storedVersion) return Effect().stop().thenNoReply();
    timers.cancel(SAVE_TIMER);
    saveLedger();
    return Effect().noReply();
  }

  /** A save after the save delay, unless one is on its way (its answer schedules the next) or due. */
  private void scheduleSave() {
    if (saving || ledger.version() <= storedVersion || timers.isTimerActive(SAVE_TIMER)) return;
    timers.startSingleTimer(SAVE_TIMER, new SaveLedger(), deps.settings().ledgerSaveDelay());
  }

  private void saveLedger() {
    if (saving || ledger.version() <= storedVersion) return;
    saving = true;
    long version = ledger.version();
    String json = ConfigJson.write(ledger);
    ctx.pipeToSelf(
        ledgerStore().<RoutingLedger.Saved>ask(r -> new RoutingLedger.Save(json, version, r), deps.settings().poolInitTimeout()),
        (saved, error) -> new LedgerStored(error == null ? saved.version() : -1));
  }

  private EntityRef<RoutingLedger.Command> ledgerStore() {
    return deps.sharding().entityRefFor(RoutingLedger.ENTITY_KEY, region);
  }

  private ReplyEffect<Event, StateV2> onRoute(StateV2 state, Route cmd) {
    Decision decision = decide(cmd.facts(), cmd.excluded());
    if (decision.outcome() == Decision.Outcome.ASSIGNED) return offer(cmd.leadId(), decision);
    Lead.Enqueue enqueue = enqueueMessage(cmd.leadId(), decision);
    if (state.contains(cmd.leadId())) {
      lead(cmd.leadId()).tell(enqueue);
      return Effect().noReply();
    }
    QueuedLeadV2 entry = new QueuedLeadV2(cmd.leadId(), cmd.facts(), cmd.receivedAt(), deps.clock().instant(),
        cmd.excluded());
    return Effect().persist(new LeadEnqueuedV2(entry))
        .thenRun(s -> lead(cmd.leadId()).tell(enqueue)).thenNoReply();
  }

  /** The lead is offered the chosen rep; the ledger the decision moved is saved behind it. */
  private ReplyEffect<Event, StateV2> offer(String leadId, Decision decision) {
    inFlight.computeIfAbsent(decision.repId(), k -> new HashMap<>())
        .put(leadId, new Offered(deps.clock().instant(), decision.group()));
    told.remove(leadId);
    if (decision.ledger() != ledger) moveLedger(decision.ledger());
    lead(leadId).tell(new Lead.Offer(RoutingDecision.of(decision, deps.routing().version())));
    return Effect().noReply();
  }

  private void moveLedger(FairnessLedger next) {
    ledger = next;
    scheduleSave();
  }

  private Lead.Enqueue enqueueMessage(String leadId, Decision decision) {
    told.put(leadId, decision.outcome().name());
    if (decision.waitUntil() != null) scheduleWait(decision.waitUntil());
    return new Lead.Enqueue(RoutingDecision.of(decision, deps.routing().version()),
        decision.outcome() == Decision.Outcome.FALLBACK ? Notices.forFallback(deps.directory().current(), region) : List.of());
  }

  /**
   * Routes queued leads again, oldest first: each to whoever can take it now (one offer at a time);
   * a lead whose wait for a candidate ran out is told it is in the fallback queue now.
   */
  private ReplyEffect<Event, StateV2> drain(StateV2 state) {
    for (QueuedLeadV2 q : state.queue()) {
      if (isOffered(q.leadId())) continue;
      Decision decision = decide(q.facts(), List.of());
      if (decision.outcome() == Decision.Outcome.ASSIGNED) {
        offer(q.leadId(), decision);
      } else if (!decision.outcome().name().equals(told.get(q.leadId()))) {
        lead(q.leadId()).tell(enqueueMessage(q.leadId(), decision));
      } else if (decision.waitUntil() != null) {
        scheduleWait(decision.waitUntil());
      }
    }
    return Effect().noReply();
  }

  private void scheduleWait(Instant until) {
    Duration delay = Duration.between(deps.clock().instant(), until);
    timers.startSingleTimer(WAIT_TIMER, new Tick(), delay.isNegative() ? Duration.ZERO : delay);
  }

  private ReplyEffect<Event, StateV2> dequeue(String leadId) {
    told.remove(leadId);
    return Effect().persist(new LeadDequeued(leadId, deps.clock().instant())).thenNoReply();
  }

  /**
   * The offer of {@code leadId} to {@code repId} is settled: confirmed, or — {@code notKept} — the
   * rep refused it or the lead declined it, so the fairness count it took is given back.
   */
  private void settle(String repId, String leadId, boolean notKept) {
    Map<String, Offered> pending = inFlight.get(repId);
    Offered offer = pending == null ? null : pending.remove(leadId);
    if (notKept && offer != null && offer.group() != null) moveLedger(ledger.withdraw(offer.group(), repId));
  }

  private boolean isOffered(String leadId) {
    return inFlight.values().stream().anyMatch(m -> m.containsKey(leadId));
  }

  /** The rules' decision over the workloads as they will be once the offers in flight are confirmed. */
  private Decision decide(LeadFacts facts, List<String> excluded) {
    Instant now = deps.clock().instant();
    RuleEngine engine = deps.routing().current();
    Map<String, RepWorkload> effective = new HashMap<>(loads);
    inFlight.forEach((repId, pending) -> {
      if (pending.isEmpty()) return;
      RepWorkload base = loads.getOrDefault(repId, RepWorkload.NONE);
      long last = pending.values().stream().mapToLong(o -> o.at().toEpochMilli()).max().orElse(0L);
      java.time.ZoneId zone = engine.rules().profile(repId).map(p -> p.zone()).orElse(engine.rules().document().zone());
      LocalDate today = now.atZone(zone).toLocalDate();
      effective.put(repId, new RepWorkload(base.openLeads() + pending.size(), Math.max(base.lastAssignedAtMillis(), last),
          today, base.newOn(today) + pending.size(), base.breachStreak()));
    });
    // Deactivated people are known to the rules from the org chart they were compiled against.
    return engine.decide(facts, new Roster(Set.of(), Set.of(), Set.copyOf(excluded)), effective, ledger, now);
  }

  private List<String> reps() {
    return deps.directory().current().people().stream().filter(OrgChart.Person::isRep).map(OrgChart.Person::id).toList();
  }

  private void expireOffers() {
    Instant cutoff = deps.clock().instant().minus(deps.settings().offerTimeout());
    inFlight.values().forEach(m -> m.values().removeIf(o -> o.at().isBefore(cutoff)));
  }

  private void requestLoads(List<String> reps) {
    for (String repId : reps) {
      awaitingLoad.add(repId);
      ctx.pipeToSelf(
          deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId).ask(Rep.GetLoad::new, deps.settings().poolInitTimeout()),
          (load, error) -> new LoadReported(repId, error == null ? load : RepWorkload.NONE));
    }
  }

  private EntityRef<Lead.Command> lead(String leadId) {
    return deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId);
  }

  @Override
  public EventHandler<StateV2, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(StateV2::apply);
  }
}
