package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.persistence.outbox.OutboxRow;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryTest {

  private static final long HOUR = 3_600_000L;

  private static Delivery delivery(long seed) {
    return new Delivery(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), new Random(seed));
  }

  private static OutboxRow row(int attempts, long createdAt) {
    return new OutboxRow(1, "k", "lead", "rep", "webhook", "REMINDER", "{}", attempts, createdAt);
  }

  @Test
  void ceilingDoublesFromTheBaseUpToTheCap() {
    Delivery d = delivery(1);
    assertEquals(1_000, d.ceilingMillis(1));
    assertEquals(2_000, d.ceilingMillis(2));
    assertEquals(4_000, d.ceilingMillis(3));
    assertEquals(256_000, d.ceilingMillis(9));
    assertEquals(300_000, d.ceilingMillis(10));
    assertEquals(300_000, d.ceilingMillis(1_000), "no overflow for many attempts");
  }

  @Test
  void jitterStaysWithinZeroAndTheCeilingAndNeverSchedulesInThePast() {
    Delivery d = delivery(42);
    long now = 10 * HOUR;
    for (int attempts = 0; attempts < 40; attempts++) {
      for (int i = 0; i < 200; i++) {
        Delivery.Outcome o = d.afterFailure(row(attempts, now - HOUR), now);
        Delivery.Retry retry = assertInstanceOf(Delivery.Retry.class, o);
        assertEquals(attempts + 1, retry.attempts());
        long wait = retry.nextAttemptAt() - now;
        assertTrue(wait >= 0, "never before now: " + wait);
        assertTrue(wait <= d.ceilingMillis(attempts + 1), "within the ceiling: " + wait);
        assertTrue(wait <= 300_000, "cap respected: " + wait);
      }
    }
  }

  @Test
  void jitterIsSpreadAndDeterministicForASeed() {
    long[] a = new long[50];
    long[] b = new long[50];
    Delivery d1 = delivery(7);
    Delivery d2 = delivery(7);
    for (int i = 0; i < a.length; i++) {
      a[i] = d1.backoffMillis(10);
      b[i] = d2.backoffMillis(10);
    }
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    long min = java.util.Arrays.stream(a).min().orElseThrow();
    long max = java.util.Arrays.stream(a).max().orElseThrow();
    assertTrue(max - min > 100_000, "full jitter spreads over the range: " + min + ".." + max);
  }

  @Test
  void givesUpOnlyAfterGiveUpAfter() {
    Delivery d = delivery(3);
    long created = 0;
    long limit = 24 * HOUR;
    assertInstanceOf(Delivery.Retry.class, d.afterFailure(row(30, created), created + limit - 1));
    assertInstanceOf(Delivery.Retry.class, d.afterFailure(row(30, created), created + limit), "not early");
    Delivery.GiveUp g = assertInstanceOf(Delivery.GiveUp.class, d.afterFailure(row(30, created), created + limit + 1));
    assertEquals(31, g.attempts());
  }
}
