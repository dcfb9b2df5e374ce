package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.routing.LedgerSaving.Action;
import dev.leadrouter.engine.routing.LedgerSaving.Step;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of the debounced ledger save. */
class LedgerSavingTest {

  private static final FairnessLedger V3 = ledger(3);
  private static final FairnessLedger V4 = ledger(4);
  private static final FairnessLedger V5 = ledger(5);

  private static FairnessLedger ledger(long version) {
    return new FairnessLedger(version, Map.of());
  }

  @Test
  void aLoadedLedgerIsStoredAsItIs() {
    LedgerSaving loaded = LedgerSaving.loaded(V3);

    assertEquals(3, loaded.storedVersion());
    assertFalse(loaded.unsaved());
  }

  @Test
  void aMoveStartsTheTimerAndMovesDuringItWait() {
    Step first = LedgerSaving.loaded(V3).moved(V4);
    assertEquals(Action.SCHEDULE, first.action());
    assertTrue(first.next().timerOn());

    Step second = first.next().moved(V5);
    assertEquals(Action.NONE, second.action(), "one write covers the burst");
    assertEquals(V5, second.next().ledger());
  }

  @Test
  void aMoveThatChangesNothingStoredSchedulesNothing() {
    assertEquals(Action.NONE, LedgerSaving.loaded(V3).moved(V3).action());
  }

  @Test
  void theTimerWritesTheLedgerWithEveryMoveSoFar() {
    Step due = LedgerSaving.loaded(V3).moved(V4).next().moved(V5).next().due();

    assertEquals(Action.WRITE, due.action());
    assertTrue(due.next().writing());
    assertFalse(due.next().timerOn());
    assertEquals(V5, due.next().ledger());
  }

  @Test
  void oneWriteAtATimeAndItsAnswerSchedulesTheNext() {
    LedgerSaving writing = LedgerSaving.loaded(V3).moved(V4).next().due().next();

    Step moved = writing.moved(V5);
    assertEquals(Action.NONE, moved.action(), "no timer while a write is on its way");
    Step stored = moved.next().stored(4);
    assertEquals(Action.SCHEDULE, stored.action());
    assertEquals(4, stored.next().storedVersion());
    assertFalse(stored.next().writing());
  }

  @Test
  void anAnswerWithNothingLeftSchedulesNothing() {
    Step stored = LedgerSaving.loaded(V3).moved(V4).next().due().next().stored(4);

    assertEquals(Action.NONE, stored.action());
    assertFalse(stored.next().unsaved());
  }

  @Test
  void anOlderStoredVersionNeverLowersTheStoredOne() {
    LedgerSaving saving = new LedgerSaving(V5, 4, true, false, false);

    assertEquals(4, saving.stored(3).next().storedVersion());
  }

  @Test
  void aFailedWriteIsTriedAgainAfterTheRetryDelay() {
    Step failed = LedgerSaving.loaded(V3).moved(V4).next().due().next().stored(-1);

    assertEquals(Action.RETRY, failed.action());
    assertTrue(failed.next().timerOn());
    assertEquals(Action.WRITE, failed.next().due().action());
  }

  @Test
  void aStopWithEverythingStoredStopsAtOnce() {
    assertEquals(Action.STOP, LedgerSaving.loaded(V3).stop().action());
  }

  @Test
  void aStopWritesTheLastMovesAtOnceAndStopsOnceTheyAreStored() {
    Step stop = LedgerSaving.loaded(V3).moved(V4).next().stop();
    assertEquals(Action.WRITE, stop.action(), "without waiting for the timer");
    assertFalse(stop.next().timerOn());

    assertEquals(Action.STOP, stop.next().stored(4).action());
  }

  @Test
  void aStopDuringAWriteWaitsForItAndWritesWhatMovedMeanwhile() {
    LedgerSaving writing = LedgerSaving.loaded(V3).moved(V4).next().due().next().moved(V5).next();

    Step stop = writing.stop();
    assertEquals(Action.NONE, stop.action());
    Step stored = stop.next().stored(4);
    assertEquals(Action.WRITE, stored.action());
    assertEquals(Action.STOP, stored.next().stored(5).action());
  }

  @Test
  void aStoppingPoolWhoseWriteFailsStopsWithoutIt() {
    Step stop = LedgerSaving.loaded(V3).moved(V4).next().stop();

    assertEquals(Action.STOP_UNSAVED, stop.next().stored(-1).action());
  }
}
