package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.outbox.OutboxRows;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Test helper: a fresh H2 outbox and an actor test kit, and dispatchers over given channels with
 * fast polling and retries (50 ms base, 200 ms cap).
 */
final class DispatcherFixture implements AutoCloseable {

  final Clock clock = Clock.systemUTC();
  final TestDb tdb;
  final Database db;
  final ActorTestKit testKit;

  DispatcherFixture(Path dir) {
    tdb = TestDb.fresh(DatabaseVendor.H2, dir);
    Config config = tdb.config(ConfigFactory.empty());
    db = Database.create(config);
    db.migrate();
    testKit = ActorTestKit.create(config);
  }

  /** Fast settings; only the dispatcher's own keys matter (channels are built by the tests). */
  static NotificationSettings settings(Duration giveUpAfter) {
    return new NotificationSettings(Duration.ofMillis(50), 8, Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(200), giveUpAfter, new NotificationSettings.Webhook("", "", Duration.ofSeconds(2)),
        new NotificationSettings.Smtp("", 25, "x@localhost", "", "", false, Duration.ofSeconds(2)));
  }

  ActorRef<OutboxDispatcher.Command> dispatch(Channel channel) {
    return dispatch(channel, Duration.ofHours(24));
  }

  ActorRef<OutboxDispatcher.Command> dispatch(Channel channel, Duration giveUpAfter) {
    return dispatch(channel, giveUpAfter, OrgChart::empty);
  }

  /** A dispatcher that reads quiet hours and managers from {@code org}. */
  ActorRef<OutboxDispatcher.Command> dispatch(Channel channel, Duration giveUpAfter, Supplier<OrgChart> org) {
    return dispatch(channel, giveUpAfter, org, clock);
  }

  /** A dispatcher on its own clock (e.g. one the test moves by hand): due rows and give-up read it. */
  ActorRef<OutboxDispatcher.Command> dispatch(Channel channel, Duration giveUpAfter, Supplier<OrgChart> org,
      Clock clock) {
    NotificationSettings settings = settings(giveUpAfter);
    return testKit.spawn(OutboxDispatcher.create(new OutboxStore(db), List.of(channel),
        OutboxDispatcher.delivery(settings, new Random(1)), clock, settings, org));
  }

  Executor blocking() {
    return testKit.system().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
  }

  void insert(String key, String recipient, String channel, String kind, String payload) {
    OutboxRows.insert(db, key, recipient, channel, kind, payload, clock.millis());
  }

  OutboxRows.State state(String key) {
    return OutboxRows.state(db, key);
  }

  /** Retries {@code assertion} every 50 ms for up to 15 s (polling, not synchronisation by sleep). */
  static void awaitAssert(Runnable assertion) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
    db.close();
    tdb.close();
  }
}
