package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The adapter tests' one kit: fixtures from {@code src/test/resources/sources/}, source configs,
 * deliveries as the HTTP layer hands them to adapters (JSON, forms, multipart), result assertions, and
 * the adversarial bodies every adapter must survive.
 */
final class SourceTestKit {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-24T08:30:00Z");

  private SourceTestKit() {}

  // ---- fixtures and JSON ----

  /** {@code src/test/resources/sources/<path>} as bytes. */
  static byte[] resource(String path) {
    try (InputStream in = SourceTestKit.class.getResourceAsStream("/sources/" + path)) {
      if (in == null) throw new IllegalArgumentException("no fixture sources/" + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #resource} as UTF-8 text. */
  static String text(String path) {
    return new String(resource(path), StandardCharsets.UTF_8);
  }

  /** JSON text as a tree; null for null. */
  static JsonNode json(String text) {
    try {
      return text == null ? null : MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  // ---- source configs ----

  /** A source with every setting given. */
  static SourceConfig config(String id, String type, Map<String, String> secrets, String priority, List<String> tags,
      Double credibility, JsonNode options) {
    return new SourceConfig(id, type, secrets, priority, tags, credibility, options, null);
  }

  /** A source with priority {@code high}, tag {@code paid} and credibility 0.9; options as JSON text or null. */
  static SourceConfig config(String id, String type, Map<String, String> secrets, String optionsJson) {
    return config(id, type, secrets, List.of("paid"), optionsJson);
  }

  /** A source with priority {@code high}, these tags and credibility 0.9; options as JSON text or null. */
  static SourceConfig config(String id, String type, Map<String, String> secrets, List<String> tags, String optionsJson) {
    return config(id, type, secrets, "high", tags, 0.9, json(optionsJson));
  }

  /** A source with no priority, tags or credibility of its own; options as JSON text or null. */
  static SourceConfig bareConfig(String id, String type, Map<String, String> secrets, String optionsJson) {
    return config(id, type, secrets, null, List.of(), null, json(optionsJson));
  }

  /** A regional campaign's source: priority {@code normal}, tag {@code 华东投放}, credibility 0.8; options as JSON text or null. */
  static SourceConfig eastChinaConfig(String id, String type, Map<String, String> secrets, String optionsJson) {
    return config(id, type, secrets, "normal", List.of("华东投放"), 0.8, json(optionsJson));
  }

  // ---- deliveries ----

  static Delivery post(String sourceId, String mediaType, byte[] body, Map<String, String> headers, Map<String, String> query) {
    return new Delivery(sourceId, mediaType, body, headers, query, Map.of(), NOW);
  }

  /** An application/json delivery. */
  static Delivery post(String sourceId, byte[] body, Map<String, String> headers, Map<String, String> query) {
    return post(sourceId, "application/json", body, headers, query);
  }

  static Delivery post(String sourceId, String body) {
    return post(sourceId, body.getBytes(StandardCharsets.UTF_8), Map.of(), Map.of());
  }

  static Delivery get(String sourceId, Map<String, String> query) {
    return post(sourceId, "", new byte[0], Map.of(), query);
  }

  /** {@code base64(HMAC-SHA256(secret, body))}. */
  static String signature(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /**
   * A multipart/form-data delivery from a fixture written with LF line ends (sent with CRLF, as on the
   * wire): the body is the raw bytes, the form its decoded text fields, as the HTTP layer decodes them.
   */
  static Delivery multipartFixture(String sourceId, String path, Map<String, String> query) {
    String text = new String(resource(path), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return new Delivery(sourceId, "multipart/form-data", body, Map.of("content-type",
        "multipart/form-data; boundary=" + boundary(text)), query, decodeMultipart(text), NOW);
  }

  /** A multipart/form-data delivery of these fields, encoded as a browser or a PHP client would. */
  static Delivery multipart(String sourceId, List<Map.Entry<String, String>> fields, Map<String, String> query) {
    String boundary = "------------------------leadrouterTestBoundary7MA4YWxk";
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> f : fields) {
      body.append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(f.getKey()).append("\"\r\n\r\n")
          .append(f.getValue()).append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return new Delivery(sourceId, "multipart/form-data", body.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("content-type", "multipart/form-data; boundary=" + boundary), query, form(fields), NOW);
  }

  /** An application/x-www-form-urlencoded delivery of these fields. */
  static Delivery urlencoded(String sourceId, List<Map.Entry<String, String>> fields, Map<String, String> query) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> f : fields) {
      pairs.add(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
    }
    return new Delivery(sourceId, "application/x-www-form-urlencoded",
        String.join("&", pairs).getBytes(StandardCharsets.UTF_8), Map.of(), query, form(fields), NOW);
  }

  static Map<String, List<String>> form(List<Map.Entry<String, String>> fields) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : fields) form.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue());
    return form;
  }

  private static String boundary(String body) {
    return body.substring(2, body.indexOf("\r\n"));
  }

  private static Map<String, List<String>> decodeMultipart(String body) {
    String delimiter = "--" + boundary(body);
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String part : body.split(java.util.regex.Pattern.quote(delimiter))) {
      if (part.isEmpty() || part.startsWith("--")) continue;
      int headersEnd = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, headersEnd);
      String value = part.substring(headersEnd + 4);
      if (value.endsWith("\r\n")) value = value.substring(0, value.length() - 2);
      int at = headers.indexOf("name=\"") + 6;
      String name = headers.substring(at, headers.indexOf('"', at));
      form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return form;
  }

  // ---- results ----

  static List<String> pointers(Result result) {
    return result.errors().stream().map(FieldError::field).toList();
  }

  static LeadInput onlyLead(Result result) {
    assertEquals(List.of(), result.errors());
    assertEquals(1, result.leads().size(), "leads");
    return result.leads().get(0).input();
  }

  static LeadInput.Utm utm(String source, String medium, String campaign, String content, String term) {
    return new LeadInput.Utm(source, medium, campaign, content, term);
  }

  /** Asserts a delivery was malformed exactly at these pointers, with no lead and no fetch. */
  static void assertMalformedAt(Result result, String... pointers) {
    assertTrue(result.leads().isEmpty(), "no lead expected: " + result.leads());
    assertTrue(result.fetches().isEmpty(), "no fetch expected: " + result.fetches());
    assertFalse(result.errors().isEmpty(), "errors expected");
    assertTrue(result.errors().stream().allMatch(e -> e.message() != null && !e.message().isBlank()), result.errors().toString());
    assertEquals(List.of(pointers), pointers(result));
  }

  // ---- adversarial input ----

  /**
   * Calls verify, parse and handshake on every delivery: none may throw, a refusal has a reason, and
   * every error points at the document root or below it.
   */
  static void assertNeverThrows(SourceAdapter adapter, SourceConfig config, List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      Verdict verdict = assertDoesNotThrow(() -> adapter.verify(delivery, config, NOW), () -> describe(delivery));
      assertNotNull(verdict, () -> describe(delivery));
      assertTrue(verdict.authentic() || (verdict.reason() != null && !verdict.reason().isBlank()), () -> describe(delivery));
      Result result = assertDoesNotThrow(() -> adapter.parse(delivery, config), () -> describe(delivery));
      assertNotNull(result, () -> describe(delivery));
      for (FieldError error : result.errors()) {
        assertTrue(error.field().isEmpty() || error.field().startsWith("/"), () -> error + " for " + describe(delivery));
      }
      assertDoesNotThrow(() -> adapter.handshake(delivery, config), () -> describe(delivery));
    }
  }

  /**
   * {@link #assertNeverThrows(SourceAdapter, SourceConfig, List)} for each body posted as JSON with
   * {@code headers(body)} and {@code query}, and for a GET handshake carrying the body as its challenge.
   */
  static void assertNeverThrows(SourceAdapter adapter, SourceConfig config, List<byte[]> bodies,
      Function<byte[], Map<String, String>> headers, Map<String, String> query) {
    List<Delivery> deliveries = new ArrayList<>();
    for (byte[] body : bodies) {
      deliveries.add(post(config.id(), body, headers.apply(body), query));
      deliveries.add(get(config.id(), Map.of("hub.mode", "subscribe",
          "hub.challenge", new String(body, StandardCharsets.UTF_8), "hub.verify_token", "x")));
    }
    assertNeverThrows(adapter, config, deliveries);
  }

  private static String describe(Delivery delivery) {
    String body = new String(delivery.body(), StandardCharsets.UTF_8);
    return "body " + (body.length() > 300 ? body.substring(0, 300) + "…" : body) + " query " + delivery.query();
  }

  /**
   * {@code count} bodies meant to break a parser: random bytes, the fixture cut, flipped and spliced,
   * random JSON built from the web and ad platforms' field names ({@link #KEYS}) and nasty scalars, and
   * pathological nesting and numbers. Deterministic for a seed.
   */
  static List<byte[]> adversarialBodies(byte[] fixture, long seed, int count) {
    Random random = new Random(seed);
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(new byte[0]);
    bodies.add("null".getBytes(StandardCharsets.UTF_8));
    bodies.add("[".repeat(5000).getBytes(StandardCharsets.UTF_8));
    bodies.add(("{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).getBytes(StandardCharsets.UTF_8));
    bodies.add(("[" + "9".repeat(5000) + "]").getBytes(StandardCharsets.UTF_8));
    bodies.add("{\"results\":[{\"conversionId\":1e999999,\"submittedAt\":-1e999}]}".getBytes(StandardCharsets.UTF_8));
    bodies.add("[{\"subscriptionType\":\"contact.creation\",\"portalId\":1,\"objectId\":2,\"eventId\":3,\"occurredAt\":99999999999999999999}]"
        .getBytes(StandardCharsets.UTF_8));
    bodies.add((new String(fixture, StandardCharsets.UTF_8) + "garbage").getBytes(StandardCharsets.UTF_8));
    while (bodies.size() < count) {
      switch (random.nextInt(6)) {
        case 0 -> bodies.add(randomBytes(random));
        case 1 -> bodies.add(mutate(fixture, random));
        case 2, 3 -> bodies.add(utf8(toJson(randomJson(random, 0))));
        case 4 -> bodies.add(shapeOf(fixture, random, 3));
        default -> bodies.add(shapeOf(fixture, random, 25));
      }
    }
    return bodies;
  }

  /**
   * {@code count} bodies built to break parsers: random bytes, random JSON over the Chinese platforms'
   * field names ({@link #PLATFORM_KEYS}), each seed truncated, with bytes flipped, with a random node
   * replaced by random JSON, deep nesting and odd top-level values. Deterministic for a seed.
   */
  static List<byte[]> adversarialBodies(long seed, List<byte[]> seeds, int count) {
    Random random = new Random(seed);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] base = seeds.get(random.nextInt(seeds.size()));
      bodies.add(switch (i % 8) {
        case 0 -> randomBytes(random);
        case 1 -> utf8(randomPlatformJson(random, 0).toString());
        case 2 -> java.util.Arrays.copyOf(base, random.nextInt(base.length + 1));
        case 3 -> flipped(random, base);
        case 4, 5 -> utf8(mutated(random, base));
        case 6 -> utf8(nested(random));
        default -> utf8(odd(random));
      });
    }
    return bodies;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] flipped(Random random, byte[] base) {
    byte[] copy = base.clone();
    for (int n = 1 + random.nextInt(6); n > 0 && copy.length > 0; n--) copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    return copy;
  }

  private static String mutated(Random random, byte[] base) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(base);
    } catch (IOException e) {
      return randomPlatformJson(random, 0).toString();
    }
    if (tree == null) return "null";
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      List<JsonNode> containers = new ArrayList<>();
      collect(tree, containers);
      if (containers.isEmpty()) break;
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String key = !names.isEmpty() && random.nextBoolean() ? names.get(random.nextInt(names.size())) : PLATFORM_KEYS[random.nextInt(PLATFORM_KEYS.length)];
        if (random.nextInt(5) == 0) object.remove(key);
        else object.set(key, randomPlatformJson(random, 2));
      } else if (target instanceof ArrayNode array) {
        if (array.size() > 0 && random.nextBoolean()) array.set(random.nextInt(array.size()), randomPlatformJson(random, 2));
        else array.add(randomPlatformJson(random, 2));
      }
    }
    return tree.toString();
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (!node.isContainerNode()) return;
    out.add(node);
    node.forEach(child -> collect(child, out));
  }

  private static JsonNode randomPlatformJson(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = random.nextInt(depth >= 4 ? 6 : 8);
    return switch (kind) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> switch (random.nextInt(4)) {
        case 0 -> f.numberNode(random.nextInt());
        case 1 -> f.numberNode(Long.MIN_VALUE);
        case 2 -> f.numberNode(new BigInteger("123456789012345678901234567890"));
        default -> f.numberNode(new java.math.BigDecimal("1E+400"));
      };
      case 3, 4 -> f.textNode(PLATFORM_STRINGS[random.nextInt(PLATFORM_STRINGS.length)]);
      case 5 -> f.numberNode(random.nextDouble() * 1e12);
      case 6 -> {
        ArrayNode array = f.arrayNode();
        for (int n = random.nextInt(4); n > 0; n--) array.add(randomPlatformJson(random, depth + 1));
        yield array;
      }
      default -> {
        ObjectNode object = f.objectNode();
        for (int n = random.nextInt(6); n > 0; n--) object.set(PLATFORM_KEYS[random.nextInt(PLATFORM_KEYS.length)], randomPlatformJson(random, depth + 1));
        yield object;
      }
    };
  }

  private static String nested(Random random) {
    int depth = new int[] {10, 500, 999, 1000, 1001, 3000}[random.nextInt(6)];
    return random.nextBoolean()
        ? "[".repeat(depth) + "]".repeat(depth)
        : "{\"data\":".repeat(depth) + "{}" + "}".repeat(depth);
  }

  private static String odd(Random random) {
    String[] values = {"", "null", "0", "-0", "\"x\"", "[]", "{}", "1e999999", "1.5e-400", "\"\\uD800\"", "\uFEFF{}",
        "{\"code\":0}", "{\"code\":\"0\",\"data\":null}", "{\"code\":0.0}", "{\"code\":99999999999999999999999}",
        "{\"code\":0,\"data\":{\"list\":[null,1,\"x\",[]]}}", "{\"code\":0,\"data\":{\"leads_info\":{}}}",
        "{\"errcode\":0,\"external_contact\":[]}", "{\"errcode\":0,\"external_contact\":{\"external_userid\":{}}}",
        "{} {}", "{\"a\":1,}", "{'a':1}", "NaN", "<xml/>", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml>&e;</xml>"};
    return values[random.nextInt(values.length)];
  }

  private static byte[] mutate(byte[] fixture, Random random) {
    byte[] copy = fixture.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        return java.util.Arrays.copyOf(copy, random.nextInt(copy.length + 1));
      }
      case 1 -> {
        for (int n = 1 + random.nextInt(8); n > 0; n--) copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        return copy;
      }
      case 2 -> {
        int from = random.nextInt(copy.length);
        int to = from + random.nextInt(copy.length - from);
        byte[] spliced = new byte[copy.length + (to - from)];
        System.arraycopy(copy, 0, spliced, 0, to);
        System.arraycopy(copy, from, spliced, to, copy.length - from);
        return spliced;
      }
      default -> {
        String text = new String(copy, StandardCharsets.UTF_8);
        String[] swaps = {"\"", "[", "]", "{", "}", ":", ",", "null", "0", "-1", "true", "\"\"", "[]", "{}"};
        StringBuilder out = new StringBuilder(text);
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
          int at = random.nextInt(out.length() + 1);
          out.insert(at, swaps[random.nextInt(swaps.length)]);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  /** The fixture's own structure with about one in {@code oneIn} values dropped or replaced: right keys, wrong values. */
  private static byte[] shapeOf(byte[] fixture, Random random, int oneIn) {
    try {
      JsonNode tree = MAPPER.readTree(fixture);
      return replaceScalars(tree, random, oneIn).toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return fixture;
    }
  }

  private static JsonNode replaceScalars(JsonNode node, Random random, int oneIn) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> {
        if (random.nextInt(oneIn * 3) > 0) out.set(e.getKey(), replaceScalars(e.getValue(), random, oneIn));
      });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> out.add(replaceScalars(child, random, oneIn)));
      if (random.nextInt(oneIn + 1) == 0) out.add(randomScalar(random));
      return out;
    }
    return random.nextInt(oneIn) == 0 ? json(toJson(randomJson(random, 2))) : node;
  }

  private static final String[] KEYS = {
    "results", "conversionId", "submittedAt", "values", "name", "value", "pageUrl", "paging",
    "eventId", "subscriptionId", "portalId", "occurredAt", "subscriptionType", "attemptNumber", "objectId",
    "objectTypeId", "propertyName", "propertyValue", "changeSource", "appId",
    "object", "entry", "id", "time", "changes", "field", "leadgen_id", "page_id", "form_id", "ad_id",
    "created_time", "field_data", "is_organic", "platform", "campaign_name",
    "lead_id", "user_column_data", "column_id", "column_name", "string_value", "google_key", "Google_key",
    "is_test", "lead_submit_time", "campaign_id", "gcl_id"};

  private static Object randomJson(Random random, int depth) {
    int pick = depth > 5 ? 4 + random.nextInt(6) : random.nextInt(10);
    if (pick < 2) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      for (int n = random.nextInt(6); n > 0; n--) map.put(KEYS[random.nextInt(KEYS.length)], randomJson(random, depth + 1));
      return map;
    }
    if (pick < 4) {
      List<Object> list = new ArrayList<>();
      for (int n = random.nextInt(5); n > 0; n--) list.add(randomJson(random, depth + 1));
      return list;
    }
    return scalar(random);
  }

  private static JsonNode randomScalar(Random random) {
    return json(toJson(scalar(random)));
  }

  private static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object scalar(Random random) {
    Object[] scalars = {
      null, true, false, 0, -1, Long.MAX_VALUE, Long.MIN_VALUE, new BigInteger("123456789012345678901234567890"),
      1.5e300, -0.0, Double.MIN_VALUE, "", " ", "0-1", "page", "leadgen", "contact.creation",
      "contact.propertyChange", "object.creation", "firstname", "email", "phone", "full_name", "phone_number",
      "FULL_NAME", "EMAIL", "PHONE_NUMBER", "../../me", "1234567890123456", "k3y-from-the-lead-form",
      "2026-11-24T08:15:01+0000", "not a time", "https://x.example/?utm_source=a&utm_medium", "http://[::1",
      "\u0000\uFFFF\uD800", "王工", "%3A%2F", "a".repeat(5000)};
    return scalars[random.nextInt(scalars.length)];
  }

  private static final String[] PLATFORM_KEYS = {"code", "message", "data", "list", "leads_info", "page_info", "clue_id",
      "leads_id", "name", "telephone", "leads_telephone", "email", "remark", "remark_dict", "store", "external_url",
      "page_url", "province_name", "city_name", "errcode", "errmsg", "external_contact", "external_userid",
      "follow_user", "createtime", "remark_mobiles", "tags", "state", "userid", "corp_name", "items", "entry", "id",
      "", "a/b", "~", "姓名", "手机"};
  private static final String[] PLATFORM_STRINGS = {"", " ", "0", "-1", "null", "13800138000", "138****5678", "张三", "🌸",
      "\u0000", "\uFFFF", "%zz", "http://[::1", "https://x.cn/?utm_source=%E4&utm_medium", "javascript:alert(1)",
      "{\"a\":1}", "{not json", "<xml><Encrypt>x</Encrypt></xml>", "~0~1/", "9".repeat(400), "长".repeat(3000)};
}
