package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.SourceLead;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GravityFormsAdapterTest {

  private static final String TOKEN = "gf-7d3e91c4b2a85f06e1d9";
  private static final Map<String, String> GOOD = Map.of("token", TOKEN);
  private static final GravityFormsAdapter ADAPTER = new GravityFormsAdapter();
  private static final String FIELDS = "{\"fields\":{\"name\":[\"1.3\",\"1.6\"],\"email\":\"2\",\"phone\":\"3\",\"company\":\"4\","
      + "\"region\":\"5\",\"notes\":\"6\",\"budget\":\"8\",\"industry\":\"9\"}}";
  private static final SourceConfig CONFIG = SourceTestKit.config("gf-contact", "gravity-forms", Map.of("token", TOKEN),
      List.of("官网", "机床"), FIELDS);

  private static Delivery delivery(byte[] body, Map<String, String> query) {
    return SourceTestKit.post("gf-contact", body, Map.of(), query);
  }

  static Stream<Arguments> entries() {
    String zhUrl = "https://www.hyjx-machinery.cn/contact/?utm_source=baidu&utm_medium=cpc&utm_campaign=%E6%95%B0%E6%8E%A7%E6%9C%BA%E5%BA%8A"
        + "&utm_term=%E4%BA%94%E8%BD%B4%E5%8A%A0%E5%B7%A5%E4%B8%AD%E5%BF%83";
    return Stream.of(
        Arguments.of("gravity-forms/entry-zh.json", new LeadInput("gf-contact", "1287", "陈建国", "0512-6588 1234",
            "chenjianguo@hyjx-machinery.cn", "苏州恒亿精密机械有限公司", "江苏省苏州市", "装备制造", "100-200万", "high",
            new LeadInput.Utm("baidu", "cpc", "数控机床", null, "五轴加工中心"), "223.104.3.77",
            "需要两台五轴加工中心，明年一季度交付，请报价。",
            Map.of("tags", "官网,机床", "7.1", "数控机床", "7.3", "自动化产线", "landingUrl", zhUrl,
                "submittedAt", "2026-11-24T02:41:09Z", "formId", "3", "userAgent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.53"))),
        Arguments.of("gravity-forms/entry-en.json", new LeadInput("gf-contact", "1288", "Michael Brown", null,
            "m.brown@brownfab.com.au", "Brown Fabrication Pty Ltd", "Melbourne, VIC", null, null, "high", LeadInput.Utm.EMPTY,
            "203.0.113.45", "Looking for a distributor for 5-axis machining centres in Australia.",
            Map.of("tags", "官网,机床", "7.1", "CNC machines", "10", "LinkedIn", "landingUrl", "https://www.hyjx-machinery.cn/en/contact/",
                "submittedAt", "2026-11-24T09:05:44Z", "formId", "3", "status", "spam", "userAgent",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("entries")
  void anEntryIsOneLeadWithEveryFieldMapped(String fixture, LeadInput expected) {
    Delivery delivery = delivery(resource(fixture), GOOD);

    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, CONFIG, NOW));
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(new SourceLead(expected, false)), result.leads());
  }

  @Test
  void anAddressFieldsInputsGiveTheRegionAsTheDocsExampleMapsThem() {
    SourceConfig docsExample = SourceTestKit.config("gf-contact", "gravity-forms", Map.of("token", TOKEN), List.of(),
        "{\"fields\":{\"name\":[\"1.3\",\"1.6\"],\"email\":\"2\",\"phone\":\"3\",\"company\":\"4\","
            + "\"region\":[\"5.3\",\"5.4\",\"5.6\"],\"notes\":\"6\"}}");
    String entry = "{\"id\":\"1301\",\"form_id\":\"3\",\"date_created\":\"2026-11-24 02:41:09\",\"1.3\":\"建国\","
        + "\"1.6\":\"陈\",\"3\":\"13800138000\",\"5.1\":\"科技园南路 1 号\",\"5.3\":\"深圳市\",\"5.4\":\"广东省\","
        + "\"5.5\":\"518057\",\"5.6\":\"China\"}";

    Result result = ADAPTER.parse(delivery(entry.getBytes(StandardCharsets.UTF_8), GOOD), docsExample);

    assertEquals(List.of(), result.errors());
    LeadInput input = result.leads().get(0).input();
    dev.leadrouter.engine.vocab.RegionInfo region = dev.leadrouter.engine.intake.LeadCleaner.clean(input).region();
    assertEquals("广东省", region.province(), input.region());
    assertEquals("深圳市", region.city(), input.region());
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("good", GOOD, true),
        Arguments.of("wrong token", Map.of("token", "gf-7d3e91c4b2a85f06e1d8"), false),
        Arguments.of("token plus a character", Map.of("token", TOKEN + "0"), false),
        Arguments.of("missing", Map.of(), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokens")
  void theRequestUrlCarriesTheSourceToken(String name, Map<String, String> query, boolean authentic) {
    Verdict verdict = ADAPTER.verify(delivery(resource("gravity-forms/entry-zh.json"), query), CONFIG, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("Request Format FORM", "id=1287&form_id=3&2=a%40b.cn", ""),
        Arguments.of("empty", "", ""),
        Arguments.of("an array", "[{\"id\":\"1\"}]", ""),
        Arguments.of("no entry id", "{\"form_id\":\"3\",\"2\":\"a@b.cn\"}", "/id"),
        Arguments.of("entry id an object", "{\"id\":{},\"2\":\"a@b.cn\"}", "/id"),
        Arguments.of("blank entry id", "{\"id\":\"\",\"2\":\"a@b.cn\"}", "/id"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedDeliveryNamesThePartAtFault(String name, String body, String pointer) {
    Result result = ADAPTER.parse(delivery(body.getBytes(StandardCharsets.UTF_8), GOOD), CONFIG);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(pointer), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void anEntryWithoutPhoneOrEmailIsStillALead() {
    Result result = ADAPTER.parse(delivery("{\"id\":9,\"1.3\":\"Olivia\",\"1.6\":\"Martin\",\"2\":\"\"}".getBytes(StandardCharsets.UTF_8),
        GOOD), CONFIG);

    LeadInput lead = result.leads().get(0).input();
    assertEquals("9", lead.sourceEventId());
    assertEquals("Olivia Martin", lead.name());
    assertNull(lead.email());
    assertNull(lead.phone());
  }

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of(Map.of("token", TOKEN), FIELDS, List.of()),
        Arguments.of(Map.of("token", TOKEN), "{\"fields\":{\"email\":\"2\"}}", List.of()),
        Arguments.of(Map.of(), FIELDS, List.of("/sources/2/secrets/token")),
        Arguments.of(Map.of("token", TOKEN), null, List.of("/sources/2/options/fields")),
        Arguments.of(Map.of("token", TOKEN), "{\"fields\":{\"name\":[\"1.3\",\"1.6\"]}}", List.of("/sources/2/options/fields")),
        Arguments.of(Map.of("token", TOKEN), "{\"fields\":{\"email\":2}}", List.of("/sources/2/options/fields/email")));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("configurations")
  void validateWantsTheTokenAndPhoneOrEmailMapped(Map<String, String> secrets, String options, List<String> pointers) {
    SourceConfig config = SourceTestKit.bareConfig("gf-contact", "gravity-forms", secrets, options);

    assertEquals(pointers, ADAPTER.validate(config, "/sources/2").stream().map(FieldError::field).toList());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    FormFuzz fuzz = new FormFuzz(1287L, resource("gravity-forms/entry-zh.json"), List.of("id", "form_id", "date_created", "ip",
        "source_url", "status", "1.3", "1.6", "2", "3", "4", "5", "6", "8", "9"));
    int leads = 0;
    int errors = 0;
    for (int i = 0; i < FormFuzz.RUNS; i++) {
      Delivery delivery = delivery(fuzz.body(i), i % 3 == 0 ? GOOD : Map.of("token", fuzz.string()));
      Verdict verdict = assertDoesNotThrow(() -> ADAPTER.verify(delivery, CONFIG, NOW), "verify, body " + i);
      Result result = assertDoesNotThrow(() -> ADAPTER.parse(delivery, CONFIG), "parse, body " + i);
      assertNotNull(verdict);
      assertFalse(!result.errors().isEmpty() && !result.leads().isEmpty(), "body " + i);
      leads += result.leads().size();
      errors += result.errors().size();
    }
    assertTrue(leads > 0 && errors > 0, "the bodies reach both outcomes: " + leads + " leads, " + errors + " errors");
  }

  @Test
  void theSharedAdversarialBodiesNeverThrowEither() {
    byte[] fixture = SourceTestKit.resource("gravity-forms/entry-zh.json");
    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, SourceTestKit.adversarialBodies(fixture, 17L, 300), body -> Map.of(), GOOD);
  }
}
