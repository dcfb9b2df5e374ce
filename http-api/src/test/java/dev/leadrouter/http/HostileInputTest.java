package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.http.RouteTable.Endpoint;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Seeded hostile input (issue 17 §3): at least 10,000 generated malformed and hostile requests over
 * every write endpoint of {@link RouteTable} — wrong types, nulls, huge and empty strings, deep
 * nesting, control characters, lone surrogates, invalid UTF-8, duplicate keys, trailing garbage,
 * wrong content types, absurd numbers, bad ids, oversized bodies, missing and duplicated headers,
 * wrong methods. No answer may be 5xx, every 4xx is a parseable problem+json of its status, and
 * the engine still answers; then canary leads each reach search, the SLA board and the outbox.
 * The seed is printed and in every failure; rerun one with {@code -Dleadrouter.fuzz.seed=N}
 * ({@code -Dleadrouter.fuzz.requests=N} for more or fewer).
 */
class HostileInputTest extends SharedH2Engine {

  private static final long SEED = Long.getLong("leadrouter.fuzz.seed", System.nanoTime());
  private static final int REQUESTS = Integer.getInteger("leadrouter.fuzz.requests", 10_000);
  private static final int IN_FLIGHT = 32;
  /** application.conf's pekko.http.server.parsing.max-content-length. */
  private static final int PEKKO_MAX_CONTENT_LENGTH = 2 * 1024 * 1024;
  private static final String SOURCE_TOKEN = "fuzz-source-token";
  private static final List<String> DOCUMENTS = List.of("/api/v1/org", "/api/v1/routing", "/api/v1/sla-policies",
      "/api/v1/pipelines");

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** The ids the paths are filled with, and the bodies mutations start from. */
  private String lead;
  private String repToken;
  private String opportunity;
  private final Map<String, JsonNode> documents = new TreeMap<>();
  /**
   * The phones of the fuzz's leads: a few, so that the valid ones among them merge into a few leads
   * instead of filling the east reps (the canary goes south anyway).
   */
  private final List<String> phones = List.of(EngineFixture.newPhone(), EngineFixture.newPhone(), EngineFixture.newPhone());

