package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.common.JsonPointer;
import dev.leadrouter.engine.common.JsonReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Any JSON or form post, mapped to leads by configuration instead of code ({@code options}):
 *
 * <pre>{@code
 * {"list": "/data/items",                      optional: one lead per element of this array
 *  "fields": {"name": "/contact/name",          canonical field → value spec
 *             "phone": {"pointer": "/tel", "transform": "digits"},
 *             "company": {"form": "company"}, "priority": {"const": "high"},
 *             "notes": {"concat": ["/a", "/b"], "separator": " / "}},
 *  "attributes": {"活动": "/campaign/name"},     attribute name → value spec
 *  "signature": {"header": "X-Signature", "algorithm": "hmac-sha256", "encoding": "hex", "prefix": "sha256="}}
 * }</pre>
 *
 * A value spec is a JSON Pointer (relative to the list element, or the body), or an object with one
 * of {@code pointer}, {@code form} (a form field), {@code const} or {@code concat} (specs joined by
 * {@code separator}, default none), and an optional {@code transform} (one or a list, applied in
 * order: {@code trim}, {@code lower}, {@code upper}, {@code digits}, {@code before:<text>},
 * {@code after:<text>}). A form body reads as an object of its fields, so pointers work on it too
 * ({@code /your-name}). Top-level fields no spec reads are kept as attributes. Authenticated by the
 * source token ({@link SourceTokens}), or by {@code options.signature}: HMAC-SHA256 of the raw body
 * under secret {@code signingSecret}, hex or Base64, in the named header after the prefix.
 */
public final class GenericAdapter implements SourceAdapter {

  /** The canonical fields a mapping may fill. */
  static final Set<String> FIELDS = new LinkedHashSet<>(List.of("sourceEventId", "name", "salutation", "phone", "email", "company",
      "region", "industry", "budget", "priority", "notes", "landingUrl", "clientIp", "utm_source", "utm_medium",
      "utm_campaign", "utm_content", "utm_term"));
  private static final Set<String> OPTIONS = Set.of("list", "fields", "attributes", "signature");
  private static final Set<String> SPEC_KEYS = Set.of("pointer", "form", "const", "concat", "separator", "transform");
  private static final Set<String> SOURCES = Set.of("pointer", "form", "const", "concat");
  private static final Set<String> SIGNATURE_KEYS = Set.of("header", "algorithm", "encoding", "prefix");
  private static final String ALGORITHM = "hmac-sha256";
  private static final int MAX_SPEC_DEPTH = 4;
  private static final int MAX_ATTRIBUTE_NAME = 64;
  private static final String NOT_A_POINTER = "not a JSON Pointer: \"\" or starting with /, ~ only as ~0 or ~1";

