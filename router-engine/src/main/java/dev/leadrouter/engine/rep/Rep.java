package dev.leadrouter.engine.rep;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.routing.RepLoad;
import dev.leadrouter.engine.routing.RoutingPool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One person who can hold leads. Owns the set of their open leads — the source of truth for
 * capacity: a reservation that would exceed the capacity is refused — and the time of their last
 * assignment (for the fair tie-break). Profile and tags live in the org chart.
 *
 * <p>Every change is reported to the routing pool of the lead's region so its load cache stays
 * exact; a refusal is also sent to the lead, which then asks for another rep.
 */
public final class Rep extends EventSourcedBehaviorWithEnforcedReplies<Rep.Command, Rep.Event, Rep.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Rep");

  public sealed interface Command extends EngineSerializable {}

  /** Take one more open lead if under {@code capacity}; answers the lead with a reservation result. */
  public record Reserve(String leadId, int capacity, String region) implements Command {}

  /** The lead is closed or moved: free its slot. No reply. */
  public record Release(String leadId) implements Command {}

  /** Replies the current {@link RepLoad}. */
  public record GetLoad(ActorRef<RepLoad> replyTo) implements Command {}

  public sealed interface Event extends EngineSerializable {}

  public record LeadReserved(String leadId, Instant at, String region) implements Event {}

  public record LeadReleased(String leadId, Instant at) implements Event {}

  /**
   * Open leads sorted by lead id (deterministic bytes, binary search) and the last assignment time.
   * An event costs one array copy, not a re-sort: a rep may hold thousands of open leads.
   */
  public record State(List<OpenLead> open, long lastAssignedAtMillis) implements EngineSerializable {
    private static final Comparator<OpenLead> BY_ID = Comparator.comparing(OpenLead::leadId);

    public State {
      open = List.copyOf(open);
    }

    boolean holds(String leadId) {
      return indexOf(leadId) >= 0;
    }

    Optional<OpenLead> find(String leadId) {
      int i = indexOf(leadId);
      return i >= 0 ? Optional.of(open.get(i)) : Optional.empty();
    }

    RepLoad load() {
      return new RepLoad(open.size(), lastAssignedAtMillis);
    }

    private int indexOf(String leadId) {
      return Collections.binarySearch(open, new OpenLead(leadId, null), BY_ID);
    }

    State apply(Event event) {
      if (event instanceof LeadReserved e) {
        int i = indexOf(e.leadId());
        if (i >= 0) return new State(open, e.at().toEpochMilli());
        OpenLead[] next = new OpenLead[open.size() + 1];
        int at = -i - 1;
        for (int k = 0; k < at; k++) next[k] = open.get(k);
        next[at] = new OpenLead(e.leadId(), e.region());
        for (int k = at; k < open.size(); k++) next[k + 1] = open.get(k);
        return new State(List.of(next), e.at().toEpochMilli());
      }
      LeadReleased e = (LeadReleased) event;
      int i = indexOf(e.leadId());
      if (i < 0) return this;
      OpenLead[] next = new OpenLead[open.size() - 1];
      for (int k = 0, j = 0; k < open.size(); k++) if (k != i) next[j++] = open.get(k);
      return new State(List.of(next), lastAssignedAtMillis);
    }
  }

  /** An open lead and the region pool that counts it. */
  public record OpenLead(String leadId, String region) implements EngineSerializable {}

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String repId, EngineDeps deps) {
    return new Rep(repId, deps);
  }

  private final String repId;
  private final EngineDeps deps;

  private Rep(String repId, EngineDeps deps) {
    super(PersistenceId.of(ENTITY_KEY.name(), repId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.repId = repId;
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return new State(List.of(), 0L);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Release.class, this::onRelease)
        .onCommand(GetLoad.class, (s, c) -> Effect().reply(c.replyTo(), s.load()))
        .build();
  }

  private ReplyEffect<Event, State> onReserve(State state, Reserve cmd) {
    if (state.holds(cmd.leadId())) {
      answer(cmd.leadId(), cmd.region(), state, true, "already held");
      return Effect().noReply();
    }
    if (state.open().size() >= cmd.capacity()) {
      String reason = "at capacity " + state.open().size() + "/" + cmd.capacity();
      answer(cmd.leadId(), cmd.region(), state, false, reason);
      return Effect().noReply();
    }
    return Effect()
        .persist(new LeadReserved(cmd.leadId(), deps.clock().instant(), cmd.region()))
        .thenRun(s -> answer(cmd.leadId(), cmd.region(), s, true, "reserved"))
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onRelease(State state, Release cmd) {
    Optional<OpenLead> held = state.find(cmd.leadId());
    if (held.isEmpty()) return Effect().noReply();
    return Effect()
        .persist(new LeadReleased(cmd.leadId(), deps.clock().instant()))
        .thenRun(s -> reportTo(held.get().region(), cmd.leadId(), s))
        .thenNoReply();
  }

  private void answer(String leadId, String region, State state, boolean reserved, String reason) {
    deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.ReservationResult(repId, reserved, reason));
    reportTo(region, leadId, state);
  }

  /**
   * Tells the pool of the lead's region and the pools of every other region this rep covers, so a
   * rep shared by several regions is counted right everywhere.
   */
  private void reportTo(String region, String leadId, State state) {
    java.util.Set<String> regions = new java.util.LinkedHashSet<>();
    regions.add(region);
    deps.directory().current().person(repId).ifPresent(p -> regions.addAll(p.regions()));
    RoutingPool.RepChanged change = new RoutingPool.RepChanged(repId, leadId, state.load());
    regions.forEach(r -> deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, r).tell(change));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
