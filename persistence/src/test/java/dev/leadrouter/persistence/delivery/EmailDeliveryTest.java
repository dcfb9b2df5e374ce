package dev.leadrouter.persistence.delivery;

import static dev.leadrouter.persistence.delivery.DispatcherFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The e-mail channel through the dispatcher against GreenMail on 127.0.0.1 (H2). */
class EmailDeliveryTest {

  private static final String DIRECTOR_EMAIL = "director@demo.leadrouter.dev";
  private static final String PAYLOAD = "{\"leadId\":\"L-7\",\"kind\":\"ESCALATION\",\"role\":\"director\","
      + "\"recipientId\":\"dir-sales\",\"channel\":\"email\",\"at\":\"2026-11-24T10:00:00Z\","
      + "\"step\":3,\"action\":\"ESCALATE_DIRECTOR\",\"dueAt\":\"2026-11-24T10:30:00Z\"}";

  @TempDir Path dir;
  private DispatcherFixture fx;
  private GreenMail greenMail;
  private int port;
  private final OrgDirectory directory = new OrgDirectory();

  @BeforeEach
  void setUp() throws Exception {
    fx = new DispatcherFixture(dir);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    greenMail = startGreenMail();
    directory.update(new OrgChart(List.of(), List.of(), List.of(
        new OrgChart.Person("dir-sales", "张总监 <销售部>", OrgChart.DIRECTOR, null, null, null, null, null, null, null,
            DIRECTOR_EMAIL, List.of("email", "app"), null, null, null),
        new OrgChart.Person("rep-x", "无邮箱", OrgChart.REP, "dir-sales", null, null, null, null, 5, null,
            null, List.of("email"), null, null, null),
        new OrgChart.Person("mgr-en", "Ann Lee", OrgChart.MANAGER, "dir-sales", null, null, null, null, null, null,
            "ann@demo.leadrouter.dev", List.of("email"), null, null, null, "en-GB"))));
  }

  @AfterEach
  void tearDown() {
    if (greenMail != null) greenMail.stop();
    fx.close();
  }

