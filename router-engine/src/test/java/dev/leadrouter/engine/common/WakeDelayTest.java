package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WakeDelayTest {

  private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

  @Test
  void aNearDeadlineWaitsExactlyUntilItsDueTime() {
    assertEquals(Duration.ofMinutes(15), WakeDelay.until(NOW, NOW.plusSeconds(900)));
  }

  @Test
  void aPastDeadlineWakesAtOnce() {
    assertEquals(Duration.ZERO, WakeDelay.until(NOW, NOW.minusSeconds(1)));
  }

  @Test
  void aDeadlineBeyondWhatPekkoSchedulesWakesAfterTheMaximumInstead() {
    assertEquals(WakeDelay.MAX, WakeDelay.until(NOW, NOW.plus(Duration.ofDays(400))));
  }
}
