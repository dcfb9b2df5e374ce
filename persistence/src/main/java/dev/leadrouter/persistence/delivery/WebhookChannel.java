package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.card.LeadCardText;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Channel "webhook": POSTs the row's payload JSON to {@code leadrouter.notifications.webhook.url},
 * signed, with three fields added at send time: {@code lead} (the lead's details from its row, see
 * {@link #body}), {@code locale} (the recipient's) and {@code text} (the notice in one line in that
 * locale). Headers: {@code Idempotency-Key} (the row's key, the same on every attempt), {@code
 * X-Leadrouter-Timestamp} (epoch seconds) and {@code X-Leadrouter-Signature: sha256=<hex
 * HMAC-SHA256(secret, timestamp + "." + body)>}. A 2xx answer is a delivery; anything else fails.
 */
public final class WebhookChannel implements Channel {

  public static final String NAME = "webhook";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final NotificationSettings.Webhook settings;
  private final URI url;
  private final Clock clock;
  private final HttpSender http;
  private final Function<String, Map<String, String>> recipients;

  /** Every recipient reads the default locale. */
  public WebhookChannel(NotificationSettings.Webhook settings, Clock clock) {
    this(settings, clock, id -> Map.of());
  }

  /** {@code recipients}: the recipient fields ({@code recipient.locale} chooses the text's language). */
  public WebhookChannel(NotificationSettings.Webhook settings, Clock clock,
      Function<String, Map<String, String>> recipients) {
    this.recipients = recipients;
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
    String body = body(row, recipients.apply(row.recipientId()), clock.instant());
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", row.idempotencyKey());
    headers.put("X-Leadrouter-Timestamp", timestamp);
    headers.put("X-Leadrouter-Signature", "sha256=" + signature(settings.secret(), timestamp, body));
    return http.send(url, "POST", headers, body).thenApply(answer -> null);
  }

  /**
   * The payload's fields, then {@code lead} ({@code leadId, salutation, name, phones, company, region:
   * {macro, province, city}, industry, budget: {min, max, currency, negotiable, text}, source,
   * nextDueAt, nextAction}; absent when the lead has no row), {@code locale} and {@code text}.
   *
   * @throws PermanentDeliveryException if the payload is not a JSON object
   */
  static String body(OutboxRow row, Map<String, String> recipient, Instant now) {
    NotificationText text = NotificationText.of(row, NotificationText.recipientName(recipient, row.recipientId()),
        recipient.get("recipient.locale"), now);
    JsonNode payload;
    try {
      payload = JSON.readTree(row.payload());
    } catch (IOException e) {
      throw new PermanentDeliveryException("payload is not JSON: " + e.getMessage());
    }
    if (!(payload instanceof ObjectNode body)) throw new PermanentDeliveryException("payload is not a JSON object");
    LeadCard card = row.lead();
    if (card != null) {
      LeadCardText words = LeadCardText.of(text.locale());
      ObjectNode lead = body.putObject("lead").put("leadId", card.leadId()).put("salutation", card.salutation())
          .put("name", card.name());
      card.phones().forEach(lead.putArray("phones")::add);
      lead.put("company", card.company());
      lead.putObject("region").put("macro", card.macro()).put("province", card.province()).put("city", card.city());
      lead.put("industry", card.industry());
      Budget b = card.budget();
      if (b == null) {
        lead.putNull("budget");
      } else {
        lead.putObject("budget").put("min", b.min()).put("max", b.max()).put("currency", b.currency())
            .put("negotiable", b.negotiable()).put("text", words.budget(b));
      }
      lead.put("source", card.source())
          .put("nextDueAt", card.nextDueAt() == null ? null : card.nextDueAt().toString())
          .put("nextAction", card.nextAction());
    }
    return body.put("locale", text.locale()).put("text", text.shortText()).toString();
  }

  /** Lower-case hex HMAC-SHA256 of {@code timestamp + "." + body} (UTF-8) under {@code secret}. */
  public static String signature(String secret, String timestamp, String body) {
    return HexFormat.of().formatHex(Hmac.sha256(secret, timestamp + "." + body));
  }
}
