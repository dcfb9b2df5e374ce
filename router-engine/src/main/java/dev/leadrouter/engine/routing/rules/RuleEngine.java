package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.routing.rules.Availability.Verdict;
import dev.leadrouter.engine.routing.rules.Decision.Candidate;
import dev.leadrouter.engine.routing.rules.Decision.Outcome;
import dev.leadrouter.engine.routing.rules.Decision.Step;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet.CompiledRule;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet.Profile;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes one lead through a compiled rule set. Pure and thread-safe: the lead, the roster state,
 * the loads, the fairness ledger and the instant come in; a {@link Decision} (with the new ledger)
 * comes out.
 *
 * <p><b>Order.</b> With {@code existingOwnerFirst} (the default), a lead whose contact had an owner
 * goes to that owner when they are eligible now (rule path "existing owner"); otherwise the rules
 * decide and the summary says why the owner was passed over. Rules are then tried in order, the
 * default last. The first rule whose conditions all hold decides: among its target's members
 * (filtered by {@code matchTags}) the eligible ones (see {@link Availability}) are distributed to
 * (see {@link FairnessLedger}). When none is eligible the rule falls through to the next one if it
 * says {@code fallThrough}; otherwise, as after the default, the when-all-away policy applies:
 * {@code wait} answers WAIT until the first instant a candidate of a matched rule becomes eligible
 * again, if that is within {@code maxWait} (the caller decides again then); else, and with
 * {@code fallback}, the lead goes to the fallback queue.
 */
public final class RuleEngine {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int REASONS_IN_A_SENTENCE = 2;
  private static final int PATH_REASONS = 5;

  private final RoutingRuleSet rules;
  private final Availability availability;

  public RuleEngine(RoutingRuleSet rules) {
    this.rules = rules;
    this.availability = new Availability(rules);
  }

  public RoutingRuleSet rules() {
    return rules;
  }

  public Decision decide(LeadFacts lead, Roster roster, Map<String, RepWorkload> loads, FairnessLedger ledger, Instant now) {
    return new Run(lead, roster, loads, now).decide(ledger);
  }

  /** The state of one decision: cached verdicts per rep and calendar. */
  private final class Run {
    private final LeadFacts lead;
    private final Roster roster;
    private final Map<String, RepWorkload> loads;
    private final Instant now;
    private final Verdict[] verdicts;
    private final byte[] working;
    private final List<Step> path = new ArrayList<>();
    private Instant earliestBack;
    private String ownerPassedOver;

    Run(LeadFacts lead, Roster roster, Map<String, RepWorkload> loads, Instant now) {
      this.lead = lead;
      this.roster = roster;
      this.loads = loads;
      this.now = now;
      this.verdicts = new Verdict[rules.profiles().length];
      this.working = new byte[rules.calendars().length];
    }

    Verdict verdict(Profile p) {
      Verdict v = verdicts[p.index];
      if (v == null) {
        v = availability.check(p, roster, load(p), now, working);
        verdicts[p.index] = v;
      }
      return v;
    }

    RepWorkload load(Profile p) {
      RepWorkload load = loads.get(p.id);
      return load == null ? RepWorkload.NONE : load;
    }

    Decision decide(FairnessLedger ledger) {
      String owner = lead.previousOwner();
      if (owner != null && rules.document().existingOwnerFirst()) {
        Profile p = rules.profile(owner).orElse(null);
        if (p != null && verdict(p).eligible()) {
          path.add(new Step(Decision.EXISTING_OWNER, "previous owner " + p.name() + " is available"));
          return new Decision(Outcome.ASSIGNED, p.id, null, null, Decision.EXISTING_OWNER, null, null, path,
              List.of(new Candidate(p.id, p.name(), true, true, "chosen: the contact's previous owner")), ledger,
              "Went to " + p.name() + ", the contact's previous owner.");
        }
        String why = p == null ? "no longer a rep" : verdict(p).reason();
        String name = p == null ? owner : p.name();
        ownerPassedOver = name + " was passed over: " + why;
        path.add(new Step(Decision.EXISTING_OWNER, "passed over: " + name + " is " + why));
      }
      CompiledRule[] all = rules.rules();
      Evaluated last = null;
      for (CompiledRule rule : all) {
        int unmet = rule.firstUnmet(lead);
        if (unmet >= 0) {
          path.add(new Step(rule.id, "conditions not met: " + rule.when[unmet].explain(lead)));
          continue;
        }
        Evaluated e = evaluate(rule);
        if (e == null) {
          path.add(new Step(rule.id, "matched, but the contact has no previous owner who is still a rep"));
          if (rule.fallThrough) continue;
          break;
        }
        last = e;
        if (e.eligibleCount > 0) return assign(e, ledger);
        path.add(new Step(rule.id, "matched, but no eligible member: " + e.reasonsInShort()));
        if (!rule.fallThrough) break;
      }
      return noneEligible(last, ledger);
    }

