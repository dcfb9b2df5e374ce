package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.assertMalformedAt;
import static dev.leadrouter.engine.intake.source.SourceTestKit.json;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.intake.LeadInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GenericAdapterTest {

  private static final GenericAdapter ADAPTER = new GenericAdapter();
  private static final Map<String, String> TOKEN = Map.of("token", "gen-5d1e77");

  private static SourceConfig config(String options) {
    return SourceTestKit.eastChinaConfig("site-demo", "generic", Map.of("token", "gen-5d1e77"), options);
  }

  private static final SourceConfig LANDING = config(SourceTestKit.text("generic/landing-page.mapping.json"));
  private static final SourceConfig BATCH = config(SourceTestKit.text("generic/batch.mapping.json"));

  private static SourceAdapter.Result parse(SourceConfig config, String body) {
    return ADAPTER.parse(SourceTestKit.post("site-demo", body.getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN), config);
  }

  private static List<String> pointers(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aJsonPostIsMappedFieldByField() {
    SourceAdapter.Result result = parse(LANDING, SourceTestKit.text("generic/landing-page.json"));

    assertEquals(List.of(), result.errors());
    LeadInput expected = new LeadInput("site-demo", "10086", "张伟", "13800138000", "zhangwei@example.cn", "上海橙子智造科技有限公司",
        "上海市浦东新区", "工业自动化", "约80万", "high", new LeadInput.Utm("baidu", "cpc", "brand", null, null), "116.228.10.20",
        "想预约下周二的产品演示",
        Map.ofEntries(
            Map.entry("tags", "华东投放"),
            Map.entry("landingUrl", "https://www.example.cn/demo?utm_source=baidu&utm_medium=cpc&utm_campaign=brand"),
            Map.entry("活动", "双十一活动"),
            Map.entry("ownerTeam", "example.cn"),
            Map.entry("form", "官网预约演示"),
            Map.entry("submitted_at", "2026-11-24 10:15:30"),
            Map.entry("referrer", "https://www.baidu.com/s?wd=产线改造")));
    assertEquals(List.of(new SourceAdapter.SourceLead(expected, false)), result.leads());
  }

  @Test
  void aListPointerMakesOneLeadPerElement_evenWithoutPhone() {
    SourceAdapter.Result result = parse(BATCH, SourceTestKit.text("generic/batch.json"));

    assertEquals(List.of(
        new SourceAdapter.SourceLead(new LeadInput("site-demo", "A-001", "刘洋", "13600001111", null, null, "广东省深圳市", null, null,
            "normal", LeadInput.Utm.EMPTY, null, "来自展会名单", Map.of("tags", "华东投放")), false),
        new SourceAdapter.SourceLead(new LeadInput("site-demo", "A-002", "周婷", null, "zhouting@example.cn", null, "四川省成都市", null,
            null, "normal", LeadInput.Utm.EMPTY, null, null, Map.of("tags", "华东投放")), false)),
        result.leads());
  }

  @Test
  void aFormPostReadsFormFieldsByNameOrByPointer() {
    SourceConfig config = config("{\"fields\":{\"name\":{\"form\":\"your-name\"},\"phone\":{\"pointer\":\"/your-tel\",\"transform\":\"digits\"},"
        + "\"region\":{\"form\":\"your-city\"},\"utm_source\":{\"form\":\"utm_source\"}},\"attributes\":{\"意向产品\":{\"form\":\"interest\"}}}");
    Map<String, List<String>> form = new LinkedHashMap<>();
    form.put("your-name", List.of("刘强"));
    form.put("your-tel", List.of("139 0000 1111"));
    form.put("your-city", List.of("杭州"));
    form.put("interest", List.of("MES", "WMS"));
    form.put("utm_source", List.of("wechat"));
    form.put("page", List.of("/contact-us"));
    Delivery delivery = new Delivery("site-demo", "application/x-www-form-urlencoded", "ignored".getBytes(StandardCharsets.UTF_8),
        Map.of(), TOKEN, form, SourceTestKit.NOW);

    LeadInput expected = new LeadInput("site-demo", null, "刘强", "13900001111", null, null, "杭州", null, null, "normal",
        new LeadInput.Utm("wechat", null, null, null, null), null, null,
        Map.of("tags", "华东投放", "意向产品", "MES,WMS", "page", "/contact-us"));
    assertEquals(List.of(new SourceAdapter.SourceLead(expected, false)), ADAPTER.parse(delivery, config).leads());
  }

  @Test
  void transformsApplyInOrder() {
    SourceConfig config = config("{\"fields\":{\"email\":{\"pointer\":\"/raw\",\"transform\":[\"after:<\",\"before:>\",\"trim\",\"lower\"]},"
        + "\"name\":{\"pointer\":\"/raw\",\"transform\":[\"before:<\",\"trim\",\"upper\"]},"
        + "\"phone\":{\"concat\":[\"/cc\",{\"pointer\":\"/tel\",\"transform\":\"digits\"}],\"separator\":\"-\"},"
        + "\"notes\":{\"const\":42}}}");

    LeadInput lead = parse(config, "{\"raw\":\" li lei < Li.Lei@Example.CN > \",\"cc\":\"+86\",\"tel\":\"１３８-0013-8000\"}").leads().get(0).input();
    assertEquals("li.lei@example.cn", lead.email());
    assertEquals("LI LEI", lead.name());
    assertEquals("+86-13800138000", lead.phone());
    assertEquals("42", lead.notes());
  }

  @Test
  void aValueThatIsAnArrayIsJoined_anObjectKeptAsJson() {
    SourceConfig config = config("{\"fields\":{\"notes\":\"/need\",\"name\":\"/n\"},\"attributes\":{\"raw\":\"/extra\"}}");

    LeadInput lead = parse(config, "{\"n\":\"王\",\"need\":[\"MES\",\"ERP\"],\"extra\":{\"a\":1}}").leads().get(0).input();
    assertEquals("MES,ERP", lead.notes());
    assertEquals("{\"a\":1}", lead.attributes().get("raw"));
  }

  @Test
  void numbersReadAsWrittenEvenOnesADoubleCannotHold() {
    SourceConfig config = config("{\"fields\":{\"notes\":{\"const\":1e999},\"budget\":{\"const\":12.50},\"sourceEventId\":\"/id\"}}");

    LeadInput lead = parse(config, "{\"id\":12345678901234567890123}").leads().get(0).input();
    assertEquals("Infinity", lead.notes());
    assertEquals("12.5", lead.budget());
    assertEquals("12345678901234567890123", lead.sourceEventId());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", BATCH, "{\"data\":", ""),
        Arguments.of("no list there", BATCH, "{\"data\":{}}", "/data/items"),
        Arguments.of("the list an object", BATCH, "{\"data\":{\"items\":{\"id\":\"1\"}}}", "/data/items"),
        Arguments.of("no mapping", config("{}"), "{\"a\":1}", ""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedBodyNamesThePartAtFault(String name, SourceConfig config, String body, String pointer) {
    assertMalformedAt(parse(config, body), pointer);
  }

  @Test
  void aBodyThatIsNeitherJsonNorAFormIsMalformed() {
    Delivery csv = SourceTestKit.post("site-demo", "text/csv", "name,phone\n王,138".getBytes(StandardCharsets.UTF_8), Map.of(), TOKEN);

    assertMalformedAt(ADAPTER.parse(csv, LANDING), "");
  }

  // ---- authentication ----

  private static final SourceConfig SIGNED = SourceTestKit.eastChinaConfig("site-demo", "generic", Map.of("signingSecret", "whsec-春天"),
      "{\"fields\":{\"name\":\"/name\"},\"signature\":{\"header\":\"X-Signature\",\"algorithm\":\"hmac-sha256\",\"encoding\":\"hex\",\"prefix\":\"sha256=\"}}");

  private static Delivery signedWith(String headerValue) {
    byte[] body = "{\"name\":\"王\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = headerValue == null ? Map.of() : Map.of("X-Signature", headerValue);
    return SourceTestKit.post("site-demo", "application/json", body, headers, Map.of());
  }

  private static byte[] hmac() {
    return Hmac.sha256("whsec-春天".getBytes(StandardCharsets.UTF_8), "{\"name\":\"王\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anHmacSignatureAuthenticatesWhenConfigured() {
    String hex = HexFormat.of().formatHex(hmac());

    assertTrue(ADAPTER.verify(signedWith("sha256=" + hex), SIGNED, SourceTestKit.NOW).authentic());
    assertTrue(ADAPTER.verify(signedWith("SHA256=" + hex.toUpperCase()), SIGNED, SourceTestKit.NOW).authentic());
    assertEquals("signature does not match", ADAPTER.verify(signedWith("sha256=" + hex.replace(hex.charAt(0), hex.charAt(0) == 'a' ? 'b' : 'a')),
        SIGNED, SourceTestKit.NOW).reason());
    assertEquals("header X-Signature does not start with 'sha256='", ADAPTER.verify(signedWith(hex), SIGNED, SourceTestKit.NOW).reason());
    assertEquals("header X-Signature is not hex", ADAPTER.verify(signedWith("sha256=zz"), SIGNED, SourceTestKit.NOW).reason());
    assertEquals("missing header X-Signature", ADAPTER.verify(signedWith(null), SIGNED, SourceTestKit.NOW).reason());
  }

  @Test
  void aBase64SignatureWithoutPrefix() {
    SourceConfig config = SourceTestKit.eastChinaConfig("site-demo", "generic", Map.of("signingSecret", "whsec-春天", "token", "gen-5d1e77"),
        "{\"fields\":{\"name\":\"/name\"},\"signature\":{\"header\":\"X-Hub-Signature\",\"encoding\":\"base64\"}}");
    byte[] body = "{\"name\":\"王\"}".getBytes(StandardCharsets.UTF_8);

    Delivery good = SourceTestKit.post("site-demo", "application/json", body,
        Map.of("x-hub-signature", Base64.getEncoder().encodeToString(hmac())), Map.of());
    assertTrue(ADAPTER.verify(good, config, SourceTestKit.NOW).authentic());
    Delivery tokenOnly = SourceTestKit.post("site-demo", "application/json", body, Map.of(), TOKEN);
    assertFalse(ADAPTER.verify(tokenOnly, config, SourceTestKit.NOW).authentic(), "with a signature configured the token is not enough");
  }

  @Test
  void withoutSignatureTheSourceTokenAuthenticates() {
    byte[] body = SourceTestKit.resource("generic/landing-page.json");

    assertTrue(ADAPTER.verify(SourceTestKit.post("site-demo", body, Map.of(), TOKEN), LANDING, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("site-demo", body, Map.of(), Map.of("token", "gen-5d1e78")), LANDING, SourceTestKit.NOW).authentic());
    assertFalse(ADAPTER.verify(SourceTestKit.post("site-demo", body, Map.of(), Map.of()), LANDING, SourceTestKit.NOW).authentic());
  }

  // ---- validation ----

  @Test
  void theFixtureMappingsAreValid() {
    assertEquals(List.of(), ADAPTER.validate(LANDING, "/sources/5"));
    assertEquals(List.of(), ADAPTER.validate(BATCH, "/sources/5"));
    assertEquals(List.of(), ADAPTER.validate(SIGNED, "/sources/5"));
  }

  static Stream<Arguments> invalidMappings() {
    return Stream.of(
        Arguments.of("no options", "null", List.of("/s/options", "/s/secrets/token")),
        Arguments.of("options an array", "[]", List.of("/s/options")),
        Arguments.of("a typo in an option", "{\"feilds\":{}}", List.of("/s/options/feilds", "/s/options/fields")),
        Arguments.of("empty fields", "{\"fields\":{}}", List.of("/s/options/fields")),
        Arguments.of("list not a pointer", "{\"list\":\"data/items\",\"fields\":{\"name\":\"/n\"}}", List.of("/s/options/list")),
        Arguments.of("unknown canonical field", "{\"fields\":{\"mobile\":\"/m\"}}", List.of("/s/options/fields/mobile")),
        Arguments.of("pointer without slash", "{\"fields\":{\"name\":\"contact/name\"}}", List.of("/s/options/fields/name")),
        Arguments.of("bad escape", "{\"fields\":{\"name\":{\"pointer\":\"/a~2b\"}}}", List.of("/s/options/fields/name/pointer")),
        Arguments.of("two sources", "{\"fields\":{\"company\":{\"pointer\":\"/a\",\"const\":\"x\"}}}", List.of("/s/options/fields/company")),
        Arguments.of("no source", "{\"fields\":{\"company\":{\"transform\":\"trim\"}}}", List.of("/s/options/fields/company")),
        Arguments.of("a typo in a spec", "{\"fields\":{\"name\":{\"pointer\":\"/n\",\"trasnform\":\"trim\"}}}", List.of("/s/options/fields/name/trasnform")),
        Arguments.of("unknown transform", "{\"fields\":{\"name\":{\"pointer\":\"/n\",\"transform\":\"capitalize\"}}}", List.of("/s/options/fields/name/transform")),
        Arguments.of("unknown step", "{\"fields\":{\"name\":{\"pointer\":\"/n\",\"transform\":[\"trim\",\"before:\"]}}}", List.of("/s/options/fields/name/transform/1")),
        Arguments.of("empty concat", "{\"fields\":{\"name\":{\"concat\":[]}}}", List.of("/s/options/fields/name/concat")),
        Arguments.of("bad concat part", "{\"fields\":{\"name\":{\"concat\":[\"/a\",\"b\"]}}}", List.of("/s/options/fields/name/concat/1")),
        Arguments.of("separator alone", "{\"fields\":{\"name\":{\"pointer\":\"/a\",\"separator\":\" \"}}}", List.of("/s/options/fields/name/separator")),
        Arguments.of("const an object", "{\"fields\":{\"priority\":{\"const\":{\"v\":\"high\"}}}}", List.of("/s/options/fields/priority/const")),
        Arguments.of("spec a number", "{\"fields\":{\"name\":7}}", List.of("/s/options/fields/name")),
        Arguments.of("attribute name too long", "{\"fields\":{\"name\":\"/n\"},\"attributes\":{\"" + "k".repeat(65) + "\":\"/k\"}}",
            List.of("/s/options/attributes/" + "k".repeat(65))),
        Arguments.of("attribute with a slash", "{\"fields\":{\"name\":\"/n\"},\"attributes\":{\"a/b\":\"c\"}}", List.of("/s/options/attributes/a~1b")),
        Arguments.of("signature incomplete", "{\"fields\":{\"name\":\"/n\"},\"signature\":{\"algorithm\":\"hmac-sha1\",\"encoding\":\"hex64\",\"salt\":1}}",
            List.of("/s/options/signature/salt", "/s/options/signature/header", "/s/options/signature/algorithm",
                "/s/options/signature/encoding", "/s/secrets/signingSecret")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidMappings")
  void validationFindsEveryMistakeUnderThePointer(String name, String options, List<String> expected) {
    SourceConfig config = SourceTestKit.eastChinaConfig("site-demo", "generic", name.startsWith("no options") ? Map.of() : Map.of("token", "t"), options);

    List<FieldError> errors = ADAPTER.validate(config, "/s");
    assertEquals(expected, pointers(errors));
    assertTrue(errors.stream().allMatch(e -> !e.message().isBlank()));
  }

  // ---- adversarial ----

  @Test
  void adversarialBodiesAndMappingsNeverThrow() {
    List<byte[]> seeds = List.of(SourceTestKit.resource("generic/landing-page.json"), SourceTestKit.resource("generic/batch.json"));
    List<byte[]> bodies = SourceTestKit.adversarialBodies(6901L, seeds, 1000);
    List<byte[]> mappings = SourceTestKit.adversarialBodies(6902L,
        List.of(SourceTestKit.resource("generic/landing-page.mapping.json"), SourceTestKit.resource("generic/batch.mapping.json")), 1000);
    Random random = new Random(6903L);
    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      SourceConfig config = i % 3 == 0 ? LANDING : i % 3 == 1 ? BATCH : SIGNED;
      Delivery delivery = i % 10 == 9
          ? new Delivery("site-demo", "multipart/form-data", bodies.get(i), Map.of("x-signature", "sha256=" + random.nextInt()), TOKEN,
              Map.of("your-name", List.of(new String(bodies.get(i), StandardCharsets.UTF_8)), "", List.of()), SourceTestKit.NOW)
          : SourceTestKit.post("site-demo", i % 4 == 0 ? "text/plain" : "application/json", bodies.get(i),
              Map.of("X-Signature", new String(bodies.get(i), StandardCharsets.ISO_8859_1)), TOKEN);
      SourceTestKit.assertNeverThrows(ADAPTER, config, List.of(delivery));
      JsonNode options;
      try {
        options = SourceTestKit.MAPPER.readTree(mappings.get(i));
      } catch (Exception e) {
        options = null;
      }
      SourceConfig fuzzed = SourceTestKit.config("site-demo", "generic", Map.of("signingSecret", "s"), "normal", List.of("华东投放"), 0.8,
          options);
      assertDoesNotThrow(() -> ADAPTER.validate(fuzzed, "/sources/0"));
      SourceTestKit.assertNeverThrows(ADAPTER, fuzzed, List.of(SourceTestKit.post("site-demo", seeds.get(i % 2), Map.of(), TOKEN), delivery));
    }
  }
}
