package dev.leadrouter.engine.routing.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A rep's load as routing sees it: open leads, the epoch millis of the last assignment (0 = never),
 * how many new leads they received on {@code day} (a date in their own zone), and how many of their
 * last leads in a row breached the acknowledgement SLA.
 */
public record RepWorkload(int openLeads, long lastAssignedAtMillis, LocalDate day, int newOnDay, int breachStreak)
    implements dev.leadrouter.engine.common.EngineSerializable {

  public static final RepWorkload NONE = new RepWorkload(0, 0L, null, 0, 0);

  public static RepWorkload open(int openLeads) {
    return new RepWorkload(openLeads, 0L, null, 0, 0);
  }

  /** New leads received on {@code today}; a count kept for another day is zero. */
  public int newOn(LocalDate today) {
    return today.equals(day) ? newOnDay : 0;
  }

  /** The load after one more lead assigned at {@code at}, the day counted in {@code zone}. */
  public RepWorkload assigned(Instant at, ZoneId zone) {
    LocalDate today = at.atZone(zone).toLocalDate();
    return new RepWorkload(openLeads + 1, at.toEpochMilli(), today, newOn(today) + 1, breachStreak);
  }
}