    /** The members of a matched rule with their verdicts; null for existing-owner without an owner. */
    private Evaluated evaluate(CompiledRule rule) {
      int[] members = rule.members;
      String[] ids = rule.memberIds;
      if (rule.target.existingOwner()) {
        Profile owner = rules.profile(lead.previousOwner()).orElse(null);
        if (owner == null) return null;
        members = new int[] {owner.index};
        ids = new String[] {owner.id};
      }
      Evaluated e = new Evaluated(rule, members, ids);
      Profile[] profiles = rules.profiles();
      for (int k = 0; k < members.length; k++) {
        Profile p = profiles[members[k]];
        String mismatch = mismatch(rule, p);
        if (mismatch != null) {
          e.reasons[k] = mismatch;
          continue;
        }
        e.matching++;
        Verdict v = verdict(p);
        e.reasons[k] = v.reason();
        if (v.eligible()) {
          e.eligible[k] = true;
          e.eligibleCount++;
        } else if (v.eligibleAgainAt() != null && (earliestBack == null || v.eligibleAgainAt().isBefore(earliestBack))) {
          earliestBack = v.eligibleAgainAt();
        }
      }
      return e;
    }

    private String mismatch(CompiledRule rule, Profile p) {
      if (rule.matchRegion && !coversRegion(p)) return p.regionMismatch;
      if (rule.matchIndustry && !covers(p.person.industries(), lead.industry())) return p.industryMismatch;
      if (rule.matchBudgetBand && !covers(p.person.budgetBands(), lead.budgetBand())) return p.budgetMismatch;
      return null;
    }

    private boolean coversRegion(Profile p) {
      if (p.regions.length == 0) return true;
      for (Condition.RegionValue r : p.regions) if (r != null && r.contains(lead.region())) return true;
      return false;
    }

    private Decision assign(Evaluated e, FairnessLedger ledger) {
      CompiledRule rule = e.rule;
      int chosen;
      FairnessLedger next = ledger;
      if (rule.group == null || rule.target.existingOwner()) {
        chosen = 0;
        while (!e.eligible[chosen]) chosen++;
      } else {
        FairnessLedger.Choice c = switch (rule.distribution) {
          case RoutingDocument.WEIGHTED -> ledger.weighted(rule.group, e.ids, rule.weights, e.eligible);
          case RoutingDocument.LEAST_LOADED -> leastLoaded(e, ledger);
          default -> ledger.roundRobin(rule.group, e.ids, e.eligible);
        };
        chosen = c.index();
        next = c.ledger();
      }
      Profile[] profiles = rules.profiles();
      Profile winner = profiles[e.members[chosen]];
      List<Candidate> candidates = new ArrayList<>(e.members.length);
      for (int k = 0; k < e.members.length; k++) {
        Profile p = profiles[e.members[k]];
        String reason = k == chosen ? chosenReason(rule, p)
            : e.eligible[k] ? notChosenReason(rule, p, next) : e.reasons[k];
        candidates.add(new Candidate(p.id, p.name(), e.eligible[k], k == chosen, reason));
      }
      String method = rule.target.existingOwner() ? "the contact's previous owner"
          : rule.group == null ? "the rule's rep" : methodName(rule.distribution);
      path.add(new Step(rule.id, "matched: " + method + ", " + e.eligibleCount + " eligible of " + e.matching
          + ", went to " + winner.name()));
      StringBuilder summary = new StringBuilder("Went to ").append(winner.name()).append(" by rule '").append(rule.id)
          .append("' (").append(method).append(", ").append(e.eligibleCount).append(" eligible of ")
          .append(e.matching).append(")");
      String away = e.awaySentence(chosen);
      if (!away.isEmpty()) summary.append("; ").append(away);
      if (ownerPassedOver != null) summary.append("; previous owner ").append(ownerPassedOver);
      summary.append('.');
      boolean grouped = rule.group != null && !rule.target.existingOwner();
      return new Decision(Outcome.ASSIGNED, winner.id, null, null, rule.id,
          rule.group == null ? null : rule.distribution, grouped ? rule.group : null, path, candidates, next,
          summary.toString());
    }

    private FairnessLedger.Choice leastLoaded(Evaluated e, FairnessLedger ledger) {
      int n = e.members.length;
      int[] open = new int[n];
      long[] last = new long[n];
      for (int k = 0; k < n; k++) {
        RepWorkload load = load(rules.profiles()[e.members[k]]);
        open[k] = load.openLeads();
        last[k] = load.lastAssignedAtMillis();
      }
      return ledger.leastLoaded(e.rule.group, e.ids, e.eligible, open, last);
    }

    private String chosenReason(CompiledRule rule, Profile p) {
      if (rule.target.existingOwner()) return "chosen: the contact's previous owner";
      if (rule.group == null) return "chosen: the rule's rep";
      return switch (rule.distribution) {
        case RoutingDocument.WEIGHTED -> "chosen: furthest behind their weighted share";
        case RoutingDocument.LEAST_LOADED -> "chosen: fewest open leads (" + openText(p) + ")";
        default -> "chosen: next in rotation";
      };
    }

