package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Frozen: the messages of the retired {@code IntakeKey} entity (one event-sourced entity per intake
 * key, persistence id {@code IntakeKey|<key>}), replaced by {@link KeyClaims} (ADR 0015). Kept so
 * journals written before can be read — {@code persistence.dedup.KeyClaimImport} copies each key's
 * {@link KeyClaimed} into the claims table once — and because released types keep their golden bytes
 * (Kryo ids 800–803). Nothing sends or persists them any more.
 */
public final class IntakeKey {

  private IntakeKey() {}

  /** The persistence-id prefix of the retired entity's journals. */
  public static final String ENTITY_TYPE = "IntakeKey";

  public sealed interface Command extends EngineSerializable {}

  public record Claim(String leadId, String bodyHash, ActorRef<Claimed> replyTo) implements Command {}

  public record Claimed(String leadId, boolean fresh, boolean sameBody) implements EngineSerializable {}

  public sealed interface Event extends EngineSerializable {}

  /** The key's only event: claimed for {@code leadId} by a body hashed {@code bodyHash}. */
  public record KeyClaimed(String leadId, String bodyHash, Instant at) implements Event {}

  public record State(String leadId, String bodyHash) implements EngineSerializable {}
}
