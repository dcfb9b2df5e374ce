package dev.leadrouter.engine.sla;

import java.util.List;

/**
 * A named SLA policy, compiled from the policy document: which leads it applies to, how it counts
 * time and its ordered steps (sorted by {@code after}).
 *
 * @param clock {@value #WALL} or {@value #BUSINESS}
 * @param calendar the calendar a business clock falls back to when the rep names none
 */
public record SlaPolicy(String name, Match match, String clock, String calendar, List<SlaStep> steps) {

  public static final String WALL = "wall";
  public static final String BUSINESS = "business";

  /** Which leads a policy is for; a null field matches anything. */
  public record Match(String priority, String region, String team) {
    public static final Match ANY = new Match(null, null, null);

    public boolean matches(String leadPriority, String leadRegion, String repTeam) {
      return (priority == null || priority.equals(leadPriority))
          && (region == null || region.equals(leadRegion))
          && (team == null || team.equals(repTeam));
    }

    /** How many fields are set: the most specific matching policy wins. */
    public int specificity() {
      return (priority == null ? 0 : 1) + (region == null ? 0 : 1) + (team == null ? 0 : 1);
    }
  }

  public SlaPolicy {
    if (steps.isEmpty()) throw new IllegalArgumentException("SLA policy " + name + " has no steps");
    steps = List.copyOf(steps);
  }

  public boolean business() {
    return BUSINESS.equals(clock);
  }
}
