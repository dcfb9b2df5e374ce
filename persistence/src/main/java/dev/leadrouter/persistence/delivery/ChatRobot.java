package dev.leadrouter.persistence.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.Hmac;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The wire format of one group-robot platform (pure): where to post, what to post, and what the
 * answer means. Each platform answers with a result code in the body: 0 is a delivery, {@link
 * Answers#permanentCodes()} are codes no retry can fix (the row is FAILED at once), any other code
 * is retried. See docs/notifications.md for the codes and their sources.
 */
public abstract sealed class ChatRobot permits ChatRobot.WeCom, ChatRobot.DingTalk, ChatRobot.Feishu {

  /**
   * Where an answer holds its result code and error message (the first field present wins), and
   * the codes that mean the robot's configuration is wrong (key, secret, security settings).
   */
  public record Answers(List<String> codeFields, List<String> messageFields, Set<Integer> permanentCodes) {

    /** The result code in {@code answer}, if any. */
    public OptionalInt code(JsonNode answer) {
      for (String field : codeFields) {
        JsonNode node = answer.get(field);
        if (node != null && node.canConvertToInt()) return OptionalInt.of(node.intValue());
      }
      return OptionalInt.empty();
    }

    /** The error message in {@code answer}, or "". */
    public String message(JsonNode answer) {
      for (String field : messageFields) {
        JsonNode node = answer.get(field);
        if (node != null && node.isTextual()) return node.asText();
      }
      return "";
    }
  }

  private final String name;
  private final String url;
  private final Answers answers;

  private ChatRobot(String name, String url, Answers answers) {
    URI.create(url); // a malformed URL fails at start-up
    this.name = name;
    this.url = url;
    this.answers = answers;
  }

  /** The channel name: wecom, dingtalk or feishu. */
  public final String name() {
    return name;
  }

  /** How the platform answers. */
  public final Answers answers() {
    return answers;
  }

  /** The URL to post to at {@code now}: the configured one unless the platform signs it. */
  public URI url(Instant now) {
    return URI.create(url);
  }

  /** The JSON body that shows {@code text} in the group, at {@code now}. */
  public abstract ObjectNode body(NotificationText text, Instant now);

  private static ObjectNode message(String typeField, String type) {
    return JsonNodeFactory.instance.objectNode().put(typeField, type);
  }

  /**
   * 企业微信 group robot: POST {@code {"msgtype":"markdown","markdown":{"content":…}}} to the webhook
   * URL ({@code …/cgi-bin/webhook/send?key=…}); the answer's {@code errcode} 0 is a delivery. 93000
   * (invalid webhook url: wrong or deleted key) is permanent.
   */
  public static final class WeCom extends ChatRobot {
    public WeCom(String url) {
      super("wecom", url, new Answers(List.of("errcode"), List.of("errmsg"), Set.of(93000)));
    }

    @Override
    public ObjectNode body(NotificationText text, Instant now) {
      ObjectNode body = message("msgtype", "markdown");
      body.putObject("markdown").put("content", text.markdown());
      return body;
    }
  }

  /**
   * 钉钉 custom robot with 加签: POST {@code {"msgtype":"markdown","markdown":{"title":…,"text":…}}}
   * to the webhook URL plus {@code &timestamp=<epoch ms>&sign=<urlencode(base64(HmacSHA256(secret,
   * timestamp + "\n" + secret)))>}; {@code errcode} 0 is a delivery. 300001 and 300005 (token is not
   * exist) and 310000 (sign not match, keyword or IP-whitelist refused) are permanent.
   */
  public static final class DingTalk extends ChatRobot {
    private final String secret;

    public DingTalk(String url, String secret) {
      super("dingtalk", url, new Answers(List.of("errcode"), List.of("errmsg"), Set.of(300001, 300005, 310000)));
      this.secret = secret;
    }

    /** base64(HmacSHA256(secret, timestampMillis + "\n" + secret)), before URL encoding. */
    public static String sign(String secret, long timestampMillis) {
      return Base64.getEncoder().encodeToString(Hmac.sha256(secret, timestampMillis + "\n" + secret));
    }

    @Override
    public URI url(Instant now) {
      String url = super.url(now).toString();
      long timestamp = now.toEpochMilli();
      return URI.create(url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp
          + "&sign=" + URLEncoder.encode(sign(secret, timestamp), StandardCharsets.UTF_8));
    }

    @Override
    public ObjectNode body(NotificationText text, Instant now) {
      ObjectNode body = message("msgtype", "markdown");
      body.putObject("markdown").put("title", text.title()).put("text", text.markdown());
      return body;
    }
  }

  /**
   * 飞书 custom bot with 签名校验: POST {@code {"timestamp":"<epoch s>","sign":…,"msg_type":"text",
   * "content":{"text":…}}} where sign = base64(HmacSHA256 keyed with {@code timestamp + "\n" + secret}
   * over no data); {@code code} 0 (older answers: {@code StatusCode} 0) is a delivery. 19001 (access
   * token invalid), 19021 (sign match fail or timestamp off by more than an hour), 19022 (IP not
   * allowed) and 19024 (keywords not found) are permanent.
   */
  public static final class Feishu extends ChatRobot {
    private final String secret;

    public Feishu(String url, String secret) {
      super("feishu", url, new Answers(List.of("code", "StatusCode"), List.of("msg", "StatusMessage"),
          Set.of(19001, 19021, 19022, 19024)));
      this.secret = secret;
    }

    /** base64(HmacSHA256 with key {@code timestampSeconds + "\n" + secret} over empty data). */
    public static String sign(String secret, long timestampSeconds) {
      return Base64.getEncoder().encodeToString(Hmac.sha256(timestampSeconds + "\n" + secret, ""));
    }

    @Override
    public ObjectNode body(NotificationText text, Instant now) {
      long timestamp = now.getEpochSecond();
      ObjectNode body = message("timestamp", Long.toString(timestamp)).put("sign", sign(secret, timestamp))
          .put("msg_type", "text");
      body.putObject("content").put("text", text.plain());
      return body;
    }
  }
}
