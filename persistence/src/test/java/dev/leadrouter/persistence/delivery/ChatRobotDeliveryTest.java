package dev.leadrouter.persistence.delivery;

import static dev.leadrouter.persistence.delivery.DispatcherFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.persistence.outbox.OutboxRows;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The group-robot channels through the dispatcher against receivers on 127.0.0.1 that check keys
 * and signatures as 企业微信, 钉钉 and 飞书 do (H2).
 */
class ChatRobotDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAYLOAD = "{\"leadId\":\"L-1\",\"kind\":\"REMINDER\",\"role\":\"rep\","
      + "\"recipientId\":\"rep-east-1\",\"at\":\"2026-11-24T10:00:00Z\",\"step\":1,\"action\":\"REMIND\","
      + "\"dueAt\":\"2026-11-24T10:15:00Z\"}";

  /** A platform as the tests use it: the receiver, the robot pointed at it, and its codes. */
  enum Platform {
    WECOM(45009, 93000, () -> new WebhookReceiver.WeCom("the-key"),
        (r, key) -> new ChatRobot.WeCom(r.url("/cgi-bin/webhook/send?key=" + key))),
    DINGTALK(410100, 300001, () -> new WebhookReceiver.DingTalk("the-key", "SEC-ding-secret"),
        (r, key) -> new ChatRobot.DingTalk(r.url("/robot/send?access_token=" + key), "SEC-ding-secret")),
    FEISHU(11232, 19001, () -> new WebhookReceiver.Feishu("the-key", "feishu-secret"),
        (r, key) -> new ChatRobot.Feishu(r.url("/open-apis/bot/v2/hook/" + key), "feishu-secret"));

    final int retryableCode;
    final int invalidKeyCode;
    private final Supplier<WebhookReceiver.Platform> receiver;
    private final BiFunction<WebhookReceiver, String, ChatRobot> robot;

    Platform(int retryableCode, int invalidKeyCode, Supplier<WebhookReceiver.Platform> receiver,
        BiFunction<WebhookReceiver, String, ChatRobot> robot) {
      this.retryableCode = retryableCode;
      this.invalidKeyCode = invalidKeyCode;
      this.receiver = receiver;
      this.robot = robot;
    }

    /** The platform's side, knowing the key "the-key" and the secret. */
    WebhookReceiver.Platform receiver() {
      return receiver.get();
    }

    /** Our robot pointed at {@code receiver} with {@code key}. */
    ChatRobot robot(WebhookReceiver receiver, String key) {
      return robot.apply(receiver, key);
    }

    String channel() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @TempDir Path dir;
  private DispatcherFixture fx;
  private final OrgDirectory directory = new OrgDirectory();

  @BeforeEach
  void setUp() {
    fx = new DispatcherFixture(dir);
    directory.update(new OrgChart(List.of(), List.of(), List.of(
        new OrgChart.Person("rep-east-1", "王小明", OrgChart.REP, null, null, null, null, null, 5, null, null,
            List.of("wecom", "dingtalk", "feishu"), null, null, null),
        new OrgChart.Person("rep-en", "Ann", OrgChart.REP, null, null, null, null, null, 5, null, null,
            List.of("wecom"), null, null, null, "en"))));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private void dispatch(ChatRobot robot, Clock clock) {
    fx.dispatch(new ChatRobotChannel(robot, Duration.ofSeconds(2), OutboxDispatcher.recipientFields(directory), clock));
  }

  private WebhookReceiver.Request deliverOne(Platform p, String key) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(p.receiver())) {
      fx.insert(key, "rep-east-1", p.channel(), "REMINDER", PAYLOAD);
      dispatch(p.robot(receiver, "the-key"), fx.clock);
      awaitAssert(() -> assertEquals("SENT", fx.state(key).status()));
      assertEquals(0, receiver.rejected(), "key and signature verified");
      assertEquals(1, receiver.requests().size());
      assertEquals(0, fx.state(key).attempts());
      WebhookReceiver.Request request = receiver.requests().get(0);
      assertEquals("POST", request.method());
      assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
      return request;
    }
  }

  @Test
  void weComGetsMarkdownNamingTheRecipient() throws Exception {
    JsonNode body = JSON.readTree(deliverOne(Platform.WECOM, "w-ok").body());
    assertEquals("markdown", body.get("msgtype").asText());
    String content = body.at("/markdown/content").asText();
    assertTrue(content.startsWith("#### 跟进提醒：线索 lead-w-ok\n\n**接收人**：王小明\n\n"), content);
    assertFalse(content.contains("**For**"), "the recipient's language only: " + content);
  }

  @Test
  void aRecipientWhoReadsEnglishGetsEnglish() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(Platform.WECOM.receiver())) {
      fx.insert("w-en", "rep-en", "wecom", "REMINDER", PAYLOAD);
      dispatch(Platform.WECOM.robot(receiver, "the-key"), fx.clock);
      awaitAssert(() -> assertEquals("SENT", fx.state("w-en").status()));
      String content = JSON.readTree(receiver.requests().get(0).body()).at("/markdown/content").asText();
      assertTrue(content.startsWith("#### Follow-up reminder: lead lead-w-en\n\n**For**: Ann\n\n"), content);
      assertTrue(content.contains("Please follow up and acknowledge the lead."), content);
      assertFalse(content.contains("跟进提醒"), content);
    }
  }

  @Test
  void dingTalkGetsSignedMarkdown() throws Exception {
    WebhookReceiver.Request request = deliverOne(Platform.DINGTALK, "d-ok");
    assertTrue(Long.parseLong(request.query().get("timestamp")) > 1_700_000_000_000L, "milliseconds");
    JsonNode body = JSON.readTree(request.body());
    assertEquals("markdown", body.get("msgtype").asText());
    assertEquals("[leadrouter] 跟进提醒：线索 lead-d-ok", body.at("/markdown/title").asText());
    assertTrue(body.at("/markdown/text").asText().contains("**接收人**：王小明"), body.toString());
  }

  @Test
  void feishuGetsSignedText() throws Exception {
    JsonNode body = JSON.readTree(deliverOne(Platform.FEISHU, "f-ok").body());
    assertEquals("text", body.get("msg_type").asText());
    assertTrue(body.get("timestamp").isTextual(), "seconds, as a string");
    String text = body.at("/content/text").asText();
    assertTrue(text.startsWith("跟进提醒：线索 lead-f-ok\n接收人：王小明\n"), text);
    assertFalse(text.contains("Follow-up reminder"), "the recipient's language only: " + text);
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void aServerErrorAndABusyCodeAreRetriedUntilAccepted(Platform p) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(p.receiver())) {
      receiver.answer(500).answerCode(p.retryableCode);
      fx.insert("retry", "rep-east-1", p.channel(), "REMINDER", PAYLOAD);
      dispatch(p.robot(receiver, "the-key"), fx.clock);
      awaitAssert(() -> assertEquals("SENT", fx.state("retry").status()));
      assertEquals(3, receiver.requests().size(), "500, busy, then accepted");
      assertEquals(2, fx.state("retry").attempts());
      assertEquals(0, receiver.rejected());
    }
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void anInvalidKeyFailsAtOnce(Platform p) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(p.receiver())) {
      fx.insert("bad-key", "rep-east-1", p.channel(), "REMINDER", PAYLOAD);
      dispatch(p.robot(receiver, "a-deleted-key"), fx.clock);
      awaitAssert(() -> assertEquals("FAILED", fx.state("bad-key").status()));
      OutboxRows.State s = fx.state("bad-key");
      assertEquals(1, s.attempts());
      assertTrue(s.lastError().startsWith("PermanentDeliveryException: " + p.channel() + " answered code "
          + p.invalidKeyCode), s.lastError());
      assertEquals(1, receiver.rejected());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Platform.class, names = {"DINGTALK", "FEISHU"})
  void aSignatureOlderThanAnHourIsRefusedForGood(Platform p) throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(p.receiver())) {
      fx.insert("stale", "rep-east-1", p.channel(), "REMINDER", PAYLOAD);
      dispatch(p.robot(receiver, "the-key"), Clock.offset(fx.clock, Duration.ofMinutes(-61)));
      awaitAssert(() -> assertEquals("FAILED", fx.state("stale").status()));
      String code = p == Platform.DINGTALK ? "310000" : "19021";
      assertTrue(fx.state("stale").lastError().contains("answered code " + code), fx.state("stale").lastError());
      assertEquals(1, receiver.rejected());
      assertEquals(0, receiver.requests().size());
    }
  }

  @Test
  void aWrongSecretIsRefusedForGood() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(Platform.DINGTALK.receiver())) {
      fx.insert("wrong-secret", "rep-east-1", "dingtalk", "REMINDER", PAYLOAD);
      dispatch(new ChatRobot.DingTalk(receiver.url("/robot/send?access_token=the-key"), "SEC-other"), fx.clock);
      awaitAssert(() -> assertEquals("FAILED", fx.state("wrong-secret").status()));
      String error = fx.state("wrong-secret").lastError();
      assertTrue(error.contains("answered code 310000"), error);
    }
  }

  @Test
  void anAnswerWithoutAResultCodeIsRetried() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(Platform.WECOM.receiver())) {
      receiver.answerBody("<html>proxy error</html>", "{\"ok\":true}");
      fx.insert("no-code", "rep-east-1", "wecom", "REMINDER", PAYLOAD);
      dispatch(Platform.WECOM.robot(receiver, "the-key"), fx.clock);
      awaitAssert(() -> assertEquals("SENT", fx.state("no-code").status()));
      assertEquals(3, receiver.requests().size());
    }
  }

  @Test
  void someoneMissingFromTheOrgChartIsNamedById() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(Platform.FEISHU.receiver())) {
      fx.insert("ghost", "rep-gone", "feishu", "REMINDER", PAYLOAD);
      dispatch(Platform.FEISHU.robot(receiver, "the-key"), fx.clock);
      awaitAssert(() -> assertEquals("SENT", fx.state("ghost").status()));
      String text = JSON.readTree(receiver.requests().get(0).body()).at("/content/text").asText();
      assertTrue(text.contains("接收人：rep-gone\n"), text);
    }
  }
}
