package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of matching one lead: the chosen rep (empty → fallback queue), the rule that won and
 * every candidate considered.
 */
public record RoutingDecision(String repId, String rule, List<Candidate> candidates)
    implements EngineSerializable {

  public RoutingDecision {
    candidates = List.copyOf(candidates);
  }

  public Optional<String> chosen() {
    return Optional.ofNullable(repId);
  }
}
