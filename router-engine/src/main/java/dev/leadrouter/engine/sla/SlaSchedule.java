package dev.leadrouter.engine.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SLA arithmetic. Deadlines are fixed at assignment (policy step offsets divided by the time scale);
 * a step is due once the clock reaches it, whatever happened in between (downtime included).
 */
public final class SlaSchedule {

  private SlaSchedule() {}

  public static List<Deadline> deadlines(SlaPolicy policy, Instant assignedAt, double timeScale) {
    List<Deadline> out = new ArrayList<>(policy.steps().size());
    for (int i = 0; i < policy.steps().size(); i++) {
      SlaPolicy.Step step = policy.steps().get(i);
      out.add(new Deadline(i, step.action(), assignedAt.plus(scale(step.after(), timeScale))));
    }
    return List.copyOf(out);
  }

  /** The pending deadlines that are due at {@code now}, in order. */
  public static List<Deadline> due(List<Deadline> pending, Instant now) {
    return pending.stream().filter(d -> !d.dueAt().isAfter(now)).toList();
  }

  /** The earliest pending deadline, if any. */
  public static Optional<Deadline> next(List<Deadline> pending) {
    return pending.stream().min((a, b) -> a.dueAt().compareTo(b.dueAt()));
  }

  /** Duration compressed by the time scale (scale 60 → one SLA minute lasts one second). */
  public static Duration scale(Duration d, double timeScale) {
    if (timeScale <= 0) throw new IllegalArgumentException("time scale must be positive");
    return Duration.ofNanos(Math.round(d.toNanos() / timeScale));
  }
}
