package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Windows and pages of a pulled source. */
class PullCursorTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00.750Z");

  @Test
  void theFirstWindowStartsABackfillBeforeNowAndIsNotOpenYet() {
    PullCursor first = PullCursor.first(NOW, Duration.ofHours(2));
    assertEquals(Instant.parse("2026-12-05T08:00:00Z"), first.windowStart());
    assertNull(first.windowEnd());
    assertEquals(1, first.page());
    assertFalse(first.open());
  }

  @Test
  void openingFixesTheEndAtNowAtMostOneDayAfterTheStart() {
    PullCursor opened = PullCursor.first(NOW, Duration.ofHours(2)).opened(NOW);
    assertEquals(Instant.parse("2026-12-05T10:00:00Z"), opened.windowEnd());
    assertSame(opened, opened.opened(NOW.plusSeconds(600)), "an open window keeps its end");
    PullCursor backfill = PullCursor.first(NOW, Duration.ofDays(3)).opened(NOW);
    assertEquals(backfill.windowStart().plus(PullCursor.MAX_WINDOW), backfill.windowEnd());
  }

  @Test
  void pagesThenTheNextWindowOverlappingTheLast() {
    PullCursor window = new PullCursor(Instant.parse("2026-12-05T09:00:00Z"), Instant.parse("2026-12-05T10:00:00Z"), 1);
    PullCursor second = window.after(true, Duration.ofMinutes(2));
    assertEquals(new PullCursor(window.windowStart(), window.windowEnd(), 2), second);
    assertEquals(new PullCursor(Instant.parse("2026-12-05T09:58:00Z"), null, 1), second.after(false, Duration.ofMinutes(2)));
    PullCursor tiny = new PullCursor(Instant.parse("2026-12-05T09:59:30Z"), Instant.parse("2026-12-05T10:00:00Z"), 1);
    assertEquals(tiny.windowStart(), tiny.after(false, Duration.ofMinutes(2)).windowStart(), "never before the start");
  }

  @Test
  void theNextRunIsAtOnceWhileBehindElseAfterTheInterval() {
    Duration interval = Duration.ofSeconds(60);
    assertEquals(NOW.plus(interval), PullCursor.nextRun(NOW.minusSeconds(1), NOW, interval));
    assertEquals(NOW, PullCursor.nextRun(NOW.minus(Duration.ofHours(5)), NOW, interval));
  }
}
