package dev.leadrouter.engine.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The back-off of a reservation its rep has not answered. */
class LeadSideEffectsTest {

  @Test
  void anUnansweredReservationIsAskedAgainBackingOffUpToTheMaximum() {
    Duration base = Duration.ofSeconds(2);
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
        List.of(LeadSideEffects.reserveDelay(base, 0), LeadSideEffects.reserveDelay(base, 1),
            LeadSideEffects.reserveDelay(base, 2)));
    assertEquals(LeadSideEffects.RESERVE_RETRY_MAX, LeadSideEffects.reserveDelay(base, 40));
    assertEquals(Duration.ofMinutes(10), LeadSideEffects.reserveDelay(Duration.ofMinutes(10), 3), "a longer base wins");
  }
}
