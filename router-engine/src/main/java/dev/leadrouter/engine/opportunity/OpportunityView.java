package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import dev.leadrouter.engine.vocab.TimelineEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An opportunity as {@code GET /api/v1/opportunities/{id}} shows it. {@code silentSince}: when the
 * current stage's silent period ran out (null while it has not); {@code idleDeadline} null when the
 * pipeline does not downgrade or the stage is final.
 */
public record OpportunityView(String opportunityId, String leadId, String name, String ownerId, String region,
    String source, String pipeline, String stage, Instant stageEnteredAt, Instant lastValidActionAt,
    Instant idleDeadline, Instant silentSince, Instant snoozedUntil, BigDecimal amount, String currency,
    Instant openedAt, List<Action> actions, List<TimelineEntry> timeline) implements EngineSerializable {

  public OpportunityView {
    actions = List.copyOf(actions);
    timeline = List.copyOf(timeline);
  }

  /** One recorded action: when it happened ({@code at}) and when it was recorded, and whether it counted. */
  public record Action(String actionId, String type, Instant at, Instant recordedAt, String by, String outcome,
      String note, List<Evidence> evidence, boolean valid, String reason) implements EngineSerializable {
    public Action {
      evidence = List.copyOf(evidence);
    }
  }
}
