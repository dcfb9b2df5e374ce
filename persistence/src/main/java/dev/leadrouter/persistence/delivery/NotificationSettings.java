package dev.leadrouter.persistence.delivery;

import com.fasterxml.jackson.core.JsonPointer;
import com.typesafe.config.Config;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code leadrouter.notifications}: see persistence/reference.conf and docs/notifications.md. */
public record NotificationSettings(
    Duration pollInterval,
    int maxInFlight,
    Duration lease,
    Duration retryBase,
    Duration retryMaxDelay,
    Duration giveUpAfter,
    Webhook webhook,
    Smtp smtp,
    Robot wecom,
    Robot dingtalk,
    Robot feishu,
    Provider voice,
    Provider sms) {

  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

  /** The webhook channel; enabled when {@code url} is non-empty. */
  public record Webhook(String url, String secret, Duration timeout) {
    public boolean enabled() {
      return !url.isBlank();
    }
  }

  /** The e-mail channel; enabled when {@code host} is non-empty. */
  public record Smtp(String host, int port, String from, String username, String password, boolean starttls,
      Duration timeout) {
    public boolean enabled() {
      return !host.isBlank();
    }
  }

  /**
   * A group robot (wecom, dingtalk, feishu); enabled when {@code url} is non-empty. {@code secret} is
   * the signing key (dingtalk 加签, feishu 签名校验; wecom has none).
   */
  public record Robot(String url, String secret, Duration timeout) {
    public static Robot disabled() {
      return new Robot("", "", Duration.ofSeconds(5));
    }

    public boolean enabled() {
      return !url.isBlank();
    }
  }

  /**
   * An SMS or voice provider called through an HTTP template; enabled when {@code url} is non-empty.
   * An empty {@code successJsonPointer} means any 2xx answer is a delivery.
   */
  public record Provider(String url, String method, Map<String, String> headers, String body, String contentType,
      Duration timeout, String successJsonPointer, String successValue) {
    public Provider {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static Provider disabled() {
      return new Provider("", "POST", Map.of(), "", "application/json", Duration.ofSeconds(5), "", "");
    }

    public boolean enabled() {
      return !url.isBlank();
    }
  }

  public NotificationSettings {
    if (maxInFlight < 1) throw new IllegalArgumentException("leadrouter.notifications.max-in-flight must be at least 1");
    requireSecret("webhook", webhook.enabled(), webhook.secret());
    requireSecret("dingtalk", dingtalk.enabled(), dingtalk.secret());
    requireSecret("feishu", feishu.enabled(), feishu.secret());
    validate("voice", voice);
    validate("sms", sms);
  }

  /** Only webhook and e-mail configured (the robots and providers off). */
  public NotificationSettings(Duration pollInterval, int maxInFlight, Duration lease, Duration retryBase,
      Duration retryMaxDelay, Duration giveUpAfter, Webhook webhook, Smtp smtp) {
    this(pollInterval, maxInFlight, lease, retryBase, retryMaxDelay, giveUpAfter, webhook, smtp,
        Robot.disabled(), Robot.disabled(), Robot.disabled(), Provider.disabled(), Provider.disabled());
  }

  private static void requireSecret(String channel, boolean enabled, String secret) {
    if (enabled && secret.isBlank()) {
      throw new IllegalArgumentException("leadrouter.notifications." + channel + ".secret (LEADROUTER_"
          + channel.toUpperCase(Locale.ROOT) + "_SECRET) is required when " + channel + ".url is set");
    }
  }

  private static void validate(String channel, Provider p) {
    if (!p.enabled()) return;
    String at = "leadrouter.notifications." + channel + ".";
    if (!METHODS.contains(p.method())) {
      throw new IllegalArgumentException(at + "method must be one of " + METHODS + ", was " + p.method());
    }
    if (p.contentType().isBlank()) throw new IllegalArgumentException(at + "content-type must not be empty");
    try {
      new ProviderTemplate(p.body());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + "body: " + e.getMessage());
    }
    if (!p.successJsonPointer().isEmpty()) {
      try {
        JsonPointer.compile(p.successJsonPointer());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "success-json-pointer is not a JSON pointer (e.g. /code): "
            + p.successJsonPointer());
      }
    }
    p.headers().forEach((name, value) -> {
      if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase(ProviderChannel.IDEMPOTENCY_HEADER)) {
        throw new IllegalArgumentException(at + "headers must not set " + name + " (set content-type instead; "
            + ProviderChannel.IDEMPOTENCY_HEADER + " is always sent)");
      }
      try {
        HttpRequest.newBuilder().header(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "headers: " + name + " cannot be sent: " + e.getMessage());
      }
    });
  }

  /** From a resolved application config (the block lives in persistence.conf). */
  public static NotificationSettings fromConfig(Config config) {
    Config n = config.getConfig("leadrouter.notifications");
    Config w = n.getConfig("webhook");
    Config s = n.getConfig("smtp");
    Config wecom = n.getConfig("wecom");
    return new NotificationSettings(
        n.getDuration("poll-interval"),
        n.getInt("max-in-flight"),
        n.getDuration("lease"),
        n.getDuration("retry.base"),
        n.getDuration("retry.max-delay"),
        n.getDuration("retry.give-up-after"),
        new Webhook(w.getString("url").trim(), w.getString("secret"), w.getDuration("timeout")),
        new Smtp(s.getString("host").trim(), s.getInt("port"), s.getString("from"), s.getString("username"),
            s.getString("password"), s.getBoolean("starttls"), s.getDuration("timeout")),
        new Robot(wecom.getString("url").trim(), "", wecom.getDuration("timeout")),
        signedRobot(n.getConfig("dingtalk")),
        signedRobot(n.getConfig("feishu")),
        provider(n.getConfig("voice")),
        provider(n.getConfig("sms")));
  }

  private static Robot signedRobot(Config c) {
    return new Robot(c.getString("url").trim(), c.getString("secret"), c.getDuration("timeout"));
  }

  private static Provider provider(Config c) {
    Map<String, String> headers = new LinkedHashMap<>();
    c.getObject("headers").forEach((name, value) -> headers.put(name, String.valueOf(value.unwrapped())));
    return new Provider(c.getString("url").trim(), c.getString("method").trim().toUpperCase(Locale.ROOT), headers,
        c.getString("body"), c.getString("content-type").trim(), c.getDuration("timeout"),
        c.getString("success-json-pointer").trim(), c.getString("success-value"));
  }
}
