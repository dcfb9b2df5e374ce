package dev.leadrouter.persistence.projection;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one projection (all its slices, on this node) knows about its failures, shared by the
 * handlers of its slices across their restarts (a handler is created anew on each restart):
 * <ul>
 *   <li>the slices to process <em>carefully</em> (one savepoint per event) because their last group
 *       failed: the fast path writes a group in batches and cannot tell which event failed;
 *   <li>the attempts per failing event, so it is parked after {@link Settings#maxAttempts()};
 *   <li>the entities with parked events: their later events are parked behind them, so a replay
 *       applies an entity's events in order;
 *   <li>counts and lag per slice, for readiness and metrics.
 * </ul>
 * Thread-safe; the decisions it holds are small and in-memory (the parked rows are the truth).
 */
public final class ProjectionGuard {

  /** {@code leadrouter.projection}. */
  public record Settings(int maxAttempts, Duration maxLag, Duration lagCheckInterval) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("leadrouter.projection");
      return new Settings(c.getInt("max-attempts"), c.getDuration("max-lag"), c.getDuration("lag-check-interval"));
    }
  }

  private final String projection;
  private final Settings settings;
  private final Set<String> careful = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> parked = new ConcurrentHashMap<>();
  private final Map<String, Long> lagMillis = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong parkedTotal = new AtomicLong();

  public ProjectionGuard(String projection, Settings settings) {
    this.projection = projection;
    this.settings = settings;
  }

  public String projection() {
    return projection;
  }

  public Settings settings() {
    return settings;
  }

  /** The parked rows found at start: per slice how many, and which entities they block. */
  public void loaded(Map<String, Long> parkedPerSlice, Collection<String> blockedEntities) {
    parkedPerSlice.forEach((slice, n) -> counter(slice).set(n));
    blocked.addAll(blockedEntities);
  }

  /** Whether a group of this slice with these entities must be processed one event at a time. */
  public boolean needsCare(String slice, Collection<String> persistenceIds) {
    if (careful.contains(slice)) return true;
    if (blocked.isEmpty()) return false;
    for (String id : persistenceIds) if (blocked.contains(id)) return true;
    return false;
  }

  /** The fast path failed: process this slice's next groups carefully until one succeeds. */
  public void takeCare(String slice) {
    careful.add(slice);
  }

  /** A careful group committed: back to the fast path. */
  public void caredFor(String slice) {
    careful.remove(slice);
  }

  /** An event failed once more; answers its attempts so far. */
  public int failed(String persistenceId, long sequenceNr) {
    failures.incrementAndGet();
    return attempts.merge(persistenceId + "#" + sequenceNr, 1, Integer::sum);
  }

  /** An event applied (possibly after failures): forget its attempts. */
  public void applied(String persistenceId, long sequenceNr) {
    if (!attempts.isEmpty()) attempts.remove(persistenceId + "#" + sequenceNr);
  }

  public boolean isBlocked(String persistenceId) {
    return blocked.contains(persistenceId);
  }

  /** An event was parked: its entity's later events wait behind it. */
  public void parked(String slice, String persistenceId, long sequenceNr) {
    attempts.remove(persistenceId + "#" + sequenceNr);
    blocked.add(persistenceId);
    counter(slice).incrementAndGet();
    parkedTotal.incrementAndGet();
  }

  /** The entity's parked events were replayed (or were found replayed by someone else). */
  public void unblocked(String slice, String persistenceId, int replayed) {
    blocked.remove(persistenceId);
    if (replayed > 0) counter(slice).addAndGet(-replayed);
  }

  public void lag(String slice, long millis) {
    lagMillis.put(slice, millis);
  }

  public long parked(String slice) {
    return counter(slice).get();
  }

  public long lagMillis(String slice) {
    return lagMillis.getOrDefault(slice, 0L);
  }

  /** Failed attempts to apply an event since this node started (each retry counts). */
  public long failures() {
    return failures.get();
  }

  /** Events parked since this node started. */
  public long parkedTotal() {
    return parkedTotal.get();
  }

  /** Why the projection is degraded, one line per slice with parked events or lag over the limit; empty when healthy. */
  public List<String> problems() {
    Map<String, String> out = new TreeMap<>();
    parked.forEach((slice, n) -> {
      if (n.get() > 0) out.put(slice, projection + "/" + slice + ": " + n.get() + " parked event(s)");
    });
    lagMillis.forEach((slice, ms) -> {
      if (ms > settings.maxLag().toMillis()) {
        out.merge(slice, projection + "/" + slice + ": " + ms / 1000 + " s behind", (a, b) -> a + ", " + b.substring(b.indexOf(": ") + 2));
      }
    });
    return new ArrayList<>(out.values());
  }

  private AtomicLong counter(String slice) {
    return parked.computeIfAbsent(slice, s -> new AtomicLong());
  }
}
