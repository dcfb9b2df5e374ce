package dev.leadrouter.persistence.delivery;

import static dev.leadrouter.persistence.delivery.DispatcherFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.outbox.OutboxRow;
import dev.leadrouter.persistence.outbox.OutboxRows;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook channel through the dispatcher against a real receiver on 127.0.0.1 (H2). */
class WebhookDeliveryTest {

  private static final String SECRET = "s3cret-for-tests";
  private static final String PAYLOAD = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"note\":\"王工\"}";

  @TempDir Path dir;
  private DispatcherFixture fx;
  private Database db;
  private Clock clock;

  @BeforeEach
  void setUp() {
    fx = new DispatcherFixture(dir);
    db = fx.db;
    clock = fx.clock;
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static NotificationSettings.Webhook webhook(String url) {
    return new NotificationSettings.Webhook(url, SECRET, Duration.ofSeconds(2));
  }

  private void dispatcher(String url, Duration giveUpAfter) {
    fx.dispatch(new WebhookChannel(webhook(url), clock), giveUpAfter);
  }

  private void insert(String key) {
    OutboxRows.insert(db, key, "rep-east-1", "webhook", "REMINDER", PAYLOAD, clock.millis());
  }

  @Test
  void okIsSentOnce() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
      insert("k-ok");
      OutboxRows.insert(db, "k-sms", "rep-east-1", "sms", "REMINDER", PAYLOAD, clock.millis());
      dispatcher(receiver.url(), Duration.ofHours(24));
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-ok").status()));
      assertEquals(List.of("k-ok"), receiver.received());
      assertEquals(Map.of("k-ok", "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"note\":\"王工\",\"locale\":\"zh-CN\","
          + "\"text\":\"跟进提醒：线索 lead-k-ok。请尽快跟进并确认线索。\"}"), receiver.applied(),
          "the payload, then locale and text (no lead row: no lead), signed");
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
      dispatcher(receiver.url(), Duration.ofHours(24));
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
    dispatcher(url, Duration.ofHours(24));
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
    // The dispatcher's time moves only when the test moves it: a retry is due, and a row expires,
    // when the test says, however slow the machine is. (The channel signs with the real clock, the
    // receiver checks the signature's age against its own.)
    MutableClock time = new MutableClock(clock.instant());
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET).answer(500, 500, 500, 500, 500)) {
      OutboxRows.insert(db, "k-give-up", "rep-east-1", "webhook", "REMINDER", PAYLOAD, time.millis());
      fx.dispatch(new WebhookChannel(webhook(receiver.url()), clock), Duration.ofMinutes(5), OrgChart::empty, time);

      awaitAssert(() -> assertEquals(1, OutboxRows.state(db, "k-give-up").attempts()));
      assertEquals("PENDING", OutboxRows.state(db, "k-give-up").status(), "failed once, within give-up-after");
      time.advance(Duration.ofSeconds(1)); // past the longest backoff (200 ms)
      awaitAssert(() -> assertEquals(2, OutboxRows.state(db, "k-give-up").attempts()));
      assertEquals("PENDING", OutboxRows.state(db, "k-give-up").status());
      time.advance(Duration.ofMinutes(5)); // the row is now older than give-up-after
      awaitAssert(() -> assertEquals("FAILED", OutboxRows.state(db, "k-give-up").status()));

      OutboxRows.State s = OutboxRows.state(db, "k-give-up");
      assertEquals(3, s.attempts(), "retried before giving up");
      assertTrue(s.lastError().startsWith("gave up after 3 attempts"), s.lastError());
      assertTrue(s.lastError().contains("HTTP 500"), s.lastError());
      assertEquals(3, receiver.received().size());
      assertEquals(Map.of(), receiver.applied());
      time.advance(Duration.ofHours(1));
      TimeUnit.MILLISECONDS.sleep(300); // nothing should happen any more (not synchronisation)
      assertEquals(3, receiver.received().size(), "a FAILED row is not delivered again");
    }
  }

  @Test
  void theBodyCarriesTheLeadsDetailsAndTheTextInTheRecipientsLocale() throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection()) {
      dev.leadrouter.persistence.Sql.exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at,"
          + " updated_at, name, salutation, phones, company, province, city, industry, budget_min, budget_max,"
          + " budget_currency, budget_negotiable, source, next_due_at, next_action) VALUES ('lead-k-lead', 'ASSIGNED',"
          + " '华东', 'normal', 1, 1, '李娜', '李娜女士', '+8613800138000,+862161234567', '上海电气', '上海市', '上海市',"
          + " '工业自动化', 500000, 2000000, 'CNY', FALSE, 'baidu-form', " + (clock.millis() + 3_600_000L)
          + ", 'ESCALATE_MANAGER')");
    }
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
      insert("k-lead");
      fx.dispatch(new WebhookChannel(webhook(receiver.url()), clock,
          id -> Map.of("recipient.id", id, "recipient.name", "Ann", "recipient.locale", "en")), Duration.ofHours(24));
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-lead").status()));
      com.fasterxml.jackson.databind.JsonNode body =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(receiver.applied().get("k-lead"));
      assertEquals("L-1", body.get("leadId").asText(), "the payload's fields stay");
      assertEquals("李娜女士", body.at("/lead/salutation").asText());
      assertEquals("李娜", body.at("/lead/name").asText());
      assertEquals("[\"+8613800138000\",\"+862161234567\"]", body.at("/lead/phones").toString());
      assertEquals("上海电气", body.at("/lead/company").asText());
      assertEquals("{\"macro\":\"华东\",\"province\":\"上海市\",\"city\":\"上海市\"}", body.at("/lead/region").toString());
      assertEquals("工业自动化", body.at("/lead/industry").asText());
      assertEquals("{\"min\":500000,\"max\":2000000,\"currency\":\"CNY\",\"negotiable\":false,\"text\":\"500K–2M CNY\"}",
          body.at("/lead/budget").toString());
      assertEquals("baidu-form", body.at("/lead/source").asText());
      assertEquals("ESCALATE_MANAGER", body.at("/lead/nextAction").asText());
      assertEquals("en", body.get("locale").asText());
      assertTrue(body.get("text").asText().startsWith("Follow-up reminder: 李娜女士 · 上海电气 (lead lead-k-lead): "
          + "+8613800138000 · 上海电气 · 上海市 · 工业自动化 · 500K–2M CNY · source baidu-form · "), body.toString());
      assertTrue(body.get("text").asText().contains(" left. "), body.toString());
    }
  }

  @Test
  void aCrashBetweenSendAndMarkDeliversAgainWithTheSameKeyAppliedOnce() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(SECRET)) {
      insert("k-crash");
      OutboxStore store = new OutboxStore(db);
      Duration lease = Duration.ofMillis(500);
      // the "old" dispatcher: claims and delivers, then dies before marking
      List<OutboxRow> claimed = store.claimDue(Set.of("webhook"), clock.millis(), 10, lease);
      assertEquals(1, claimed.size());
      new WebhookChannel(webhook(receiver.url()), clock).deliver(claimed.get(0)).toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      assertEquals("SENDING", OutboxRows.state(db, "k-crash").status());

      // the new one: the row is leased, so it waits for the lease to pass
      dispatcher(receiver.url(), Duration.ofHours(24));
      awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "k-crash").status()));
      assertEquals(List.of("k-crash", "k-crash"), receiver.received(), "delivered twice, same key");
      assertEquals(Set.of("k-crash"), receiver.applied().keySet(), "applied once");
    }
  }
}
