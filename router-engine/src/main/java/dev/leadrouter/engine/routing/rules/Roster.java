package dev.leadrouter.engine.routing.rules;

import java.util.Set;

/**
 * The operational state of people that changes between rule-set versions: who was deactivated
 * (never eligible again) and who a manager took out of rotation. A rep is also out of rotation
 * while their breach streak reaches the rule set's {@code breachStreakLimit}.
 */
public record Roster(Set<String> deactivated, Set<String> benched) {

  public static final Roster EVERYONE_ACTIVE = new Roster(Set.of(), Set.of());

  public Roster {
    deactivated = Set.copyOf(deactivated);
    benched = Set.copyOf(benched);
  }
}
