package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.routing.rules.RoutingRuleSet.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays past leads through a draft rule set before it is published: where each lead went then
 * and where it would go now, and how many leads each rep would gain or lose. Pure.
 *
 * <p>Leads are decided in the order given, each at its own instant, against a copy of the ledger
 * (the live one is never touched) and the roster state given. Each simulated assignment updates
 * the copy's fairness counts and the rep's last-assignment time and daily count, so rotation and
 * daily limits behave as they would have; open-lead counts stay as given (nothing is closed during
 * a replay, so letting them grow would fill every rep after a few dozen leads). A lead the draft
 * would hold (WAIT) counts for nobody.
 */
public final class Simulation {

  private Simulation() {}

  /** A past lead: its id, facts, when it arrived and where it went then (a rep id or {@code queue:<name>}). */
  public record PastLead(String leadId, LeadFacts lead, Instant at, String then) {}

  /** Then and now for one lead; {@code now} is a rep id, {@code wait} or {@code queue:<name>}. */
  public record LeadShift(String leadId, String then, String now, boolean changed, String ruleId, String summary) {}

  /** Leads a rep received then, would receive now, and the difference. */
  public record RepShift(String repId, String name, int before, int after, int delta) {}

  /** Per lead in input order, per rep by largest shift first, and how many leads would move. */
  public record Result(List<LeadShift> leads, List<RepShift> reps, int changed) {}

  public static Result replay(RoutingRuleSet draft, Roster roster, Map<String, RepWorkload> loads, FairnessLedger ledger,
      List<PastLead> past) {
    RuleEngine engine = new RuleEngine(draft);
    Map<String, RepWorkload> working = new HashMap<>(loads);
    FairnessLedger copy = ledger;
    List<LeadShift> shifts = new ArrayList<>(past.size());
    Map<String, int[]> perRep = new LinkedHashMap<>();
    int changed = 0;
    for (PastLead p : past) {
      Decision d = engine.decide(p.lead(), roster, working, copy, p.at());
      copy = d.ledger();
      String now = d.destination();
      if (d.outcome() == Decision.Outcome.ASSIGNED) {
        Profile profile = draft.profile(d.repId()).orElseThrow();
        RepWorkload before = working.getOrDefault(d.repId(), RepWorkload.NONE);
        RepWorkload after = before.assigned(p.at(), profile.zone());
        working.put(d.repId(), new RepWorkload(before.openLeads(), after.lastAssignedAtMillis(), after.day(),
            after.newOnDay(), before.breachStreak()));
        perRep.computeIfAbsent(d.repId(), k -> new int[2])[1]++;
      }
      if (p.then() != null && !p.then().startsWith("queue:") && !p.then().equals("wait")) {
        perRep.computeIfAbsent(p.then(), k -> new int[2])[0]++;
      }
      boolean moved = !now.equals(p.then());
      if (moved) changed++;
      shifts.add(new LeadShift(p.leadId(), p.then(), now, moved, d.ruleId(), d.summary()));
    }
    List<RepShift> reps = new ArrayList<>();
    perRep.forEach((id, c) -> reps.add(new RepShift(id, draft.profile(id).map(Profile::name).orElse(id), c[0], c[1], c[1] - c[0])));
    reps.sort(Comparator.comparingInt((RepShift r) -> -Math.abs(r.delta())).thenComparing(RepShift::repId));
    return new Result(shifts, reps, changed);
  }
}
