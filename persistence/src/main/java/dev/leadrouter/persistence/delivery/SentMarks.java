package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Marks delivered rows SENT in groups: a delivery that finishes while a group is being written
 * waits for the next group, so under load one commit covers many rows, and with a single delivery
 * in flight a row is marked at once, as before. Each returned stage completes when that row's mark
 * is committed (or fails with the group), so the dispatcher frees its slot only after the mark, as
 * with {@link OutboxStore#markSent(long, long)}. At most one group is written at a time.
 */
final class SentMarks {

  private record Pending(OutboxStore.Sent row, CompletableFuture<Void> done) {}

  private final OutboxStore store;
  private final Executor blocking;
  private final Object lock = new Object();
  private List<Pending> queue = new ArrayList<>(); // guarded by lock
  private boolean writing; // guarded by lock

  SentMarks(OutboxStore store, Executor blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  CompletionStage<Void> markSent(long id, long at) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean start;
    synchronized (lock) {
      queue.add(new Pending(new OutboxStore.Sent(id, at), done));
      start = !writing;
      writing = true;
    }
    if (start) {
      try {
        blocking.execute(this::writeGroups);
      } catch (RuntimeException e) {
        synchronized (lock) {
          writing = false;
        }
        done.completeExceptionally(e);
      }
    }
    return done;
  }

  /** Writes groups until the queue is empty. */
  private void writeGroups() {
    while (true) {
      List<Pending> group;
      synchronized (lock) {
        if (queue.isEmpty()) {
          writing = false;
          return;
        }
        group = queue;
        queue = new ArrayList<>();
      }
      try {
        store.markSent(group.stream().map(Pending::row).toList());
        group.forEach(p -> p.done().complete(null));
      } catch (RuntimeException e) {
        group.forEach(p -> p.done().completeExceptionally(e));
      }
    }
  }
}
