package dev.leadrouter.engine.sla;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The SLA policies in force (one version of the policy document, compiled): chooses the policy for a
 * lead and the clock it counts on. Immutable; pure.
 */
public record SlaPolicySet(int version, double atRiskShare, List<SlaPolicy> policies,
    Map<String, WorkingCalendar> calendars) {

  /** A clock with the name the lead records ({@code wall} or {@code calendar:<name>}). */
  public record NamedClock(String name, SlaClock clock) {
    public static final NamedClock WALL = new NamedClock(SlaPolicy.WALL, SlaClock.WALL);
  }

  public SlaPolicySet {
    policies = List.copyOf(policies);
    calendars = Map.copyOf(calendars);
  }

  /**
   * The most specific policy matching the lead's priority and region and the rep's team (priority,
   * region and team count one each); among equally specific ones the first in the document.
   */
  public SlaPolicy select(String priority, String region, String team) {
    return policies.stream()
        .filter(p -> p.match().matches(priority, region, team))
        .max(Comparator.comparingInt((SlaPolicy p) -> p.match().specificity())
            .thenComparing(p -> -policies.indexOf(p)))
        .orElseThrow(() -> new IllegalStateException("no default SLA policy (the document validator requires one)"));
  }

  public SlaPolicy policy(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * The clock a lead on {@code policy} counts on: wall time, or the rep's own calendar when the rep
   * names one this document defines, else the policy's calendar.
   */
  public NamedClock clockFor(SlaPolicy policy, String repCalendar) {
    if (!policy.business()) return NamedClock.WALL;
    String name = repCalendar != null && calendars.containsKey(repCalendar) ? repCalendar : policy.calendar();
    return new NamedClock("calendar:" + name, calendars.get(name));
  }

  /** The clock recorded as {@code name} on a lead; wall time when that calendar no longer exists. */
  public NamedClock clockNamed(String name) {
    if (name != null && name.startsWith("calendar:")) {
      WorkingCalendar calendar = calendars.get(name.substring("calendar:".length()));
      if (calendar != null) return new NamedClock(name, calendar);
    }
    return NamedClock.WALL;
  }
}
