package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.FormAnswers.Answer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gravity Forms through its Webhooks Add-On, feed set to Request Format {@code JSON} and Request Body
 * {@code All Fields}: the body is the entry object, field values keyed by field id ({@code "2"}, or
 * {@code "1.3"} for an input of a multi-input field) beside the entry's properties ({@code id},
 * {@code form_id}, {@code date_created}, {@code ip}, {@code source_url}, {@code user_agent},
 * {@code status} …). One entry, one lead.
 *
 * <p>Gravity Forms does not sign webhooks: the Request URL carries the source's token
 * ({@link SourceTokens}). The lead's {@code sourceEventId} is the entry {@code id}; {@code ip} is the
 * client IP, {@code source_url} the landing URL (its UTM parameters fill the UTM not set otherwise),
 * {@code date_created} (UTC) the attribute {@code submittedAt} as ISO-8601.
 *
 * <p>The entry has field ids only, so the mapping is configuration (at least phone or e-mail):
 *
 * <pre>{"fields": {"name": ["1.3", "1.6"], "email": "2", "phone": "3", "company": "4", "notes": "5"}}</pre>
 *
 * Several ids are joined as {@link FormAnswers#join} says: list a Name field's inputs in the order the
 * field shows them, first ({@code .3}) then last ({@code .6}); Latin names read "Emily Chen", names in
 * Chinese script family name first without a space ("张三"). Unmapped fields are kept as attributes
 * under their id; also {@code formId}, {@code userAgent} and a {@code status} other than {@code active}.
 * Gravity Forms has no test entries.
 */
public final class GravityFormsAdapter implements TokenAuthenticated {

  public static final String TYPE = "gravity-forms";
  private static final Set<String> ENTRY_PROPERTIES = Set.of("id", "form_id", "post_id", "date_created", "date_updated",
      "is_starred", "is_read", "ip", "source_url", "user_agent", "status", "created_by", "currency", "payment_status",
      "payment_date", "payment_amount", "payment_method", "transaction_id", "is_fulfilled", "transaction_type", "source_id");
  private static final DateTimeFormatter DATE_CREATED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("fields"), List.of(SourceTokens.TOKEN_SECRET));
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    List<FieldError> options = FieldMap.validate(config, pointer);
    List<FieldError> errors = new ArrayList<>(options);
    FieldMap map = FieldMap.of(config);
    if (options.isEmpty() && !map.maps("phone") && !map.maps("email")) {
      errors.add(new FieldError(pointer + "/options/fields",
          "map at least phone or email to a field id (the entry has field ids only)"));
    }
    return errors;
  }

  /**
   * The field ids of a form made by adding Name, Email, Phone, Company and Message in that order (what
   * the test delivery's sample entry holds); change them to the form's own ids.
   */
  @Override
  public JsonNode startingOptions() {
    return SourceJson.options("{\"fields\":{\"name\":[\"1.3\",\"1.6\"],\"email\":\"2\",\"phone\":\"3\","
        + "\"company\":\"4\",\"notes\":\"5\"}}");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode entry = SourceJson.read(delivery.body()).orElse(null);
    if (entry == null) return Result.malformed("", "not JSON: set the feed's Request Format to JSON and Request Body to All Fields");
    if (!entry.isObject()) return Result.malformed("", "must be a JSON object (the entry, Request Body All Fields)");
    String id = SourceJson.text(entry.get("id"));
    if (id == null || id.isBlank()) return Result.malformed("/id", "missing: the entry id");
    List<Answer> found = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entry.properties()) {
      if (ENTRY_PROPERTIES.contains(e.getKey())) continue;
      found.add(new Answer(List.of(e.getKey()), FormAnswers.label(e.getKey()), text(e.getValue()), null));
    }
    String status = SourceJson.text(entry.get("status"));
    LeadBuilder lead = LeadBuilder.of(config).eventId(id)
        .clientIp(SourceJson.text(entry.get("ip")))
        .attribute("submittedAt", utc(SourceJson.text(entry.get("date_created"))))
        .attribute("formId", SourceJson.text(entry.get("form_id")))
        .attribute("userAgent", SourceJson.text(entry.get("user_agent")))
        .attribute("status", "active".equals(status) ? null : status);
    FormAnswers.apply(lead, FieldMap.of(config), found);
    lead.landingUrl(SourceJson.text(entry.get("source_url")));
    return Result.of(List.of(new SourceLead(lead.build(), false)));
  }

  private static String text(JsonNode v) {
    if (!v.isArray()) return SourceJson.text(v);
    List<String> parts = new ArrayList<>();
    for (JsonNode item : v) parts.add(SourceJson.text(item));
    return FormAnswers.values(parts);
  }

  /** {@code 2026-11-24 02:15:31} (UTC) → {@code 2026-11-24T02:15:31Z}; anything else as given. */
  private static String utc(String dateCreated) {
    if (dateCreated == null) return null;
    try {
      return LocalDateTime.parse(dateCreated.strip(), DATE_CREATED).toInstant(ZoneOffset.UTC).toString();
    } catch (DateTimeParseException e) {
      return dateCreated;
    }
  }
}
