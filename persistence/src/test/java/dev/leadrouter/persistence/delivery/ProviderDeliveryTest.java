package dev.leadrouter.persistence.delivery;

import static dev.leadrouter.persistence.delivery.DispatcherFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.QuietHours;
import dev.leadrouter.persistence.outbox.OutboxRows;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMS/voice template channels through the dispatcher against a provider on 127.0.0.1 (H2). */
class ProviderDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAYLOAD = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"at\":\"2026-11-24T10:00:00Z\","
      + "\"dueAt\":\"2026-11-24T10:15:00Z\"}";
  private static final String JSON_BODY = "{\"to\":\"${recipient.mobile}\",\"name\":\"${recipient.name}\","
      + "\"text\":\"${text}\",\"en\":\"${text.en}\",\"requestId\":\"${idempotencyKey}\",\"lead\":\"${lead.id}\","
      + "\"kind\":\"${kind}\",\"at\":\"${at}\"}";

  @TempDir Path dir;
  private DispatcherFixture fx;
  /** Recipient fields as the org chart would give them once Person has a mobile. */
  private final Map<String, Map<String, String>> people = new HashMap<>();

  @BeforeEach
  void setUp() {
    fx = new DispatcherFixture(dir);
    people.put("rep-1", Map.of("recipient.id", "rep-1", "recipient.name", "王\"小明\"\n", "recipient.mobile",
        "+8613800138000", "recipient.email", "w@example.com"));
    people.put("rep-2", Map.of("recipient.id", "rep-2", "recipient.name", "无手机", "recipient.mobile", ""));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static NotificationSettings.Provider provider(String url, String body, String contentType, String pointer,
      String value) {
    return new NotificationSettings.Provider(url, "POST", Map.of("X-Api-Key", "k-123"), body, contentType,
        Duration.ofSeconds(2), pointer, value);
  }

  private void dispatch(String channel, NotificationSettings.Provider settings) {
    fx.dispatch(new ProviderChannel(channel, settings, id -> people.getOrDefault(id, Map.of()), fx.clock));
  }

  @Test
  void aJsonTemplateIsFilledAndEscaped() throws Exception {
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{}"))) {
      fx.insert("L-1:4:rep-1:voice", "rep-1", "voice", "REMINDER", PAYLOAD);
      dispatch("voice", provider(provider.url("/voice/call"), JSON_BODY, "application/json", "", ""));
      awaitAssert(() -> assertEquals("SENT", fx.state("L-1:4:rep-1:voice").status()));

      WebhookReceiver.Request request = provider.requests().get(0);
      assertEquals("/voice/call", request.path());
      assertEquals("application/json", request.header("Content-Type"));
      assertEquals("L-1:4:rep-1:voice", request.header("Idempotency-Key"));
      assertEquals("k-123", request.header("X-Api-Key"));
      JsonNode body = JSON.readTree(request.body());
      assertEquals("+8613800138000", body.get("to").asText());
      assertEquals("王\"小明\"\n", body.get("name").asText(), "quotes and newlines survive as JSON escapes");
      assertEquals("跟进提醒：线索 lead-L-1:4:rep-1:voice（截止时间：2026-11-24T10:15:00Z）。请尽快跟进并确认线索。",
          body.get("text").asText(), "the recipient's locale: the default");
      assertTrue(body.get("en").asText().startsWith("Follow-up reminder: lead lead-L-1:4:rep-1:voice (due "), body.toString());
      assertEquals("L-1:4:rep-1:voice", body.get("requestId").asText());
      assertEquals("lead-L-1:4:rep-1:voice", body.get("lead").asText());
      assertEquals("REMINDER", body.get("kind").asText());
      assertEquals("2026-11-24T10:00:00Z", body.get("at").asText());
    }
  }

  @Test
  void theTemplateNamesTheLeadsDetailsInTheRecipientsLocale() throws Exception {
    people.put("rep-en", Map.of("recipient.id", "rep-en", "recipient.name", "Ann", "recipient.mobile", "+8613900139000",
        "recipient.locale", "en"));
    try (java.sql.Connection c = fx.db.dataSource().getConnection()) {
      dev.leadrouter.persistence.Sql.exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at,"
          + " updated_at, name, salutation, phones, company, province, city, industry, budget_min, budget_max,"
          + " budget_currency, budget_negotiable, source) VALUES ('lead-L-9:1:rep-en:sms', 'ASSIGNED', '华东', 'normal',"
          + " 1, 1, '李娜', '李娜女士', '+8613800138000,+862161234567', '上海电气', '上海市', '上海市', '工业自动化',"
          + " 500000, 2000000, 'CNY', FALSE, 'baidu-form')");
    }
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{}"))) {
      fx.insert("L-9:1:rep-en:sms", "rep-en", "sms", "ASSIGNED", PAYLOAD);
      dispatch("sms", provider(provider.url("/sms"), "{\"text\":\"${text}\",\"zh\":\"${text.zh}\",\"who\":\"${lead.contact}\","
          + "\"phone\":\"${lead.phone}\",\"phones\":\"${lead.phones}\",\"company\":\"${lead.company}\","
          + "\"region\":\"${lead.region}\",\"industry\":\"${lead.industry}\",\"budget\":\"${lead.budget}\","
          + "\"source\":\"${lead.source}\",\"left\":\"${lead.timeLeft}\",\"summary\":\"${lead.summary}\"}",
          "application/json", "", ""));
      awaitAssert(() -> assertEquals("SENT", fx.state("L-9:1:rep-en:sms").status()));

      JsonNode body = JSON.readTree(provider.requests().get(0).body());
      assertEquals("New lead: 李娜女士 · 上海电气 (lead lead-L-9:1:rep-en:sms): +8613800138000 · 上海电气 · 上海市 · 工业自动化"
          + " · 500K–2M CNY · source baidu-form (due 2026-11-24T10:15:00Z). Please contact the lead and acknowledge it.",
          body.get("text").asText());
      assertTrue(body.get("zh").asText().startsWith("新线索：李娜女士 · 上海电气（线索 lead-L-9:1:rep-en:sms）："), body.toString());
      assertEquals("李娜女士", body.get("who").asText());
      assertEquals("+8613800138000", body.get("phone").asText());
      assertEquals("+8613800138000,+862161234567", body.get("phones").asText());
      assertEquals("上海电气", body.get("company").asText());
      assertEquals("上海市", body.get("region").asText());
      assertEquals("工业自动化", body.get("industry").asText());
      assertEquals("500K–2M CNY", body.get("budget").asText());
      assertEquals("baidu-form", body.get("source").asText());
      assertEquals("", body.get("left").asText(), "no pending deadline: nothing");
      assertEquals("李娜女士 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 500K–2M CNY · source baidu-form",
          body.get("summary").asText());
    }
  }

  @Test
  void aFormTemplateIsUrlEncoded() throws Exception {
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("OK"))) {
      fx.insert("form", "rep-1", "sms", "ESCALATION", PAYLOAD);
      dispatch("sms", provider(provider.url("/sms"), "mobile=${recipient.mobile}&content=${text}&name=${recipient.name}",
          "application/x-www-form-urlencoded", "", ""));
      awaitAssert(() -> assertEquals("SENT", fx.state("form").status()));

      String body = provider.requests().get(0).body();
      assertTrue(body.startsWith("mobile=%2B8613800138000&content=%E7%BA%BF%E7%B4%A2"), body);
      assertTrue(body.endsWith("&name=%E7%8E%8B%22%E5%B0%8F%E6%98%8E%22%0A"), body);
      Map<String, String> form = new HashMap<>();
      for (String pair : body.split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      assertEquals("+8613800138000", form.get("mobile"));
      assertTrue(form.get("content").startsWith("线索升级：线索 lead-form"), form.get("content"));
      assertEquals(List.of("form"), provider.received());
    }
  }

  @Test
  void aRecipientWithoutMobileFailsAtOnce() throws Exception {
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{}"))) {
      fx.insert("no-mobile", "rep-2", "sms", "REMINDER", PAYLOAD);
      fx.insert("unknown", "rep-9", "sms", "REMINDER", PAYLOAD);
      dispatch("sms", provider(provider.url("/sms"), JSON_BODY, "application/json", "", ""));
      awaitAssert(() -> assertEquals("FAILED", fx.state("no-mobile").status()));
      assertEquals("PermanentDeliveryException: recipient rep-2 has no mobile", fx.state("no-mobile").lastError());
      assertEquals(1, fx.state("no-mobile").attempts());
      awaitAssert(() -> assertEquals("FAILED", fx.state("unknown").status()));
      assertEquals("PermanentDeliveryException: recipient rep-9 has no mobile", fx.state("unknown").lastError());
      assertEquals(0, provider.requests().size());
    }
  }

  @Test
  void theSuccessPointerMustMatchElseItIsRetried() throws Exception {
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{\"result\":{\"code\":\"0\"}}"))) {
      provider.answerBody("{\"result\":{\"code\":\"1001\",\"message\":\"busy\"}}", "not json").answer(500);
      fx.insert("pointer", "rep-1", "voice", "REMINDER", PAYLOAD);
      dispatch("voice", provider(provider.url("/voice"), JSON_BODY, "application/json", "/result/code", "0"));
      awaitAssert(() -> assertEquals("SENT", fx.state("pointer").status()));
      assertEquals(4, provider.requests().size(), "wrong code, not JSON, HTTP 500, then accepted");
      assertEquals(3, fx.state("pointer").attempts());
      assertEquals(List.of("pointer", "pointer", "pointer", "pointer"), provider.received(), "same key every time");
    }
  }

  @Test
  void aWrongCodeIsRecordedWhileRetrying() throws Exception {
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{\"code\":1001}"))) {
      fx.insert("wrong", "rep-1", "voice", "REMINDER", PAYLOAD);
      dispatch("voice", provider(provider.url("/voice"), JSON_BODY, "application/json", "/code", "0"));
      awaitAssert(() -> assertTrue(fx.state("wrong").attempts() >= 2));
      assertEquals("PENDING", fx.state("wrong").status());
      assertEquals("IllegalStateException: voice answered /code = 1001, expected \"0\"", fx.state("wrong").lastError());
    }
  }

  // ---------------------------------------------------------------- org chart rules in the dispatcher

  private static OrgChart.Person person(String id, String managerId, List<String> channels, QuietHours quiet) {
    return new OrgChart.Person(id, id, managerId == null ? OrgChart.MANAGER : OrgChart.REP, managerId, null, null,
        null, null, 5, null, null, channels, null, quiet, null);
  }

  @Test
  void aRowFailedForGoodAlertsTheRecipientsManagerOnce() throws Exception {
    OrgChart org = new OrgChart(List.of(), List.of(), List.of(
        person("mgr-1", null, List.of("email", "wecom"), null), person("rep-2", "mgr-1", List.of("sms"), null)));
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{}"))) {
      fx.insert("L-3:4:rep-2:sms", "rep-2", "sms", "REMINDER", PAYLOAD);
      fx.dispatch(new ProviderChannel("sms", provider(provider.url("/sms"), JSON_BODY, "application/json", "", ""),
          id -> people.getOrDefault(id, Map.of()), fx.clock), Duration.ofHours(24), () -> org);

      awaitAssert(() -> assertEquals("FAILED", fx.state("L-3:4:rep-2:sms").status()));
      awaitAssert(() -> assertEquals("PENDING", fx.state("L-3:4:rep-2:sms:failed:mgr-1:email").status()));
      assertEquals("PENDING", fx.state("L-3:4:rep-2:sms:failed:mgr-1:wecom").status());
      assertEquals(List.of(), provider.requests());
    }
  }

  @Test
  void aRingingRowForSomeoneInQuietHoursWaitsForTheirEndWithoutAnAttempt() throws Exception {
    java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
    java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
    QuietHours quiet = new QuietHours(now.minusHours(1).format(hhmm), now.plusHours(1).format(hhmm), "UTC");
    OrgChart org = new OrgChart(List.of(), List.of(), List.of(person("rep-1", null, List.of("voice"), quiet)));
    try (WebhookReceiver provider = WebhookReceiver.start(new WebhookReceiver.Provider("{}"))) {
      fx.insert("L-4:4:rep-1:voice", "rep-1", "voice", "REMINDER", PAYLOAD);
      fx.dispatch(new ProviderChannel("voice", provider(provider.url("/voice"), JSON_BODY, "application/json", "", ""),
          id -> people.getOrDefault(id, Map.of()), fx.clock), Duration.ofHours(24), () -> org);

      awaitAssert(() -> assertTrue(String.valueOf(fx.state("L-4:4:rep-1:voice").lastError()).startsWith("quiet hours of rep-1")));
      OutboxRows.State state = fx.state("L-4:4:rep-1:voice");
      assertEquals("PENDING", state.status());
      assertEquals(0, state.attempts());
      long end = quiet.endIfQuiet(java.time.Instant.ofEpochMilli(fx.clock.millis())).orElseThrow().toEpochMilli();
      assertTrue(Math.abs(state.nextAttemptAt() - end) < 120_000, "retried when the quiet hours end");
      assertEquals(List.of(), provider.requests());
    }
  }
}
