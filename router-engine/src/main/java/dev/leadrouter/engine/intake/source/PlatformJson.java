package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.common.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON reading shared by the adapters of JSON platforms: lenient where platforms differ, never throwing. */
final class PlatformJson {

  /** For building nodes only: bodies are read by {@link StrictJson}. */
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** Canonical fields a platform's custom form field may be mapped to ({@code options.customFields}). */
  static final Set<String> CUSTOM_FIELD_TARGETS = Set.of("name", "salutation", "phone", "email", "company", "region",
      "industry", "budget", "notes");

  private static final int MAX_FLATTEN_DEPTH = 4;

  /** A parsed body, or why there is none. */
  record Read(JsonNode node, FieldError error) {}

  private PlatformJson() {}

  /** The body as JSON, or an error at the root when it is empty or not JSON. */
  static Read read(byte[] body) {
    try {
      return new Read(StrictJson.readExact(body), null);
    } catch (StrictJson.Malformed e) {
      return new Read(null, new FieldError("", e.getMessage()));
    }
  }

  /**
   * The platform's {@code code} (or {@code errcode}) check: null when it is 0, otherwise the error at
   * {@code /<codeField>} naming the platform's message.
   */
  static FieldError codeError(JsonNode root, String codeField, String platform, String... messageFields) {
    JsonNode code = root.get(codeField);
    if (code == null || code.isNull()) return new FieldError("/" + codeField, "missing: " + platform + " answers with a " + codeField);
    if (!code.isIntegralNumber() && !(code.isTextual() && code.asText().matches("-?\\d{1,18}"))) {
      return new FieldError("/" + codeField, "must be an integer, got " + kind(code));
    }
    if (code.isIntegralNumber() ? code.bigIntegerValue().signum() == 0 : Long.parseLong(code.asText()) == 0) return null;
    String message = null;
    for (String field : messageFields) {
      message = text(root.get(field));
      if (message != null && !message.isBlank()) break;
    }
    return new FieldError("/" + codeField, platform + " answered " + codeField + " " + code.asText()
        + (message == null || message.isBlank() ? "" : ": " + message));
  }

