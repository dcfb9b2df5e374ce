package dev.leadrouter.engine.routing.rules;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of routing one lead, with its explanation: the rule path (every rule tried and what
 * happened there), each candidate of the deciding rule with the reason they were or were not
 * chosen, the ledger to keep, and a one-sentence summary for people.
 *
 * @param repId the chosen rep (ASSIGNED), else null
 * @param waitUntil when to decide again (WAIT), else null
 * @param queue the fallback queue (FALLBACK), else null
 * @param ruleId the deciding rule: the one that assigned, or the last one that matched;
 *     {@code "existing owner"} when the previous owner took it
 * @param distribution how the deciding rule distributes (roundRobin, weighted, leastLoaded), or null
 * @param group the fairness group the deciding rule distributes in ({@code pool:<id>}, {@code team:<id>}),
 *     or null (a rule naming one rep, the existing owner)
 * @param ledger the fairness ledger after this decision (unchanged unless a group distributed)
 */
public record Decision(
    Outcome outcome,
    String repId,
    Instant waitUntil,
    String queue,
    String ruleId,
    String distribution,
    String group,
    List<Step> path,
    List<Candidate> candidates,
    FairnessLedger ledger,
    String summary) {

  public static final String EXISTING_OWNER = "existing owner";

  public enum Outcome { ASSIGNED, WAIT, FALLBACK }

  public Decision {
    path = List.copyOf(path);
    candidates = List.copyOf(candidates);
  }

  /** One rule tried: its id and what happened ("conditions not met: …", "matched, but no eligible member: …"). */
  public record Step(String ruleId, String result) {}

  /** A member of the deciding rule's target, whether they could take the lead, and why (not) chosen. */
  public record Candidate(String personId, String name, boolean eligible, boolean chosen, String reason) {}

  /** Where the lead went, as the simulation compares it: the rep id, {@code wait} or {@code queue:<name>}. */
  public String destination() {
    return switch (outcome) {
      case ASSIGNED -> repId;
      case WAIT -> "wait";
      case FALLBACK -> "queue:" + queue;
    };
  }
}
