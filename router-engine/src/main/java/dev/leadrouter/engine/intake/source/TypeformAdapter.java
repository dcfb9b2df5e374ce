package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typeform webhooks ({@code event_type} {@code form_response}): one response, one lead.
 *
 * <p>Authenticity: header {@code Typeform-Signature: sha256=<base64(HMAC-SHA256(secret, raw body))>},
 * with the secret set on the webhook ({@code PUT /forms/{form_id}/webhooks/{tag}}, {@code secret}) as
 * the source secret {@code signingSecret}. Typeform signs no timestamp, so there is no replay window;
 * a replay is the same response and is deduplicated by its id.
 *
 * <p>The lead's {@code sourceEventId} is {@code form_response.token}, the response's id (a retried
 * delivery carries the same one). FormAnswers are matched ({@link FormAnswers}) by the field's {@code ref}
 * or {@code id}; {@code email} and {@code phone_number} answers are e-mail and phone by type; hidden
 * fields by name ({@code utm_source} … {@code utm_term} become the UTM). Options:
 *
 * <pre>{"fields": {"name": "full_name", "company": "company_name", "region": "city", "budget": ["budget_range"]}}</pre>
 *
 * (lead field → field ref, or a list of refs joined as {@link FormAnswers#join} says; a hidden field's
 * name may stand for a ref). Unmapped answers are kept as attributes under the question's title (its
 * ref when the title is long); also {@code submittedAt}, {@code formId}, {@code typeformEventId},
 * {@code score} and the form's variables. {@code form_response_partial} deliveries hold no lead.
 * Typeform does not mark test deliveries, so none is a test.
 */
public final class TypeformAdapter implements SourceAdapter {

  public static final String TYPE = "typeform";
  static final String SECRET = "signingSecret";
  static final String HEADER = "Typeform-Signature";
  private static final String PREFIX = "sha256=";

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
      errors.add(new FieldError(pointer + "/secrets/" + SECRET, "required: the secret set on the Typeform webhook"));
    }
    errors.addAll(FieldMap.validate(config, pointer));
    return errors;
  }

  @Override
  public JsonNode startingOptions() {
    return SourceJson.options("{\"fields\":{\"name\":[\"first_name\",\"last_name\"]}}");
  }

  /** Typeform's own example response (a resource), signed as Typeform signs: base64 HMAC-SHA256 of the body. */
  @Override
  public java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    byte[] body = SourceSamples.read(TYPE).orElse(null);
    if (body == null) return java.util.Optional.empty();
    String secret = config.secret(SECRET);
    Map<String, String> headers = secret == null ? Map.of() : Map.of(HEADER, PREFIX + Signatures.base64Hmac(secret, body));
    return java.util.Optional.of(SourceSamples.delivery(config, SourceSamples.JSON, body, headers, Map.of(), now));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    String secret = config.secret(SECRET);
    if (secret == null) return Verdict.refused("the source has no " + SECRET + " to check " + HEADER + " against");
    String header = delivery.header(HEADER).map(String::strip).orElse("");
    if (header.isEmpty()) return Verdict.refused("missing header " + HEADER);
    if (!header.startsWith(PREFIX)) return Verdict.refused(HEADER + " is not 'sha256=<base64>'");
    return Signatures.base64HmacMatches(secret, delivery.body(), header.substring(PREFIX.length()))
        ? Verdict.AUTHENTIC
        : Verdict.refused(HEADER + " does not match the body");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected a Typeform webhook event {\"event_type\", \"form_response\": …}");
    if (!root.isObject()) return Result.malformed("", "must be a JSON object (a Typeform webhook event)");
    JsonNode response = root.path("form_response");
    if (!response.isObject()) return Result.malformed("/form_response", "missing or not an object");
    String eventType = SourceJson.text(root.get("event_type"));
    if (eventType != null && !eventType.equals("form_response")) return Result.of(List.of());
    String token = SourceJson.text(response.get("token"));
    if (token == null || token.isBlank()) return Result.malformed("/form_response/token", "missing: the response's id");
    JsonNode answers = response.path("answers");
    if (!answers.isMissingNode() && !answers.isNull() && !answers.isArray()) {
      return Result.malformed("/form_response/answers", "must be an array");
    }
    JsonNode hidden = response.path("hidden");
    if (!hidden.isMissingNode() && !hidden.isNull() && !hidden.isObject()) {
      return Result.malformed("/form_response/hidden", "must be an object");
    }
    Map<String, String> titles = titles(response.path("definition").path("fields"));
    List<Answer> found = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonNode a = answers.get(i);
      if (!a.isObject()) return Result.malformed("/form_response/answers/" + i, "must be an object");
      String type = SourceJson.text(a.get("type"));
      String id = SourceJson.text(a.path("field").get("id"));
      String ref = SourceJson.text(a.path("field").get("ref"));
      String typeField = "email".equals(type) ? "email" : "phone_number".equals(type) ? "phone" : null;
      found.add(new Answer(Arrays.asList(ref, id), FormAnswers.label(titles.get(id), ref, id), value(a, type),
          typeField));
    }
    for (Map.Entry<String, JsonNode> e : hidden.properties()) {
      found.add(new Answer(List.of(e.getKey()), FormAnswers.label(e.getKey()), SourceJson.text(e.getValue()), null));
    }
    for (JsonNode v : response.path("variables")) {
      String key = SourceJson.text(v.get("key"));
      String type = SourceJson.text(v.get("type"));
      if (key != null && type != null) found.add(new Answer(List.of(key), FormAnswers.label(key), SourceJson.text(v.get(type)), null));
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(token)
        .attribute("submittedAt", SourceJson.text(response.get("submitted_at")))
        .attribute("formId", SourceJson.text(response.get("form_id")))
        .attribute("typeformEventId", SourceJson.text(root.get("event_id")))
        .attribute("score", SourceJson.text(response.path("calculated").get("score")));
    FormAnswers.apply(lead, FieldMap.of(config), found);
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  /** Field id → question title, from {@code definition.fields}. */
  private static Map<String, String> titles(JsonNode fields) {
    Map<String, String> titles = new HashMap<>();
    for (JsonNode f : fields) {
      String id = SourceJson.text(f.get("id"));
      String title = SourceJson.text(f.get("title"));
      if (id != null && title != null) titles.putIfAbsent(id, title);
    }
    return titles;
  }

  /** The answer's text: the member named by its type ({@code text}, {@code email}, {@code choice} …). */
  private static String value(JsonNode answer, String type) {
    if (type == null) return null;
    JsonNode v = answer.path(type);
    return switch (type) {
      case "choice" -> first(SourceJson.text(v.get("label")), SourceJson.text(v.get("other")));
      case "choices" -> {
        List<String> labels = new ArrayList<>();
        for (JsonNode label : v.path("labels")) labels.add(SourceJson.text(label));
        labels.add(SourceJson.text(v.get("other")));
        yield FormAnswers.values(labels);
      }
      case "payment" -> SourceJson.text(v.get("amount"));
      default -> SourceJson.text(v);
    };
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
