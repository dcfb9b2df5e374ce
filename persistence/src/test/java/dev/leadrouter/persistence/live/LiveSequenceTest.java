package dev.leadrouter.persistence.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The live feed's cursor moves over contiguous ids only, and gives a gap up after the timeout. */
class LiveSequenceTest {

  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static List<LiveChangeStore.Change> rows(long... ids) {
    return LongStream.of(ids).mapToObj(id -> new LiveChangeStore.Change(id, T, "lead", "lead-" + id, "RECEIVED",
        null, null, "华东")).toList();
  }

  private static List<Long> ids(List<LiveChangeStore.Change> rows) {
    return rows.stream().map(LiveChangeStore.Change::id).toList();
  }

  @Test
  void contiguousIdsArePublishedAtOnce() {
    LiveSequence seq = new LiveSequence(10, TIMEOUT);
    assertEquals(List.of(11L, 12L, 13L), ids(seq.release(rows(11, 12, 13), T)));
    assertEquals(13, seq.cursor());
  }

  @Test
  void aGapHoldsTheRowsAfterItUntilItFills() {
    LiveSequence seq = new LiveSequence(10, TIMEOUT);
    assertEquals(List.of(11L), ids(seq.release(rows(11, 13, 14), T)), "12 is still being written");
    assertEquals(11, seq.cursor());
    assertEquals(List.of(), ids(seq.release(rows(13, 14), T.plusMillis(500))));
    assertEquals(List.of(12L, 13L, 14L), ids(seq.release(rows(12, 13, 14), T.plusSeconds(1))), "12 committed");
    assertEquals(14, seq.cursor());
  }

  @Test
  void aGapThatStaysIsGivenUpAfterTheTimeout() {
    LiveSequence seq = new LiveSequence(10, TIMEOUT);
    assertEquals(List.of(), ids(seq.release(rows(12, 13), T)));
    assertEquals(List.of(), ids(seq.release(rows(12, 13), T.plusMillis(1999))));
    assertEquals(List.of(12L, 13L), ids(seq.release(rows(12, 13), T.plusSeconds(2))), "11 rolled back");
    assertEquals(13, seq.cursor());
  }

  @Test
  void eachGapHasItsOwnClock() {
    LiveSequence seq = new LiveSequence(0, TIMEOUT);
    assertEquals(List.of(1L), ids(seq.release(rows(1, 3, 5), T)));
    // 2 given up at T+2s; 4 first seen missing then, so it waits its own timeout.
    assertEquals(List.of(3L), ids(seq.release(rows(3, 5), T.plusSeconds(2))));
    assertEquals(List.of(), ids(seq.release(rows(5), T.plusSeconds(3))));
    assertEquals(List.of(5L), ids(seq.release(rows(5), T.plusSeconds(4))));
  }

  @Test
  void rowsAtOrBeforeTheCursorAreNotPublishedAgain() {
    LiveSequence seq = new LiveSequence(10, TIMEOUT);
    assertEquals(List.of(11L), ids(seq.release(rows(9, 10, 11), T)));
  }

  @Test
  void aGapFilledBeforeTheTimeoutLeavesNoClockBehind() {
    LiveSequence seq = new LiveSequence(0, TIMEOUT);
    seq.release(rows(2), T);
    assertEquals(List.of(1L, 2L), ids(seq.release(rows(1, 2), T.plusSeconds(1))));
    // A later gap at 3 starts its own clock, not the old one of 1.
    assertEquals(List.of(), ids(seq.release(rows(4), T.plusSeconds(5))));
    assertEquals(List.of(4L), ids(seq.release(rows(4), T.plusSeconds(7))));
  }
}
