package dev.leadrouter.persistence.outbox;

/**
 * One claimed outbox row, as a channel delivers it. {@code attempts} counts the failed attempts so
 * far; {@code payload} is the JSON text the projection wrote.
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
    long createdAt) {}
