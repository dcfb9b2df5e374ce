package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What to do after a failed delivery (pure): retry later with exponential backoff and full jitter,
 * or give up. The n-th retry (n = failed attempts so far, from 1) waits a uniformly random time in
 * {@code [0, min(maxDelay, base * 2^(n-1))]}; a row older than {@code giveUpAfter} is given up.
 */
public final class Delivery {

  /** The decision after a failure. */
  public sealed interface Outcome {}

  /** Try again at {@code nextAttemptAt} (epoch ms); {@code attempts} failed attempts so far. */
  public record Retry(int attempts, long nextAttemptAt) implements Outcome {}

  /** Stop: mark the row FAILED. */
  public record GiveUp(int attempts) implements Outcome {}

  private static final int FACTOR = 2;

  private final long baseMillis;
  private final long maxDelayMillis;
  private final long giveUpAfterMillis;
  private final RandomGenerator random;

  public Delivery(Duration base, Duration maxDelay, Duration giveUpAfter, RandomGenerator random) {
    this.baseMillis = positive(base, "base");
    this.maxDelayMillis = positive(maxDelay, "maxDelay");
    this.giveUpAfterMillis = positive(giveUpAfter, "giveUpAfter");
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

  /** True once {@code now - createdAt > giveUpAfter}. */
  public boolean expired(long createdAt, long now) {
    return now - createdAt > giveUpAfterMillis;
  }

  /** After the delivery of {@code row} failed at {@code now}. */
  public Outcome afterFailure(OutboxRow row, long now) {
    int attempts = row.attempts() + 1;
    if (expired(row.createdAt(), now)) {
      return new GiveUp(attempts);
    }
    return new Retry(attempts, now + backoffMillis(attempts));
  }

  private static long positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    return d.toMillis();
  }
}
