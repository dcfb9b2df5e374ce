package dev.leadrouter.engine.common;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an entity's timer waits for a deadline. Pekko refuses timers longer than about 248 days,
 * and a deadline far off (a business calendar across holidays, a time-scale of 1, a long snooze) must
 * not crash the entity: the timer wakes it after at most {@link #MAX}, and the entity, finding
 * nothing due, sets the next one. Waking early is harmless (nothing fires before its due time); a
 * deadline in the past wakes it at once.
 */
public final class WakeDelay {

  public static final Duration MAX = Duration.ofDays(1);

  private WakeDelay() {}

  public static Duration until(Instant now, Instant due) {
    Duration delay = Duration.between(now, due);
    if (delay.isNegative()) return Duration.ZERO;
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
