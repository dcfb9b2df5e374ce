package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** Fixtures, deliveries, configs and adversarial bodies shared by the adapter tests. */
final class SourceTestKit {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-24T08:30:00Z");

  private SourceTestKit() {}

  /** {@code src/test/resources/sources/<type>/<name>} as bytes. */
  static byte[] fixture(String type, String name) {
    try (InputStream in = SourceTestKit.class.getResourceAsStream("/sources/" + type + "/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + type + "/" + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SourceConfig config(String id, String type, Map<String, String> secrets, String optionsJson) {
    return new SourceConfig(id, type, secrets, "high", List.of("paid"), 0.9, json(optionsJson), true);
  }

  static JsonNode json(String text) {
    try {
      return text == null ? null : MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static Delivery post(String sourceId, byte[] body, Map<String, String> headers, Map<String, String> query) {
    return new Delivery(sourceId, "application/json", body, headers, query, Map.of(), NOW);
  }

  static Delivery post(String sourceId, String body) {
    return post(sourceId, body.getBytes(StandardCharsets.UTF_8), Map.of(), Map.of());
  }

  static Delivery get(String sourceId, Map<String, String> query) {
    return new Delivery(sourceId, "", new byte[0], Map.of(), query, Map.of(), NOW);
  }

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

  /**
   * {@code count} bodies meant to break a parser: random bytes, the fixture cut, flipped and spliced,
   * random JSON built from every platform's field names and nasty scalars, and pathological nesting
   * and numbers. Deterministic for a seed.
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
        case 0 -> {
          byte[] bytes = new byte[random.nextInt(300)];
          random.nextBytes(bytes);
          bodies.add(bytes);
        }
        case 1 -> bodies.add(mutate(fixture, random));
        case 2, 3 -> bodies.add(toJson(randomJson(random, 0)).getBytes(StandardCharsets.UTF_8));
        case 4 -> bodies.add(shapeOf(fixture, random, 3));
        default -> bodies.add(shapeOf(fixture, random, 25));
      }
    }
    return bodies;
  }

  /** Asserts that neither {@code verify} nor {@code parse} throws on any of the bodies. */
  static void assertNeverThrows(SourceAdapter adapter, SourceConfig config, List<byte[]> bodies,
      Function<byte[], Map<String, String>> headers, Map<String, String> query) {
    for (int i = 0; i < bodies.size(); i++) {
      byte[] body = bodies.get(i);
      Delivery delivery = post(config.id(), body, headers.apply(body), query);
      String which = "body #" + i + ": " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      Verdict verdict = assertDoesNotThrow(() -> adapter.verify(delivery, config, NOW), which);
      assertNotNull(verdict, which);
      assertTrue(verdict.authentic() || verdict.reason() != null, which);
      Result result = assertDoesNotThrow(() -> adapter.parse(delivery, config), which);
      assertNotNull(result, which);
      result.errors().forEach(e -> assertTrue(e.field().isEmpty() || e.field().startsWith("/"), which + " pointer " + e.field()));
      assertDoesNotThrow(() -> adapter.handshake(get(config.id(), Map.of("hub.mode", "subscribe",
          "hub.challenge", new String(body, StandardCharsets.UTF_8), "hub.verify_token", "x")), config), which);
    }
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
}
