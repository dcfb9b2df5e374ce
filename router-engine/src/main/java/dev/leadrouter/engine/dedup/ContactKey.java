package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Frozen: the messages of the retired {@code ContactKey} entity (one event-sourced entity per phone
 * or e-mail, persistence id {@code ContactKey|<key>}), replaced by {@link KeyClaims} (ADR 0015). Kept
 * so journals written before can be read — {@code persistence.dedup.KeyClaimImport} copies each key's
 * last {@link ContactClaimed} into the claims table once — and because released types keep their
 * golden bytes (Kryo ids 1000–1004). Nothing sends or persists them any more.
 */
public final class ContactKey {

  private ContactKey() {}

  /** The persistence-id prefix of the retired entity's journals. */
  public static final String ENTITY_TYPE = "ContactKey";

  public sealed interface Command extends EngineSerializable {}

  public record Claim(String leadId, long windowMillis, ActorRef<Owner> replyTo) implements Command {}

  public record Point(String leadId) implements Command {}

  public record Owner(String leadId, String previousLeadId) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  /** The key claimed by (or given to) {@code leadId} at {@code at}: the last one says who owns it. */
  public record ContactClaimed(String leadId, Instant at) implements Event {}

  public record State(String leadId, Instant at) implements EngineSerializable {}
}