  private GreenMail startGreenMail() {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  private void startDispatcher() {
    NotificationSettings.Smtp smtp =
        new NotificationSettings.Smtp("127.0.0.1", port, "leadrouter@test.local", "", "", false, Duration.ofSeconds(2));
    fx.dispatch(new EmailChannel(smtp, directory, fx.blocking(), fx.clock));
  }

  @Test
  void theMailArrivesAtTheDirectorsAddressAsPlainTextAndHtml() throws Exception {
    fx.insert("L-7:3:dir-sales:email", "dir-sales", "email", "ESCALATION", PAYLOAD);
    startDispatcher();
    awaitAssert(() -> assertEquals("SENT", fx.state("L-7:3:dir-sales:email").status()));
    MimeMessage[] got = greenMail.getReceivedMessages();
    assertEquals(1, got.length);
    MimeMessage m = got[0];
    assertEquals(DIRECTOR_EMAIL, m.getAllRecipients()[0].toString());
    assertEquals("[leadrouter] 线索升级：线索 lead-L-7:3:dir-sales:email", m.getSubject());
    assertEquals("L-7:3:dir-sales:email", m.getHeader(EmailChannel.IDEMPOTENCY_HEADER)[0]);
    assertTrue(m.getContentType().startsWith("multipart/alternative"), m.getContentType());

    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertEquals(2, parts.getCount());
    BodyPart plain = parts.getBodyPart(0);
    BodyPart html = parts.getBodyPart(1);
    assertEquals("text/plain; charset=UTF-8", plain.getContentType());
    assertEquals("text/html; charset=UTF-8", html.getContentType());

    String text = (String) plain.getContent();
    assertTrue(text.contains("接收人：张总监 <销售部>"), text);
    assertTrue(text.contains("升级步骤：3（升级至总监）"), text);
    assertTrue(text.contains("截止时间：2026-11-24T10:30:00Z"), text);
    assertTrue(text.contains("线索未按时确认，请督促跟进。"), text);
    assertFalse(text.contains("Lead escalated"), "the director reads Chinese (no locale: the default): " + text);

    String page = (String) html.getContent();
    assertTrue(page.contains("<h3>线索升级：线索 lead-L-7:3:dir-sales:email</h3>"), page);
    assertTrue(page.contains("接收人：张总监 &lt;销售部&gt;"), "values are escaped: " + page);
    assertFalse(page.contains("<销售部>"), page);
    assertTrue(page.contains("<p>线索未按时确认，请督促跟进。</p>"), page);
  }

  @Test
  void aManagerWhoReadsEnglishGetsTheLeadsDetailsInEnglish() throws Exception {
    try (java.sql.Connection c = fx.db.dataSource().getConnection()) {
      dev.leadrouter.persistence.Sql.exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at,"
          + " updated_at, name, salutation, phone, company, province, city, industry, budget_negotiable, source)"
          + " VALUES ('lead-L-8:4:mgr-en:email', 'ASSIGNED', '华南', 'normal', 1, 1, '王', '王工', '+8613800138000',"
          + " 'ACME <Shenzhen>', '广东省', '深圳市', 'SaaS', TRUE, 'wecom-kf')");
    }
    fx.insert("L-8:4:mgr-en:email", "mgr-en", "email", "ESCALATION", PAYLOAD);
    startDispatcher();
    awaitAssert(() -> assertEquals("SENT", fx.state("L-8:4:mgr-en:email").status()));
    MimeMessage m = greenMail.getReceivedMessages()[0];
    assertEquals("[leadrouter] Lead escalated: 王工 · ACME <Shenzhen> (lead lead-L-8:4:mgr-en:email)", m.getSubject());
    MimeMultipart parts = (MimeMultipart) m.getContent();
    String text = ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
    assertTrue(text.startsWith("Lead escalated: 王工 · ACME <Shenzhen> (lead lead-L-8:4:mgr-en:email)\n"
        + "For: Ann Lee\nContact: 王工\nPhone: +8613800138000\n" // a row without phones: its one phone
        + "Company: ACME <Shenzhen>\nRegion: 广东省, 深圳市\nIndustry: SaaS\nBudget: negotiable\nSource: wecom-kf\n"), text);
    assertTrue(text.contains("Step: 3 (escalate to the director)"), text);
    assertFalse(text.contains("线索升级"), text);
    String page = (String) parts.getBodyPart(1).getContent();
    assertTrue(page.contains("<html lang=\"en\">"), page);
    assertTrue(page.contains("Company: ACME &lt;Shenzhen&gt;"), page);
  }

  @Test
  void aRecipientWithoutAnAddressFailsAtOnce() throws Exception {
    fx.insert("no-mail", "rep-x", "email", "REMINDER", PAYLOAD);
    fx.insert("ghost", "nobody", "email", "REMINDER", PAYLOAD);
    startDispatcher();
    awaitAssert(() -> assertEquals("FAILED", fx.state("no-mail").status()));
    assertEquals(1, fx.state("no-mail").attempts());
    assertTrue(fx.state("no-mail").lastError().contains("rep-x has no e-mail address"), fx.state("no-mail").lastError());
    awaitAssert(() -> assertEquals("FAILED", fx.state("ghost").status()));
    assertTrue(fx.state("ghost").lastError().contains("not in the org chart"));
    assertEquals(0, greenMail.getReceivedMessages().length);
  }

  @Test
  void anSmtpOutageIsRetried() throws Exception {
    greenMail.stop();
    greenMail = null;
    fx.insert("outage", "dir-sales", "email", "REMINDER", PAYLOAD);
    startDispatcher();
    awaitAssert(() -> assertTrue(fx.state("outage").attempts() >= 2));
    assertEquals("PENDING", fx.state("outage").status());
    assertTrue(fx.state("outage").lastError().startsWith("IllegalStateException: SMTP"), fx.state("outage").lastError());
    greenMail = startGreenMail();
    awaitAssert(() -> assertEquals("SENT", fx.state("outage").status()));
    assertEquals(1, greenMail.getReceivedMessages().length);
    assertEquals(DIRECTOR_EMAIL, greenMail.getReceivedMessages()[0].getAllRecipients()[0].toString());
  }
}
