package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;

/**
 * A routing decision as journals written before the routing rules hold it (inside the lead's
 * {@code legacy.LeadQueuedV1}, {@code legacy.LeadAssignedV1} and {@code legacy.LeadAssignedV2}): the
 * chosen rep, the rule and every candidate. Frozen; read through {@link #toCurrent()}.
 */
public record RoutingDecisionV1(String repId, String rule, List<Candidate> candidates) implements EngineSerializable {

  public RoutingDecisionV1 {
    candidates = List.copyOf(candidates);
  }

  public RoutingDecision toCurrent() {
    return new RoutingDecision(repId, rule, candidates, repId == null ? RoutingDecision.FALLBACK : RoutingDecision.ASSIGNED,
        null, null, List.of(), null, null, 0);
  }
}
