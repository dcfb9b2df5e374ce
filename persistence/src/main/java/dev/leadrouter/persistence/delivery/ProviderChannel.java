package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import dev.leadrouter.engine.org.Locales;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.card.LeadCardText;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Channels "voice" and "sms": one HTTP call per notice to a provider, built from the configured
 * template ({@link ProviderTemplate}) with the recipient's fields, the notice's texts ({@code text}
 * in the recipient's locale) and the lead's details at send time ({@code lead.*}). Always sends
 * {@code Idempotency-Key}. A recipient field the template needs but the recipient lacks (e.g. no
 * mobile) is a permanent failure. With {@code success-json-pointer} set, a 2xx answer is a delivery
 * only if the JSON at that pointer equals {@code success-value}; otherwise it is retried.
 */
public final class ProviderChannel implements Channel {

  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final NotificationSettings.Provider settings;
  private final Function<String, Map<String, String>> recipients;
  private final ProviderTemplate template;
  private final ProviderTemplate.Encoding encoding;
  private final URI url;
  private final HttpSender http;
  private final Clock clock;

  public ProviderChannel(String name, NotificationSettings.Provider settings,
      Function<String, Map<String, String>> recipients, Clock clock) {
    this.name = name;
    this.clock = clock;
    this.settings = settings;
    this.recipients = recipients;
    this.template = new ProviderTemplate(settings.body());
    this.encoding = ProviderTemplate.Encoding.of(settings.contentType());
    this.url = URI.create(settings.url());
    this.http = new HttpSender(name, settings.timeout());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Void> deliver(OutboxRow row) {
    Map<String, String> headers = new LinkedHashMap<>(settings.headers());
    headers.put("Content-Type", settings.contentType());
    headers.put(IDEMPOTENCY_HEADER, row.idempotencyKey());
    return http.send(url, settings.method(), headers, template.fill(values(row), encoding)).thenAccept(this::check);
  }

  /** The placeholder values for {@code row}. */
  Map<String, String> values(OutboxRow row) {
    String id = row.recipientId();
    Map<String, String> values = new HashMap<>(recipients.apply(id));
    for (String p : template.placeholders()) {
      boolean needed = p.startsWith("recipient.") && !p.equals("recipient.id") && !p.equals("recipient.name");
      if (needed && values.getOrDefault(p, "").isBlank()) {
        throw new PermanentDeliveryException("recipient " + id + " has no " + p.substring("recipient.".length()));
      }
    }
    String displayName = NotificationText.recipientName(values, id);
    Instant now = clock.instant();
    NotificationText text = NotificationText.of(row, displayName, values.get("recipient.locale"), now);
    values.put("recipient.id", id);
    values.put("recipient.name", displayName);
    values.put("lead.id", row.leadId());
    values.put("kind", row.kind());
    values.put("title", text.title());
    values.put("text", text.shortText());
    values.put("text.zh", NotificationText.of(row, displayName, Locales.ZH_CN, now).shortText());
    values.put("text.en", NotificationText.of(row, displayName, Locales.EN, now).shortText());
    values.put("idempotencyKey", row.idempotencyKey());
    values.put("at", text.at());
    LeadCard card = row.lead();
    if (card != null) {
      LeadCardText words = LeadCardText.of(text.locale());
      values.put("lead.contact", card.addressedAs());
      values.put("lead.phone", card.phones().isEmpty() ? null : card.phones().get(0));
      values.put("lead.phones", String.join(",", card.phones()));
      values.put("lead.company", card.company());
      values.put("lead.region", words.region(card));
      values.put("lead.industry", card.industry());
      values.put("lead.budget", words.budget(card.budget()));
      values.put("lead.source", card.source());
      values.put("lead.dueAt", card.nextDueAt() == null ? null : card.nextDueAt().toString());
      values.put("lead.timeLeft", card.nextDueAt() == null ? null : words.timeLeft(card.nextDueAt(), now));
      values.put("lead.summary", words.summary(card, now));
    }
    values.values().removeIf(java.util.Objects::isNull);
    return values;
  }

  private void check(String answer) {
    if (settings.successJsonPointer().isEmpty()) return;
    JsonNode value;
    try {
      value = JSON.readTree(answer).at(settings.successJsonPointer());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(name + " answered without JSON");
    }
    if (!value.isValueNode() || !value.asText().equals(settings.successValue())) {
      String got = value.isMissingNode() ? "(missing)" : value.toString();
      throw new IllegalStateException(name + " answered " + settings.successJsonPointer() + " = " + got
          + ", expected \"" + settings.successValue() + "\"");
    }
  }
}
