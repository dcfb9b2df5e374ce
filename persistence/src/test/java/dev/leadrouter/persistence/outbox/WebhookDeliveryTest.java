package dev.leadrouter.persistence.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook channel through the dispatcher against a real receiver on 127.0.0.1 (H2). */
class WebhookDeliveryTest {

  private static final String SECRET = "s3cret-for-tests";
  private static final String PAYLOAD = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"note\":\"王工\"}";

  @TempDir Path dir;
  private TestDb tdb;
  private Database db;
  private ActorTestKit testKit;
  private final Clock clock = Clock.systemUTC();

  @BeforeEach
  void setUp() {
    tdb = TestDb.fresh(DatabaseVendor.H2, dir);
    Config config = tdb.config(ConfigFactory.empty());
    db = Database.create(config);
    db.migrate();
    testKit = ActorTestKit.create(config);
  }

  @AfterEach
  void tearDown() {
    testKit.shutdownTestKit();
    db.close();
    tdb.close();
  }

  private NotificationSettings settings(String url, Duration giveUpAfter) {
    return new NotificationSettings(Duration.ofMillis(50), 8, Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(200), giveUpAfter, new NotificationSettings.Webhook(url, SECRET, Duration.ofSeconds(2)),
        new NotificationSettings.Smtp("", 25, "x@localhost", "", "", false, Duration.ofSeconds(2)));
  }

  private ActorRef<OutboxDispatcher.Command> dispatcher(NotificationSettings settings) {
    return testKit.spawn(OutboxDispatcher.create(new OutboxStore(db),
        List.of(new WebhookChannel(settings.webhook(), clock)),
        OutboxDispatcher.delivery(settings, new Random(1)), clock, settings));
  }

  private void insert(String key) {
    OutboxRows.insert(db, key, "rep-east-1", "webhook", "REMINDER", PAYLOAD, clock.millis());
  }

  @Test
  void okIsSentOnce() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
      insert("k-ok");
      OutboxRows.insert(db, "k-sms", "rep-east-1", "sms", "REMINDER", PAYLOAD, clock.millis());
      dispatcher(settings(receiver.url(), Duration.ofHours(24)));
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-ok").status()));
      assertEquals(List.of("k-ok"), receiver.received());
      assertEquals(Map.of("k-ok", PAYLOAD), receiver.applied(), "body arrives byte for byte, signed");
      assertEquals(0, receiver.rejected());
      assertEquals(0, OutboxRows.state(db, "k-ok").attempts());
      assertEquals("PENDING", OutboxRows.state(db, "k-sms").status(), "channels without a deliverer stay PENDING");
      assertEquals(0, OutboxRows.state(db, "k-sms").attempts());
    }
  }

  @Test
  void serverErrorsAreRetriedWithTheSameKeyAndAppliedOnce() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET).answer(500, 500)) {
      insert("k-retry");
      dispatcher(settings(receiver.url(), Duration.ofHours(24)));
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-retry").status()));
      assertEquals(List.of("k-retry", "k-retry", "k-retry"), receiver.received(), "3 attempts, same key");
      assertEquals(Set.of("k-retry"), receiver.applied().keySet());
      OutboxRows.State s = OutboxRows.state(db, "k-retry");
      assertEquals(2, s.attempts(), "two failed attempts recorded");
    }
  }

  @Test
  void aReceiverThatIsDownIsRetriedUntilItIsUp() throws Exception {
    int port;
    try (WebhookReceiver probe = WebhookReceiver.start(SECRET)) {
      port = probe.port();
    }
    String url = "http://127.0.0.1:" + port + "/hook";
    insert("k-down");
    dispatcher(settings(url, Duration.ofHours(24)));
    awaitAssert(() -> assertTrue(OutboxRows.state(db, "k-down").attempts() >= 2, "connection refused, retried"));
    assertEquals("PENDING", OutboxRows.state(db, "k-down").status());
    assertTrue(OutboxRows.state(db, "k-down").lastError().contains("ConnectException"),
        OutboxRows.state(db, "k-down").lastError());
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET, port)) {
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-down").status()));
      assertEquals(Set.of("k-down"), receiver.applied().keySet());
    }
  }

  @Test
  void givesUpAfterGiveUpAfter() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET).answer(500, 500, 500, 500, 500, 500, 500, 500,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)) {
      insert("k-give-up");
      dispatcher(settings(receiver.url(), Duration.ofMillis(300)));
      awaitAssert(() -> assertEquals("FAILED", OutboxRows.state(db, "k-give-up").status()));
      OutboxRows.State s = OutboxRows.state(db, "k-give-up");
      assertTrue(s.lastError().startsWith("gave up after " + s.attempts() + " attempts"), s.lastError());
      assertTrue(s.lastError().contains("HTTP 500"), s.lastError());
      assertTrue(s.attempts() >= 2, "retried before giving up: " + s.attempts());
      assertEquals(s.attempts(), receiver.received().size());
      assertEquals(Map.of(), receiver.applied());
      int seen = receiver.received().size();
      TimeUnit.MILLISECONDS.sleep(300); // nothing should happen any more (not synchronisation)
      assertEquals(seen, receiver.received().size(), "a FAILED row is not delivered again");
    }
  }

  @Test
  void aCrashBetweenSendAndMarkDeliversAgainWithTheSameKeyAppliedOnce() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
      insert("k-crash");
      NotificationSettings settings = settings(receiver.url(), Duration.ofHours(24));
      OutboxStore store = new OutboxStore(db);
      Duration lease = Duration.ofMillis(500);
      // the "old" dispatcher: claims and delivers, then dies before marking
      List<OutboxRow> claimed = store.claimDue(Set.of("webhook"), clock.millis(), 10, lease);
      assertEquals(1, claimed.size());
      new WebhookChannel(settings.webhook(), clock).deliver(claimed.get(0)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals("SENDING", OutboxRows.state(db, "k-crash").status());

      dispatcher(settings); // the new one: the row is leased, so it waits for the lease to pass
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-crash").status()));
      assertEquals(List.of("k-crash", "k-crash"), receiver.received(), "delivered twice, same key");
      assertEquals(Set.of("k-crash"), receiver.applied().keySet(), "applied once");
    }
  }

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
}
