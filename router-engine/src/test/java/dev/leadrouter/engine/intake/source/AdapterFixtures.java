package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
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

/** Fixtures, deliveries and the adversarial bodies every adapter test shares. */
final class AdapterFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-24T02:30:00Z");

  private static final String[] KEYS = {"code", "message", "data", "list", "leads_info", "page_info", "clue_id",
      "leads_id", "name", "telephone", "leads_telephone", "email", "remark", "remark_dict", "store", "external_url",
      "page_url", "province_name", "city_name", "errcode", "errmsg", "external_contact", "external_userid",
      "follow_user", "createtime", "remark_mobiles", "tags", "state", "userid", "corp_name", "items", "entry", "id",
      "", "a/b", "~", "姓名", "手机"};
  private static final String[] STRINGS = {"", " ", "0", "-1", "null", "13800138000", "138****5678", "张三", "🌸",
      "\u0000", "\uFFFF", "%zz", "http://[::1", "https://x.cn/?utm_source=%E4&utm_medium", "javascript:alert(1)",
      "{\"a\":1}", "{not json", "<xml><Encrypt>x</Encrypt></xml>", "~0~1/", "9".repeat(400), "长".repeat(3000)};

  private AdapterFixtures() {}

  static byte[] resource(String path) {
    try (InputStream in = AdapterFixtures.class.getResourceAsStream("/sources/" + path)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(resource(path), StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static SourceConfig config(String id, String type, Map<String, String> secrets, JsonNode options) {
    return new SourceConfig(id, type, secrets, "normal", List.of("华东投放"), 0.8, options, true);
  }

  static Delivery post(String sourceId, String mediaType, byte[] body, Map<String, String> query) {
    return post(sourceId, mediaType, body, query, Map.of());
  }

  static Delivery post(String sourceId, String mediaType, byte[] body, Map<String, String> query, Map<String, String> headers) {
    return new Delivery(sourceId, mediaType, body, headers, query, Map.of(), NOW);
  }

  static Delivery json(String sourceId, byte[] body, Map<String, String> query) {
    return post(sourceId, "application/json", body, query);
  }

  /** Asserts a delivery was malformed exactly at these pointers, with no lead and no fetch. */
  static void assertMalformedAt(SourceAdapter.Result result, String... pointers) {
    assertTrue(result.leads().isEmpty(), "no lead expected: " + result.leads());
    assertTrue(result.fetches().isEmpty(), "no fetch expected: " + result.fetches());
    assertFalse(result.errors().isEmpty(), "errors expected");
    assertTrue(result.errors().stream().allMatch(e -> e.message() != null && !e.message().isBlank()), result.errors().toString());
    org.junit.jupiter.api.Assertions.assertEquals(List.of(pointers), result.errors().stream().map(FieldError::field).toList());
  }

  /** Calls verify and parse on every delivery: neither may throw, and every result is well formed. */
  static void assertNeverThrows(SourceAdapter adapter, SourceConfig config, List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      SourceAdapter.Verdict verdict = assertDoesNotThrow(() -> adapter.verify(delivery, config, NOW), () -> describe(delivery));
      assertNotNull(verdict);
      assertTrue(verdict.authentic() || (verdict.reason() != null && !verdict.reason().isBlank()), () -> describe(delivery));
      SourceAdapter.Result result = assertDoesNotThrow(() -> adapter.parse(delivery, config), () -> describe(delivery));
      assertNotNull(result);
      for (FieldError error : result.errors()) {
        assertTrue(error.field().isEmpty() || error.field().startsWith("/"), () -> error + " for " + describe(delivery));
      }
      assertDoesNotThrow(() -> adapter.handshake(delivery, config), () -> describe(delivery));
    }
  }

  private static String describe(Delivery delivery) {
    String body = new String(delivery.body(), StandardCharsets.UTF_8);
    return "body " + (body.length() > 300 ? body.substring(0, 300) + "…" : body) + " query " + delivery.query();
  }

  /**
   * {@code count} bodies built to break parsers: random bytes, random JSON, each seed truncated,
   * with bytes flipped, with a random node replaced by random JSON, deep nesting and odd top-level values.
   */
  static List<byte[]> adversarialBodies(long seed, List<byte[]> seeds, int count) {
    Random random = new Random(seed);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] base = seeds.get(random.nextInt(seeds.size()));
      bodies.add(switch (i % 8) {
        case 0 -> randomBytes(random);
        case 1 -> utf8(randomJson(random, 0).toString());
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
      tree = JSON.readTree(base);
    } catch (IOException e) {
      return randomJson(random, 0).toString();
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
        String key = !names.isEmpty() && random.nextBoolean() ? names.get(random.nextInt(names.size())) : KEYS[random.nextInt(KEYS.length)];
        if (random.nextInt(5) == 0) object.remove(key);
        else object.set(key, randomJson(random, 2));
      } else if (target instanceof ArrayNode array) {
        if (array.size() > 0 && random.nextBoolean()) array.set(random.nextInt(array.size()), randomJson(random, 2));
        else array.add(randomJson(random, 2));
      }
    }
    return tree.toString();
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (!node.isContainerNode()) return;
    out.add(node);
    node.forEach(child -> collect(child, out));
  }

  private static JsonNode randomJson(Random random, int depth) {
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
      case 3, 4 -> f.textNode(STRINGS[random.nextInt(STRINGS.length)]);
      case 5 -> f.numberNode(random.nextDouble() * 1e12);
      case 6 -> {
        ArrayNode array = f.arrayNode();
        for (int n = random.nextInt(4); n > 0; n--) array.add(randomJson(random, depth + 1));
        yield array;
      }
      default -> {
        ObjectNode object = f.objectNode();
        for (int n = random.nextInt(6); n > 0; n--) object.set(KEYS[random.nextInt(KEYS.length)], randomJson(random, depth + 1));
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
}
