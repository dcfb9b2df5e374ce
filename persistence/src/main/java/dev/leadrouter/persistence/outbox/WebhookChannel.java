package dev.leadrouter.persistence.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private final HttpClient client;

  public WebhookChannel(NotificationSettings.Webhook settings, Clock clock) {
    this.settings = settings;
    this.url = URI.create(settings.url());
    this.clock = clock;
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Void> deliver(OutboxRow row) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", row.idempotencyKey())
        .header("X-Leadrouter-Timestamp", timestamp)
        .header("X-Leadrouter-Signature", "sha256=" + signature(settings.secret(), timestamp, row.payload()))
        .POST(HttpRequest.BodyPublishers.ofString(row.payload(), StandardCharsets.UTF_8))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> {
          int status = response.statusCode();
          if (status < 200 || status > 299) {
            throw new IllegalStateException("webhook answered HTTP " + status);
          }
          return null;
        });
  }

  /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} (UTF-8) under {@code secret}. */
  public static String signature(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
