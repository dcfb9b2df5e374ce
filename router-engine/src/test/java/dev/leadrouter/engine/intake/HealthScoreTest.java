package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HealthScoreTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static CleanLead lead(String name, String phone, String email, String company, String region,
      String industry, String budget) {
    return LeadCleaner.clean(new LeadInput("web", "e", name, phone, email, company, region, industry, budget, "normal",
        LeadInput.Utm.EMPTY, null, null, Map.of()));
  }

  private static final CleanLead FULL = lead("王工", "13800138000", "w@example.cn", "苏州精密", "上海", "工业自动化", "80万");

  @Test
  void aCompleteFreshCredibleMatchedLeadScoresHigh() {
    HealthScore h = HealthScore.of(FULL, List.of(NOW, NOW, NOW), NOW, 1.0, true);

    assertEquals(new HealthScore(100, 1.0, 1.0, 1.0, 1.0), h);
  }

  @Test
  void aPhoneOnlyLeadFromAnUnknownSourceWithNoRepScoresLow() {
    HealthScore h = HealthScore.of(lead(null, "13800138000", null, null, null, null, null), List.of(NOW), NOW,
        HealthScore.DEFAULT_CREDIBILITY, false);

    // The phone and the region it places the lead in (138 0013 8000: Beijing): 2 of 7.
    assertEquals(0.286, h.completeness());
    assertEquals(0.4, h.heat());
    assertEquals(0.0, h.match());
    assertEquals(Math.round(100 * (0.30 * 2 / 7 + 0.25 * 0.5 + 0.25 * 0.4)), h.score());
  }

  /** touches, days since the last one → heat. */
  @ParameterizedTest
  @CsvSource({"1, 0, 0.4", "2, 0, 0.7", "3, 0, 1.0", "5, 1, 1.0", "3, 30, 0.2", "3, 100, 0.2", "1, 15.5, 0.24", "0, 0, 0.0"})
  void heatIsVolumeTimesRecency(int touches, double days, double heat) {
    Instant last = NOW.minus(Duration.ofMillis((long) (days * 86_400_000)));
    List<Instant> at = java.util.Collections.nCopies(touches, last);

    assertEquals(heat, HealthScore.of(FULL, at, NOW, 0.5, true).heat(), 0.001);
  }

  @Test
  void credibilityIsClampedToZeroToOne() {
    assertEquals(1.0, HealthScore.of(FULL, List.of(NOW), NOW, 7, true).credibility());
    assertEquals(0.0, HealthScore.of(FULL, List.of(NOW), NOW, -1, true).credibility());
  }
}
