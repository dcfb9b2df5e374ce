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
  /** The rule of an assignment made by hand ({@code POST /leads/{id}/assign}), not by the routing rules. */
  public static final String MANUAL = "manual";

  public RoutingDecision {
    candidates = List.copyOf(candidates);
    path = List.copyOf(path);
  }

  /** One rule tried and what happened there. */
  public record Step(String rule, String result) implements EngineSerializable {}

  /**
   * The most candidates a lead keeps with its decision. A rule whose target is a big pool (the
   * built-in default's is every rep) would otherwise store every rep of the company with each lead,
   * in its journal, in memory while it lives and in every replay; the summary keeps the counts.
   */
  public static final int STORED_CANDIDATES = 10;

  /** What a lead keeps of a rule engine's decision: its candidates as {@link #stored} picks them. */
  public static RoutingDecision of(Decision d, int rulesVersion) {
    return new RoutingDecision(d.repId(), d.ruleId(),
        stored(d.candidates()).stream().map(c -> new Candidate(c.personId(), c.eligible(), c.reason())).toList(),
        d.outcome().name(), d.distribution(), d.summary(),
        d.path().stream().map(s -> new Step(s.ruleId(), s.result())).toList(), d.waitUntil(), d.queue(), rulesVersion);
  }

  /**
   * At most {@link #STORED_CANDIDATES} of a rule's candidates, in the rule's order: the chosen one,
   * then the eligible ones not chosen, then those not eligible (whose reasons explain a wait or a
   * fallback queue), each group from the start of the list.
   */
  static List<Decision.Candidate> stored(List<Decision.Candidate> all) {
    if (all.size() <= STORED_CANDIDATES) return all;
    boolean[] keep = new boolean[all.size()];
    int kept = 0;
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < all.size() && kept < STORED_CANDIDATES; i++) {
        Decision.Candidate c = all.get(i);
        boolean inPass = switch (pass) {
          case 0 -> c.chosen();
          case 1 -> c.eligible() && !c.chosen();
          default -> !c.eligible();
        };
        if (inPass && !keep[i]) {
          keep[i] = true;
          kept++;
        }
      }
    }
    List<Decision.Candidate> out = new java.util.ArrayList<>(kept);
    for (int i = 0; i < all.size(); i++) if (keep[i]) out.add(all.get(i));
    return out;
  }

  /**
   * An assignment made by hand: rule {@value #MANUAL}, the rep as its one candidate, and a path of one
   * step whose result is the person who made it ({@link #assignedBy()}).
   */
  public static RoutingDecision manual(String repId, String by, String reason, int rulesVersion) {
    return new RoutingDecision(repId, MANUAL, List.of(new Candidate(repId, true, "assigned by hand by " + by + ": " + reason)),
        ASSIGNED, null, "Assigned by hand to " + repId + " by " + by + ".", List.of(new Step(MANUAL, by)), null, null,
        rulesVersion);
  }

  /** Who assigned the lead by hand ({@link #manual}), or null for a decision of the routing rules. */
  public String assignedBy() {
    return MANUAL.equals(rule) && path.size() == 1 ? path.get(0).result() : null;
  }

  public Optional<String> chosen() {
    return Optional.ofNullable(repId);
  }

  public boolean waits() {
    return WAIT.equals(outcome);
  }
}
