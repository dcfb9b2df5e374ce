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

class Cf7FlamingoAdapterTest {

  private static final String TOKEN = "fl-4e7a0b9c2d5f81e36a0c";
  private static final Map<String, String> GOOD = Map.of("token", TOKEN);
  private static final Cf7FlamingoAdapter ADAPTER = new Cf7FlamingoAdapter();
  private static final SourceConfig CONFIG = SourceTestKit.config("flamingo-site", "cf7-flamingo", Map.of("token", TOKEN),
      List.of("经销商"), "{\"fields\":{\"region\":\"menu-region\"}}");

  private static Delivery delivery(byte[] body, Map<String, String> query) {
    return SourceTestKit.post("flamingo-site", body, Map.of(), query);
  }

  private static Result parse(String json) {
    return ADAPTER.parse(delivery(json.getBytes(StandardCharsets.UTF_8), GOOD), CONFIG);
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of("cf7-flamingo/inbound-message-zh.json", new LeadInput("flamingo-site", "5731", "黄丽", "020-3888 6621",
            "huangli@gz-meiya.com", "广州美雅化妆品有限公司", "华南", null, null, "high",
            new LeadInput.Utm("wechat", "article", "经销商大会", null, null), "113.108.77.9", "经销商线索经常漏跟，想设置超时自动改派。",
            Map.ofEntries(Map.entry("tags", "经销商"), Map.entry("your-subject", "官网咨询：渠道线索分配"),
                Map.entry("checkbox-channel", "天猫, 抖音"), Map.entry("subject", "官网咨询：渠道线索分配"),
                Map.entry("channel", "contact-form-1"), Map.entry("submissionStatus", "mail_sent"),
                Map.entry("userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
                Map.entry("pageTitle", "联系我们"), Map.entry("serialNumber", "211"), Map.entry("submittedAt", "2026-11-24T02:52:02Z"),
                Map.entry("landingUrl", "https://www.gz-meiya.com/contact/?utm_source=wechat&utm_medium=article&utm_campaign=%E7%BB%8F%E9%94%80%E5%95%86%E5%A4%A7%E4%BC%9A")))),
        Arguments.of("cf7-flamingo/inbound-message-en.json", new LeadInput("flamingo-site", "b6e1d3c8a4f20795e1c3b7a9d0f2e4c6", "Tom Lee",
            null, "tom.lee@pacificbridge.co.nz", null, null, null, null, "high", LeadInput.Utm.EMPTY, "198.51.100.23",
            "We resell CRM tools in NZ and would like to discuss a reseller agreement.",
            Map.of("tags", "经销商", "your-subject", "Partnership enquiry", "subject", "Partnership enquiry", "channel", "contact-form-7",
                "submissionStatus", "spam", "spam", "true", "pageTitle", "Partners", "submittedAt", "November 24, 2026 9:15 am",
                "landingUrl", "https://www.gz-meiya.com/en/partners/"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("messages")
  void aMessageIsOneLeadWithEveryFieldMapped(String fixture, LeadInput expected) {
    Delivery delivery = delivery(resource(fixture), GOOD);

    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, CONFIG, NOW));
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(new SourceLead(expected, false)), result.leads());
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("good", GOOD, true),
        Arguments.of("wrong token", Map.of("token", "fl-4e7a0b9c2d5f81e36a0d"), false),
        Arguments.of("missing", Map.of(), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokens")
  void theUrlCarriesTheSourceToken(String name, Map<String, String> query, boolean authentic) {
    Verdict verdict = ADAPTER.verify(delivery(resource("cf7-flamingo/inbound-message-zh.json"), query), CONFIG, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON", "id=5731", ""),
        Arguments.of("an array", "[{\"id\":5731}]", ""),
        Arguments.of("fields a list", "{\"id\":1,\"fields\":[\"your-name\"]}", "/fields"),
        Arguments.of("meta a string", "{\"id\":1,\"meta\":\"113.108.77.9\"}", "/meta"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedDeliveryNamesThePartAtFault(String name, String body, String pointer) {
    Result result = parse(body);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(pointer), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void aMessageWithoutPhoneOrEmailIsStillALead() {
    LeadInput lead = parse("{\"id\":\"88\",\"from_name\":\"吴倩\",\"fields\":{\"your-message\":\"请发资料\"}}").leads().get(0).input();

    assertEquals("88", lead.sourceEventId());
    assertEquals("吴倩", lead.name());
    assertNull(lead.phone());
    assertNull(lead.email());
    assertFalse(lead.attributes().containsKey("from_name"));
  }

  @Test
  void aMappedFieldWinsOverFlamingosFromName() {
    SourceConfig config = SourceTestKit.bareConfig("flamingo-site", "cf7-flamingo", Map.of("token", TOKEN),
        "{\"fields\":{\"name\":\"contact-person\"}}");

    LeadInput lead = ADAPTER.parse(delivery(("{\"id\":3,\"from_name\":\"市场部\",\"from_email\":\"mkt@example.cn\","
        + "\"fields\":{\"contact-person\":\"郑凯\"}}").getBytes(StandardCharsets.UTF_8), GOOD), config).leads().get(0).input();

    assertEquals("郑凯", lead.name());
    assertEquals("mkt@example.cn", lead.email());
  }

  @Test
  void validateWantsTheToken() {
    assertEquals(List.of("/sources/5/secrets/token"), ADAPTER.validate(
        SourceTestKit.bareConfig("f", "cf7-flamingo", Map.of(), null), "/sources/5").stream().map(FieldError::field).toList());
    assertEquals(List.of(), ADAPTER.validate(CONFIG, "/sources/5"));
  }

  @Test
  void adversarialBodiesNeverThrow() {
    FormFuzz fuzz = new FormFuzz(5731L, resource("cf7-flamingo/inbound-message-zh.json"), List.of("id", "hash", "from", "from_name",
        "from_email", "fields", "meta", "remote_ip", "url", "date", "time", "timestamp", "spam", "status", "your-tel", "menu-region"));
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
    byte[] fixture = SourceTestKit.resource("cf7-flamingo/inbound-message-zh.json");
    SourceTestKit.assertNeverThrows(ADAPTER, CONFIG, SourceTestKit.adversarialBodies(fixture, 17L, 300), body -> Map.of(), GOOD);
  }
}
