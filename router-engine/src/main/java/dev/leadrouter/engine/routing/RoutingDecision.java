package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.routing.rules.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A routing decision as a lead stores it with its assignment (or its wait): where it went, by which
 * rule, every candidate of that rule with the reason they were or were not chosen, the rule path
 * (every rule tried and what happened there) and the one-sentence summary for people. Decisions
 * stored before the routing rules ({@link RoutingDecisionV1}) have no path, summary or version.
 *
 * @param outcome {@value #ASSIGNED}, {@value #WAIT} or {@value #FALLBACK}
 * @param distribution how the deciding rule distributes (roundRobin, weighted, leastLoaded), or null
 * @param summary the sentence, or null for a decision stored before the routing rules
 * @param waitUntil when a waiting lead is routed again, else null
 * @param queue the fallback queue of a lead nobody could take, else null
 * @param rulesVersion the routing rules version that decided (0: the built-in default)
 */
public record RoutingDecision(
    String repId,
    String rule,
    List<Candidate> candidates,
    String outcome,
    String distribution,
    String summary,
    List<Step> path,
    Instant waitUntil,
    String queue,
    int rulesVersion)
    implements EngineSerializable {

  public static final String ASSIGNED = "ASSIGNED";
  public static final String WAIT = "WAIT";
  public static final String FALLBACK = "FALLBACK";

  public RoutingDecision {
    candidates = List.copyOf(candidates);
    path = List.copyOf(path);
  }

  /** One rule tried and what happened there. */
  public record Step(String rule, String result) implements EngineSerializable {}

  /** What a lead keeps of a rule engine's decision. */
  public static RoutingDecision of(Decision d, int rulesVersion) {
    return new RoutingDecision(d.repId(), d.ruleId(),
        d.candidates().stream().map(c -> new Candidate(c.personId(), c.eligible(), c.reason())).toList(),
        d.outcome().name(), d.distribution(), d.summary(),
        d.path().stream().map(s -> new Step(s.ruleId(), s.result())).toList(), d.waitUntil(), d.queue(), rulesVersion);
  }

  public Optional<String> chosen() {
    return Optional.ofNullable(repId);
  }

  public boolean waits() {
    return WAIT.equals(outcome);
  }
}
