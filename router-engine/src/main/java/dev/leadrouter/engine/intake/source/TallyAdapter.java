package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tally webhooks ({@code eventType} {@code FORM_RESPONSE}): one submission, one lead.
 *
 * <p>Authenticity: header {@code Tally-Signature: <base64(HMAC-SHA256(signing secret, payload))>}, the
 * signing secret of the webhook as the source secret {@code signingSecret}. Tally's documented check
 * signs {@code JSON.stringify} of the parsed payload; the raw body is tried first, then its compact
 * re-serialization, so both a byte-exact and a re-formatted body verify. No timestamp is signed, so
 * there is no replay window; a replay is the same response and is deduplicated by its id.
 *
 * <p>The lead's {@code sourceEventId} is {@code data.responseId} (else {@code data.submissionId}, else
 * {@code eventId}): the submission's id, the same in every delivery of it. Fields are matched
 * ({@link FormAnswers}) by {@code key} or {@code label}; {@code INPUT_EMAIL} and {@code INPUT_PHONE_NUMBER}
 * fields are e-mail and phone by type; choice values (option ids) read as the options' texts; hidden
 * fields named {@code utm_source} … {@code utm_term} become the UTM. Options:
 *
 * <pre>{"fields": {"company": "question_mOKxQ5", "region": "所在城市", "budget": "预算范围"}}</pre>
 *
 * (lead field → field key or label, or a list of them). Unmapped fields are kept as attributes under
 * their label; also {@code submittedAt} ({@code data.createdAt}), {@code formId}, {@code formName},
 * {@code respondentId} and {@code tallyEventId}. Tally does not mark test submissions.
 */
public final class TallyAdapter implements SourceAdapter {

  public static final String TYPE = "tally";
  static final String SECRET = "signingSecret";
  static final String HEADER = "Tally-Signature";
  /** Writes a payload back compactly, members in the order read: what {@code JSON.stringify} gives. */
  private static final ObjectMapper COMPACT = new ObjectMapper();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("fields"), List.of(SECRET));
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    List<FieldError> errors = new ArrayList<>();
    if (config.secret(SECRET) == null) {
      errors.add(new FieldError(pointer + "/secrets/" + SECRET, "required: the signing secret of the Tally webhook"));
    }
    errors.addAll(FieldMap.validate(config, pointer));
    return errors;
  }

  /** A Tally {@code FORM_RESPONSE} (a resource), signed as Tally signs: base64 HMAC-SHA256 of the body. */
  @Override
  public java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    byte[] body = SourceSamples.read(TYPE).orElse(null);
    if (body == null) return java.util.Optional.empty();
    String secret = config.secret(SECRET);
    Map<String, String> headers = secret == null ? Map.of() : Map.of(HEADER, Signatures.base64Hmac(secret, body));
    return java.util.Optional.of(SourceSamples.delivery(config, SourceSamples.JSON, body, headers, Map.of(), now));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    String secret = config.secret(SECRET);
    if (secret == null) return Verdict.refused("the source has no " + SECRET + " to check " + HEADER + " against");
    String header = delivery.header(HEADER).map(String::strip).orElse("");
    if (header.isEmpty()) return Verdict.refused("missing header " + HEADER);
    if (Signatures.base64HmacMatches(secret, delivery.body(), header)) return Verdict.AUTHENTIC;
    JsonNode payload = SourceJson.read(delivery.body()).orElse(null);
    if (payload != null) {
      try {
        if (Signatures.base64HmacMatches(secret, COMPACT.writeValueAsBytes(payload), header)) return Verdict.AUTHENTIC;
      } catch (IOException | RuntimeException e) {
        // not re-serializable: the raw body's mismatch stands
      }
    }
    return Verdict.refused(HEADER + " does not match the body");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected a Tally webhook event {\"eventId\", \"data\": …}");
    if (!root.isObject()) return Result.malformed("", "must be a JSON object (a Tally webhook event)");
    String eventType = SourceJson.text(root.get("eventType"));
    if (eventType != null && !eventType.equals("FORM_RESPONSE")) return Result.of(List.of());
    JsonNode data = root.path("data");
    if (!data.isObject()) return Result.malformed("/data", "missing or not an object");
    JsonNode fields = data.path("fields");
    if (!fields.isArray()) return Result.malformed("/data/fields", "missing or not an array");
    String id = first(SourceJson.text(data.get("responseId")), SourceJson.text(data.get("submissionId")),
        SourceJson.text(root.get("eventId")));
    if (id == null) return Result.malformed("/data/responseId", "missing: the submission's id");
    List<Answer> found = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      JsonNode f = fields.get(i);
      if (!f.isObject()) return Result.malformed("/data/fields/" + i, "must be an object");
      String key = SourceJson.text(f.get("key"));
      String label = SourceJson.text(f.get("label"));
      String type = SourceJson.text(f.get("type"));
      JsonNode value = f.path("value");
      if ("CHECKBOXES".equals(type) && value.isBoolean()) continue; // one per option, repeating the list's field
      String typeField = "INPUT_EMAIL".equals(type) ? "email" : "INPUT_PHONE_NUMBER".equals(type) ? "phone" : null;
      found.add(new Answer(Arrays.asList(key, label), FormAnswers.label(label, key), value(value, f.path("options")), typeField));
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(id)
        .attribute("submittedAt", SourceJson.text(data.get("createdAt")))
        .attribute("formId", SourceJson.text(data.get("formId")))
        .attribute("formName", SourceJson.text(data.get("formName")))
        .attribute("respondentId", SourceJson.text(data.get("respondentId")))
        .attribute("tallyEventId", SourceJson.text(root.get("eventId")));
    FormAnswers.apply(lead, FieldMap.of(config), found);
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  /** A field's text: option ids read as option texts, lists joined, uploads by URL. */
  private static String value(JsonNode value, JsonNode options) {
    Map<String, String> texts = new HashMap<>();
    for (JsonNode o : options) {
      String id = SourceJson.text(o.get("id"));
      String text = SourceJson.text(o.get("text"));
      if (id != null && text != null) texts.putIfAbsent(id, text);
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode v : value) {
        parts.add(v.isObject() ? first(SourceJson.text(v.get("url")), SourceJson.text(v.get("name"))) : option(texts, v));
      }
      return FormAnswers.values(parts);
    }
    return option(texts, value);
  }

  private static String option(Map<String, String> texts, JsonNode v) {
    String text = SourceJson.text(v);
    return text == null ? null : texts.getOrDefault(text, text);
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