    private String notChosenReason(CompiledRule rule, Profile p, FairnessLedger ledger) {
      return switch (rule.distribution) {
        case RoutingDocument.WEIGHTED -> {
          FairnessLedger.Member m = ledger.group(rule.group).members().get(p.id);
          yield "eligible, not chosen: ahead of their share (count " + (m == null ? 0 : m.count()) + ")";
        }
        case RoutingDocument.LEAST_LOADED -> "eligible, not chosen: " + openText(p);
        default -> "eligible, not next in rotation";
      };
    }

    private String openText(Profile p) {
      return load(p).openLeads() + "/" + p.person.capacityOrZero() + " open";
    }

    private Decision noneEligible(Evaluated e, FairnessLedger ledger) {
      List<Candidate> candidates = new ArrayList<>();
      String ruleId = e == null ? null : e.rule.id;
      String detail = "";
      if (e != null) {
        for (int k = 0; k < e.members.length; k++) {
          Profile p = rules.profiles()[e.members[k]];
          candidates.add(new Candidate(p.id, p.name(), false, false, e.reasons[k]));
        }
        detail = "rule '" + ruleId + "' had no eligible member of " + e.matching;
        String away = e.awaySentence(-1);
        if (!away.isEmpty()) detail += " (" + away + ")";
      } else {
        detail = "no rule could take it";
      }
      if (ownerPassedOver != null) detail += "; previous owner " + ownerPassedOver;
      RoutingDocument.WhenAllAway policy = rules.document().whenAllAway();
      boolean wait = RoutingDocument.WhenAllAway.WAIT.equals(policy.policy());
      if (wait && earliestBack != null && !earliestBack.isAfter(now.plus(policy.maxWait()))) {
        String until = when(earliestBack);
        return new Decision(Outcome.WAIT, null, earliestBack, null, ruleId, e == null ? null : e.rule.distribution, null,
            path, candidates, ledger, "Waiting until " + until + " for the first candidate to return: " + detail + ".");
      }
      String queue = rules.document().fallbackQueue();
      String tooLong = wait ? (earliestBack == null ? "; nobody returns by time alone" : "; nobody returns within " + policy.maxWait()) : "";
      return new Decision(Outcome.FALLBACK, null, null, queue, ruleId, e == null ? null : e.rule.distribution, null,
          path, candidates, ledger, "Sent to queue '" + queue + "': " + detail + tooLong + ".");
    }

    private String when(Instant t) {
      ZonedDateTime local = t.atZone(rules.document().zone());
      boolean sameDay = local.toLocalDate().equals(now.atZone(rules.document().zone()).toLocalDate());
      return sameDay ? TIME.format(local) : DATE_TIME.format(local);
    }
  }

  private static boolean covers(List<String> tags, String value) {
    if (value == null || tags.isEmpty()) return true;
    for (String t : tags) if (t.equalsIgnoreCase(value.strip())) return true;
    return false;
  }

  private static String methodName(String distribution) {
    return switch (distribution) {
      case RoutingDocument.WEIGHTED -> "weighted";
      case RoutingDocument.LEAST_LOADED -> "least loaded";
      default -> "round robin";
    };
  }

  /** A matched rule's members, who is eligible and every member's reason. */
  private final class Evaluated {
    final CompiledRule rule;
    final int[] members;
    final String[] ids;
    final boolean[] eligible;
    final String[] reasons;
    int eligibleCount;
    /** Members left after matchTags: the "of N" in "3 eligible of 5". */
    int matching;

    Evaluated(CompiledRule rule, int[] members, String[] ids) {
      this.rule = rule;
      this.members = members;
      this.ids = ids;
      this.eligible = new boolean[members.length];
      this.reasons = new String[members.length];
    }

    /** "李雷 is away until 14:00, 赵敏 is at capacity 20/20" for the first ineligible members (mismatches left out). */
    String awaySentence(int chosen) {
      StringBuilder out = new StringBuilder();
      int told = 0;
      int more = 0;
      for (int k = 0; k < members.length; k++) {
        if (k == chosen || eligible[k] || reasons[k].contains("mismatch")) continue;
        if (told == REASONS_IN_A_SENTENCE) {
          more++;
          continue;
        }
        if (told > 0) out.append(", ");
        out.append(phrase(rules.profiles()[members[k]].name(), reasons[k]));
        told++;
      }
      if (more > 0) out.append(" and ").append(more).append(" more unavailable");
      return out.toString();
    }

    /** "王芳 away until 14:00; 李雷 at capacity 20/20" (the first few) for the rule path. */
    String reasonsInShort() {
      StringBuilder out = new StringBuilder();
      int shown = Math.min(members.length, PATH_REASONS);
      for (int k = 0; k < shown; k++) {
        if (k > 0) out.append("; ");
        out.append(rules.profiles()[members[k]].name()).append(' ').append(reasons[k]);
      }
      if (members.length > shown) out.append("; and ").append(members.length - shown).append(" more");
      return members.length == 0 ? "no members" : out.toString();
    }
  }

  private static String phrase(String name, String reason) {
    if (reason.startsWith("daily limit")) return name + " hit the " + reason.replace(" reached", "");
    return name + " is " + reason;
  }
}
