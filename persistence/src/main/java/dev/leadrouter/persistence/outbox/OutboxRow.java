package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.card.LeadCard;

/**
 * One claimed outbox row, as a channel delivers it. {@code attempts} counts the failed attempts so
 * far; {@code payload} is the JSON text the projection wrote; {@code lead} is the lead's row in
 * {@code lead_index} as it is when the row is claimed (null when it has none), so every text shows
 * the lead's current details, also for rows written before those details were stored.
 */
public record OutboxRow(
    long id,
    String idempotencyKey,
    String leadId,
    String recipientId,
    String channel,
    String kind,
    String payload,
    int attempts,
    long createdAt,
    LeadCard lead) {

  /** A row without the lead's details. */
  public OutboxRow(long id, String idempotencyKey, String leadId, String recipientId, String channel, String kind,
      String payload, int attempts, long createdAt) {
    this(id, idempotencyKey, leadId, recipientId, channel, kind, payload, attempts, createdAt, null);
  }

  /** This row with the lead's details. */
  public OutboxRow withLead(LeadCard lead) {
    return new OutboxRow(id, idempotencyKey, leadId, recipientId, channel, kind, payload, attempts, createdAt, lead);
  }
}
