package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.intake.LeadInput;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot webhooks ({@code hubspot-webhook}): a JSON array of CRM events, signed with signature v3.
 * Contact creation and property-change events (legacy {@code contact.*} and generic {@code object.*}
 * with {@code objectTypeId} {@code 0-1}) are grouped by portal and contact into one lead each; other
 * events (companies, deals, deletions, merges …) are ignored.
 *
 * <p>The lead's {@code sourceEventId} is {@code <portalId>:<objectId>:<highest eventId>} of that
 * contact's events in the delivery. HubSpot retries a failed delivery with the same events, only
 * {@code attemptNumber} raised, so a retry yields the same id and the same lead (attemptNumber is
 * deliberately kept out of the lead); eventId alone is not unique per HubSpot, hence portal and
 * contact in front. A later delivery with new events for the same contact is a new id.
 *
 * <p>Secret {@code clientSecret} (the app's client secret), option {@code publicUrl} (the target URL
 * exactly as configured in HubSpot: the v3 signature covers it).
 */
public final class HubSpotWebhookAdapter implements SourceAdapter {

  public static final String TYPE = "hubspot-webhook";
  static final String SIGNATURE_HEADER = "x-hubspot-signature-v3";
  static final String TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
  /** HubSpot: reject a request whose timestamp is older than five minutes. */
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final String CONTACT_OBJECT_TYPE = "0-1";
  private static final Set<String> CONTACT_EVENTS = Set.of("contact.creation", "contact.propertyChange");
  private static final Set<String> GENERIC_EVENTS = Set.of("object.creation", "object.propertyChange");
  /** The URL-encoded characters HubSpot decodes in the request URI before signing (v3). */
  private static final Pattern DECODED = Pattern.compile("%(3[aAbBfF]|2[14789aAcCfF]|40)");

