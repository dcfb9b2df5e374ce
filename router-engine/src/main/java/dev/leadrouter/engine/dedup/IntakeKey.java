package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Uniqueness of one intake key — a source's event id ({@code src:<source>:<eventId>}) or a caller's
 * Idempotency-Key ({@code idem:<caller>:<key>}) — without a global lock. Owns the lead id the key
 * first claimed and a hash of the body that came with it. Lives forever; tiny.
 */
public final class IntakeKey
    extends EventSourcedBehaviorWithEnforcedReplies<IntakeKey.Command, IntakeKey.Event, IntakeKey.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "IntakeKey");

  public sealed interface Command extends EngineSerializable {}

  /** Claim the key for {@code leadId} unless taken; replies {@link Claimed} with the owning lead. */
  public record Claim(String leadId, String bodyHash, ActorRef<Claimed> replyTo) implements Command {}

  /** The lead that owns the key; {@code fresh} when this claim won; {@code sameBody} compares hashes. */
  public record Claimed(String leadId, boolean fresh, boolean sameBody) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  public record KeyClaimed(String leadId, String bodyHash, Instant at) implements Event {}

  public record State(String leadId, String bodyHash) implements EngineSerializable {}

  public static String sourceKey(String source, String sourceEventId) {
    return "src:" + escape(source) + ":" + escape(sourceEventId);
  }

  public static String idempotencyKey(String caller, String key) {
    return "idem:" + escape(caller) + ":" + escape(key);
  }

  /** Keeps the parts of a key apart: (a, b:c) and (a:b, c) must not meet. */
  static String escape(String part) {
    return part.replace("%", "%25").replace(":", "%3A");
  }

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String key, EngineDeps deps) {
    return new IntakeKey(key, deps);
  }

  private final EngineDeps deps;

  private IntakeKey(String key, EngineDeps deps) {
    super(PersistenceId.of(ENTITY_KEY.name(), key),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return new State(null, null);
  }

  /** One event per key, never a snapshot: skip the snapshot-store query when the key starts. */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState().onCommand(Claim.class, this::onClaim).build();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    if (state.leadId() != null) {
      return Effect().reply(cmd.replyTo(),
          new Claimed(state.leadId(), false, Objects.equals(state.bodyHash(), cmd.bodyHash())));
    }
    return Effect().persist(new KeyClaimed(cmd.leadId(), cmd.bodyHash(), deps.clock().instant()))
        .thenReply(cmd.replyTo(), s -> new Claimed(s.leadId(), true, true));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((s, e) -> {
          KeyClaimed claimed = (KeyClaimed) e;
          return new State(claimed.leadId(), claimed.bodyHash());
        });
  }
}
