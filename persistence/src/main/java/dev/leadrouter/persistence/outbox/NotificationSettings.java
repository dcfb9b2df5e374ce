package dev.leadrouter.persistence.outbox;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code leadrouter.notifications}: see persistence.conf and docs/notifications.md. */
public record NotificationSettings(
    Duration pollInterval,
    int maxInFlight,
    Duration lease,
    Duration retryBase,
    Duration retryMaxDelay,
    Duration giveUpAfter,
    Webhook webhook,
    Smtp smtp) {

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

  public NotificationSettings {
    if (maxInFlight < 1) throw new IllegalArgumentException("leadrouter.notifications.max-in-flight must be at least 1");
    if (webhook.enabled() && webhook.secret().isBlank()) {
      throw new IllegalArgumentException(
          "leadrouter.notifications.webhook.secret (LEADROUTER_WEBHOOK_SECRET) is required when webhook.url is set");
    }
  }

  /** From a resolved application config (the block lives in persistence.conf). */
  public static NotificationSettings fromConfig(Config config) {
    Config n = config.getConfig("leadrouter.notifications");
    Config w = n.getConfig("webhook");
    Config s = n.getConfig("smtp");
    return new NotificationSettings(
        n.getDuration("poll-interval"),
        n.getInt("max-in-flight"),
        n.getDuration("lease"),
        n.getDuration("retry.base"),
        n.getDuration("retry.max-delay"),
        n.getDuration("retry.give-up-after"),
        new Webhook(w.getString("url").trim(), w.getString("secret"), w.getDuration("timeout")),
        new Smtp(s.getString("host").trim(), s.getInt("port"), s.getString("from"), s.getString("username"),
            s.getString("password"), s.getBoolean("starttls"), s.getDuration("timeout")));
  }
}
