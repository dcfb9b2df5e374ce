package dev.leadrouter.persistence;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (pure): retry number n (from 1) waits a uniformly random time
 * in {@code [0, min(maxDelay, base * 2^(n-1))]}. Shared by outbound delivery and inbound fetching.
 */
public final class Backoff {

  private static final int FACTOR = 2;

  private final long baseMillis;
  private final long maxDelayMillis;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration maxDelay, RandomGenerator random) {
    this.baseMillis = positive(base, "base");
    this.maxDelayMillis = positive(maxDelay, "maxDelay");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The upper bound of the wait before retry number {@code attempts} (1 = first retry). */
  public long ceilingMillis(int attempts) {
    long ceiling = baseMillis;
    for (int i = 1; i < attempts && ceiling < maxDelayMillis; i++) {
      ceiling = ceiling > Long.MAX_VALUE / FACTOR ? Long.MAX_VALUE : ceiling * FACTOR;
    }
    return Math.min(ceiling, maxDelayMillis);
  }

  /** A random wait in {@code [0, ceilingMillis(attempts)]}. */
  public long backoffMillis(int attempts) {
    return random.nextLong(ceilingMillis(attempts) + 1);
  }

  /** {@code d} in milliseconds; fails unless it is positive. */
  public static long positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    return d.toMillis();
  }
}
