package dev.leadrouter.persistence.outbox;

import static dev.leadrouter.persistence.outbox.WebhookDeliveryTest.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The e-mail channel through the dispatcher against GreenMail on 127.0.0.1 (H2). */
class EmailDeliveryTest {

  private static final String DIRECTOR_EMAIL = "director@demo.leadrouter.dev";
  private static final String PAYLOAD = "{\"leadId\":\"L-7\",\"kind\":\"ESCALATION\",\"role\":\"director\","
      + "\"recipientId\":\"dir-sales\",\"channel\":\"email\",\"at\":\"2026-11-24T10:00:00Z\","
      + "\"step\":3,\"action\":\"ESCALATE_DIRECTOR\",\"dueAt\":\"2026-11-24T10:00:00Z\"}";

  @TempDir Path dir;
  private TestDb tdb;
  private Database db;
  private ActorTestKit testKit;
  private GreenMail greenMail;
  private int port;
  private final Clock clock = Clock.systemUTC();
  private final OrgDirectory directory = new OrgDirectory();

  @BeforeEach
  void setUp() throws Exception {
    tdb = TestDb.fresh(DatabaseVendor.H2, dir);
    Config config = tdb.config(ConfigFactory.empty());
    db = Database.create(config);
    db.migrate();
    testKit = ActorTestKit.create(config);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    greenMail = startGreenMail();
    directory.update(new OrgChart(List.of(), List.of(), List.of(
        new OrgChart.Person("dir-sales", "张总监", OrgChart.DIRECTOR, null, null, null, null, null, null, null,
            DIRECTOR_EMAIL, List.of("email", "app"), null, null, null),
        new OrgChart.Person("rep-x", "无邮箱", OrgChart.REP, "dir-sales", null, null, null, null, 5, null,
            null, List.of("email"), null, null, null))));
  }

  @AfterEach
  void tearDown() {
    if (greenMail != null) greenMail.stop();
    testKit.shutdownTestKit();
    db.close();
    tdb.close();
  }

  private GreenMail startGreenMail() {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  private void startDispatcher() {
    NotificationSettings settings = new NotificationSettings(Duration.ofMillis(50), 8, Duration.ofSeconds(30),
        Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(24),
        new NotificationSettings.Webhook("", "", Duration.ofSeconds(2)),
        new NotificationSettings.Smtp("127.0.0.1", port, "leadrouter@test.local", "", "", false, Duration.ofSeconds(2)));
    Executor blocking = testKit.system().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    testKit.spawn(OutboxDispatcher.create(new OutboxStore(db),
        List.of(new EmailChannel(settings.smtp(), directory, blocking)),
        OutboxDispatcher.delivery(settings, new Random(1)), clock, settings));
  }

  @Test
  void theMailArrivesAtTheDirectorsAddress() throws Exception {
    OutboxRows.insert(db, "L-7:3:dir-sales:email", "dir-sales", "email", "ESCALATION", PAYLOAD, clock.millis());
    startDispatcher();
    awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "L-7:3:dir-sales:email").status()));
    MimeMessage[] got = greenMail.getReceivedMessages();
    assertEquals(1, got.length);
    MimeMessage m = got[0];
    assertEquals(DIRECTOR_EMAIL, m.getAllRecipients()[0].toString());
    assertEquals("[leadrouter] 线索升级 / Lead escalated: lead lead-L-7:3:dir-sales:email", m.getSubject());
    assertEquals("L-7:3:dir-sales:email", m.getHeader(EmailChannel.IDEMPOTENCY_HEADER)[0]);
    String body = GreenMailUtil.getBody(m);
    assertTrue(m.getContent().toString().contains("ESCALATE_DIRECTOR"), body);
    assertTrue(m.getContent().toString().contains("请尽快跟进"), body);
    assertTrue(m.getContent().toString().contains("Please follow up"), body);
  }

  @Test
  void aRecipientWithoutAnAddressFailsAtOnce() throws Exception {
    OutboxRows.insert(db, "no-mail", "rep-x", "email", "REMINDER", PAYLOAD, clock.millis());
    OutboxRows.insert(db, "ghost", "nobody", "email", "REMINDER", PAYLOAD, clock.millis());
    startDispatcher();
    awaitAssert(() -> assertEquals("FAILED", OutboxRows.state(db, "no-mail").status()));
    assertEquals(1, OutboxRows.state(db, "no-mail").attempts());
    assertTrue(OutboxRows.state(db, "no-mail").lastError().contains("rep-x has no e-mail address"),
        OutboxRows.state(db, "no-mail").lastError());
    awaitAssert(() -> assertEquals("FAILED", OutboxRows.state(db, "ghost").status()));
    assertTrue(OutboxRows.state(db, "ghost").lastError().contains("not in the org chart"));
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void anSmtpOutageIsRetried() throws Exception {
    greenMail.stop();
    greenMail = null;
    OutboxRows.insert(db, "outage", "dir-sales", "email", "REMINDER", PAYLOAD, clock.millis());
    startDispatcher();
    awaitAssert(() -> assertTrue(OutboxRows.state(db, "outage").attempts() >= 2));
    assertEquals("PENDING", OutboxRows.state(db, "outage").status());
    assertTrue(OutboxRows.state(db, "outage").lastError().startsWith("IllegalStateException: SMTP"),
        OutboxRows.state(db, "outage").lastError());
    greenMail = startGreenMail();
    awaitAssert(() -> assertEquals("SENT", OutboxRows.state(db, "outage").status()));
    assertEquals(1, greenMail.getReceivedMessages().length);
    assertEquals(DIRECTOR_EMAIL, greenMail.getReceivedMessages()[0].getAllRecipients()[0].toString());
  }
}
