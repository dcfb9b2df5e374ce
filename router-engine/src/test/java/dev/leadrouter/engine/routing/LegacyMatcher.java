package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RoutingDefaults;
import dev.leadrouter.engine.org.OrgChart.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Matcher that routed every lead before the routing rules, kept as the test oracle of {@link
 * RoutingDefaults} (the built-in default must route exactly as it did). Chooses a rep for a lead. Pure: the roster, loads and rules come in, a decision comes out.
 *
 * <p>Rules are tried in order; each names the attributes a rep must match (a lead without the
 * attribute, or a rep without tags for it, matches). Within the first rule that has an eligible rep
 * (available, under capacity, not excluded), the rep with the fewest open leads wins; ties go to the
 * one whose last assignment is oldest, then to the smaller id so the outcome is deterministic.
 */
public final class LegacyMatcher {

  /** A rep's load as the Matcher saw it. */
  public record RepLoad(int openLeads, long lastAssignedAtMillis) {
    public static final RepLoad NONE = new RepLoad(0, 0L);
  }


  public enum Attribute { REGION, INDUSTRY, BUDGET }

  /** An ordered routing rule: a name and the attributes a rep must match. */
  public record Rule(String name, Set<Attribute> attributes) {
    public Rule {
      attributes = attributes.isEmpty() ? EnumSet.noneOf(Attribute.class) : EnumSet.copyOf(attributes);
    }
  }

  public static final List<Rule> DEFAULT_RULES = List.of(
      new Rule("region+industry+budget", EnumSet.allOf(Attribute.class)),
      new Rule("region+industry", EnumSet.of(Attribute.REGION, Attribute.INDUSTRY)),
      new Rule("region", EnumSet.of(Attribute.REGION)));

  private static final Comparator<Map.Entry<Person, RepLoad>> TIE_BREAK =
      Comparator.<Map.Entry<Person, RepLoad>>comparingInt(e -> e.getValue().openLeads())
          .thenComparingLong(e -> e.getValue().lastAssignedAtMillis())
          .thenComparing(e -> e.getKey().id());

  private final List<Rule> rules;

  public LegacyMatcher(List<Rule> rules) {
    if (rules.isEmpty()) throw new IllegalArgumentException("at least one routing rule is needed");
    this.rules = List.copyOf(rules);
  }

  public RoutingDecisionV1 decide(
      RoutingCriteria lead, List<Person> roster, Map<String, RepLoad> loads, Set<String> excluded) {
    Map<Person, String> blocked = new LinkedHashMap<>();
    List<Person> open = new ArrayList<>();
    for (Person rep : roster) {
      RepLoad load = loads.getOrDefault(rep.id(), RepLoad.NONE);
      if (excluded.contains(rep.id())) blocked.put(rep, "refused the offer: at capacity");
      else if (!rep.isAvailable()) blocked.put(rep, "away");
      else if (load.openLeads() >= rep.capacityOrZero())
        blocked.put(rep, "at capacity " + load.openLeads() + "/" + rep.capacityOrZero());
      else open.add(rep);
    }
    for (Rule rule : rules) {
      Optional<Map.Entry<Person, RepLoad>> winner = open.stream()
          .filter(rep -> mismatch(rule.attributes(), lead, rep).isEmpty())
          .map(rep -> Map.entry(rep, loads.getOrDefault(rep.id(), RepLoad.NONE)))
          .min(TIE_BREAK);
      if (winner.isPresent()) {
        return new RoutingDecisionV1(winner.get().getKey().id(), rule.name(),
            candidates(roster, blocked, rule, lead, loads, winner.get().getKey()));
      }
    }
    return new RoutingDecisionV1(null, "fallback-queue",
        candidates(roster, blocked, rules.get(rules.size() - 1), lead, loads, null));
  }

  private static List<Candidate> candidates(
      List<Person> roster, Map<Person, String> blocked, Rule rule, RoutingCriteria lead,
      Map<String, RepLoad> loads, Person winner) {
    List<Candidate> out = new ArrayList<>(roster.size());
    for (Person rep : roster) {
      RepLoad load = loads.getOrDefault(rep.id(), RepLoad.NONE);
      String loadText = load.openLeads() + "/" + rep.capacityOrZero() + " open";
      if (blocked.containsKey(rep)) {
        out.add(new Candidate(rep.id(), false, blocked.get(rep)));
        continue;
      }
      Optional<String> mismatch = mismatch(EnumSet.allOf(Attribute.class), lead, rep);
      Optional<String> ruleMismatch = mismatch(rule.attributes(), lead, rep);
      if (rep == winner) {
        out.add(new Candidate(rep.id(), true, "chosen by rule " + rule.name() + ": " + loadText
            + mismatch.map(m -> "; " + m).orElse("")));
      } else if (ruleMismatch.isPresent()) {
        out.add(new Candidate(rep.id(), false, ruleMismatch.get()));
      } else if (winner != null) {
        out.add(new Candidate(rep.id(), true, "eligible, not chosen: " + loadText
            + tieReason(load, loads.getOrDefault(winner.id(), RepLoad.NONE))));
      } else {
        out.add(new Candidate(rep.id(), false, mismatch.orElse("not eligible")));
      }
    }
    return out;
  }

  private static String tieReason(RepLoad loser, RepLoad winner) {
    if (loser.openLeads() != winner.openLeads()) return "";
    if (loser.lastAssignedAtMillis() > winner.lastAssignedAtMillis()) return ", assigned more recently";
    return ", tie broken by id";
  }

  /** The first attribute (of those required) the rep does not cover, as a reason. */
  static Optional<String> mismatch(Set<Attribute> required, RoutingCriteria lead, Person rep) {
    if (required.contains(Attribute.REGION) && !covers(rep.regions(), lead.region())) {
      return Optional.of("region mismatch: covers " + rep.regions());
    }
    if (required.contains(Attribute.INDUSTRY) && !covers(rep.industries(), lead.industry())) {
      return Optional.of("industry mismatch: covers " + rep.industries());
    }
    if (required.contains(Attribute.BUDGET) && !covers(rep.budgetBands(), lead.budgetBand())) {
      return Optional.of("budget mismatch: covers " + rep.budgetBands());
    }
    return Optional.empty();
  }

  private static boolean covers(List<String> tags, String value) {
    return value == null || tags.isEmpty() || tags.contains(value);
  }
}
