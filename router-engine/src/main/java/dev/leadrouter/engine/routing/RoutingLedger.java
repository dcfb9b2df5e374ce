package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The durable copy of one region's fairness ledger ({@link FairnessLedger} as JSON, ADR 0005), kept
 * apart from its {@link RoutingPool} so that writing it never stops the pool: the pool decides and
 * offers at once and saves here, one write at a time, each covering every decision since the last
 * (ADR 0007). A save older than the one stored is ignored. Sharded by region, like the pool.
 */
public final class RoutingLedger
    extends EventSourcedBehaviorWithEnforcedReplies<RoutingLedger.Command, RoutingLedger.Event, RoutingLedger.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "RoutingLedger");

  public sealed interface Command extends EngineSerializable {}

  /** Store this ledger (version {@code version}) unless a newer one is stored; replies {@link Saved}. */
  public record Save(String ledgerJson, long version, ActorRef<Saved> replyTo) implements Command {}

  /** Replies {@link Loaded}. */
  public record Load(ActorRef<Loaded> replyTo) implements Command {}

  /** Sharding's stop message for this entity leaving memory; see {@link dev.leadrouter.engine.lead.Lead.Passivate} for why a command. */
  public record Passivate() implements Command {}

  /** The version stored after a save. */
  public record Saved(long version) implements EngineSerializable {}

  /** The stored ledger (null: none yet). */
  public record Loaded(String ledgerJson) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  public record LedgerSaved(String ledgerJson, long version) implements Event {}

  public record State(String ledgerJson, long version) implements EngineSerializable {}

  public static void init(ActorSystem<?> system, ClusterSharding sharding) {
    sharding.init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())).withStopMessage(new Passivate()));
  }

  public static Behavior<Command> create(String region) {
    return new RoutingLedger(region);
  }

  private RoutingLedger(String region) {
    super(PersistenceId.of(ENTITY_KEY.name(), region),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
  }

  @Override
  public State emptyState() {
    return new State(null, -1);
  }

  /** Each event holds the whole ledger: recovery needs only the latest, older events are deleted. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 1).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .onCommand(Load.class, (s, c) -> Effect().reply(c.replyTo(), new Loaded(s.ledgerJson())))
        .onCommand(Save.class, (s, c) -> c.version() <= s.version()
            ? Effect().reply(c.replyTo(), new Saved(s.version()))
            : Effect().persist(new LedgerSaved(c.ledgerJson(), c.version()))
                .thenReply(c.replyTo(), after -> new Saved(after.version())))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(LedgerSaved.class, (s, e) -> new State(e.ledgerJson(), e.version()))
        .build();
  }
}
