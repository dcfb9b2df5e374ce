package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notices;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.rep.Rep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The routing actor of one region (sharded by region key, so regions decide in parallel). Owns the
 * region's fallback queue (persisted) and a cache of its reps' loads (not persisted: rebuilt from
 * the {@link Rep} entities at start and kept exact by their change reports plus the offers still in
 * flight). Decisions are made by the pure {@link Matcher}; the Rep entity has the last word on
 * capacity.
 *
 * <p>A queued lead stays in the persisted queue until the lead itself reports it took an offer
 * ({@link LeadTaken}) or declined it because it no longer waits ({@link OfferDeclined}, {@link
 * Forget}). An offer lost on the way (a crash, a restart) is therefore offered again by the next
 * drain; the lead declines offers it cannot take, so repeating one is harmless.
 */
public final class RoutingPool
    extends EventSourcedBehaviorWithEnforcedReplies<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "RoutingPool");

  public sealed interface Command extends EngineSerializable {}

  /** Find a rep for this lead (or queue it); the answer goes to the lead entity. */
  public record Route(String leadId, RoutingCriteria criteria, java.time.Instant receivedAt, List<String> excluded)
      implements Command {
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

  /** A rep's authoritative load after handling {@code leadId}. */
  public record RepChanged(String repId, String leadId, RepLoad load) implements Command {}

  /** The org chart was replaced: new roster, and maybe room for queued leads. */
  public record OrgChanged(OrgChart chart) implements Command {}

  /** Replies the {@link QueueView} of this region. */
  public record GetQueue(ActorRef<QueueView> replyTo) implements Command {}

  /** Replies where a lead with these criteria would go now; changes nothing. */
  public record Preview(RoutingCriteria criteria, ActorRef<RoutingDecision> replyTo) implements Command {}

  /** Where {@code lead} would go now (asks its region's pool); changes nothing. */
  public static java.util.concurrent.CompletionStage<RoutingDecision> preview(EngineDeps deps,
      dev.leadrouter.engine.intake.CleanLead lead, Duration timeout) {
    RoutingCriteria criteria = RoutingCriteria.of(lead);
    return deps.sharding().entityRefFor(ENTITY_KEY, criteria.region())
        .ask(replyTo -> new Preview(criteria, replyTo), timeout);
  }

  public record LoadReported(String repId, RepLoad load) implements Command {}

  public record InitDone() implements Command {}

  public record Tick() implements Command {}

  public record QueueView(String region, List<QueuedLead> leads) implements EngineSerializable {
    public QueueView {
      leads = List.copyOf(leads);
    }
  }

  public sealed interface Event extends EngineSerializable {}

  public record LeadEnqueued(QueuedLead lead) implements Event {}

  public record LeadDequeued(String leadId, Instant at) implements Event {}

  public record QueuedLead(String leadId, RoutingCriteria criteria, Instant receivedAt, Instant queuedAt)
      implements EngineSerializable {}

  /** The fallback queue, oldest lead first. */
  public record State(List<QueuedLead> queue) implements EngineSerializable {
    public State {
      queue = List.copyOf(queue);
    }

    boolean contains(String leadId) {
      return queue.stream().anyMatch(q -> q.leadId().equals(leadId));
    }

    State apply(Event event) {
      List<QueuedLead> next = new ArrayList<>(queue);
      if (event instanceof LeadEnqueued e) {
        next.add(e.lead());
        next.sort(Comparator.comparing(QueuedLead::receivedAt).thenComparing(QueuedLead::leadId));
      } else {
        String id = ((LeadDequeued) event).leadId();
        next.removeIf(q -> q.leadId().equals(id));
      }
      return new State(next);
    }
  }

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String region, EngineDeps deps) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new RoutingPool(region, deps, ctx, timers)));
  }

  private final String region;
  private final EngineDeps deps;
  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Matcher matcher;
  private OrgChart chart;
  private final Map<String, RepLoad> loads = new HashMap<>();
  /** Offers sent but not yet confirmed by the rep: repId → leadId → when offered. */
  private final Map<String, Map<String, Instant>> inFlight = new HashMap<>();
  private final java.util.Set<String> awaitingLoad = new HashSet<>();
  private boolean ready;

  private RoutingPool(String region, EngineDeps deps, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
    super(PersistenceId.of(ENTITY_KEY.name(), region),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.region = region;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
    this.matcher = new Matcher(deps.settings().routingRules());
    this.chart = deps.directory().current();
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          requestLoads(roster());
          timers.startSingleTimer(new InitDone(), deps.settings().poolInitTimeout());
          timers.startTimerWithFixedDelay(new Tick(), deps.settings().offerTimeout());
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forAnyState()
        .onCommand(LoadReported.class, this::onLoadReported)
        .onCommand(InitDone.class, (s, c) -> becomeReady())
        .onCommand(GetQueue.class, (s, c) -> Effect().reply(c.replyTo(), new QueueView(region, s.queue())));
    builder.forState(s -> !ready).onAnyCommand((s, c) -> Effect().stash());
    builder.forAnyState()
        .onCommand(Route.class, this::onRoute)
        .onCommand(Preview.class, (s, c) -> Effect().reply(c.replyTo(), decide(c.criteria(), List.of())))
        .onCommand(OfferDeclined.class, (s, c) -> {
          settle(c.repId(), c.leadId());
          return s.contains(c.leadId()) ? dequeue(c.leadId()) : drain(s);
        })
        .onCommand(LeadTaken.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(RepChanged.class, (s, c) -> {
          settle(c.repId(), c.leadId());
          loads.put(c.repId(), c.load());
          return drain(s);
        })
        .onCommand(Forget.class, (s, c) -> s.contains(c.leadId()) ? dequeue(c.leadId()) : Effect().noReply())
        .onCommand(OrgChanged.class, (s, c) -> {
          chart = c.chart();
          requestLoads(roster().stream().filter(p -> !loads.containsKey(p.id())).toList());
          return drain(s);
        })
        .onCommand(Tick.class, (s, c) -> {
          expireOffers();
          return drain(s);
        });
    return builder.build();
  }

  private ReplyEffect<Event, State> onLoadReported(State state, LoadReported cmd) {
    loads.put(cmd.repId(), cmd.load());
    awaitingLoad.remove(cmd.repId());
    return awaitingLoad.isEmpty() && !ready ? becomeReady() : Effect().noReply();
  }

  private ReplyEffect<Event, State> becomeReady() {
    if (ready) return Effect().noReply();
    ready = true;
    return Effect().noReply().thenUnstashAll();
  }

  private ReplyEffect<Event, State> onRoute(State state, Route cmd) {
    RoutingDecision decision = decide(cmd.criteria(), cmd.excluded());
    boolean queued = state.contains(cmd.leadId());
    if (decision.repId() != null) {
      offered(decision.repId(), cmd.leadId());
      lead(cmd.leadId()).tell(new Lead.Offer(decision));
      return Effect().noReply();
    }
    Lead.Enqueue enqueue = new Lead.Enqueue(decision, Notices.forFallback(chart, region));
    if (queued) {
      lead(cmd.leadId()).tell(enqueue);
      return Effect().noReply();
    }
    QueuedLead entry = new QueuedLead(cmd.leadId(), cmd.criteria(), cmd.receivedAt(), deps.clock().instant());
    return Effect().persist(new LeadEnqueued(entry))
        .thenRun(s -> lead(cmd.leadId()).tell(enqueue)).thenNoReply();
  }

  /** Offer queued leads, oldest first, to whoever has room now (each lead one offer at a time). */
  private ReplyEffect<Event, State> drain(State state) {
    for (QueuedLead q : state.queue()) {
      if (isOffered(q.leadId())) continue;
      RoutingDecision decision = decide(q.criteria(), List.of());
      if (decision.repId() == null) continue;
      offered(decision.repId(), q.leadId());
      lead(q.leadId()).tell(new Lead.Offer(decision));
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> dequeue(String leadId) {
    return Effect().persist(new LeadDequeued(leadId, deps.clock().instant())).thenNoReply();
  }

  private boolean isOffered(String leadId) {
    return inFlight.values().stream().anyMatch(m -> m.containsKey(leadId));
  }

  private RoutingDecision decide(RoutingCriteria criteria, List<String> excluded) {
    Map<String, RepLoad> effective = new HashMap<>();
    for (OrgChart.Person rep : roster()) {
      RepLoad base = loads.getOrDefault(rep.id(), RepLoad.NONE);
      Map<String, Instant> pending = inFlight.getOrDefault(rep.id(), Map.of());
      long last = pending.values().stream().mapToLong(Instant::toEpochMilli).max().orElse(0L);
      effective.put(rep.id(), new RepLoad(base.openLeads() + pending.size(), Math.max(base.lastAssignedAtMillis(), last)));
    }
    return matcher.decide(criteria, roster(), effective, new HashSet<>(excluded));
  }

  private List<OrgChart.Person> roster() {
    return chart.repsFor(region);
  }

  private void offered(String repId, String leadId) {
    inFlight.computeIfAbsent(repId, k -> new HashMap<>()).put(leadId, deps.clock().instant());
  }

  private void settle(String repId, String leadId) {
    Map<String, Instant> pending = inFlight.get(repId);
    if (pending != null) pending.remove(leadId);
  }

  private void expireOffers() {
    Instant cutoff = deps.clock().instant().minus(deps.settings().offerTimeout());
    inFlight.values().forEach(m -> m.values().removeIf(at -> at.isBefore(cutoff)));
  }

  private void requestLoads(List<OrgChart.Person> reps) {
    for (OrgChart.Person rep : reps) {
      awaitingLoad.add(rep.id());
      ctx.pipeToSelf(
          deps.sharding().entityRefFor(Rep.ENTITY_KEY, rep.id())
              .ask(Rep.GetLoad::new, deps.settings().poolInitTimeout()),
          (load, error) -> error == null ? new LoadReported(rep.id(), load) : new LoadReported(rep.id(), RepLoad.NONE));
    }
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Lead.Command> lead(String leadId) {
    return deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
