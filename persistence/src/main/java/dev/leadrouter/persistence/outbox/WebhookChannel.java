package dev.leadrouter.persistence.outbox;

import dev.leadrouter.engine.common.Hmac;
import java.net.URI;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Channel "webhook": POSTs the row's payload JSON to {@code leadrouter.notifications.webhook.url},
 * signed. Headers: {@code Idempotency-Key} (the row's key, the same on every attempt), {@code
 * X-Leadrouter-Timestamp} (epoch seconds) and {@code X-Leadrouter-Signature: sha256=<hex
 * HMAC-SHA256(secret, timestamp + "." + body)>}. A 2xx answer is a delivery; anything else fails.
 */
public final class WebhookChannel implements Channel {

  public static final String NAME = "webhook";

  private final NotificationSettings.Webhook settings;
  private final URI url;
  private final Clock clock;
  private final HttpSender http;

  public WebhookChannel(NotificationSettings.Webhook settings, Clock clock) {
    this.settings = settings;
    this.url = URI.create(settings.url());
    this.clock = clock;
    this.http = new HttpSender(NAME, settings.timeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> deliver(OutboxRow row) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", row.idempotencyKey());
    headers.put("X-Leadrouter-Timestamp", timestamp);
    headers.put("X-Leadrouter-Signature", "sha256=" + signature(settings.secret(), timestamp, row.payload()));
    return http.send(url, "POST", headers, row.payload()).thenApply(body -> null);
  }

  /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} (UTF-8) under {@code secret}. */
  public static String signature(String secret, String timestamp, String body) {
    return HexFormat.of().formatHex(Hmac.sha256(secret, timestamp + "." + body));
  }
}
