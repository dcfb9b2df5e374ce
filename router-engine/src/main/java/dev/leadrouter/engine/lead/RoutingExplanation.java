package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.Candidate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * "Why did this lead go to her?" in one plain sentence. A decision of the routing rules carries its
 * own sentence ({@link RoutingDecision#summary()}); for a decision stored before them, it is made
 * here from what the lead stored with its assignment (the rule and every candidate with its reason).
 * Pure.
 */
public final class RoutingExplanation {

  private RoutingExplanation() {}

  /** The sentence for the lead as its view shows it; names come from the org chart when it knows them. */
  public static String summary(LeadView view, OrgChart org) {
    LeadView.AssignmentView a = view.assignment();
    boolean closedUnassigned = a == null && "CLOSED".equals(view.status());
    if (!closedUnassigned && view.routing() != null && view.routing().summary() != null) return view.routing().summary();
    if (a == null) {
      if ("QUEUED".equals(view.status())) {
        String region = view.region() == null ? "its region's" : "the " + view.region().macro();
        return "Waiting in " + region + " fallback queue: no eligible rep when it was routed; it goes to the first"
            + " who can take it.";
      }
      if ("CLOSED".equals(view.status())) return "Closed before it was assigned to anyone.";
      return "Not routed yet: the lead is on its way to its region's routing pool.";
    }
    List<Candidate> candidates = a.candidates();
    long eligible = candidates.stream().filter(Candidate::eligible).count();
    String chosenReason = candidates.stream().filter(c -> c.repId().equals(a.repId())).findFirst()
        .map(c -> c.reason().replaceFirst("^chosen by rule [^:]*: ", "")).orElse(null);
    StringBuilder out = new StringBuilder("Went to ").append(name(a.repId(), org))
        .append(" by rule \"").append(a.rule()).append('"');
    if (chosenReason != null && !chosenReason.isBlank()) out.append(" (").append(chosenReason).append(')');
    out.append(", chosen from ").append(eligible).append(" eligible of ").append(candidates.size())
        .append(candidates.size() == 1 ? " rep" : " reps");
    List<Candidate> notEligible = candidates.stream().filter(c -> !c.eligible()).toList();
    if (!notEligible.isEmpty()) {
      out.append("; not ").append(notEligible.stream().limit(3)
          .map(c -> name(c.repId(), org) + " (" + c.reason() + ")").collect(Collectors.joining(", ")));
      if (notEligible.size() > 3) out.append(" and ").append(notEligible.size() - 3).append(" more");
    }
    return out.append('.').toString();
  }

  private static String name(String personId, OrgChart org) {
    return org.person(personId).map(p -> p.name() == null || p.name().isBlank() ? personId : p.name() + " (" + personId + ")")
        .orElse(personId);
  }
}
