package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Adversarial inputs for adapters, reproducible from a seed: random bytes, truncated and corrupted
 * fixtures, nesting far past any limit, huge strings, and the fixture with random parts replaced by
 * random JSON (of the types adapters do not expect, under the names they look for).
 */
final class FormFuzz {

  static final int RUNS = 1_000;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] TEXTS = {"", " ", "张三", "+86 138 0013 8000", "a@b.cn", "null", "true", "0", "-1",
      "1e999", "\u0000", "\uD83D\uDE00", "\uD800", "\u202E", "q1_", "[]", "{}", "<script>", "utm_source", "%zz", "\r\n"};

  private final Random random;
  private final byte[] fixture;
  private final List<String> names;

  /** {@code names}: member and field names the adapter reads, so random values land where they hurt. */
  FormFuzz(long seed, byte[] fixture, List<String> names) {
    this.random = new Random(seed);
    this.fixture = fixture;
    this.names = names;
  }

  /** The {@code i}-th body: a different kind of damage for each {@code i % 8}. */
  byte[] body(int i) {
    return switch (i % 8) {
      case 0 -> bytes(random.nextInt(2_000));
      case 1 -> Arrays.copyOf(fixture, random.nextInt(fixture.length + 1));
      case 2 -> corrupt(fixture);
      case 3 -> nested(900 + random.nextInt(5_000)).getBytes(StandardCharsets.UTF_8);
      case 4 -> huge(i % 80 == 4 ? 2_000_000 : 50_000).getBytes(StandardCharsets.UTF_8);
      default -> mutated(text(fixture)).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** A JSON text with a few members replaced, removed or added at random. */
  String mutated(String json) {
    JsonNode root;
    try {
      root = SourceTestKit.MAPPER.readTree(json);
    } catch (Exception e) {
      return json;
    }
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    int changes = 1 + random.nextInt(6);
    for (int c = 0; c < changes && !containers.isEmpty(); c++) {
      JsonNode target = containers.get(random.nextInt(containers.size()));
      if (target instanceof ObjectNode o) {
        List<String> fields = new ArrayList<>();
        o.fieldNames().forEachRemaining(fields::add);
        String name = fields.isEmpty() || random.nextInt(4) == 0 ? pick(names) : fields.get(random.nextInt(fields.size()));
        if (random.nextInt(5) == 0) o.remove(name);
        else o.set(name, value(3));
      } else if (target instanceof ArrayNode a) {
        if (a.isEmpty() || random.nextBoolean()) a.add(value(3));
        else a.set(random.nextInt(a.size()), value(3));
      }
    }
    return root.toString();
  }

  /** A form with fields replaced, emptied, repeated or added at random. */
  Map<String, List<String>> form(Map<String, List<String>> base) {
    Map<String, List<String>> form = new LinkedHashMap<>(base);
    int changes = 1 + random.nextInt(6);
    for (int c = 0; c < changes; c++) {
      String name = random.nextBoolean() && !form.isEmpty()
          ? new ArrayList<>(form.keySet()).get(random.nextInt(form.size())) : pick(names);
      switch (random.nextInt(6)) {
        case 0 -> form.remove(name);
        case 1 -> form.put(name, List.of());
        case 2 -> form.put(name, List.of(string(), string()));
        case 3 -> form.put(name, List.of(random.nextBoolean() ? mutated(first(form.get(name))) : value(4).toString()));
        case 4 -> form.put(name, List.of(huge(random.nextInt(10) == 0 ? 500_000 : 2_000)));
        default -> form.put(name, List.of(string()));
      }
    }
    return form;
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  String string() {
    return switch (random.nextInt(4)) {
      case 0 -> pick(Arrays.asList(TEXTS));
      case 1 -> pick(names);
      case 2 -> new String(bytes(random.nextInt(40)), StandardCharsets.UTF_8);
      default -> huge(random.nextInt(300));
    };
  }

  private JsonNode value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 6 : 8);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt(5) == 0 ? random.nextDouble() * 1e300 : random.nextLong());
      case 3, 4, 5 -> NODES.textNode(string());
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) a.add(value(depth - 1));
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) o.set(random.nextBoolean() ? pick(names) : string(), value(depth - 1));
        yield o;
      }
    };
  }

  private String nested(int depth) {
    String open = random.nextBoolean() ? "[" : "{\"" + pick(names) + "\":";
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(depth) + "1" + (random.nextBoolean() ? close.repeat(depth) : "");
  }

  private String huge(int length) {
    StringBuilder s = new StringBuilder(length + 40);
    String unit = random.nextBoolean() ? "长" : "x\\n";
    while (s.length() < length) s.append(unit);
    return random.nextBoolean() ? "{\"" + pick(names) + "\":\"" + s + "\"}" : s.toString();
  }

  private byte[] corrupt(byte[] in) {
    byte[] out = in.clone();
    for (int i = 1 + random.nextInt(8); i > 0 && out.length > 0; i--) out[random.nextInt(out.length)] = (byte) random.nextInt(256);
    return out;
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      node.forEach(child -> collect(child, into));
    }
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() || values.get(0) == null ? "{}" : values.get(0);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
