package dev.leadrouter.engine.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a posted JSON document into a {@link LeadInput}, or lists every field at fault. Strict on
 * purpose: an unknown field is reported, not ignored, so an integrator's typo is found on day one.
 */
public final class LeadInputParser {

  public static final Set<String> PRIORITIES = Priorities.ALL;
  static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(
      Map.entry("source", 64), Map.entry("sourceEventId", 200), Map.entry("name", 200),
      Map.entry("phone", 100), Map.entry("email", 320), Map.entry("company", 200),
      Map.entry("region", 200), Map.entry("industry", 100), Map.entry("budget", 100),
      Map.entry("priority", 16), Map.entry("clientIp", 64), Map.entry("notes", 10_000));
  private static final Set<String> UTM_FIELDS = Set.of("source", "medium", "campaign", "content", "term");
  private static final int MAX_UTM = 500;
  private static final int MAX_ATTRIBUTES = 50;
  private static final int MAX_ATTRIBUTE_KEY = 64;
  private static final int MAX_ATTRIBUTE_VALUE = 1_000;

  /** Either a parsed input or the errors, never both. */
  public record Result(LeadInput input, List<FieldError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private LeadInputParser() {}

  public static Result parse(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      return new Result(null, List.of(new FieldError("", "the body must be a JSON object")));
    }
    Map<String, String> text = new HashMap<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (MAX_LENGTH.containsKey(field)) {
        text.put(field, string(body.get(field), "/" + field, MAX_LENGTH.get(field), errors));
      } else if (!field.equals("utm") && !field.equals("attributes")) {
        errors.add(new FieldError("/" + escape(field), "unknown field"));
      }
    }
    LeadInput.Utm utm = utm(body.get("utm"), errors);
    Map<String, String> attributes = attributes(body.get("attributes"), errors);
    if (text.get("phone") == null && text.get("email") == null) {
      errors.add(new FieldError("/phone", "a lead needs a phone or an email"));
    }
    String priority = text.get("priority");
    if (priority != null && !PRIORITIES.contains(priority.toLowerCase())) {
      errors.add(new FieldError("/priority", "unknown priority '" + priority + "' (use low, normal, high or urgent)"));
    }
    if (!errors.isEmpty()) return new Result(null, List.copyOf(errors));
    return new Result(new LeadInput(
        text.getOrDefault("source", null) == null ? "api" : text.get("source"),
        text.get("sourceEventId"), text.get("name"), text.get("phone"), text.get("email"),
        text.get("company"), text.get("region"), text.get("industry"), text.get("budget"),
        priority == null ? "normal" : priority.toLowerCase(), utm, text.get("clientIp"),
        text.get("notes"), attributes), List.of());
  }

  private static LeadInput.Utm utm(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) return LeadInput.Utm.EMPTY;
    if (!node.isObject()) {
      errors.add(new FieldError("/utm", "must be an object"));
      return LeadInput.Utm.EMPTY;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!UTM_FIELDS.contains(field)) errors.add(new FieldError("/utm/" + escape(field), "unknown field"));
    }
    return new LeadInput.Utm(
        string(node.get("source"), "/utm/source", MAX_UTM, errors),
        string(node.get("medium"), "/utm/medium", MAX_UTM, errors),
        string(node.get("campaign"), "/utm/campaign", MAX_UTM, errors),
        string(node.get("content"), "/utm/content", MAX_UTM, errors),
        string(node.get("term"), "/utm/term", MAX_UTM, errors));
  }

  private static Map<String, String> attributes(JsonNode node, List<FieldError> errors) {
    Map<String, String> out = new HashMap<>();
    if (node == null || node.isNull()) return out;
    if (!node.isObject()) {
      errors.add(new FieldError("/attributes", "must be an object"));
      return out;
    }
    if (node.size() > MAX_ATTRIBUTES) {
      errors.add(new FieldError("/attributes", "at most " + MAX_ATTRIBUTES + " attributes"));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = "/attributes/" + escape(e.getKey());
      if (e.getKey().length() > MAX_ATTRIBUTE_KEY) {
        errors.add(new FieldError(at, "attribute names are at most " + MAX_ATTRIBUTE_KEY + " characters"));
      } else if (e.getValue().isContainerNode()) {
        errors.add(new FieldError(at, "must be a string, number or boolean"));
      } else if (!e.getValue().isNull()) {
        String value = e.getValue().asText().trim();
        if (value.length() > MAX_ATTRIBUTE_VALUE) {
          errors.add(new FieldError(at, "at most " + MAX_ATTRIBUTE_VALUE + " characters"));
        } else {
          out.put(e.getKey(), value);
        }
      }
    }
    return out;
  }

  private static String string(JsonNode node, String pointer, int maxLength, List<FieldError> errors) {
    if (node == null || node.isNull()) return null;
    if (!node.isTextual()) {
      errors.add(new FieldError(pointer, "must be a string"));
      return null;
    }
    String value = node.textValue().strip();
    if (value.length() > maxLength) {
      errors.add(new FieldError(pointer, "at most " + maxLength + " characters"));
      return null;
    }
    // Cleaning normalizes (NFKC), which can expand text (㍿ → 株式会社): what is stored must fit too.
    int cleaned = CleanText.nfkc(value).length();
    if (cleaned > maxLength) {
      errors.add(new FieldError(pointer, "at most " + maxLength + " characters after Unicode normalization (NFKC),"
          + " this is " + cleaned));
      return null;
    }
    return value.isEmpty() ? null : value;
  }

  /** JSON-Pointer escaping of one reference token (RFC 6901). */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