  @Override
  public String type() {
    return "generic";
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("list", "fields", "attributes", "signature"), List.of(SourceTokens.TOKEN_SECRET, "signingSecret"));
  }

  /** Sample values for a test delivery, by canonical field (a mapped field without one is left out). */
  private static final Map<String, String> SAMPLE = Map.of("name", "测试 Test", "phone", "13800138000",
      "email", "test.delivery@example.com", "company", "Test Co.", "region", "华东", "notes", "test delivery");

  @Override
  public JsonNode startingOptions() {
    ObjectNode fields = PlatformJson.MAPPER.createObjectNode();
    for (String field : List.of("sourceEventId", "name", "phone", "email", "company", "region", "notes")) {
      fields.put(field, "/" + field);
    }
    ObjectNode options = PlatformJson.MAPPER.createObjectNode();
    options.set("fields", fields);
    return options;
  }

  @Override
  public boolean tokenInUrl(SourceConfig config) {
    return config.options() == null || config.options().get("signature") == null || config.options().get("signature").isNull();
  }

  /**
   * A JSON body holding sample values at the pointers the source's {@code fields} map (one element of
   * the {@code list} when there is one), with the token in the URL or the HMAC in the named header.
   */
  @Override
  public java.util.Optional<Delivery> sample(SourceConfig config, Instant now) {
    JsonNode fields = config.options() == null ? null : config.options().get("fields");
    if (fields == null || !fields.isObject()) return java.util.Optional.empty();
    ObjectNode item = PlatformJson.MAPPER.createObjectNode();
    fields.fields().forEachRemaining(e -> {
      JsonNode spec = e.getValue();
      String pointer = spec.isTextual() ? spec.asText() : spec.path("pointer").isTextual() ? spec.path("pointer").asText() : null;
      String value = e.getKey().equals("sourceEventId") ? "test-" + now.toEpochMilli() : SAMPLE.get(e.getKey());
      if (pointer != null && value != null) put(item, pointer, value);
    });
    JsonNode body = item;
    String list = config.option("list");
    if (list != null) {
      ArrayNode items = PlatformJson.MAPPER.createArrayNode().add(item);
      if (list.isEmpty()) body = items;
      else {
        ObjectNode root = PlatformJson.MAPPER.createObjectNode();
        put(root, list, items);
        body = root;
      }
    }
    byte[] raw = body.toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.TreeMap<>();
    Map<String, String> query = new java.util.TreeMap<>();
    headers.put("content-type", "application/json");
    if (tokenInUrl(config)) {
      if (config.secret(SourceTokens.TOKEN_SECRET) != null) query.put(SourceTokens.TOKEN_PARAMETER, config.secret(SourceTokens.TOKEN_SECRET));
    } else if (config.secret("signingSecret") != null) {
      JsonNode signature = config.options().get("signature");
      byte[] mac = Hmac.sha256(config.secret("signingSecret").getBytes(StandardCharsets.UTF_8), raw);
      String encoded = "base64".equalsIgnoreCase(PlatformJson.text(signature.get("encoding")))
          ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac);
      headers.put(orDefault(PlatformJson.text(signature.get("header")), "x-signature"),
          orDefault(PlatformJson.text(signature.get("prefix")), "") + encoded);
    }
    return java.util.Optional.of(new Delivery(config.id(), "application/json", raw, headers, query, Map.of(), now));
  }

  /** Sets {@code value} at {@code pointer} under {@code root}, making the objects on the way. */
  private static void put(ObjectNode root, String pointer, Object value) {
    if (!pointer.startsWith("/")) return;
    String[] tokens = pointer.substring(1).split("/", -1);
    ObjectNode at = root;
    for (int i = 0; i < tokens.length - 1; i++) {
      String name = JsonPointer.unescape(tokens[i]);
      JsonNode next = at.get(name);
      if (next == null || !next.isObject()) next = at.putObject(name);
      at = (ObjectNode) next;
    }
    String last = JsonPointer.unescape(tokens[tokens.length - 1]);
    if (value instanceof JsonNode node) at.set(last, node);
    else at.put(last, value.toString());
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    JsonReader options = JsonReader.at(config.options(), pointer + "/options");
    if (!options.present()) {
      List<FieldError> errors = new ArrayList<>();
      errors.add(new FieldError(options.pointer(), "required: {\"fields\": {…}} mapping the body to lead fields"));
      errors.addAll(SourceTokens.requireSecrets(config, pointer, SourceTokens.TOKEN_SECRET));
      return errors;
    }
    if (!options.isObject()) return List.of(new FieldError(options.pointer(), "must be an object"));
    options.unknownFields(OPTIONS, name -> "unknown option (use list, fields, attributes or signature)");
    JsonReader list = options.field("list");
    if (list.present() && (!list.isTextual() || !JsonPointer.isValid(list.node().asText()))) {
      list.error("must be a JSON Pointer to an array (\"\" or starting with /, ~ only as ~0 or ~1)");
    }
    JsonReader fields = options.field("fields");
    if (!fields.isObject() || fields.node().size() == 0) {
      fields.error("required: an object of canonical field → value spec");
    } else {
      for (Map.Entry<String, JsonReader> field : fields.members().entrySet()) {
        if (!FIELDS.contains(field.getKey())) {
          field.getValue().error("unknown canonical field '" + field.getKey() + "' (use one of " + String.join(", ", FIELDS) + ")");
        } else {
          specErrors(field.getValue(), 0);
        }
      }
    }
    JsonReader attributes = options.object("attributes", "must be an object of attribute name → value spec");
    if (attributes != null) {
      for (Map.Entry<String, JsonReader> attribute : attributes.members().entrySet()) {
        if (attribute.getKey().isBlank() || attribute.getKey().length() > MAX_ATTRIBUTE_NAME) {
          attribute.getValue().error("an attribute name is 1 to " + MAX_ATTRIBUTE_NAME + " characters");
        }
        specErrors(attribute.getValue(), 0);
      }
    }
    List<FieldError> errors = new ArrayList<>();
    JsonReader signature = options.field("signature");
    if (signature.present()) {
      signatureErrors(signature);
      errors.addAll(options.errors());
      if (config.secret("signingSecret") == null) {
        errors.add(new FieldError(pointer + "/secrets/signingSecret", "required with options.signature: the HMAC key"));
      }
    } else {
      errors.addAll(options.errors());
      errors.addAll(SourceTokens.requireSecrets(config, pointer, SourceTokens.TOKEN_SECRET));
    }
    return errors;
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    JsonNode signature = config.options() == null ? null : config.options().get("signature");
    if (signature == null || signature.isNull()) return SourceTokens.verify(delivery, config);
    if (!signature.isObject()) return Verdict.refused("the source's option signature is not an object");
    String secret = config.secret("signingSecret");
    if (secret == null) return Verdict.refused("the source has no secret 'signingSecret'");
    String header = PlatformJson.text(signature.get("header"));
    if (header == null || header.isBlank()) return Verdict.refused("the source's option signature.header is missing");
    String algorithm = orDefault(PlatformJson.text(signature.get("algorithm")), ALGORITHM);
    if (!ALGORITHM.equalsIgnoreCase(algorithm)) return Verdict.refused("unsupported signature algorithm '" + algorithm + "'");
    String encoding = orDefault(PlatformJson.text(signature.get("encoding")), "hex").toLowerCase(Locale.ROOT);
    String prefix = orDefault(PlatformJson.text(signature.get("prefix")), "");
    String given = delivery.header(header.strip()).map(String::strip).orElse(null);
    if (given == null || given.isEmpty()) return Verdict.refused("missing header " + header.strip());
    if (!given.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Verdict.refused("header " + header.strip() + " does not start with '" + prefix + "'");
    }
    byte[] decoded;
    try {
      String value = given.substring(prefix.length()).strip();
      decoded = switch (encoding) {
        case "hex" -> HexFormat.of().parseHex(value);
        case "base64" -> Base64.getDecoder().decode(value);
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return Verdict.refused("header " + header.strip() + " is not " + encoding);
    }
    if (decoded == null) return Verdict.refused("unsupported signature encoding '" + encoding + "'");
    byte[] expected = Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), delivery.body());
    return Hmac.same(expected, decoded) ? Verdict.AUTHENTIC : Verdict.refused("signature does not match");
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode options = config.options();
    JsonNode fields = options == null ? null : options.get("fields");
    if (fields == null || !fields.isObject()) return Result.malformed("", "the source has no field mapping (options.fields)");
    JsonNode document;
    if (delivery.isForm()) {
      document = formObject(delivery.form());
    } else if (delivery.isJson() || looksLikeJson(delivery.body())) {
      PlatformJson.Read read = PlatformJson.read(delivery.body());
      if (read.error() != null) return Result.malformed(read.error().field(), read.error().message());
      document = read.node();
    } else {
      return Result.malformed("", "unsupported media type '" + delivery.mediaType() + "': post JSON or a form");
    }

    List<JsonNode> elements = new ArrayList<>();
    JsonNode listOption = options.get("list");
    if (listOption == null || listOption.isNull()) {
      elements.add(document);
    } else {
      if (!listOption.isTextual() || !JsonPointer.isValid(listOption.asText())) {
        return Result.malformed("", "the source's option list is not a JSON Pointer");
      }
      String listPointer = listOption.asText();
      JsonNode list = document.at(com.fasterxml.jackson.core.JsonPointer.compile(listPointer));
      if (list == null || list.isMissingNode() || list.isNull()) return Result.malformed(listPointer, "missing: no list here");
      if (!list.isArray()) return Result.malformed(listPointer, "must be an array, got " + PlatformJson.kind(list));
      list.forEach(elements::add);
    }
    JsonNode attributes = options.get("attributes");
    Set<String> read = readTopLevel(fields, attributes);
    List<SourceLead> leads = new ArrayList<>();
    for (JsonNode element : elements) {
      LeadBuilder lead = LeadBuilder.of(config);
      for (Map.Entry<String, JsonNode> field : fields.properties()) {
        set(lead, field.getKey(), value(field.getValue(), element, delivery, 0));
      }
      if (attributes != null && attributes.isObject()) {
        for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
          lead.attribute(attribute.getKey(), value(attribute.getValue(), element, delivery, 0));
        }
      }
      PlatformJson.attributes(lead, element, read, "");
      leads.add(new SourceLead(lead.build(), false));
    }
    return Result.of(leads);
  }

  private static void set(LeadBuilder lead, String field, String value) {
    lead.field(field, value);
  }

  /** The value a spec selects, transformed; null when there is none or the spec is not valid. */
  private static String value(JsonNode spec, JsonNode element, Delivery delivery, int depth) {
    if (spec == null || depth > MAX_SPEC_DEPTH) return null;
    if (spec.isTextual()) return at(element, spec.asText());
    if (!spec.isObject()) return null;
    String value;
    if (spec.has("pointer")) {
      value = spec.get("pointer").isTextual() ? at(element, spec.get("pointer").asText()) : null;
    } else if (spec.has("form")) {
      List<String> values = spec.get("form").isTextual() ? delivery.form().get(spec.get("form").asText()) : null;
      value = values == null || values.isEmpty() ? null : String.join(",", values);
    } else if (spec.has("const")) {
      value = PlatformJson.text(spec.get("const"));
    } else if (spec.has("concat") && spec.get("concat").isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : spec.get("concat")) {
        String v = value(part, element, delivery, depth + 1);
        if (v != null && !v.isBlank()) parts.add(v.strip());
      }
      String separator = spec.has("separator") ? spec.get("separator").asText() : "";
      value = parts.isEmpty() ? null : String.join(separator, parts);
    } else {
      return null;
    }
    JsonNode transform = spec.get("transform");
    if (transform != null && transform.isTextual()) {
      value = transform(value, transform.asText());
    } else if (transform != null && transform.isArray()) {
      for (JsonNode step : transform) value = transform(value, step.asText());
    }
    return value;
  }

  /** The node at a pointer as text: a scalar, scalars joined with {@code ,}, else compact JSON. */
  private static String at(JsonNode element, String pointer) {
    if (!JsonPointer.isValid(pointer)) return null;
    JsonNode node = element.at(com.fasterxml.jackson.core.JsonPointer.compile(pointer));
    if (node == null || node.isMissingNode() || node.isNull()) return null;
    String text = PlatformJson.textOrJoined(node);
    return text != null ? text : node.size() == 0 ? null : node.toString();
  }

  private static String transform(String value, String step) {
    if (value == null) return null;
    if (step.startsWith("before:")) {
      String mark = step.substring("before:".length());
      int i = mark.isEmpty() ? -1 : value.indexOf(mark);
      return i < 0 ? value : value.substring(0, i);
    }
    if (step.startsWith("after:")) {
      String mark = step.substring("after:".length());
      int i = mark.isEmpty() ? -1 : value.indexOf(mark);
      return i < 0 ? value : value.substring(i + mark.length());
    }
    return switch (step) {
      case "trim" -> value.strip();
      case "lower" -> value.toLowerCase(Locale.ROOT);
      case "upper" -> value.toUpperCase(Locale.ROOT);
      case "digits" -> digits(value);
      default -> value;
    };
  }

  /** The decimal digits of a value (full-width ones as ASCII), nothing else. */
  private static String digits(String value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().forEach(c -> {
      int d = Character.digit(c, 10);
      if (d >= 0) out.append((char) ('0' + d));
    });
    return out.toString();
  }

  private static boolean isTransform(String step) {
    return switch (step) {
      case "trim", "lower", "upper", "digits" -> true;
      default -> (step.startsWith("before:") && step.length() > "before:".length())
          || (step.startsWith("after:") && step.length() > "after:".length());
    };
  }

  private static void specErrors(JsonReader spec, int depth) {
    if (spec.isTextual()) {
      if (!JsonPointer.isValid(spec.node().asText())) spec.error(NOT_A_POINTER);
      return;
    }
    if (!spec.isObject()) {
      spec.error("must be a JSON Pointer or an object with pointer, form, const or concat");
      return;
    }
    if (depth > MAX_SPEC_DEPTH) {
      spec.error("nested more than " + MAX_SPEC_DEPTH + " concat levels deep");
      return;
    }
    spec.unknownFields(SPEC_KEYS, key -> "unknown key (use pointer, form, const, concat, separator, transform)");
    long sources = spec.members().keySet().stream().filter(SOURCES::contains).count();
    if (sources != 1) spec.error("needs exactly one of pointer, form, const or concat");
    JsonReader pointer = spec.field("pointer");
    if (pointer.exists() && (!pointer.isTextual() || !JsonPointer.isValid(pointer.node().asText()))) pointer.error(NOT_A_POINTER);
    JsonReader form = spec.field("form");
    if (form.exists() && (!form.isTextual() || form.node().asText().isEmpty())) form.error("must be a form field name");
    JsonReader constant = spec.field("const");
    if (constant.exists() && !constant.node().isValueNode()) constant.error("must be a string, number or boolean");
    JsonReader concat = spec.field("concat");
    if (concat.exists()) {
      if (!concat.isArray() || concat.node().size() == 0) {
        concat.error("must be a non-empty array of value specs");
      } else {
        for (JsonReader part : concat.elements()) specErrors(part, depth + 1);
      }
    }
    JsonReader separator = spec.field("separator");
    if (separator.exists() && (!separator.isTextual() || !concat.exists())) separator.error("a string, only with concat");
    JsonReader transform = spec.field("transform");
    if (transform.isTextual()) {
      if (!isTransform(transform.node().asText())) transform.error(unknownTransform(transform.node().asText()));
    } else if (transform.isArray()) {
      for (JsonReader step : transform.elements()) {
        if (!step.isTextual() || !isTransform(step.node().asText())) step.error(unknownTransform(step.node().toString()));
      }
    } else if (transform.exists()) {
      transform.error("must be a transform or a list of them");
    }
  }

  private static String unknownTransform(String step) {
    return "unknown transform '" + step + "' (use trim, lower, upper, digits, before:<text> or after:<text>)";
  }

  private static void signatureErrors(JsonReader signature) {
    if (!signature.isObject()) {
      signature.error("must be an object: {\"header\": …, \"algorithm\": \"hmac-sha256\", \"encoding\": \"hex\"}");
      return;
    }
    signature.unknownFields(SIGNATURE_KEYS, key -> "unknown key (use header, algorithm, encoding, prefix)");
    JsonReader header = signature.field("header");
    if (!header.isTextual() || header.node().asText().isBlank()) header.error("required: the header that carries the signature");
    JsonReader algorithm = signature.field("algorithm");
    if (algorithm.exists() && (!algorithm.isTextual() || !ALGORITHM.equalsIgnoreCase(algorithm.node().asText()))) {
      algorithm.error("unsupported (use " + ALGORITHM + ")");
    }
    JsonReader encoding = signature.field("encoding");
    if (encoding.exists() && (!encoding.isTextual()
        || !Set.of("hex", "base64").contains(encoding.node().asText().toLowerCase(Locale.ROOT)))) {
      encoding.error("use hex or base64");
    }
    JsonReader prefix = signature.field("prefix");
    if (prefix.exists() && !prefix.isTextual()) prefix.error("must be a string");
  }

  /** The top-level names the mapping reads (the first token of each pointer, each form field). */
  private static Set<String> readTopLevel(JsonNode fields, JsonNode attributes) {
    Set<String> names = new HashSet<>();
    for (JsonNode mapping : new JsonNode[] {fields, attributes}) {
      if (mapping == null || !mapping.isObject()) continue;
      for (JsonNode spec : mapping) collectRead(spec, names, 0);
    }
    return names;
  }

  private static void collectRead(JsonNode spec, Set<String> names, int depth) {
    if (spec == null || depth > MAX_SPEC_DEPTH) return;
    if (spec.isTextual()) {
      firstToken(spec.asText(), names);
    } else if (spec.isObject()) {
      if (spec.has("pointer") && spec.get("pointer").isTextual()) firstToken(spec.get("pointer").asText(), names);
      if (spec.has("form") && spec.get("form").isTextual()) names.add(spec.get("form").asText());
      if (spec.has("concat")) for (JsonNode part : spec.get("concat")) collectRead(part, names, depth + 1);
    }
  }

  private static void firstToken(String pointer, Set<String> names) {
    if (!JsonPointer.isValid(pointer) || pointer.isEmpty()) return;
    int end = pointer.indexOf('/', 1);
    names.add(JsonPointer.unescape(pointer.substring(1, end < 0 ? pointer.length() : end)));
  }

  /** A form as an object: one value → a string, several → an array of strings. */
  private static ObjectNode formObject(Map<String, List<String>> form) {
    ObjectNode object = PlatformJson.MAPPER.createObjectNode();
    form.forEach((name, values) -> {
      if (name == null || values == null || values.isEmpty()) return;
      if (values.size() == 1) {
        object.put(name, values.get(0));
      } else {
        ArrayNode array = object.putArray(name);
        values.forEach(array::add);
      }
    });
    return object;
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') continue;
      return b == '{' || b == '[';
    }
    return false;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
