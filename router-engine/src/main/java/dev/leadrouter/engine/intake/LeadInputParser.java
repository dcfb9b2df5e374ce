package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Priorities;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a posted JSON document into a {@link LeadInput}, or lists every field at fault. Strict on
 * purpose: an unknown field is reported, not ignored, so an integrator's typo is found on day one.
 */
public final class LeadInputParser {

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
    JsonReader in = JsonReader.of(body);
    if (!in.isObject()) return new Result(null, List.of(new FieldError("", "the body must be a JSON object")));
    Map<String, String> text = new HashMap<>();
    for (Map.Entry<String, JsonReader> member : in.members().entrySet()) {
      String field = member.getKey();
      if (MAX_LENGTH.containsKey(field)) {
        text.put(field, string(in, field, MAX_LENGTH.get(field)));
      } else if (!field.equals("utm") && !field.equals("attributes")) {
        member.getValue().error("unknown field");
      }
    }
    LeadInput.Utm utm = utm(in.object("utm", "must be an object"));
    Map<String, String> attributes = attributes(in.object("attributes", "must be an object"));
    if (text.get("phone") == null && text.get("email") == null) {
      in.field("phone").error("a lead needs a phone or an email");
    }
    String priority = text.get("priority");
    if (priority != null && !Priorities.ALL.contains(priority.toLowerCase())) {
      in.field("priority").error("unknown priority '" + priority + "' (use low, normal, high or urgent)");
    }
    if (in.errorCount() > 0) return new Result(null, in.errors());
    return new Result(new LeadInput(
        text.getOrDefault("source", null) == null ? "api" : text.get("source"),
        text.get("sourceEventId"), text.get("name"), text.get("phone"), text.get("email"),
        text.get("company"), text.get("region"), text.get("industry"), text.get("budget"),
        priority == null ? "normal" : priority.toLowerCase(), utm, text.get("clientIp"),
        text.get("notes"), attributes), List.of());
  }

  private static LeadInput.Utm utm(JsonReader utm) {
    if (utm == null) return LeadInput.Utm.EMPTY;
    utm.unknownFields(UTM_FIELDS, name -> "unknown field");
    return new LeadInput.Utm(
        string(utm, "source", MAX_UTM), string(utm, "medium", MAX_UTM), string(utm, "campaign", MAX_UTM),
        string(utm, "content", MAX_UTM), string(utm, "term", MAX_UTM));
  }

  private static Map<String, String> attributes(JsonReader attributes) {
    Map<String, String> out = new HashMap<>();
    if (attributes == null) return out;
    if (attributes.node().size() > MAX_ATTRIBUTES) {
      attributes.error("at most " + MAX_ATTRIBUTES + " attributes");
      return out;
    }
    for (Map.Entry<String, JsonReader> e : attributes.members().entrySet()) {
      JsonNode node = e.getValue().node();
      if (e.getKey().length() > MAX_ATTRIBUTE_KEY) {
        e.getValue().error("attribute names are at most " + MAX_ATTRIBUTE_KEY + " characters");
      } else if (node.isContainerNode()) {
        e.getValue().error("must be a string, number or boolean");
      } else if (!node.isNull()) {
        String value = node.asText().trim();
        if (value.length() > MAX_ATTRIBUTE_VALUE) {
          e.getValue().error("at most " + MAX_ATTRIBUTE_VALUE + " characters");
        } else {
          out.put(e.getKey(), value);
        }
      }
    }
    return out;
  }

  /** {@link JsonReader#string}, and what is stored must fit too: cleaning normalizes (NFKC), which can expand text (㍿ → 株式会社). */
  private static String string(JsonReader parent, String name, int maxLength) {
    String value = parent.string(name, maxLength);
    if (value == null) return null;
    int cleaned = CleanText.nfkc(value).length();
    if (cleaned > maxLength) {
      parent.field(name).error("at most " + maxLength + " characters after Unicode normalization (NFKC),"
          + " this is " + cleaned);
      return null;
    }
    return value;
  }
}
