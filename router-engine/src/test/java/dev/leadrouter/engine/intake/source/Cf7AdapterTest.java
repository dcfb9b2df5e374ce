package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.SourceLead;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Cf7AdapterTest {

  private static final String TOKEN = "cf7-2b8f6d1e9a4c7035e2f1";
  private static final Map<String, String> GOOD = Map.of("token", TOKEN);
  private static final Cf7Adapter ADAPTER = new Cf7Adapter();
  private static final SourceConfig CONFIG = SourceTestKit.config("cf7-campus", "cf7", Map.of("token", TOKEN), List.of("校区"),
      "{\"fields\":{\"industry\":\"menu-industry\",\"budget\":\"menu-budget\"}}");
  private static final String FIXTURE = "cf7/submission-zh.multipart";

  private static final List<Map.Entry<String, String>> EN = List.of(Map.entry("_wpcf7", "311"),
      Map.entry("_wpcf7_version", "6.0.1"), Map.entry("_wpcf7_locale", "en_US"), Map.entry("_wpcf7_unit_tag", "wpcf7-f311-o1"),
      Map.entry("_wpcf7_container_post", "0"), Map.entry("your-name", "Hannah Schmidt"),
      Map.entry("your-email", "hannah.schmidt@kessler-werke.de"), Map.entry("your-subject", "Pricing for 50 seats"),
      Map.entry("your-message", "Do you offer an on-premise licence?\nWe cannot use a US cloud."));

  static Stream<Arguments> posts() {
    return Stream.of(
        Arguments.of("multipart fixture (zh)", SourceTestKit.multipartFixture("cf7-campus", FIXTURE, GOOD),
            new LeadInput("cf7-campus", "sha256:ccfcefa864057128b7e6695b4eee4f9f40525f70ead0a59f3982fe811aed9844", "周杰",
                "028-8765 4321", "zhoujie@cdtianfu-edu.com", "成都天府教育科技有限公司", "成都", "教育培训", "5万以下", "high",
                new LeadInput.Utm("xiaohongshu", null, "开学季", null, null), null, "我们有 12 个校区，咨询量大，想统一分配给课程顾问。",
                Map.of("tags", "校区", "checkbox-interest", "线索分配, 微信通知", "acceptance-privacy", "1", "cf7FormId", "128",
                    "cf7UnitTag", "wpcf7-f128-p42-o1", "cf7ContainerPost", "42", "locale", "zh_CN"))),
        Arguments.of("urlencoded (en)", SourceTestKit.urlencoded("cf7-campus", EN, GOOD),
            new LeadInput("cf7-campus", Cf7Adapter.eventId(SourceTestKit.form(EN)), "Hannah Schmidt", null,
                "hannah.schmidt@kessler-werke.de", null, null, null, null, "high", LeadInput.Utm.EMPTY, null,
                "Do you offer an on-premise licence?\nWe cannot use a US cloud.",
                Map.of("tags", "校区", "your-subject", "Pricing for 50 seats", "cf7FormId", "311", "cf7UnitTag", "wpcf7-f311-o1",
                    "cf7ContainerPost", "0", "locale", "en_US"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("posts")
  void aPostIsOneLeadWithEveryFieldMapped(String name, Delivery delivery, LeadInput expected) {
    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, CONFIG, NOW));
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(new SourceLead(expected, false)), result.leads());
  }

  @Test
  void theEventIdIsTheSameForARetryAndDiffersForOtherAnswers() {
    List<Map.Entry<String, String>> reordered = new ArrayList<>(EN);
    Collections.reverse(reordered);
    List<Map.Entry<String, String>> otherRecaptcha = new ArrayList<>(EN);
    otherRecaptcha.add(Map.entry("_wpcf7_recaptcha_response", "03AFcWeA-another-one"));
    List<Map.Entry<String, String>> withToken = new ArrayList<>(EN);
    withToken.add(Map.entry("token", TOKEN));
    List<Map.Entry<String, String>> otherMessage = new ArrayList<>(EN);
    otherMessage.set(EN.size() - 1, Map.entry("your-message", "Do you offer an on-premise licence?"));
    List<Map.Entry<String, String>> shifted = List.of(Map.entry("a", "b=c"));
    List<Map.Entry<String, String>> shiftedToo = List.of(Map.entry("a=b", "c"));

    String id = eventId(EN);
    assertEquals(id, eventId(reordered));
    assertEquals(id, eventId(otherRecaptcha));
    assertEquals(id, eventId(withToken));
    assertNotEquals(id, eventId(otherMessage));
    assertNotEquals(eventId(shifted), eventId(shiftedToo));
    assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
  }

  private static String eventId(List<Map.Entry<String, String>> fields) {
    return ADAPTER.parse(SourceTestKit.multipart("cf7-campus", fields, GOOD), CONFIG).leads().get(0).input().sourceEventId();
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("good", GOOD, true),
        Arguments.of("wrong token", Map.of("token", "cf7-2b8f6d1e9a4c7035e2f2"), false),
        Arguments.of("missing", Map.of(), false),
        Arguments.of("only in the form body", Map.of(), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokens")
  void theUrlCarriesTheSourceToken(String name, Map<String, String> query, boolean authentic) {
    List<Map.Entry<String, String>> fields = new ArrayList<>(EN);
    fields.add(Map.entry("token", TOKEN));
    Verdict verdict = ADAPTER.verify(SourceTestKit.multipart("cf7-campus", fields, query), CONFIG, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  @Test
  void aTokenPostedInTheFormIsNotKept() {
    List<Map.Entry<String, String>> fields = new ArrayList<>(EN);
    fields.add(Map.entry("token", TOKEN));

    LeadInput lead = ADAPTER.parse(SourceTestKit.multipart("cf7-campus", fields, GOOD), CONFIG).leads().get(0).input();

    assertFalse(lead.attributes().containsValue(TOKEN));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("JSON", SourceTestKit.post("cf7-campus", "{\"your-name\":\"周杰\"}".getBytes(), Map.of(), GOOD)),
        Arguments.of("no media type", new Delivery("cf7-campus", null, "your-name=x".getBytes(), Map.of(), GOOD, Map.of(), NOW)),
        Arguments.of("empty form", SourceTestKit.urlencoded("cf7-campus", List.of(), GOOD)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aDeliveryThatIsNoFormPostIsMalformed(String name, Delivery delivery) {
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(""), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void aPostWithoutPhoneOrEmailIsStillALead() {
    LeadInput lead = ADAPTER.parse(SourceTestKit.urlencoded("cf7-campus", List.of(Map.entry("your-name", "孙悦"),
        Map.entry("your-message", "请回电")), GOOD), CONFIG).leads().get(0).input();

    assertEquals("孙悦", lead.name());
    assertEquals("请回电", lead.notes());
    assertNull(lead.phone());
    assertNull(lead.email());
  }

  @Test
  void aMappingOverridesTheDefaultsAndTheOtherPhonesFollowTheMappedOne() {
    SourceConfig config = SourceTestKit.bareConfig("cf7-campus", "cf7", Map.of("token", TOKEN),
        "{\"fields\":{\"phone\":\"tel-518\",\"name\":[\"first-name\",\"last-name\"]}}");

    LeadInput lead = ADAPTER.parse(SourceTestKit.urlencoded("cf7-campus", List.of(Map.entry("your-name", "前台"),
        Map.entry("first-name", "晓明"), Map.entry("last-name", "黄"), Map.entry("your-tel", "021-5555 0000"),
        Map.entry("tel-518", "13916668888")), GOOD), config).leads().get(0).input();

    assertEquals("黄晓明", lead.name());
    assertEquals("13916668888; 021-5555 0000", lead.phone(), "the mapped phone is the primary one, every phone is kept");
    assertEquals("前台", lead.attributes().get("your-name"));
    assertNull(lead.attributes().get("your-tel"));
  }

  @Test
  void validateWantsTheToken() {
    assertEquals(List.of("/sources/4/secrets/token", "/sources/4/options/fields/mobile"), ADAPTER.validate(
        SourceTestKit.bareConfig("c", "cf7", Map.of(), "{\"fields\":{\"mobile\":\"your-tel\"}}"), "/sources/4").stream()
        .map(FieldError::field).toList());
    assertEquals(List.of(), ADAPTER.validate(CONFIG, "/sources/4"));
  }

  @Test
  void adversarialFormsNeverThrow() {
    Delivery fixture = SourceTestKit.multipartFixture("cf7-campus", FIXTURE, GOOD);
    FormFuzz fuzz = new FormFuzz(128L, fixture.body(), List.of("_wpcf7", "_wpcf7_unit_tag", "your-name", "your-email", "your-tel",
        "your-message", "checkbox-interest[]", "[]", "token", "utm_source", "menu-industry", "menu-budget", ""));
    int leads = 0;
    int errors = 0;
    for (int i = 0; i < FormFuzz.RUNS; i++) {
      Delivery delivery = i % 5 == 0
          ? new Delivery("cf7-campus", i % 10 == 0 ? "text/plain" : "multipart/form-data", fuzz.body(i), Map.of(), GOOD, Map.of(), NOW)
          : new Delivery("cf7-campus", "multipart/form-data", fuzz.body(i), Map.of(), i % 3 == 0 ? GOOD : Map.of("token", fuzz.string()),
              fuzz.form(fixture.form()), NOW);
      Verdict verdict = assertDoesNotThrow(() -> ADAPTER.verify(delivery, CONFIG, NOW), "verify, delivery " + i);
      Result result = assertDoesNotThrow(() -> ADAPTER.parse(delivery, CONFIG), "parse, delivery " + i);
      assertNotNull(verdict);
      assertFalse(!result.errors().isEmpty() && !result.leads().isEmpty(), "delivery " + i);
      leads += result.leads().size();
      errors += result.errors().size();
    }
    assertTrue(leads > 0 && errors > 0, "the deliveries reach both outcomes: " + leads + " leads, " + errors + " errors");
  }
}