  /**
   * The array at {@code /data/<listField>}: empty when the page has none, an error when {@code data}
   * is missing or either has the wrong type.
   */
  static Read list(JsonNode root, String listField) {
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) return new Read(null, new FieldError("/data", "missing: the answer has no data"));
    if (!data.isObject()) return new Read(null, new FieldError("/data", "must be an object, got " + kind(data)));
    JsonNode list = data.get(listField);
    if (list == null || list.isNull()) return new Read(MAPPER.createArrayNode(), null);
    if (!list.isArray()) return new Read(null, new FieldError("/data/" + listField, "must be an array, got " + kind(list)));
    return new Read(list, null);
  }

  /** A scalar as text (numbers exactly as written, no exponent); null for null, missing, objects and arrays. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) return null;
    if (node.isIntegralNumber()) return node.bigIntegerValue().toString();
    if (node.isNumber()) {
      boolean infinite = (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue());
      return infinite ? node.asText() : node.decimalValue().toPlainString();
    }
    return node.asText();
  }

  /** A scalar as text, or the scalars of an array joined with {@code ,}; null otherwise. */
  static String textOrJoined(JsonNode node) {
    if (node != null && node.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode element : node) {
        if (element.isContainerNode()) return null;
        String part = text(element);
        if (part != null && !part.isBlank()) parts.add(part.strip());
      }
      return parts.isEmpty() ? null : String.join(",", parts);
    }
    return text(node);
  }

  /** The parts that are not blank, in order, with no separator (Chinese address style); a repeated part once. */
  static String address(String... parts) {
    StringBuilder out = new StringBuilder();
    String previous = null;
    for (String part : parts) {
      if (part == null || part.isBlank()) continue;
      String p = part.strip();
      if (p.equals(previous)) continue;
      out.append(p);
      previous = p;
    }
    return out.length() == 0 ? null : out.toString();
  }

  /**
   * Every field of {@code object} not in {@code skip} as an attribute named like the platform names
   * it: scalars as text, arrays of scalars joined with {@code ,}, objects flattened with {@code .}
   * ({@code store.store_name}), arrays of objects as compact JSON.
   */
  static void attributes(LeadBuilder lead, JsonNode object, Set<String> skip, String prefix) {
    flatten(lead, object, skip, prefix, 0);
  }

  private static void flatten(LeadBuilder lead, JsonNode object, Set<String> skip, String prefix, int depth) {
    if (object == null || !object.isObject()) return;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (skip.contains(field.getKey())) continue;
      String name = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        if (depth < MAX_FLATTEN_DEPTH) flatten(lead, value, Set.of(), name + ".", depth + 1);
        else lead.attribute(name, value.toString());
      } else if (value.isArray()) {
        String joined = textOrJoined(value);
        lead.attribute(name, joined != null ? joined : value.size() == 0 ? null : value.toString());
      } else {
        lead.attribute(name, text(value));
      }
    }
  }

  /**
   * The platform's custom form fields ({@code remark_dict}) mapped to canonical fields by the source's
   * {@code options.customFields} ({@code {"公司名称": "company"}}); a value may be a JSON object or a
   * string holding one. Unmapped keys stay attributes (done by the caller).
   */
  static void customFields(LeadBuilder lead, JsonNode dict, SourceConfig config) {
    JsonNode object = asObject(dict);
    JsonNode mapping = config.options() == null ? null : config.options().get("customFields");
    if (object == null || mapping == null || !mapping.isObject()) return;
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      String target = entry.getValue().asText();
      if (CUSTOM_FIELD_TARGETS.contains(target)) lead.field(target, textOrJoined(object.get(entry.getKey())));
    }
  }

  /** Problems in {@code options.customFields}. */
  static List<FieldError> validateCustomFields(SourceConfig config, String pointer) {
    JsonNode mapping = config.options() == null ? null : config.options().get("customFields");
    if (mapping == null || mapping.isNull()) return List.of();
    JsonReader reader = JsonReader.at(mapping, pointer + "/options/customFields");
    if (!reader.isObject()) reader.error("must be an object: custom form field → canonical field");
    for (JsonReader entry : reader.members().values()) {
      JsonNode target = entry.node();
      if (!target.isTextual() || !CUSTOM_FIELD_TARGETS.contains(target.asText())) {
        entry.error("unknown canonical field " + target
            + " (use one of " + String.join(", ", new java.util.TreeSet<>(CUSTOM_FIELD_TARGETS)) + ")");
      }
    }
    return reader.errors();
  }

  /** An object, or the object a JSON string holds (platforms send {@code remark_dict} both ways); else null. */
  static JsonNode asObject(JsonNode node) {
    if (node == null) return null;
    if (node.isObject()) return node;
    if (node.isTextual() && node.asText().strip().startsWith("{")) {
      try {
        JsonNode parsed = StrictJson.readExact(node.asText());
        return parsed.isObject() ? parsed : null;
      } catch (StrictJson.Malformed e) {
        return null;
      }
    }
    return null;
  }

  /** What a node is, for error messages. */
  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) return "nothing";
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * A pulled page of clues ({@code {"code": 0, "data": {<listField>: [clue, …]}}}) as leads: one per
   * clue object, keyed by its {@code idField}, in the order the platform created them ({@link
   * #creationOrder}). A non-zero code, a missing list, a clue that is not an object or has no id →
   * malformed (every bad clue named), no lead.
   *
   * @param what what the body should be, for the error ("the clue list answer")
   * @param platform the platform's name in the error for a non-zero code
   * @param timeFields the clue's creation time fields, in order of preference
   * @param lead builds the lead of a clue with its id
   */
  static SourceAdapter.Result clues(Delivery delivery, String what, String platform, String listField, String idField,
      List<String> timeFields, java.util.function.BiFunction<JsonNode, String, SourceAdapter.SourceLead> lead,
      String... messageFields) {
    Read read = read(delivery.body());
    if (read.error() != null) return SourceAdapter.Result.malformed(read.error().field(), read.error().message());
    JsonNode root = read.node();
    if (!root.isObject()) return SourceAdapter.Result.malformed("", "must be " + what + " (a JSON object), got " + kind(root));
    FieldError code = codeError(root, "code", platform, messageFields);
    if (code != null) return SourceAdapter.Result.malformed(code.field(), code.message());
    Read list = list(root, listField);
    if (list.error() != null) return SourceAdapter.Result.malformed(list.error().field(), list.error().message());
    List<Clue> clues = new java.util.ArrayList<>();
    List<FieldError> errors = new java.util.ArrayList<>();
    for (int i = 0; i < list.node().size(); i++) {
      JsonNode clue = list.node().get(i);
      String at = "/data/" + listField + "/" + i;
      if (!clue.isObject()) {
        errors.add(new FieldError(at, "must be a clue object, got " + kind(clue)));
        continue;
      }
      String id = text(clue.get(idField));
      if (id == null || id.isBlank()) {
        errors.add(new FieldError(at + "/" + idField, "missing: every clue has an id"));
        continue;
      }
      clues.add(new Clue(clue, id.strip(), createdAt(clue, timeFields), i));
    }
    if (!errors.isEmpty()) return new SourceAdapter.Result(List.of(), List.of(), errors, null);
    clues.sort(creationOrder());
    return SourceAdapter.Result.of(clues.stream().map(c -> lead.apply(c.node(), c.id())).toList());
  }

  /** One clue of a page: its id, its creation time (epoch seconds, null when it has none) and its place in the page. */
  record Clue(JsonNode node, String id, Long createdAt, int index) {}

  /**
   * The order a page's clues are applied in: the order the platform created them — by creation time,
   * then by clue id (numerically when both are digits), then by place in the page; a clue without a
   * time before those with one. Platforms list pages newest first (腾讯广告 documents it: by time and
   * id, descending) or in no documented order (巨量引擎, 本地推); either way the same page, however
   * ordered, gives the same leads and the same merges.
   */
  static java.util.Comparator<Clue> creationOrder() {
    return java.util.Comparator.comparing(Clue::createdAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
        .thenComparing(Clue::id, PlatformJson::compareIds)
        .thenComparingInt(Clue::index);
  }

  /** Digit strings as numbers (a shorter one is smaller), else as text; digits before other text. */
  static int compareIds(String a, String b) {
    boolean da = a.chars().allMatch(c -> c >= '0' && c <= '9');
    boolean db = b.chars().allMatch(c -> c >= '0' && c <= '9');
    if (da && db) {
      String x = a.replaceFirst("^0+(?=.)", "");
      String y = b.replaceFirst("^0+(?=.)", "");
      return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
    if (da != db) return da ? -1 : 1;
    return a.compareTo(b);
  }

  private static final java.time.ZoneOffset CHINA = java.time.ZoneOffset.ofHours(8);
  private static final java.time.format.DateTimeFormatter CLUE_TIME = new java.time.format.DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral(' ').appendPattern("HH:mm").optionalStart()
      .appendPattern(":ss").optionalEnd().optionalEnd()
      .parseDefaulting(java.time.temporal.ChronoField.HOUR_OF_DAY, 0)
      .parseDefaulting(java.time.temporal.ChronoField.MINUTE_OF_HOUR, 0)
      .parseDefaulting(java.time.temporal.ChronoField.SECOND_OF_MINUTE, 0)
      .toFormatter();

  /**
   * The clue's creation time as epoch seconds: the first of {@code timeFields} that is {@code
   * yyyy-MM-dd[ HH:mm[:ss]]} (Beijing time, as these platforms write it) or Unix seconds or milliseconds;
   * null when none is.
   */
  static Long createdAt(JsonNode clue, List<String> timeFields) {
    for (String field : timeFields) {
      String t = text(clue.get(field));
      if (t == null || t.isBlank()) continue;
      t = t.strip();
      if (t.matches("\\d{1,11}")) return Long.parseLong(t);
      if (t.matches("\\d{12,16}")) return Long.parseLong(t) / 1000;
      try {
        return java.time.LocalDateTime.parse(t, CLUE_TIME).toEpochSecond(CHINA);
      } catch (java.time.format.DateTimeParseException e) {
        // not a time this platform writes: try the next field
      }
    }
    return null;
  }
}
