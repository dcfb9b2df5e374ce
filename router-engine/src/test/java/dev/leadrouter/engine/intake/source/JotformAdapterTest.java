package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JotformAdapterTest {

  private static final String TOKEN = "jf_9QmT4xV8bN2cR6zL";
  private static final Map<String, String> GOOD = Map.of("token", TOKEN);
  private static final JotformAdapter ADAPTER = new JotformAdapter();
  private static final SourceConfig CONFIG = SourceTestKit.config("jotform-consult", "jotform", Map.of("token", TOKEN),
      List.of("咨询"), "{\"fields\":{\"region\":[\"province\",\"city\"]}}");

  /** The English submission, made from the form builder's preview, posted as Jotform posts. */
  private static List<Map.Entry<String, String>> previewSubmission(String rawRequest) {
    return List.of(Map.entry("action", ""), Map.entry("username", "brightpath_ops"), Map.entry("formID", "243291122334455"),
        Map.entry("type", "WEB"), Map.entry("formTitle", "Request a callback"), Map.entry("submissionID", "6093490011223344556"),
        Map.entry("rawRequest", rawRequest), Map.entry("pretty", "Name:Sarah O'Connor, E-mail:sarah@brightpath.co.uk"),
        Map.entry("ip", "81.2.69.160"));
  }

  private static final String EN_RAW = "{\"slug\":\"submit\\/243291122334455\",\"submitSource\":\"form\","
      + "\"q3_name\":{\"first\":\"Sarah\",\"last\":\"O'Connor\"},\"q4_email\":\"sarah@brightpath.co.uk\","
      + "\"q5_phoneNumber\":{\"area\":\"020\",\"phone\":\"7946 0958\"},\"q6_howDid\":\"Podcast\",\"q7_seats\":\"12\","
      + "\"preview\":\"true\",\"timeToSubmit\":\"19\",\"path\":\"\\/submit\\/243291122334455\"}";

  static Stream<Arguments> submissions() {
    return Stream.of(
        Arguments.of("multipart fixture (zh)", SourceTestKit.multipartFixture("jotform-consult", "jotform/submission-zh.multipart", GOOD),
            new SourceLead(new LeadInput("jotform-consult", "6093481275519204837", "刘磊", "138 2345 6789", "liulei@szhaoyun.com",
                "深圳市浩云科技有限公司", "广东省深圳市", "跨境电商", "30万以上", "high",
                new LeadInput.Utm("douyin", "feed", "年终促销", null, null), "113.88.12.201",
                "想了解多渠道线索的去重和分配规则，最好能对接企业微信。",
                Map.of("tags", "咨询", "interests", "智能分配, 数据看板",
                    "address", "南山区科技园南区 8 栋 1203 室 深圳市 广东省 518057 中国", "visitDate", "2026-12-03",
                    "formId", "243280915572460", "formTitle", "产品咨询表单")), false)),
        Arguments.of("preview submission (en), multipart", SourceTestKit.multipart("jotform-consult", previewSubmission(EN_RAW), GOOD),
            new SourceLead(new LeadInput("jotform-consult", "6093490011223344556", "Sarah O'Connor", "020 7946 0958",
                "sarah@brightpath.co.uk", null, null, null, null, "high", LeadInput.Utm.EMPTY, "81.2.69.160", null,
                Map.of("tags", "咨询", "howDid", "Podcast", "seats", "12", "formId", "243291122334455",
                    "formTitle", "Request a callback")), true)),
        Arguments.of("preview submission (en), urlencoded", SourceTestKit.urlencoded("jotform-consult", previewSubmission(EN_RAW), GOOD),
            new SourceLead(new LeadInput("jotform-consult", "6093490011223344556", "Sarah O'Connor", "020 7946 0958",
                "sarah@brightpath.co.uk", null, null, null, null, "high", LeadInput.Utm.EMPTY, "81.2.69.160", null,
                Map.of("tags", "咨询", "howDid", "Podcast", "seats", "12", "formId", "243291122334455",
                    "formTitle", "Request a callback")), true)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("submissions")
  void aSubmissionIsOneLeadWithEveryFieldMapped(String name, Delivery delivery, SourceLead expected) {
    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, CONFIG, NOW));
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(expected), result.leads());
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        Arguments.of("good", Map.of("token", TOKEN), true),
        Arguments.of("wrong token", Map.of("token", "jf_9QmT4xV8bN2cR6zX"), false),
        Arguments.of("a prefix of the token", Map.of("token", TOKEN.substring(0, 10)), false),
        Arguments.of("token in another case", Map.of("token", TOKEN.toLowerCase()), false),
        Arguments.of("missing", Map.of(), false),
        Arguments.of("empty", Map.of("token", ""), false),
        Arguments.of("another parameter", Map.of("secret", TOKEN), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokens")
  void theUrlCarriesTheSourceToken(String name, Map<String, String> query, boolean authentic) {
    Delivery delivery = SourceTestKit.multipartFixture("jotform-consult", "jotform/submission-zh.multipart", query);

    Verdict verdict = ADAPTER.verify(delivery, CONFIG, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  @Test
  void aSourceWithoutTokenRefusesEverything() {
    Delivery delivery = SourceTestKit.multipartFixture("jotform-consult", "jotform/submission-zh.multipart", GOOD);

    Verdict verdict = ADAPTER.verify(delivery, SourceTestKit.bareConfig("jotform-consult", "jotform", Map.of(), null), NOW);

    assertFalse(verdict.authentic());
    assertTrue(verdict.reason().contains("token"), verdict.reason());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("JSON instead of a form", SourceTestKit.post("jotform-consult", "{\"rawRequest\":{}}".getBytes(), Map.of(), GOOD), ""),
        Arguments.of("no rawRequest", SourceTestKit.multipart("jotform-consult",
            List.of(Map.entry("submissionID", "1"), Map.entry("formID", "2")), GOOD), "rawRequest"),
        Arguments.of("rawRequest not JSON", SourceTestKit.multipart("jotform-consult",
            List.of(Map.entry("submissionID", "1"), Map.entry("rawRequest", "q3_name=张三")), GOOD), "rawRequest"),
        Arguments.of("rawRequest truncated", SourceTestKit.multipart("jotform-consult",
            List.of(Map.entry("submissionID", "1"), Map.entry("rawRequest", "{\"q3_name\":{\"first\":\"三\"")), GOOD), "rawRequest"),
        Arguments.of("rawRequest an array", SourceTestKit.multipart("jotform-consult",
            List.of(Map.entry("submissionID", "1"), Map.entry("rawRequest", "[]")), GOOD), "rawRequest"),
        Arguments.of("no submissionID", SourceTestKit.multipart("jotform-consult",
            List.of(Map.entry("rawRequest", "{\"q4_email\":\"a@b.cn\"}")), GOOD), "submissionID"),
        Arguments.of("blank submissionID", SourceTestKit.urlencoded("jotform-consult",
            List.of(Map.entry("submissionID", " "), Map.entry("rawRequest", "{}")), GOOD), "submissionID"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedDeliveryNamesThePartAtFault(String name, Delivery delivery, String field) {
    Result result = ADAPTER.parse(delivery, CONFIG);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(field), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void aSubmissionWithoutPhoneOrEmailIsStillALead() {
    Delivery delivery = SourceTestKit.multipart("jotform-consult", List.of(Map.entry("submissionID", "77"),
        Map.entry("rawRequest", "{\"q3_name\":{\"first\":\"Wei\",\"last\":\"Zhang\"},\"q9_note\":\"call me\"}")), GOOD);

    LeadInput lead = ADAPTER.parse(delivery, CONFIG).leads().get(0).input();

    assertEquals("Wei Zhang", lead.name());
    assertNull(lead.phone());
    assertNull(lead.email());
    assertEquals("call me", lead.attributes().get("note"));
  }

  @Test
  void validateWantsTheToken() {
    assertEquals(List.of("/sources/1/secrets/token"), ADAPTER.validate(
        SourceTestKit.bareConfig("j", "jotform", Map.of(), null), "/sources/1").stream().map(FieldError::field).toList());
    assertEquals(List.of("/sources/1/options/fields/phone"), ADAPTER.validate(
        SourceTestKit.bareConfig("j", "jotform", Map.of("token", TOKEN), "{\"fields\":{\"phone\":[]}}"), "/sources/1").stream()
        .map(FieldError::field).toList());
    assertEquals(List.of(), ADAPTER.validate(CONFIG, "/sources/1"));
  }

  @Test
  void adversarialFormsNeverThrow() {
    Delivery fixture = SourceTestKit.multipartFixture("jotform-consult", "jotform/submission-zh.multipart", GOOD);
    FormFuzz fuzz = new FormFuzz(6093481275519204837L, fixture.body(), List.of("rawRequest", "submissionID", "formID", "ip", "preview",
        "q3_name", "q4_email", "q5_phoneNumber", "first", "last", "full", "area", "phone", "year", "month", "day", "q7_province"));
    int leads = 0;
    int errors = 0;
    for (int i = 0; i < FormFuzz.RUNS; i++) {
      Delivery delivery = i % 4 == 0
          ? new Delivery("jotform-consult", i % 8 == 0 ? "multipart/form-data" : null, fuzz.body(i), Map.of(), GOOD, Map.of(), NOW)
          : new Delivery("jotform-consult", "multipart/form-data", fuzz.body(i), Map.of(), i % 3 == 0 ? GOOD : Map.of("token", fuzz.string()),
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
