package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.vocab.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SLA arithmetic, pure. Deadlines are fixed when the clock starts (assignment, or resumption after a
 * hold): each step's counted time, divided by the time scale, added on the lead's clock (wall or a
 * working calendar). A step is due once the wall clock reaches it, whatever happened in between
 * (downtime included).
 */
public final class SlaSchedule {

  private SlaSchedule() {}

  public static List<Deadline> deadlines(List<SlaStep> steps, Instant start, double timeScale, SlaClock clock) {
    List<Deadline> out = new ArrayList<>(steps.size());
    for (SlaStep step : steps) {
      out.add(new Deadline(step.index(), step.action(), clock.plus(start, scale(step.after(), timeScale))));
    }
    return List.copyOf(out);
  }

  /**
   * The deadlines after a hold from {@code pausedAt} to {@code resumedAt}: each keeps the counted time
   * it had left when the hold began.
   */
  public static List<Deadline> resumed(List<Deadline> pending, Instant pausedAt, Instant resumedAt, SlaClock clock) {
    return pending.stream()
        .map(d -> new Deadline(d.step(), d.action(), clock.plus(resumedAt, clock.between(pausedAt, d.dueAt()))))
        .toList();
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
