package dev.leadrouter.persistence.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.persistence.outbox.OutboxRow;
import java.net.URI;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The robots' wire formats (pure); signatures against values from the platforms' published Python samples. */
class ChatRobotTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);
  private static final NotificationText TEXT = NotificationText.of(new OutboxRow(1, "L-1:4:rep-1:wecom", "L-1", "rep-1",
      "wecom", "REMINDER", "{\"dueAt\":\"2026-11-24T10:15:00Z\"}", 0, 0), "王小明", "zh-CN", NOW);

  @Test
  void dingTalkSignsTheUrlLikeThePublishedSample() {
    // python: base64(hmac.new(secret, f"{timestamp}\n{secret}", sha256)), then urllib.parse.quote_plus
    assertEquals("LC7hxZ4wslL+P7j7gu1hoQ+wzByekL+yWgiUMekZs0g=",
        ChatRobot.DingTalk.sign("SECtest-secret", 1_700_000_000_000L));
    ChatRobot robot = new ChatRobot.DingTalk("https://oapi.dingtalk.com/robot/send?access_token=t0k", "SECtest-secret");
    assertEquals(URI.create("https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1700000000000"
        + "&sign=LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D"), robot.url(NOW));
    assertEquals("http://127.0.0.1/send?timestamp=1700000000000&sign=LC7hxZ4wslL%2BP7j7gu1hoQ%2BwzByekL%2ByWgiUMekZs0g%3D",
        new ChatRobot.DingTalk("http://127.0.0.1/send", "SECtest-secret").url(NOW).toString());
  }

  @Test
  void dingTalkPostsMarkdownWithATitle() {
    JsonNode body = new ChatRobot.DingTalk("http://127.0.0.1/send?access_token=t", "s").body(TEXT, NOW);
    assertEquals("markdown", body.get("msgtype").asText());
    assertEquals(TEXT.title(), body.at("/markdown/title").asText());
    assertEquals(TEXT.markdown(), body.at("/markdown/text").asText());
    assertEquals(2, body.size());
  }

  @Test
  void feishuSignsTheBodyLikeThePublishedSample() {
    // python: base64(hmac.new(f"{timestamp}\n{secret}".encode(), digestmod=sha256).digest())
    assertEquals("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=", ChatRobot.Feishu.sign("feishu-secret", 1_700_000_000L));
    ChatRobot robot = new ChatRobot.Feishu("https://open.feishu.cn/open-apis/bot/v2/hook/abc", "feishu-secret");
    JsonNode body = robot.body(TEXT, NOW);
    assertEquals("1700000000", body.get("timestamp").asText());
    assertEquals("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=", body.get("sign").asText());
    assertEquals("text", body.get("msg_type").asText());
    assertEquals(TEXT.plain(), body.at("/content/text").asText());
    assertEquals(4, body.size());
    assertEquals(URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/abc"), robot.url(NOW));
  }

  @Test
  void weComPostsMarkdownToTheUrlAsItIs() {
    ChatRobot robot = new ChatRobot.WeCom("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1");
    JsonNode body = robot.body(TEXT, NOW);
    assertEquals("markdown", body.get("msgtype").asText());
    assertEquals(TEXT.markdown(), body.at("/markdown/content").asText());
    assertEquals(2, body.size());
    assertEquals(URI.create("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1"), robot.url(NOW));
  }

  @Test
  void answersAreReadFromTheFirstFieldPresent() throws Exception {
    ChatRobot.Answers feishu = new ChatRobot.Feishu("http://127.0.0.1/h", "s").answers();
    assertEquals(OptionalInt.of(0), feishu.code(JSON.readTree("{\"code\":0,\"msg\":\"success\",\"StatusCode\":7}")));
    assertEquals(OptionalInt.of(0), feishu.code(JSON.readTree("{\"StatusCode\":0,\"StatusMessage\":\"success\"}")));
    assertEquals(OptionalInt.empty(), feishu.code(JSON.readTree("{\"data\":{}}")));
    assertEquals("sign match fail", feishu.message(JSON.readTree("{\"code\":19021,\"msg\":\"sign match fail\"}")));
    ChatRobot.Answers wecom = new ChatRobot.WeCom("http://127.0.0.1/h").answers();
    assertEquals(OptionalInt.of(93000), wecom.code(JSON.readTree("{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")));
    assertEquals("", wecom.message(JSON.readTree("{\"errcode\":1}")));
  }
}
