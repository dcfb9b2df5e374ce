package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.FairnessLedger;
import java.time.Duration;

/**
 * The debounced save of a region's fairness ledger into its {@link RoutingLedger}: the ledger with
 * every decision made so far, the version stored, whether a write is on its way, whether the save
 * timer ({@link #TIMER}) is running, and whether the pool is stopping. A moved ledger waits for the
 * timer ({@code routing.ledger-save-delay}) so that one write covers a burst of decisions — a save
 * per decision cost half the pool's throughput in RegionPoolsBenchmark (the whole ledger is written
 * each time); one write at a time, the next scheduled when it answers; a failed write is tried again
 * after {@link #RETRY_DELAY}; a stopping pool writes what is left at once and stops once it is
 * stored (ADR 0007).
 *
 * <p>Immutable: each event returns the next state and the one {@link Action} the pool carries out.
 */
public record LedgerSaving(FairnessLedger ledger, long storedVersion, boolean writing, boolean timerOn, boolean stopping) {

  /** The key of the pool's save timer. */
  public static final String TIMER = "save";
  /** How long a failed write waits before the next try. */
  public static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  /** What the pool does next. */
  public enum Action {
    NONE,
    /** Start {@link #TIMER} with the save delay. */
    SCHEDULE,
    /** The last write failed: log it, start {@link #TIMER} with the retry delay. */
    RETRY,
    /** Cancel {@link #TIMER} and write {@link #ledger()} (its version is the one to confirm). */
    WRITE,
    /** Stop: everything is stored. */
    STOP,
    /** Stop although the last write failed (log the moves lost). */
    STOP_UNSAVED
  }

  public record Step(LedgerSaving next, Action action) {}

  /** The ledger loaded from the {@link RoutingLedger} (stored as it is). */
  public static LedgerSaving loaded(FairnessLedger ledger) {
    return new LedgerSaving(ledger, ledger.version(), false, false, false);
  }

  /** Whether the ledger holds decisions not stored yet. */
  public boolean unsaved() {
    return ledger.version() > storedVersion;
  }

  /** Decisions moved the ledger: a save after the delay, unless one is on its way (its answer schedules the next) or due. */
  public Step moved(FairnessLedger next) {
    return with(next, storedVersion, writing, timerOn, stopping).schedule();
  }

  /** {@link #TIMER} fired: write now unless a write is on its way or nothing is left. */
  public Step due() {
    return with(ledger, storedVersion, writing, false, stopping).write();
  }

  /** A write answered: {@code version} stored, or -1 when it failed. */
  public Step stored(long version) {
    if (version < 0) {
      if (stopping) return new Step(with(ledger, storedVersion, false, timerOn, true), Action.STOP_UNSAVED);
      return new Step(with(ledger, storedVersion, false, true, false), Action.RETRY);
    }
    LedgerSaving next = with(ledger, Math.max(storedVersion, version), false, timerOn, stopping);
    return stopping ? next.stopOnceStored() : next.schedule();
  }

  /** The pool is asked to stop: at once if everything is stored, else after writing what is left. */
  public Step stop() {
    return with(ledger, storedVersion, writing, timerOn, true).stopOnceStored();
  }

  private Step stopOnceStored() {
    if (!unsaved()) return new Step(this, Action.STOP);
    return with(ledger, storedVersion, writing, false, stopping).write();
  }

  private Step schedule() {
    if (writing || !unsaved() || timerOn) return new Step(this, Action.NONE);
    return new Step(with(ledger, storedVersion, false, true, stopping), Action.SCHEDULE);
  }

  private Step write() {
    if (writing || !unsaved()) return new Step(this, Action.NONE);
    return new Step(with(ledger, storedVersion, true, false, stopping), Action.WRITE);
  }

  private LedgerSaving with(FairnessLedger l, long stored, boolean w, boolean t, boolean s) {
    return new LedgerSaving(l, stored, w, t, s);
  }
}