  @Test
  void tenThousandHostileRequestsThenCanaryLeadsGoAllTheWay() throws Exception {
    System.out.println("HostileInputTest seed " + SEED + " (rerun: -Dleadrouter.fuzz.seed=" + SEED + ")");
    prepare();
    List<Endpoint> writes = RouteTable.ENDPOINTS.stream().filter(e -> !e.method().equals("GET")).toList();
    Random random = new Random(SEED);
    Semaphore slots = new Semaphore(IN_FLIGHT);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger unanswered = new AtomicInteger();
    List<CompletableFuture<?>> pending = Collections.synchronizedList(new ArrayList<>());
    Instant started = Instant.now();
    for (int i = 0; i < REQUESTS; i++) {
      Hostile request = generate(i, writes.get(random.nextInt(writes.size())), random);
      slots.acquire();
      CompletableFuture<?> sent = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
          .handle((response, error) -> {
            slots.release();
            String problem = error != null ? (request.mayGoUnanswered() ? null : "no answer: " + error) : check(response);
            if (error != null && request.mayGoUnanswered()) unanswered.incrementAndGet();
            if (response != null) statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (problem != null) failures.add(request.describe() + " -> " + problem);
            return null;
          });
      pending.add(sent);
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    System.out.println("HostileInputTest: " + REQUESTS + " requests in " + Duration.between(started, Instant.now())
        + ", statuses " + new TreeMap<>(statuses) + ", " + unanswered + " bodies over 2 MiB unanswered (reset)");
    assertTrue(failures.isEmpty(), "seed " + SEED + ": " + failures.size() + " bad answers, the first:\n"
        + String.join("\n", failures.stream().limit(20).toList()));
    assertEquals(200, engine.send(HttpRequest.newBuilder(engine.uri("/health/alive")).GET()).statusCode());

    restoreDocuments();
    canary();
  }

  // ------------------------------------------------------------------ the checks

  /** Null when the answer is acceptable, else what is wrong with it. */
  private static String check(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 500) return status + " " + response.body();
    if (status < 400) return null;
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.startsWith("application/problem+json")) return status + " with Content-Type '" + type + "': " + response.body();
    try {
      JsonNode body = Json.MAPPER.readTree(response.body());
      if (body.path("status").asInt() != status || !body.path("type").isTextual() || !body.path("title").isTextual()) {
        return status + " with a problem that does not say so: " + response.body();
      }
    } catch (Exception e) {
      return status + " with an unparseable problem: " + response.body();
    }
    return null;
  }

  /** Each canary lead, posted after the fuzz, is found by search, is on the SLA board and has notifications. */
  private void canary() {
    List<String> phones = new ArrayList<>();
    List<String> leads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String phone = EngineFixture.newPhone();
      phones.add(phone);
      leads.add(engine.postLead("{\"name\":\"金丝雀" + i + "\",\"phone\":\"" + phone
          + "\",\"region\":\"深圳\",\"industry\":\"新能源电池\",\"budget\":\"80万\"}"));
    }
    awaitAssert(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < leads.size(); i++) {
        String leadId = leads.get(i);
        String repId = engine.view(leadId).at("/assignment/repId").asText();
        assertTrue(repId.startsWith("rep-south-"), "seed " + SEED + ": " + leadId + " assigned in the south: " + repId);
        JsonNode board = EngineFixture.json(engine.get("/api/v1/sla/board?limit=1000&repId=" + repId, engine.admin()));
        JsonNode found = EngineFixture.json(engine.get("/api/v1/leads?phone=" + phones.get(i), engine.admin())).get("leads");
        assertTrue(found.findValuesAsText("leadId").contains(leadId), "seed " + SEED + ": search " + found);
        assertTrue(board.get("leads").findValuesAsText("leadId").contains(leadId), "seed " + SEED + ": board " + board);
        JsonNode notifications = EngineFixture.json(engine.get("/api/v1/notifications?leadId=" + leadId, engine.admin()))
            .get("notifications");
        assertTrue(notifications.size() > 0, "seed " + SEED + ": outbox of " + leadId + ": " + notifications);
      }
    });
  }

  // ------------------------------------------------------------------ the targets

  private void prepare() {
    lead = engine.postLead(leadBody(EngineFixture.newPhone()));
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(lead).get("status").asText()));
    repToken = engine.token(engine.view(lead).at("/assignment/repId").asText(), "rep");
    String converted = engine.postLead(leadBody(EngineFixture.newPhone()));
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(converted).get("status").asText()));
    String ownerToken = engine.token(engine.view(converted).at("/assignment/repId").asText(), "rep");
    assertEquals(200, engine.post("/api/v1/leads/" + converted + "/ack", ownerToken, "{}").statusCode());
    opportunity = EngineFixture.json(engine.post("/api/v1/leads/" + converted + "/convert", ownerToken, "{}"))
        .get("opportunityId").asText();
    for (String path : DOCUMENTS) {
      JsonNode shown = EngineFixture.json(engine.get(path, engine.admin()));
      documents.put(path, shown.has("document") ? shown.get("document") : shown);
    }
    String sources = "{\"sources\":[{\"id\":\"landing\",\"type\":\"generic\",\"secrets\":{\"token\":\"" + SOURCE_TOKEN
        + "\"},\"options\":{\"fields\":{\"sourceEventId\":\"/id\",\"name\":\"/contact/name\",\"phone\":\"/contact/mobile\","
        + "\"email\":\"/contact/email\",\"region\":\"/city\",\"industry\":{\"const\":\"工业自动化\"}}}}]}";
    HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), sources);
    assertEquals(200, put.statusCode(), put.body());
    documents.put("/api/v1/sources", EngineFixture.json(engine.get("/api/v1/sources", engine.admin())).get("document"));
  }

  /** Puts back the documents a valid fuzzed PUT or rollback may have replaced, so the canary routes as before. */
  private void restoreDocuments() {
    for (String path : DOCUMENTS) {
      HttpResponse<String> put = engine.put(path, engine.admin(), documents.get(path).toString());
      assertTrue(put.statusCode() == 200, path + ": " + put.statusCode() + " " + put.body());
    }
  }

  private static String leadBody(String phone) {
    return "{\"name\":\"王工\",\"phone\":\"" + phone + "\",\"email\":\"wang" + phone + "@example.cn\",\"region\":\"上海\","
        + "\"industry\":\"工业自动化\",\"budget\":\"80万\",\"source\":\"fuzz\",\"sourceEventId\":\"" + phone + "\"}";
  }

  /** A valid body for the row, the start of every mutation. */
  private JsonNode base(Endpoint e, Random random) {
    String path = e.path();
    String phone = phones.get(random.nextInt(phones.size()));
    try {
      if (path.endsWith("/leads") || path.endsWith("/leads/preview")) return Json.MAPPER.readTree(leadBody(phone));
      if (path.endsWith("/events") || path.endsWith("/sources/{sourceId}/preview")) {
        return Json.MAPPER.readTree("{\"id\":\"" + random.nextInt(1000) + "\",\"contact\":{\"name\":\"王工\",\"mobile\":\""
            + phone + "\",\"email\":\"w@example.cn\"},\"city\":\"上海\"}");
      }
      if (path.endsWith("/hold")) return Json.MAPPER.readTree("{\"reason\":\"fuzz\"}");
      if (path.endsWith("/actions")) return Json.MAPPER.readTree("{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\"}]}");
      if (path.endsWith("/stage")) return Json.MAPPER.readTree("{\"to\":\"solution_demo\",\"reason\":\"fuzz\"}");
      if (path.endsWith("/snooze")) return Json.MAPPER.readTree("{\"until\":\"2030-01-01T00:00:00Z\",\"reason\":\"fuzz\"}");
      if (path.endsWith("/convert")) return Json.MAPPER.readTree("{\"amount\":100000,\"currency\":\"CNY\"}");
      if (path.endsWith("/simulate")) return Json.MAPPER.readTree("{\"last\":5}");
      if (documents.containsKey(path)) return documents.get(path).deepCopy();
      return JsonNodeFactory.instance.objectNode();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  // ------------------------------------------------------------------ generation

  /** One generated request, and how to tell it in a failure. */
  private record Hostile(int index, String method, URI uri, Map<String, List<String>> headers, byte[] body, String mutation) {
    HttpRequest build() {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
      return b.build();
    }

    /**
     * A body over Pekko's {@code parsing.max-content-length} (2 MiB): the server answers 413 problem+json at once and closes the connection while the
     * client is still writing, so the client may see a reset instead of the answer (TCP discards what
     * the client had not read when the server closes with unread input). An answer that does arrive
     * must still be the 413 problem ({@link #check}); bodies between 1 and 2 MiB, which the route
     * drains before answering, must always be answered.
     */
    boolean mayGoUnanswered() {
      return body != null && body.length > PEKKO_MAX_CONTENT_LENGTH;
    }

    String describe() {
      String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return "#" + index + " " + mutation + ": " + method + " " + (uri.toString().length() > 300 ? uri.toString().substring(0, 300) + "…" : uri)
          + " " + headers.keySet() + " " + (body == null ? "" : body.length + " bytes " + shown);
    }
  }

  private Hostile generate(int index, Endpoint e, Random random) {
    String method = e.method();
    String path = fill(e.path(), random, false);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Content-Type", List.of("application/json"));
    boolean ownLead = e.target() == RouteTable.Target.LEAD || e.target() == RouteTable.Target.OPPORTUNITY;
    headers.put("Authorization", List.of("Bearer " + (ownLead && random.nextInt(4) == 0 ? repToken : engine.admin())));
    byte[] body = base(e, random).toString().getBytes(StandardCharsets.UTF_8);
    String query = path.contains("/events") || path.contains("/sources/") ? "?token=" + SOURCE_TOKEN : "";
    String mutation;
    int kind = random.nextInt(20);
    switch (kind) {
      case 0, 1, 2, 3, 4, 5, 6 -> {
        JsonNode tree = base(e, random);
        mutation = mutateTree(tree, random);
        body = tree.toString().getBytes(StandardCharsets.UTF_8);
      }
      case 7, 8, 9, 10 -> {
        String[] raw = mutateRaw(new String(body, StandardCharsets.UTF_8), random);
        mutation = raw[0];
        body = raw[1].getBytes(StandardCharsets.ISO_8859_1);
      }
      case 11 -> {
        String type = pick(random, "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data", "application/json; charset=iso-8859-1", "application/jsonx", "*/*", "application/problem+json",
            "text/json", "application/json; boundary=\"", ";;;");
        headers.put("Content-Type", List.of(type));
        mutation = "content type " + type;
      }
      case 12 -> {
        path = fill(e.path(), random, true);
        mutation = "hostile path segment";
      }
      case 13 -> {
        int size = random.nextBoolean() ? (int) ApiDirectives.MAX_BODY_BYTES + 1 + random.nextInt(1000) : PEKKO_MAX_CONTENT_LENGTH + 10;
        byte[] big = new byte[size];
        java.util.Arrays.fill(big, (byte) ' ');
        System.arraycopy(body, 0, big, 0, body.length);
        body = big;
        mutation = "oversized body " + size;
      }
      case 14 -> {
        switch (random.nextInt(6)) {
          case 0 -> headers.remove("Authorization");
          case 1 -> headers.put("Authorization", List.of("Bearer " + engine.admin(), "Bearer " + repToken));
          case 2 -> headers.put("Authorization", List.of(pick(random, "Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer x.y.z",
              "Bearer " + "A".repeat(5000), "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.")));
          case 3 -> headers.remove("Content-Type");
          case 4 -> headers.put("Content-Type", List.of("application/json", "text/plain"));
          default -> headers.put("X-Padding", List.of("x".repeat(10_000 + random.nextInt(60_000))));
        }
        mutation = "headers " + headers.keySet();
      }
      case 15 -> {
        method = pick(random, "PATCH", "DELETE", "PUT", "POST", "OPTIONS", "TRACE");
        mutation = "method " + method;
      }
      case 16 -> {
        headers.put("Idempotency-Key", List.of(pick(random, "", " ", "k".repeat(10_000), "a,b", "\"quoted\"", "%FF%00",
            Long.toString(random.nextLong()))));
        mutation = "idempotency key";
      }
      case 17 -> {
        query = (query.isEmpty() ? "?" : query + "&") + pick(random, "limit=-1", "limit=99999999999999999999", "token=",
            "token=" + SOURCE_TOKEN + "&token=x", "x=%00", "leadId=%F0%9F", "a=" + "b".repeat(20_000), "&&&=");
        mutation = "query";
      }
      case 18 -> {
        body = new byte[0];
        mutation = "empty body";
      }
      default -> {
        body = null;
        headers.remove("Content-Type");
        mutation = "no body";
      }
    }
    return new Hostile(index, method, URI.create("http://127.0.0.1:" + engine.running.port() + path + query),
        headers, body, mutation);
  }

  /** The row's path with its ids filled in; with {@code hostile} one id is replaced by a hostile segment. */
  private String fill(String template, Random random, boolean hostile) {
    String path = template.replace("{leadId}", lead).replace("{opportunityId}", opportunity)
        .replace("{repId}", "rep-east-2").replace("{sourceId}", "landing").replace("{n}", "1").replace("{id}", "1");
    if (!hostile) return path;
    String segment = pick(random, "%00", "%2F", "..", "%2e%2e", "%20", "x".repeat(300), "%E2%80%AE", "%F0%9F%92%A9",
        "%ED%A0%80", "%C0%AF", "-1", "99999999999999999999", "1e9", "%25", "%FF", "a%0Ab", "%EF%BB%BF",
        URLEncoder.encode("中文ｌｅａｄ", StandardCharsets.UTF_8), "null", "%7B%7D");
    String[] parts = path.split("/");
    List<Integer> ids = new ArrayList<>();
    for (int i = 3; i < parts.length; i++) ids.add(i);
    if (ids.isEmpty()) return path + "/" + segment;
    parts[ids.get(random.nextInt(ids.size()))] = segment;
    return String.join("/", parts);
  }

  /** Replaces, removes or adds one value somewhere in {@code tree}; returns what it did. */
  private static String mutateTree(JsonNode tree, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(tree, containers);
    JsonNode container = containers.get(random.nextInt(containers.size()));
    JsonNode value = hostileValue(random);
    if (container instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty() || random.nextInt(5) == 0) {
        object.set(pick(random, "extra", "__proto__", "", "a".repeat(1000), "\u0000"), value);
        return "added field " + value.getNodeType();
      }
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(6) == 0) {
        object.remove(name);
        return "removed " + name;
      }
      object.set(name, value);
      return name + " := " + value.getNodeType();
    }
    ArrayNode array = (ArrayNode) container;
    if (array.isEmpty() || random.nextBoolean()) array.add(value);
    else array.set(random.nextInt(array.size()), value);
    return "array element := " + value.getNodeType();
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) out.add(node);
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
  }

  private static JsonNode hostileValue(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(16)) {
      case 0 -> f.nullNode();
      case 1 -> f.textNode("");
      case 2 -> f.textNode("x".repeat(1 + random.nextInt(200_000)));
      case 3 -> f.textNode("\u0000\u0001\u001b[31m\u007f\u202e\u2028" + "ctl");
      case 4 -> f.textNode("\ud800" + "lone" + "\udfff");
      case 5 -> f.textNode("\ufdfa".repeat(1 + random.nextInt(20_000)));
      case 6 -> f.textNode("e\u0301".repeat(1 + random.nextInt(5000)) + "🙂");
      case 7 -> f.numberNode(new java.math.BigDecimal("1e400"));
      case 8 -> f.numberNode(Long.MIN_VALUE);
      case 9 -> f.numberNode(-0.0000001);
      case 10 -> f.booleanNode(random.nextBoolean());
      case 11 -> f.arrayNode().add(1).add("two").addNull();
      case 12 -> f.objectNode().put("nested", "object");
      case 13 -> {
        ArrayNode deep = f.arrayNode();
        ArrayNode cur = deep;
        for (int i = 0; i < 200; i++) cur = cur.addArray();
        yield deep;
      }
      case 14 -> f.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(2000))));
      default -> f.textNode("' OR 1=1; DROP TABLE lead_index; -- <script>alert(1)</script> ${jndi:ldap://x} {{7*7}}");
    };
  }

  /** A raw text mutation; returns {what, body as ISO-8859-1 bytes in a String}. */
  private static String[] mutateRaw(String json, Random random) {
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    String bytes = new String(utf8, StandardCharsets.ISO_8859_1);
    int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.length());
    return switch (random.nextInt(11)) {
      case 0 -> new String[] {"trailing garbage", bytes + pick(random, "x", "}", " {}", "]", "\u0000", ",", "//c", "/* */")};
      case 1 -> new String[] {"two objects", bytes + bytes};
      case 2 -> {
        int brace = bytes.indexOf('{');
        int colon = bytes.indexOf(':', brace);
        int end = bytes.indexOf(',', colon);
        if (brace < 0 || colon < 0 || end < 0) yield new String[] {"trailing garbage", bytes + "x"};
        yield new String[] {"duplicate key", bytes.substring(0, end + 1) + bytes.substring(brace + 1, end + 1) + bytes.substring(end + 1)};
      }
      case 3 -> new String[] {"invalid UTF-8", bytes.substring(0, at) + pick(random, "\u00ff", "\u00c3\u0028", "\u00c0\u00af",
          "\u00e0\u0080\u00af", "\u00ed\u00a0\u0080", "\u00f8\u0088\u0080\u0080\u0080", "\u0080") + bytes.substring(at)};
      case 4 -> new String[] {"truncated", bytes.substring(0, at)};
      case 5 -> {
        int depth = 1000 + random.nextInt(100_000);
        yield new String[] {"nesting " + depth, "[".repeat(depth) + "]".repeat(depth)};
      }
      case 6 -> new String[] {"byte order mark", "\u00ef\u00bb\u00bf" + bytes};
      case 7 -> new String[] {"NaN and friends", bytes.replaceFirst(":\"[^\"]*\"", ":" + pick(random, "NaN", "Infinity", "-Infinity",
          "01", "1.", ".5", "0x10", "1e99999", "-", "+1", "undefined", "'single'", "\"\\u00\"", "\"\\ud800\""))};
      case 8 -> new String[] {"control byte in a string", bytes.replaceFirst("\"", "\"\u0001\u0000")};
      case 9 -> new String[] {"not JSON", pick(random, "", " ", "null", "[]", "\"string\"", "42", "true", "<xml/>", "a=b&c=d",
          "{'a':1}", "{a:1}", "{\"a\":1,}", "[1,]")};
      default -> new String[] {"random bytes", randomBytes(random)};
    };
  }

  private static String randomBytes(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = random.nextInt(4000);
    for (int i = 0; i < n; i++) out.write(random.nextInt(256));
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
