package dev.leadrouter.engine.common;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;

/**
 * Identifier generation. Lead ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random
 * bits from {@link java.security.SecureRandom}: unguessable and free of coordination, as random UUIDs
 * were, and time-ordered, so the journal's key, {@code lead_index}'s and the other tables' indexes on
 * a lead id take each new lead at their end instead of at a random page (ADR 0027).
 */
public final class Ids {
  private static final TimeBasedEpochRandomGenerator LEAD_IDS = Generators.timeBasedEpochRandomGenerator();

  private Ids() {}

  public static String newLeadId() {
    return LEAD_IDS.generate().toString();
  }
}
