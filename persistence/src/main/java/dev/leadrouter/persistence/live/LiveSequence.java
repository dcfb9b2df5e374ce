package dev.leadrouter.persistence.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which {@code live_change} rows a poll may publish, in id order, without skipping one that is still
 * being written (the idea of pekko-persistence-jdbc's {@code JournalSequenceActor}). Ids come from a
 * sequence when a row is inserted, but become visible when its transaction commits: a missing id
 * ahead of a visible one is usually a transaction still in flight, so the cursor moves only over
 * contiguous ids. A missing id that stays missing for {@code gapTimeout} (a rolled-back insert, a
 * sequence jump after a restart) is given up and the cursor moves past it. Pure, one per poller.
 */
public final class LiveSequence {

  private final Duration gapTimeout;
  private long cursor;
  /** The first missing id of each gap seen, with when it was first seen missing. */
  private final TreeMap<Long, Instant> gaps = new TreeMap<>();

  /** Starts after {@code cursor} (the highest id already published, or known to need no publishing). */
  public LiveSequence(long cursor, Duration gapTimeout) {
    this.cursor = cursor;
    this.gapTimeout = gapTimeout;
  }

  /** The highest id published so far: every row up to it was published or given up. */
  public long cursor() {
    return cursor;
  }

  /**
   * Of {@code rows} (a poll's rows after {@link #cursor()}, in id order, read at {@code now}), those
   * to publish now: up to the first gap younger than the timeout. Moves the cursor past them.
   */
  public List<LiveChangeStore.Change> release(List<LiveChangeStore.Change> rows, Instant now) {
    List<LiveChangeStore.Change> out = new ArrayList<>();
    for (LiveChangeStore.Change row : rows) {
      if (row.id() <= cursor) continue;
      long missing = cursor + 1;
      if (row.id() > missing) {
        Instant since = gaps.computeIfAbsent(missing, m -> now);
        if (Duration.between(since, now).compareTo(gapTimeout) < 0) break;
      }
      out.add(row);
      cursor = row.id();
    }
    gaps.headMap(cursor + 1).clear();
    return out;
  }
}
