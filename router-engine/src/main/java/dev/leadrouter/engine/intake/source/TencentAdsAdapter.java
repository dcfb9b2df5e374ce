package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 腾讯广告 (Tencent Ads) clues: one page of the Marketing API's clue list ({@code lead_clues/get},
 * 获取线索列表; v3.0 {@code leads_list/get} answers in the same shape) exactly as the API answered it,
 * posted by the integration that pulls it. One lead per element of {@code data.leads_info}, applied in
 * the order the clues were submitted (the API lists them newest first; see {@link
 * PlatformJson#creationOrder}); {@code leads_id} is the lead's event id; a {@code code} other than 0
 * is malformed with the platform's message. Authenticated by the source token ({@link SourceTokens}).
 *
 * <p>{@code bundle} holds the form's further answers (a string, as the SDKs type it, holding a JSON
 * object of question → answer, or an array of {@code {name|key|label, value}}; an object is read the
 * same). Its answers can be mapped like form fields ({@code options.fields}: lead field → bundle key,
 * {@link FieldMap}); the rest are kept as attributes {@code bundle.<key>}, and a bundle that is not
 * JSON as attribute {@code bundle}.
 */
public final class TencentAdsAdapter implements TokenAuthenticated {

  /** Clue fields moved into canonical fields (not repeated as attributes). */
  private static final Set<String> MAPPED = Set.of("leads_id", "leads_name", "leads_telephone", "leads_email",
      "leads_area", "page_url", "bundle");

  @Override
  public String type() {
    return "tencent-ads";
  }

  @Override
  public Keys keys() {
    return Keys.of(PullPlatform.TENCENT_ADS.optionKeys(FieldMap.FIELDS_OPTION), PullPlatform.TENCENT_ADS.secretKeys());
  }

  @Override
  public List<FieldError> validateOptions(SourceConfig config, String pointer) {
    List<FieldError> errors = new java.util.ArrayList<>(PullOptions.validate(PullPlatform.TENCENT_ADS, config, pointer));
    errors.addAll(FieldMap.validateFields(config, pointer));
    return errors;
  }

  /** The bundle question most forms add (公司名称) as the company; add the form's others. */
  @Override
  public com.fasterxml.jackson.databind.JsonNode startingOptions() {
    return SourceJson.options("{\"fields\":{\"company\":\"公司名称\"}}");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    return PlatformJson.clues(delivery, "the lead_clues/get answer", "Tencent Ads", "leads_info", "leads_id",
        List.of("leads_action_time", "leads_create_time"),
        (clue, id) -> new SourceLead(lead(clue, id, config), false), "message_cn", "message");
  }

  private static LeadInput lead(JsonNode clue, String leadsId, SourceConfig config) {
    LeadBuilder lead = LeadBuilder.of(config).eventId(leadsId);
    Answers bundle = bundle(clue.get("bundle"));
    FieldMap.of(config).apply(bundle, lead);
    lead.name(PlatformJson.text(clue.get("leads_name")))
        .phone(PlatformJson.text(clue.get("leads_telephone")))
        .email(PlatformJson.text(clue.get("leads_email")))
        // the area the person gave, else where the number is registered
        .region(PlatformJson.text(clue.get("leads_area")))
        .region(PlatformJson.text(clue.get("telephone_location")))
        .landingUrl(PlatformJson.text(clue.get("page_url")));
    FormAnswers.takePhones(bundle, lead);
    PlatformJson.attributes(lead, clue, MAPPED, "");
    if (bundle.rest().isEmpty() && !isJson(clue.get("bundle"))) {
      lead.attribute("bundle", PlatformJson.text(clue.get("bundle")));
    }
    bundle.rest().forEach((key, value) -> lead.attribute("bundle." + key, value));
    return lead.build();
  }

  /** The bundle's answers by question: a JSON object (or a string holding one), or an array of name/value pairs. */
  static Answers bundle(JsonNode node) {
    Answers answers = new Answers();
    JsonNode parsed = parsed(node);
    if (parsed == null) return answers;
    if (parsed.isObject()) {
      for (Map.Entry<String, JsonNode> e : parsed.properties()) answers.append(e.getKey(), value(e.getValue()));
    } else if (parsed.isArray()) {
      for (JsonNode item : parsed) {
        if (!item.isObject()) continue;
        String key = first(PlatformJson.text(item.get("name")), PlatformJson.text(item.get("key")),
            PlatformJson.text(item.get("label")), PlatformJson.text(item.get("title")));
        if (key != null) answers.append(key.strip(), value(item.get("value")));
      }
    }
    return answers;
  }

  private static JsonNode parsed(JsonNode node) {
    if (node == null || node.isNull()) return null;
    if (node.isContainerNode()) return node;
    String text = PlatformJson.text(node);
    if (text == null) return null;
    String t = text.strip();
    if (!t.startsWith("{") && !t.startsWith("[")) return null;
    PlatformJson.Read read = PlatformJson.read(t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return read.error() == null && read.node().isContainerNode() ? read.node() : null;
  }

  private static boolean isJson(JsonNode node) {
    return parsed(node) != null;
  }

  private static String value(JsonNode v) {
    if (v == null) return null;
    String joined = PlatformJson.textOrJoined(v);
    return joined != null ? joined : v.isContainerNode() && v.size() > 0 ? v.toString() : null;
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isBlank()) return v;
    return null;
  }
}
