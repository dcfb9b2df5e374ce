package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.persistence.DatabaseConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** {@code leadrouter.notifications} from reference.conf, its validation and the channel wiring. */
class NotificationSettingsTest {

  private static NotificationSettings load(String overrides) {
    return NotificationSettings.fromConfig(DatabaseConfig.load(ConfigFactory.parseString(overrides)));
  }

  private static String fail(String overrides) {
    return assertThrows(IllegalArgumentException.class, () -> load(overrides)).getMessage();
  }

  @Test
  void theDefaultsEnableNothing() {
    NotificationSettings s = load("");
    assertFalse(s.wecom().enabled() || s.dingtalk().enabled() || s.feishu().enabled());
    assertFalse(s.voice().enabled() || s.sms().enabled());
    assertEquals("POST", s.sms().method());
    assertEquals("application/json", s.sms().contentType());
    assertEquals("{\"to\":\"${recipient.mobile}\",\"text\":\"${text}\",\"requestId\":\"${idempotencyKey}\"}",
        s.voice().body(), "no HOCON substitution inside the triple-quoted body");
    assertEquals(Duration.ofSeconds(5), s.feishu().timeout());
    assertEquals(List.of(), channels(s).stream().map(Channel::name).toList());
  }

  @Test
  void everyChannelIsWiredWhenConfigured() {
    NotificationSettings s = load("""
        leadrouter.notifications {
          wecom.url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
          dingtalk { url = "https://oapi.dingtalk.com/robot/send?access_token=t", secret = "SEC1" }
          feishu { url = " https://open.feishu.cn/open-apis/bot/v2/hook/h ", secret = "s", timeout = 3s }
          voice { url = "https://voice.example.com/call", method = post, headers { X-Api-Key = k1, Authorization = "Bearer x" } }
          sms { url = "https://sms.example.com/send", content-type = "application/x-www-form-urlencoded",
                body = "to=${recipient.mobile}&msg=${text}", success-json-pointer = "/code", success-value = "0" }
        }
        """);
    assertEquals("https://open.feishu.cn/open-apis/bot/v2/hook/h", s.feishu().url());
    assertEquals(Duration.ofSeconds(3), s.feishu().timeout());
    assertEquals("POST", s.voice().method());
    assertEquals(Map.of("X-Api-Key", "k1", "Authorization", "Bearer x"), s.voice().headers());
    assertEquals("/code", s.sms().successJsonPointer());
    assertEquals(List.of("wecom", "dingtalk", "feishu", "voice", "sms"), channels(s).stream().map(Channel::name).toList());
  }

  @Test
  void signedRobotsNeedTheirSecret() {
    assertEquals("leadrouter.notifications.dingtalk.secret (LEADROUTER_DINGTALK_SECRET) is required when dingtalk.url is set",
        fail("leadrouter.notifications.dingtalk.url = \"https://oapi.dingtalk.com/robot/send?access_token=t\""));
    assertEquals("leadrouter.notifications.feishu.secret (LEADROUTER_FEISHU_SECRET) is required when feishu.url is set",
        fail("leadrouter.notifications.feishu.url = \"https://open.feishu.cn/open-apis/bot/v2/hook/h\""));
  }

  @Test
  void aProviderTemplateIsCheckedAtStartUp() {
    String sms = "leadrouter.notifications.sms { url = \"https://sms.example.com\"\n";
    assertTrue(fail(sms + "body = \"\"\"{\"to\":\"${recipient.phone}\"}\"\"\" }")
        .startsWith("leadrouter.notifications.sms.body: unknown placeholder ${recipient.phone}"));
    assertTrue(fail(sms + "method = GET }").startsWith("leadrouter.notifications.sms.method must be one of ["));
    assertTrue(fail(sms + "success-json-pointer = code }").startsWith("leadrouter.notifications.sms.success-json-pointer"));
    assertTrue(fail(sms + "headers { content-type = text/plain } }").contains("headers must not set content-type"));
    assertTrue(fail(sms + "headers { Idempotency-Key = x } }").contains("headers must not set Idempotency-Key"));
    assertTrue(fail(sms + "headers { Host = x } }").startsWith("leadrouter.notifications.sms.headers: Host cannot be sent"));
    assertTrue(fail(sms + "content-type = \"\" }").endsWith("content-type must not be empty"));
    assertTrue(load("leadrouter.notifications.voice.body = \"${recipient.phone}\"").voice().body().contains("phone"),
        "a disabled channel is not checked");
  }

  @Test
  void recipientFieldsComeFromTheCurrentOrgChart() {
    OrgDirectory directory = new OrgDirectory();
    directory.update(new OrgChart(List.of(), List.of(), List.of(
        new OrgChart.Person("rep-1", "王小明", OrgChart.REP, null, null, null, null, null, 5, null, "w@example.com", null, "+8613800138000", null, null, "en"),
        new OrgChart.Person("rep-2", null, OrgChart.REP, null, null, null, null, null, 5, null, null, null, null, null, null))));
    var fields = OutboxDispatcher.recipientFields(directory);

    assertEquals(Map.of("recipient.id", "rep-1", "recipient.name", "王小明", "recipient.email", "w@example.com",
        "recipient.mobile", "+8613800138000", "recipient.locale", "en"), fields.apply("rep-1"));
    assertEquals(Map.of("recipient.id", "rep-2", "recipient.name", "rep-2", "recipient.email", "",
        "recipient.mobile", "", "recipient.locale", "zh-CN"), fields.apply("rep-2"));
    assertEquals("nobody", fields.apply("nobody").get("recipient.name"));
    assertEquals("zh-CN", fields.apply("nobody").get("recipient.locale"), "the default");
  }

  private static List<Channel> channels(NotificationSettings s) {
    Executor direct = Runnable::run;
    return OutboxDispatcher.channels(s, new EngineDeps(Clock.systemUTC(), null, new OrgDirectory(), null, null, null, null, null), direct);
  }
}
