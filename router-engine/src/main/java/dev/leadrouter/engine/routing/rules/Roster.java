package dev.leadrouter.engine.routing.rules;

import java.util.Set;

/**
 * The operational state of people that changes between rule-set versions: who was deactivated
 * (never eligible again), who a manager took out of rotation, and the reps one lead must not go to
 * again (they refused it at capacity, or it was taken from them). A rep is also out of rotation
 * while their breach streak reaches the rule set's {@code breachStreakLimit}.
 */
public record Roster(Set<String> deactivated, Set<String> benched, Set<String> excluded) {

  public static final Roster EVERYONE_ACTIVE = new Roster(Set.of(), Set.of(), Set.of());

  public Roster {
    deactivated = Set.copyOf(deactivated);
    benched = Set.copyOf(benched);
    excluded = Set.copyOf(excluded);
  }

  public Roster(Set<String> deactivated, Set<String> benched) {
    this(deactivated, benched, Set.of());
  }
}
