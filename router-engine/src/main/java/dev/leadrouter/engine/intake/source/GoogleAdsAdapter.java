package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Google Ads lead form webhook ({@code google-ads}): one lead per POST, {@code sourceEventId} =
 * {@code lead_id} (unique across forms, Google's dedupe key). Answers arrive in {@code
 * user_column_data} keyed by {@code column_id} ({@code FULL_NAME}, {@code EMAIL}, {@code
 * PHONE_NUMBER} …). The source's mapping ({@code options.fields}, {@link FieldMap}) comes first and
 * names a column by its {@code column_id} or its {@code column_name} (the question's text), so
 * qualifying and custom questions can fill lead fields; every phone column is kept ({@code
 * PHONE_NUMBER}, then {@code WORK_PHONE}, then custom questions named like a phone). Unused columns are
 * kept as attributes under their column id. Not signed: the body carries the {@code google_key}
 * configured on the form, which must equal secret {@code googleKey}. {@code is_test} marks Google's
 * test leads.
 */
public final class GoogleAdsAdapter implements SourceAdapter {

  public static final String TYPE = "google-ads";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of(FieldMap.FIELDS_OPTION), List.of("googleKey"));
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    List<FieldError> errors = new java.util.ArrayList<>(SourceTokens.requireSecrets(config, pointer, "googleKey"));
    errors.addAll(FieldMap.validateFields(config, pointer));
    return errors;
  }

  /**
   * Google's test-lead shape (a resource, {@code is_test} true) carrying the source's {@code googleKey}
   * as {@code google_key}, as the lead form's webhook sends it.
   */
  @Override
  public java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    JsonNode body = SourceSamples.read(TYPE).flatMap(SourceJson::read).orElse(null);
    if (body == null || !body.isObject()) return java.util.Optional.empty();
    String key = config.secret("googleKey");
    ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("google_key", key == null ? "" : key);
    byte[] raw = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.Optional.of(SourceSamples.delivery(config, SourceSamples.JSON, raw, Map.of(), Map.of(), now));
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    String expected = config.secret("googleKey");
    if (expected == null) return Verdict.refused("source has no secrets.googleKey to check google_key against");
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null || !root.isObject()) return Verdict.refused("body is not a JSON object: no google_key");
    String given = SourceJson.text(googleKey(root));
    if (given == null || given.isEmpty()) return Verdict.refused("missing google_key");
    return SourceTokens.same(expected, given) ? Verdict.AUTHENTIC : Verdict.refused("wrong google_key");
  }

  /** {@code google_key}; Google's own test-lead sample spells it {@code Google_key}, so any case. */
  private static JsonNode googleKey(JsonNode root) {
    if (root.has("google_key")) return root.get("google_key");
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equalsIgnoreCase("google_key")) return field.getValue();
    }
    return null;
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected a Google Ads lead {\"lead_id\",\"user_column_data\",…}");
    if (!root.isObject()) return Result.malformed("", "expected a lead object {\"lead_id\",\"user_column_data\",…}");
    String leadId = SourceJson.text(root.get("lead_id"));
    if (leadId == null || leadId.isBlank()) return Result.malformed("/lead_id", "required");
    JsonNode columns = root.get("user_column_data");
    if (columns == null || !columns.isArray()) return Result.malformed("/user_column_data", "required: an array of {column_id, string_value}");
    Answers answers = new Answers();
    for (int i = 0; i < columns.size(); i++) {
      JsonNode column = columns.get(i);
      if (!column.isObject()) return Result.malformed("/user_column_data/" + i, "expected a column object");
      String id = SourceJson.text(column.get("column_id"));
      String name = SourceJson.text(column.get("column_name"));
      String key = id != null && !id.isBlank() ? id : name;
      if (key == null || key.isBlank()) return Result.malformed("/user_column_data/" + i + "/column_id", "required");
      answers.append(key.strip(), SourceJson.text(column.get("string_value")));
      if (name != null) answers.alias(name.strip(), key.strip());
    }
    LeadBuilder lead = LeadBuilder.of(config).eventId(leadId);
    FieldMap.of(config).apply(answers, lead);
    String fullName = answers.take("FULL_NAME");
    lead.name(fullName != null ? fullName : Answers.fullName(answers.take("FIRST_NAME"), answers.take("LAST_NAME")));
    lead.email(answers.take("EMAIL", "WORK_EMAIL"));
    answers.takeAll("PHONE_NUMBER", "WORK_PHONE").forEach(lead::phone);
    FormAnswers.takePhones(answers, lead);
    lead.company(answers.take("COMPANY_NAME"));
    lead.region(Answers.join(", ", answers.peek("CITY"), answers.peek("REGION"), answers.peek("COUNTRY")));
    for (String platformField : List.of("form_id", "campaign_id", "adgroup_id", "creative_id", "asset_group_id",
        "gcl_id", "api_version", "lead_stage")) {
      lead.attribute(platformField, SourceJson.text(root.get(platformField)));
    }
    lead.attribute("submittedAt", SourceJson.text(root.get("lead_submit_time")));
    answers.rest().forEach(lead::attribute); // after the platform's own fields: a column id cannot shadow them
    return Result.of(List.of(new SourceLead(lead.build(), SourceJson.isTrue(root.get("is_test")))));
  }
}
