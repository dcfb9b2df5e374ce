package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.Backoff;
import dev.leadrouter.persistence.outbox.OutboxRow;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What to do after a failed delivery (pure): retry later with exponential backoff and full jitter
 * ({@link Backoff}), or give up. The n-th retry (n = failed attempts so far, from 1) waits a
 * uniformly random time in {@code [0, min(maxDelay, base * 2^(n-1))]}; a row older than {@code
 * giveUpAfter} is given up.
 */
public final class Delivery {

  /** The decision after a failure. */
  public sealed interface Outcome {}

  /** Try again at {@code nextAttemptAt} (epoch ms); {@code attempts} failed attempts so far. */
  public record Retry(int attempts, long nextAttemptAt) implements Outcome {}

  /** Stop: mark the row FAILED. */
  public record GiveUp(int attempts) implements Outcome {}

  private final Backoff backoff;
  private final long giveUpAfterMillis;

  public Delivery(Duration base, Duration maxDelay, Duration giveUpAfter, RandomGenerator random) {
    this.backoff = new Backoff(base, maxDelay, random);
    this.giveUpAfterMillis = Backoff.positive(giveUpAfter, "giveUpAfter");
  }

  /** The upper bound of the wait before retry number {@code attempts} (1 = first retry). */
  public long ceilingMillis(int attempts) {
    return backoff.ceilingMillis(attempts);
  }

  /** A random wait in {@code [0, ceilingMillis(attempts)]}. */
  public long backoffMillis(int attempts) {
    return backoff.backoffMillis(attempts);
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
}
