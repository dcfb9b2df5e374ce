package dev.leadrouter.engine.sla;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** A named list of SLA steps, each measured from the moment of assignment. */
public record SlaPolicy(String name, List<Step> steps) {

  /** After {@code after} without acknowledgement, do {@code action}. */
  public record Step(SlaAction action, Duration after) {}

  public SlaPolicy {
    if (steps.isEmpty()) throw new IllegalArgumentException("SLA policy " + name + " has no steps");
    steps = steps.stream().sorted(Comparator.comparing(Step::after)).toList();
  }
}
