package dev.leadrouter.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (Bucket4j): {@code burst} requests at once, refilled at
 * {@code requestsPerSecond}. Time comes from the injected {@link Clock}. At most {@code maxKeys}
 * buckets are kept; past that all are dropped and start full again (keys can come from a URL, and
 * forgetting is cheaper than growing without bound).
 */
public final class RateLimiter {

  /** Requests a second and burst; {@code requestsPerSecond} 0 switches the limit off. */
  public record Limit(long requestsPerSecond, long burst) {
    public Limit {
      if (requestsPerSecond < 0 || burst < 0) throw new IllegalArgumentException("rate limits cannot be negative");
      if (requestsPerSecond > 0 && burst < 1) throw new IllegalArgumentException("a rate limit needs a burst of at least 1");
    }

    public boolean on() {
      return requestsPerSecond > 0;
    }
  }

  /** Allowed, or refused with the whole seconds to wait before the next request can pass. */
  public record Decision(boolean allowed, long retryAfterSeconds) {}

  private static final Decision ALLOWED = new Decision(true, 0);
  private final Limit limit;
  private final TimeMeter time;
  private final int maxKeys;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Limit limit, Clock clock, int maxKeys) {
    this.limit = limit;
    this.maxKeys = maxKeys;
    this.time = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  public Limit limit() {
    return limit;
  }

  /** Takes one request from {@code key}'s bucket. */
  public Decision tryAcquire(String key) {
    if (!limit.on()) return ALLOWED;
    if (buckets.size() >= maxKeys && !buckets.containsKey(key)) buckets.clear();
    ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) return ALLOWED;
    long nanos = probe.getNanosToWaitForRefill();
    return new Decision(false, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(time)
        .build();
  }
}
