package dev.leadrouter.engine.sla;

import java.time.Instant;

/**
 * Where a lead with a running SLA stands, as the board shows it. Pure classification, in this order
 * of precedence:
 *
 * <ol>
 *   <li>{@link #ON_HOLD}: the clock is stopped;
 *   <li>{@link #BREACHED}: a breach step fired, or an unacknowledged lead has no step left to fire;
 *   <li>{@link #ESCALATED}: an escalation step fired;
 *   <li>{@link #AT_RISK}: at least {@code atRiskShare} of the current step's time has passed;
 *   <li>{@link #ON_TRACK}: otherwise.
 * </ol>
 *
 * The current step's time runs from {@code windowStart} (the clock's start, the previous step, moved
 * by any hold) to the next step's due time; it is measured in wall time, so on a business-hours
 * clock "at risk" is an approximation over nights and weekends (the due time itself is exact).
 */
public enum SlaStanding {
  ON_TRACK, AT_RISK, ESCALATED, BREACHED, ON_HOLD;

  public static SlaStanding of(boolean acknowledged, boolean onHold, boolean breached, int escalationLevel,
      Instant windowStart, Instant nextDue, Instant now, double atRiskShare) {
    if (onHold) return ON_HOLD;
    if (breached || (!acknowledged && nextDue == null)) return BREACHED;
    if (escalationLevel > 0) return ESCALATED;
    if (nextDue != null && windowStart != null && elapsedShare(windowStart, nextDue, now) >= atRiskShare) return AT_RISK;
    return ON_TRACK;
  }

  /** The share (0..1, capped) of the interval [windowStart, nextDue] that has passed at {@code now}. */
  public static double elapsedShare(Instant windowStart, Instant nextDue, Instant now) {
    long total = nextDue.toEpochMilli() - windowStart.toEpochMilli();
    if (total <= 0) return 1.0;
    double share = (double) (now.toEpochMilli() - windowStart.toEpochMilli()) / total;
    return Math.max(0, Math.min(1, share));
  }

  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