  private record Event(String portalId, String objectId, String eventId, long occurredAt, String type,
      String propertyName, String propertyValue, String appId, String changeSource) {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("publicUrl", FieldMap.FIELDS_OPTION), List.of("clientSecret"));
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    List<FieldError> errors = new ArrayList<>(SourceTokens.requireSecrets(config, pointer, "clientSecret"));
    String url = config.option("publicUrl");
    if (url == null || url.isBlank()) {
      errors.add(new FieldError(pointer + "/options/publicUrl", "required: the target URL configured in HubSpot"));
    } else if (!isAbsoluteHttpUrl(url)) {
      errors.add(new FieldError(pointer + "/options/publicUrl", "must be an absolute http(s) URL"));
    }
    errors.addAll(FieldMap.validateFields(config, pointer));
    return errors;
  }

  /**
   * A new contact's creation and property changes as HubSpot posts them (a resource), signed with
   * signature v3 over {@code options.publicUrl} and {@code now} as the request timestamp.
   */
  @Override
  public java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    byte[] body = SourceSamples.read(TYPE).orElse(null);
    if (body == null) return java.util.Optional.empty();
    String secret = config.secret("clientSecret");
    String url = config.option("publicUrl");
    String timestamp = Long.toString(now.toEpochMilli());
    Map<String, String> headers = secret == null || url == null || url.isBlank() ? Map.of(TIMESTAMP_HEADER, timestamp)
        : Map.of(TIMESTAMP_HEADER, timestamp, SIGNATURE_HEADER, Base64.getEncoder().encodeToString(
            Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), signedBytes(url.strip(), body, timestamp))));
    return java.util.Optional.of(SourceSamples.delivery(config, SourceSamples.JSON, body, headers, Map.of(), now));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    String secret = config.secret("clientSecret");
    String url = config.option("publicUrl");
    if (secret == null || url == null || url.isBlank()) {
      return Verdict.refused("source needs secrets.clientSecret and options.publicUrl to check X-HubSpot-Signature-v3");
    }
    String signature = delivery.header(SIGNATURE_HEADER).orElse(null);
    if (signature == null || signature.isBlank()) return Verdict.refused("missing X-HubSpot-Signature-v3 header");
    String timestamp = delivery.header(TIMESTAMP_HEADER).map(String::strip).orElse(null);
    if (timestamp == null || timestamp.isEmpty()) return Verdict.refused("missing X-HubSpot-Request-Timestamp header");
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return Verdict.refused("X-HubSpot-Request-Timestamp is not milliseconds since the epoch");
    }
    long nowMillis = now.toEpochMilli();
    if (sentAt < nowMillis - MAX_AGE.toMillis()) return Verdict.refused("X-HubSpot-Request-Timestamp is older than 5 minutes");
    if (sentAt > nowMillis + MAX_AGE.toMillis()) return Verdict.refused("X-HubSpot-Request-Timestamp is more than 5 minutes ahead");
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      return Verdict.refused("X-HubSpot-Signature-v3 is not base64");
    }
    byte[] expected = Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), signedBytes(url.strip(), delivery.body(), timestamp));
    return Hmac.same(expected, given) ? Verdict.AUTHENTIC : Verdict.refused("X-HubSpot-Signature-v3 does not match");
  }

  /** {@code POST} + the decoded target URL + the raw body + the timestamp header, UTF-8. */
  static byte[] signedBytes(String publicUrl, byte[] body, String timestamp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("POST" + decodeUri(publicUrl)).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    out.writeBytes(timestamp.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Decodes only what HubSpot decodes: {@code %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B}. */
  static String decodeUri(String uri) {
    Matcher m = DECODED.matcher(uri);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: HubSpot posts a JSON array of events");
    if (!root.isArray()) return Result.malformed("", "expected a JSON array of events");
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<Event>> byContact = new LinkedHashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      String at = "/" + i;
      if (!node.isObject()) {
        errors.add(new FieldError(at, "expected an event object"));
        continue;
      }
      String type = SourceJson.text(node.get("subscriptionType"));
      if (type == null) {
        errors.add(new FieldError(at + "/subscriptionType", "required"));
        continue;
      }
      if (!isContactEvent(type, node)) continue;
      String portalId = requireId(node, "portalId", at, errors);
      String objectId = requireId(node, "objectId", at, errors);
      String eventId = requireId(node, "eventId", at, errors);
      if (portalId == null || objectId == null || eventId == null) continue;
      String occurred = SourceJson.id(node.get("occurredAt"));
      long occurredAt = occurred != null && occurred.length() <= 18 ? Long.parseLong(occurred) : 0L;
      Event event = new Event(portalId, objectId, eventId, occurredAt, type,
          SourceJson.text(node.get("propertyName")), SourceJson.text(node.get("propertyValue")),
          SourceJson.id(node.get("appId")), SourceJson.text(node.get("changeSource")));
      byContact.computeIfAbsent(portalId + ":" + objectId, k -> new ArrayList<>()).add(event);
    }
    if (!errors.isEmpty()) return new Result(List.of(), List.of(), errors, null);
    List<SourceLead> leads = new ArrayList<>();
    byContact.values().forEach(events -> leads.add(new SourceLead(lead(events, config), false)));
    return Result.of(leads);
  }

  private static LeadInput lead(List<Event> events, SourceConfig config) {
    // newest first: a property changed twice in one batch keeps its latest value
    List<Event> newestFirst = new ArrayList<>(events);
    // (eventIds are not guaranteed unique: the last tie-breaks keep a reordered retry deterministic)
    newestFirst.sort(Comparator.comparingLong(Event::occurredAt).reversed()
        .thenComparing((a, b) -> SourceJson.compareIds(b.eventId(), a.eventId()))
        .thenComparing(Event::type)
        .thenComparing(Event::propertyName, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(Event::propertyValue, Comparator.nullsFirst(Comparator.naturalOrder())));
    Event newest = newestFirst.get(0);
    Event oldest = newestFirst.get(newestFirst.size() - 1);
    String maxEventId = events.stream().map(Event::eventId).max(SourceJson::compareIds).orElseThrow();
    Answers answers = new Answers();
    Set<String> types = new TreeSet<>();
    for (Event e : newestFirst) {
      types.add(e.type());
      if (e.type().endsWith(".propertyChange") && e.propertyName() != null) answers.putIfAbsent(e.propertyName(), e.propertyValue());
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(newest.portalId() + ":" + newest.objectId() + ":" + maxEventId);
    HubSpotProperties.apply(answers, lead, config);
    // platform attributes first: a custom property of the same name must not shadow them
    lead.attribute("portalId", newest.portalId());
    lead.attribute("objectId", newest.objectId());
    lead.attribute("subscriptionType", String.join(",", types));
    lead.attribute("changeSource", oldest.changeSource());
    lead.attribute("appId", oldest.appId());
    if (oldest.occurredAt() > 0) lead.attribute("submittedAt", Instant.ofEpochMilli(oldest.occurredAt()).toString());
    answers.rest().forEach(lead::attribute);
    return lead.build();
  }

  private static boolean isContactEvent(String type, JsonNode node) {
    return CONTACT_EVENTS.contains(type)
        || (GENERIC_EVENTS.contains(type) && CONTACT_OBJECT_TYPE.equals(SourceJson.text(node.get("objectTypeId"))));
  }

  private static String requireId(JsonNode node, String field, String at, List<FieldError> errors) {
    String id = SourceJson.id(node.get(field));
    if (id == null) errors.add(new FieldError(at + "/" + field, node.hasNonNull(field) ? "must be an integer id" : "required"));
    return id;
  }

  private static boolean isAbsoluteHttpUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
