package dev.leadrouter.http;

import java.time.Duration;

/**
 * Histogram buckets of the timers (Prometheus {@code le}): a handful per range instead of Micrometer's
 * 70-odd percentile buckets, so each series stays small.
 */
final class Buckets {

  private Buckets() {}

  /** Requests, journal writes, routing: 1 ms to 10 s. */
  static final Duration[] FAST = millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  /** Waits measured in seconds to hours: intake to assignment, SLA lateness, notification latency. */
  static final Duration[] SLOW = millis(10, 100, 500, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000);

  private static Duration[] millis(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) out[i] = Duration.ofMillis(values[i]);
    return out;
  }
}
