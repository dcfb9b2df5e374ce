package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What a starting {@link RoutingPool} waits for before it routes: its stored fairness ledger (never
 * route on an empty one: counts must not reset) and every rep's load — all reps answered, or the
 * init timeout passed. Immutable.
 *
 * @param ledger the stored ledger, null until loaded
 * @param book the loads reported so far
 * @param awaiting the reps asked who have not answered
 * @param loadsKnown every rep answered, or the init timeout passed
 */
public record PoolStartup(FairnessLedger ledger, WorkloadBook book, Set<String> awaiting, boolean loadsKnown) {

  public PoolStartup {
    awaiting = Set.copyOf(awaiting);
  }

  /** A start that asked {@code reps} for their loads. */
  public static PoolStartup asking(Collection<String> reps) {
    return new PoolStartup(null, WorkloadBook.EMPTY, Set.copyOf(reps), false);
  }

  /** The ledger is loaded. */
  public PoolStartup ledgerLoaded(FairnessLedger loaded) {
    return new PoolStartup(loaded, book, awaiting, loadsKnown);
  }

  /** {@code repId} answered with its load; the loads are known once the last rep asked answered. */
  public PoolStartup reported(String repId, RepWorkload load) {
    Set<String> rest = new HashSet<>(awaiting);
    rest.remove(repId);
    return new PoolStartup(ledger, book.reported(repId, load), rest, loadsKnown || rest.isEmpty());
  }

  /** The init timeout passed: the pool goes on with the loads it has. */
  public PoolStartup timedOut() {
    return new PoolStartup(ledger, book, awaiting, true);
  }

  /** Ready once the ledger is loaded and the loads are known. */
  public boolean ready() {
    return ledger != null && loadsKnown;
  }
}
