package dev.leadrouter.engine.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlaStandingTest {

  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Instant DUE = START.plusSeconds(100);

  /** acknowledged, onHold, breached, level, seconds after start, next step pending → standing (share 0.75). */
  @ParameterizedTest(name = "[{index}] {6}")
  @CsvSource({
      "false, false, false, 0, 10,  true,  ON_TRACK",
      "false, false, false, 0, 74,  true,  ON_TRACK",
      "false, false, false, 0, 75,  true,  AT_RISK",
      "false, false, false, 0, 200, true,  AT_RISK",
      "false, false, false, 1, 10,  true,  ESCALATED",
      "false, false, true,  1, 10,  true,  BREACHED",
      "false, false, false, 2, 10,  false, BREACHED",
      "true,  false, false, 0, 10,  false, ON_TRACK",
      "false, true,  true,  2, 500, true,  ON_HOLD",
  })
  void precedenceIsHoldBreachEscalationRiskTrack(boolean acknowledged, boolean onHold, boolean breached, int level,
      long seconds, boolean pending, SlaStanding expected) {
    assertEquals(expected, SlaStanding.of(acknowledged, onHold, breached, level, START, pending ? DUE : null,
        START.plusSeconds(seconds), 0.75));
  }

  @ParameterizedTest
  @CsvSource({"-10, 0.0", "0, 0.0", "50, 0.5", "100, 1.0", "250, 1.0"})
  void elapsedShareIsCappedBetweenZeroAndOne(long seconds, double share) {
    assertEquals(share, SlaStanding.elapsedShare(START, DUE, START.plusSeconds(seconds)));
  }
}
