package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field mapping of a form source, {@code options.fields}: which of the platform's answers fills
 * which lead field. Each lead field names one platform key or a list of them (their values are joined,
 * see {@link FormAnswers#join}):
 *
 * <pre>{"fields": {"name": ["1.3", "1.6"], "email": "2", "company": "company_name"}}</pre>
 *
 * What a key is depends on the platform (a Typeform field ref, a Tally field key or label, a Jotform
 * {@code q3_name}, a Gravity Forms field id, a CF7 field name). Read leniently ({@link #of} skips what
 * {@link #validate} reports).
 */
final class FieldMap {

  /** The option that holds a source's field mapping. */
  public static final String FIELDS_OPTION = "fields";


  /** The lead fields a form answer may fill, in the order they are applied. */
  static final List<String> LEAD_FIELDS = List.of("name", "salutation", "phone", "email", "company", "region", "industry",
      "budget", "notes", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term");

  private final Map<String, List<String>> keys;

  private FieldMap(Map<String, List<String>> keys) {
    this.keys = keys;
  }

  static FieldMap of(SourceConfig config) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    JsonNode fields = config.options() == null ? null : config.options().get("fields");
    if (fields != null && fields.isObject()) {
      for (String field : LEAD_FIELDS) {
        List<String> given = keys(fields.get(field));
        if (given != null) keys.put(field, given);
      }
    }
    return new FieldMap(keys);
  }

  /** Lead field → platform keys, for the fields configured. */
  Map<String, List<String>> entries() {
    return keys;
  }

  boolean maps(String field) {
    return keys.containsKey(field);
  }

  /**
   * The mapping applied to a platform's named answers (HubSpot properties, Google lead form columns,
   * Tencent {@code bundle} fields …), before the adapter's own defaults so that a mapped value wins:
   * each lead field takes the answers its keys name, in the order listed, joined as {@link
   * FormAnswers#join} says; the answers used are taken (they do not stay attributes).
   */
  void apply(Answers answers, LeadBuilder lead) {
    keys.forEach((field, names) -> {
      List<String> parts = new ArrayList<>();
      for (String name : names) {
        String value = answers.take(name);
        if (value != null) parts.add(value);
      }
      lead.field(field, FormAnswers.join(field, parts));
    });
  }

  /**
   * What is wrong with {@code options} (under {@code pointer + "/options"}): it must be an object
   * whose only member is {@code fields}, mapping lead fields to a non-blank key or a non-empty list of them.
   */
  static List<FieldError> validate(SourceConfig config, String pointer) {
    JsonReader options = JsonReader.at(config.options(), pointer + "/options");
    if (!options.present()) return List.of();
    if (!options.isObject()) {
      options.error("must be an object");
      return options.errors();
    }
    options.unknownFields(Set.of(FIELDS_OPTION), name -> "unknown option (use fields)");
    List<FieldError> errors = new ArrayList<>(options.errors());
    errors.addAll(validateFields(config, pointer));
    return errors;
  }

  /**
   * What is wrong with {@code options.fields} alone, for adapters with options of their own besides
   * the mapping: lead fields mapped to a non-blank key or a non-empty list of them.
   */
  static List<FieldError> validateFields(SourceConfig config, String pointer) {
    JsonReader options = JsonReader.at(config.options(), pointer + "/options");
    JsonReader fields = options.object(FIELDS_OPTION, "must be an object mapping lead fields to form fields");
    if (fields == null) return options.errors();
    for (Map.Entry<String, JsonReader> e : fields.members().entrySet()) {
      if (!LEAD_FIELDS.contains(e.getKey())) {
        e.getValue().error("unknown lead field '" + e.getKey() + "' (use one of " + String.join(", ", LEAD_FIELDS) + ")");
      } else if (keys(e.getValue().node()) == null) {
        e.getValue().error("a form field (non-blank string) or a non-empty list of them");
      }
    }
    return options.errors();
  }

  private static List<String> keys(JsonNode node) {
    if (node == null) return null;
    if (node.isTextual()) return node.textValue().isBlank() ? null : List.of(node.textValue().strip());
    if (!node.isArray() || node.isEmpty()) return null;
    List<String> out = new ArrayList<>();
    for (JsonNode key : node) {
      if (!key.isTextual() || key.textValue().isBlank()) return null;
      out.add(key.textValue().strip());
    }
    return List.copyOf(out);
  }
}
