package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a starting routing pool is ready. */
class PoolStartupTest {

  @Test
  void readyOnceTheLedgerIsLoadedAndEveryRepAnswered() {
    PoolStartup start = PoolStartup.asking(List.of("r1", "r2")).reported("r1", RepWorkload.open(1));
    assertFalse(start.ledgerLoaded(FairnessLedger.EMPTY).ready(), "r2 has not answered");

    PoolStartup answered = start.reported("r2", RepWorkload.open(2));
    assertFalse(answered.ready(), "no ledger yet");
    PoolStartup ready = answered.ledgerLoaded(FairnessLedger.EMPTY);
    assertTrue(ready.ready());
    assertEquals(Map.of("r1", RepWorkload.open(1), "r2", RepWorkload.open(2)), ready.book().reported());
  }

  @Test
  void theInitTimeoutGoesOnWithTheLoadsAnsweredSoFar() {
    PoolStartup start = PoolStartup.asking(List.of("r1", "r2")).reported("r1", RepWorkload.open(1))
        .ledgerLoaded(FairnessLedger.EMPTY);

    PoolStartup timedOut = start.timedOut();
    assertTrue(timedOut.ready());
    assertEquals(Map.of("r1", RepWorkload.open(1)), timedOut.book().reported());
  }

  @Test
  void theInitTimeoutNeverRoutesWithoutTheLedger() {
    assertFalse(PoolStartup.asking(List.of()).timedOut().ready());
  }
}
