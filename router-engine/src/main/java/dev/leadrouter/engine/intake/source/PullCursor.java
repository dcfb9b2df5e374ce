package dev.leadrouter.engine.intake.source;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where a pulled source's clue list is read: the time window {@code [windowStart, windowEnd]} and the
 * page of it to ask for next. {@code windowEnd} is null between windows: it is fixed when the window is
 * opened and kept until its last page is accepted, so the pages of one window never shift. Pure.
 */
public record PullCursor(Instant windowStart, Instant windowEnd, int page) {

  /** The longest window asked for at once (a backfill is read in windows of this size). */
  public static final Duration MAX_WINDOW = Duration.ofDays(1);

  /** The first cursor of a source: {@code backfill} before {@code now}, not opened yet. */
  public static PullCursor first(Instant now, Duration backfill) {
    return new PullCursor(now.minus(backfill).truncatedTo(ChronoUnit.SECONDS), null, 1);
  }

  public boolean open() {
    return windowEnd != null;
  }

  /** This cursor with its window fixed: up to {@code now}, at most {@link #MAX_WINDOW} long (unchanged when open). */
  public PullCursor opened(Instant now) {
    if (open()) return this;
    Instant end = now.truncatedTo(ChronoUnit.SECONDS);
    Instant limit = windowStart.plus(MAX_WINDOW);
    return new PullCursor(windowStart, end.isAfter(limit) ? limit : end.isBefore(windowStart) ? windowStart : end, 1);
  }

  /**
   * The cursor after page {@link #page} was accepted: the next page, or, when it was the last, the next
   * window, starting {@code overlap} before this one's end (never before its start).
   */
  public PullCursor after(boolean more, Duration overlap) {
    if (more) return new PullCursor(windowStart, windowEnd, page + 1);
    Instant next = windowEnd.minus(overlap);
    return new PullCursor(next.isBefore(windowStart) ? windowStart : next, null, 1);
  }

  /**
   * When to open the next window after one ending at {@code finishedEnd} was read at {@code now}: at
   * once while behind (a backfill), else one {@code interval} later.
   */
  public static Instant nextRun(Instant finishedEnd, Instant now, Duration interval) {
    return finishedEnd.plus(interval).isBefore(now) ? now : now.plus(interval);
  }
}
