package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * How the rep responded: when they acknowledged (and the time to first touch since assignment), when
 * they reached the contact, and the conversion into an opportunity (or null). Part of {@link LeadState}.
 */
public record Response(Instant acknowledgedAt, Long timeToFirstTouchMs, Instant contactedAt,
    Lead.LeadConverted converted) implements EngineSerializable {

  public static final Response NONE = new Response(null, null, null, null);

  public Response withAcknowledged(Instant at, long ttfMs) {
    return new Response(at, ttfMs, contactedAt, converted);
  }

  public Response withConverted(Lead.LeadConverted conversion) {
    return new Response(acknowledgedAt, timeToFirstTouchMs, contactedAt, conversion);
  }

  /** Reached the contact; a contact before any acknowledgement acknowledges too. */
  public Response withContacted(Instant at, Instant assignedAt) {
    if (acknowledgedAt != null) return new Response(acknowledgedAt, timeToFirstTouchMs, at, converted);
    return new Response(at, Math.max(0, Duration.between(assignedAt, at).toMillis()), at, converted);
  }

  /** The rep lost the lead: the next rep's acknowledgement is still to come (a contact stays recorded). */
  public Response withoutAcknowledgement() {
    return new Response(null, null, contactedAt, converted);
  }
}
