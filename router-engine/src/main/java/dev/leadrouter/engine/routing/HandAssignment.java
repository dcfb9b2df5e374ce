package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.Availability;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import java.time.Instant;
import java.util.Map;

/**
 * Whether a rep may be given a lead by hand ({@code POST /leads/{id}/assign}): the eligibility checks
 * of the routing rules ({@link Availability}, docs/routing.md §4) over the pool's effective workloads,
 * except the lead's own history (a manager may give a lead back to someone who refused or lost it)
 * and the rules' tag filters (the manager chooses). Eligible: the {@link RoutingDecision#manual}
 * decision the lead stores; else the reason in §4's words. Pure.
 */
public final class HandAssignment {

  private HandAssignment() {}

  /** Either the decision ({@code refusal} null) or the reason the rep cannot take the lead now. */
  public record Verdict(RoutingDecision decision, String refusal) {
    public boolean allowed() {
      return decision != null;
    }
  }

  public static Verdict decide(RoutingRuleSet rules, int rulesVersion, String repId, String by,
      Map<String, RepWorkload> loads, Instant now) {
    Availability.Verdict v = new Availability(rules).check(repId, Roster.EVERYONE_ACTIVE, loads, now);
    if (!v.eligible()) return new Verdict(null, v.reason());
    return new Verdict(RoutingDecision.manual(repId, by, v.reason(), rulesVersion), null);
  }
}
