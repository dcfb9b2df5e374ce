package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

  @Test
  void theBurstPassesThenTheNextWaitsForTheRefill() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(2, 3), clock, 100);
    for (int i = 0; i < 3; i++) assertTrue(limiter.tryAcquire("a").allowed());
    RateLimiter.Decision refused = limiter.tryAcquire("a");
    assertFalse(refused.allowed());
    assertEquals(1, refused.retryAfterSeconds(), "one token refills in 0.5 s: rounded up to a whole second");

    clock.advance(Duration.ofMillis(500));
    assertTrue(limiter.tryAcquire("a").allowed());
    assertFalse(limiter.tryAcquire("a").allowed());
  }

  @Test
  void retryAfterIsTheWholeSecondsUntilATokenIsBack() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(1, 1), clock, 100);
    assertTrue(limiter.tryAcquire("a").allowed());
    assertEquals(1, limiter.tryAcquire("a").retryAfterSeconds());
    clock.advance(Duration.ofMillis(999));
    assertFalse(limiter.tryAcquire("a").allowed());
    clock.advance(Duration.ofMillis(1));
    assertTrue(limiter.tryAcquire("a").allowed());
  }

  @Test
  void keysHaveTheirOwnBuckets() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(1, 1), clock, 100);
    assertTrue(limiter.tryAcquire("a").allowed());
    assertFalse(limiter.tryAcquire("a").allowed());
    assertTrue(limiter.tryAcquire("b").allowed());
  }

  @Test
  void zeroRequestsPerSecondIsOff() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(0, 0), clock, 100);
    for (int i = 0; i < 10_000; i++) assertTrue(limiter.tryAcquire("a").allowed());
  }

  @Test
  void pastMaxKeysTheBucketsStartOver() {
    RateLimiter limiter = new RateLimiter(new RateLimiter.Limit(1, 1), clock, 2);
    assertTrue(limiter.tryAcquire("a").allowed());
    assertTrue(limiter.tryAcquire("b").allowed());
    assertFalse(limiter.tryAcquire("a").allowed(), "a known key keeps its bucket at the cap");
    assertTrue(limiter.tryAcquire("c").allowed());
    assertTrue(limiter.tryAcquire("a").allowed(), "forgotten when a third key came");
  }

  @Test
  void limitsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter.Limit(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter.Limit(1, 0));
  }
}
