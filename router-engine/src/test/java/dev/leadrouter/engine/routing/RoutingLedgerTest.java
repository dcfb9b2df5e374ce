package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EntityTests;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A region's stored fairness ledger: the newest save wins, and it survives a restart. */
class RoutingLedgerTest {

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("RoutingLedgerTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aNewerSaveIsStoredAnOlderOneIgnoredAndTheLedgerSurvivesARestart() {
    var ledger = EventSourcedBehaviorTestKit.<RoutingLedger.Command, RoutingLedger.Event, RoutingLedger.State>create(
        testKit.system(), RoutingLedger.create("region-" + UUID.randomUUID()), EntityTests.KRYO_ROUND_TRIP);
    assertEquals(new RoutingLedger.Loaded(null), ledger.<RoutingLedger.Loaded>runCommand(RoutingLedger.Load::new).reply());

    var saved = ledger.<RoutingLedger.Saved>runCommand(r -> new RoutingLedger.Save("{\"version\":3}", 3, r));
    assertEquals(new RoutingLedger.Saved(3), saved.reply());
    assertEquals(List.of(new RoutingLedger.LedgerSaved("{\"version\":3}", 3)), saved.events());

    var stale = ledger.<RoutingLedger.Saved>runCommand(r -> new RoutingLedger.Save("{\"version\":2}", 2, r));
    assertEquals(new RoutingLedger.Saved(3), stale.reply(), "a save overtaken by a newer one changes nothing");
    assertTrue(stale.hasNoEvents());

    ledger.restart();
    assertEquals(new RoutingLedger.Loaded("{\"version\":3}"),
        ledger.<RoutingLedger.Loaded>runCommand(RoutingLedger.Load::new).reply());
  }
}
