package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
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
 * One way to reach a person — an E.164 phone ({@code phone:+8613800138000}) or an e-mail
 * ({@code email:a@b.cn}) — and the lead it belongs to while it is recent: the deduplication of
 * deliveries of the same person without a global lock. A claim within {@code window} of the last
 * one answers the lead that holds the key (the new delivery merges into it); after the window the
 * key goes to the new lead. Every claim by the owning lead refreshes the window.
 */
public final class ContactKey
    extends EventSourcedBehaviorWithEnforcedReplies<ContactKey.Command, ContactKey.Event, ContactKey.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ContactKey");

  public sealed interface Command extends EngineSerializable {}

  /** Claim the key for {@code leadId} unless another lead holds it within {@code windowMillis}; replies the owner. */
  public record Claim(String leadId, long windowMillis, ActorRef<Owner> replyTo) implements Command {}

  /** Give the key to {@code leadId} (a delivery turned out to belong to it). No reply. */
  public record Point(String leadId) implements Command {}

  /**
   * The lead that holds the key after the claim, and — when this claim took the key over from
   * another lead whose window had passed (a returning contact) — that lead, else null.
   */
  public record Owner(String leadId, String previousLeadId) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  public record ContactClaimed(String leadId, Instant at) implements Event {}

  public record State(String leadId, Instant at) implements EngineSerializable {}

  public static String phoneKey(String e164) {
    return "phone:" + e164;
  }

  public static String emailKey(String email) {
    return "email:" + email.toLowerCase(Locale.ROOT);
  }

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), deps)));
  }

  public static Behavior<Command> create(String key, EngineDeps deps) {
    return new ContactKey(key, deps);
  }

  private final EngineDeps deps;

  private ContactKey(String key, EngineDeps deps) {
    super(PersistenceId.of(ENTITY_KEY.name(), key),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return new State(null, null);
  }

  /** A busy number collects a claim per touch: keep recovery short. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(50, 1);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Claim.class, this::onClaim)
        .onCommand(Point.class, this::onPoint)
        .build();
  }

  private ReplyEffect<Event, State> onClaim(State state, Claim cmd) {
    Instant now = deps.clock().instant();
    boolean heldByOther = state.leadId() != null && !state.leadId().equals(cmd.leadId())
        && state.at().plusMillis(cmd.windowMillis()).isAfter(now);
    if (heldByOther) return Effect().reply(cmd.replyTo(), new Owner(state.leadId(), null));
    String previous = state.leadId() != null && !state.leadId().equals(cmd.leadId()) ? state.leadId() : null;
    return Effect().persist(new ContactClaimed(cmd.leadId(), now))
        .thenReply(cmd.replyTo(), s -> new Owner(s.leadId(), previous));
  }

  private ReplyEffect<Event, State> onPoint(State state, Point cmd) {
    if (cmd.leadId().equals(state.leadId())) return Effect().noReply();
    return Effect().persist(new ContactClaimed(cmd.leadId(), deps.clock().instant())).thenNoReply();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> {
      ContactClaimed claimed = (ContactClaimed) e;
      return new State(claimed.leadId(), claimed.at());
    });
  }
}
