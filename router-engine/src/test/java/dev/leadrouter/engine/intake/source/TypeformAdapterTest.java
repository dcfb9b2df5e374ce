package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static dev.leadrouter.engine.intake.source.SourceTestKit.signature;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

class TypeformAdapterTest {

  private static final String SECRET = "tf_whsec_3c9a71d2e84b4f0aa6b5";
  private static final TypeformAdapter ADAPTER = new TypeformAdapter();
  private static final SourceConfig ZH = SourceTestKit.config("typeform-demo", "typeform", Map.of("signingSecret", SECRET),
      List.of("官网", "产品演示"),
      "{\"fields\":{\"company\":\"company_name\",\"region\":\"city\",\"budget\":\"budget_range\",\"notes\":\"needs\"}}");
  private static final SourceConfig EN = SourceTestKit.bareConfig("typeform-en", "typeform", Map.of("signingSecret", SECRET),
      "{\"fields\":{\"name\":[\"first_name\",\"last_name\"]}}");

  private static Delivery signed(byte[] body) {
    return SourceTestKit.post("typeform-demo", body, Map.of("Typeform-Signature", "sha256=" + signature(SECRET, body)), Map.of());
  }

  private static Result parse(String json, SourceConfig config) {
    return ADAPTER.parse(signed(json.getBytes(StandardCharsets.UTF_8)), config);
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("typeform/form-response-zh.json", ZH, new LeadInput("typeform-demo", "8f2c1e9a7b3d4c5e6f708192a3b4c5d6",
            "张伟", "+8613812345678", "zhang.wei@yunfan-tech.cn", "上海云帆信息科技有限公司", "上海", "软件与信息服务", "10-50万元",
            "high", new LeadInput.Utm("baidu", "cpc", "2026-spring-crm", null, "线索分配系统"), null,
            "销售团队 40 人，希望按地区自动分配线索，15 分钟未跟进时提醒主管。",
            Map.of("tags", "官网,产品演示", "感兴趣的功能", "智能分配, SLA 超时提醒", "是否同意顾问致电与您联系？", "true",
                "lead_grade", "A", "score", "12", "submittedAt", "2026-11-24T02:15:31Z", "formId", "Hq8vXk2P",
                "typeformEventId", "01JDNB7Q3M2V4Y8K5T6R9W0XZC"))),
        Arguments.of("typeform/form-response-en.json", EN, new LeadInput("typeform-en", "0c4f7a2e9d1b8c6a5f3e2d1c0b9a8f7e",
            "Emily Chen", null, "emily.chen@northwind-analytics.com", "Northwind Analytics Pte. Ltd.", "Singapore", null, null,
            null, new LeadInput.Utm("linkedin", null, "q4-webinar", null, null), null, null,
            Map.of("How many people are on your sales team?", "25", "How did you hear about us?", "A colleague at a partner firm",
                "Preferred demo date", "2026-12-01", "Company website", "https://northwind-analytics.com",
                "submittedAt", "2026-11-23T17:44:58Z", "formId", "Wb7yLq3N", "typeformEventId", "01JDNC2F8H4K6M9P1R3T5V7X9Z"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("fixtures")
  void aResponseIsOneLeadWithEveryFieldMapped(String fixture, SourceConfig config, LeadInput expected) {
    byte[] body = resource(fixture);
    Delivery delivery = signed(body);

    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, config, NOW));
    Result result = ADAPTER.parse(delivery, config);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(new SourceLead(expected, false)), result.leads());
    assertEquals(List.of(), result.fetches());
  }

  static Stream<Arguments> signatures() {
    byte[] body = resource("typeform/form-response-zh.json");
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("13812345678", "13900000000").getBytes(StandardCharsets.UTF_8);
    String good = "sha256=" + signature(SECRET, body);
    return Stream.of(
        Arguments.of("good", body, Map.of("Typeform-Signature", good), true),
        Arguments.of("header name in another case", body, Map.of("typeform-signature", good), true),
        Arguments.of("tampered body", tampered, Map.of("Typeform-Signature", good), false),
        Arguments.of("wrong secret", body, Map.of("Typeform-Signature", "sha256=" + signature("another-secret", body)), false),
        Arguments.of("missing header", body, Map.of(), false),
        Arguments.of("empty header", body, Map.of("Typeform-Signature", " "), false),
        Arguments.of("no sha256= prefix", body, Map.of("Typeform-Signature", signature(SECRET, body)), false),
        Arguments.of("hex instead of base64", body, Map.of("Typeform-Signature", "sha256=8f2c1e9a7b3d4c5e6f70"), false),
        Arguments.of("not base64", body, Map.of("Typeform-Signature", "sha256=%%%"), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("signatures")
  void theSignatureIsTheBase64HmacOfTheRawBody(String name, byte[] body, Map<String, String> headers, boolean authentic) {
    Verdict verdict = ADAPTER.verify(SourceTestKit.post("typeform-demo", body, headers, Map.of()), ZH, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  @Test
  void aSourceWithoutSecretRefusesEverything() {
    SourceConfig noSecret = SourceTestKit.bareConfig("typeform-demo", "typeform", Map.of(), null);
    byte[] body = resource("typeform/form-response-zh.json");

    Verdict verdict = ADAPTER.verify(signed(body), noSecret, NOW);

    assertFalse(verdict.authentic());
    assertTrue(verdict.reason().contains("signingSecret"), verdict.reason());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty body", "", ""),
        Arguments.of("not JSON", "event_type=form_response", ""),
        Arguments.of("truncated", "{\"form_response\":{\"token\":\"abc\"", ""),
        Arguments.of("trailing garbage", "{\"form_response\":{\"token\":\"abc\"}} x", ""),
        Arguments.of("array", "[]", ""),
        Arguments.of("no form_response", "{\"event_type\":\"form_response\"}", "/form_response"),
        Arguments.of("form_response a string", "{\"form_response\":\"x\"}", "/form_response"),
        Arguments.of("no token", "{\"form_response\":{\"answers\":[]}}", "/form_response/token"),
        Arguments.of("blank token", "{\"form_response\":{\"token\":\" \"}}", "/form_response/token"),
        Arguments.of("answers an object", "{\"form_response\":{\"token\":\"t\",\"answers\":{}}}", "/form_response/answers"),
        Arguments.of("an answer a string", "{\"form_response\":{\"token\":\"t\",\"answers\":[{\"type\":\"text\",\"text\":\"a\"},\"b\"]}}",
            "/form_response/answers/1"),
        Arguments.of("hidden an array", "{\"form_response\":{\"token\":\"t\",\"hidden\":[]}}", "/form_response/hidden"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedDeliveryNamesThePartAtFault(String name, String body, String pointer) {
    Result result = parse(body, ZH);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(pointer), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void aPartialResponseHoldsNoLead() {
    Result result = parse("{\"event_id\":\"e1\",\"event_type\":\"form_response_partial\",\"form_response\":{\"token\":\"t1\","
        + "\"answers\":[{\"type\":\"phone_number\",\"phone_number\":\"+8613800138000\",\"field\":{\"id\":\"a\",\"ref\":\"m\"}}]}}", ZH);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(), result.errors());
  }

  @Test
  void aResponseWithoutPhoneOrEmailIsStillALead() {
    Result result = parse("{\"event_type\":\"form_response\",\"form_response\":{\"token\":\"t2\",\"answers\":["
        + "{\"type\":\"text\",\"text\":\"李娜\",\"field\":{\"id\":\"a1\",\"ref\":\"name\",\"type\":\"short_text\"}}]}}", ZH);

    assertEquals(1, result.leads().size());
    LeadInput lead = result.leads().get(0).input();
    assertEquals("李娜", lead.name());
    assertEquals("t2", lead.sourceEventId());
    assertEquals(null, lead.phone());
    assertEquals(null, lead.email());
  }

  @Test
  void aMappedRefWinsOverTheAnswerType() {
    SourceConfig config = SourceTestKit.bareConfig("typeform-demo", "typeform", Map.of("signingSecret", SECRET),
        "{\"fields\":{\"email\":\"own_email\"}}");
    Result result = parse("{\"form_response\":{\"token\":\"t3\",\"answers\":["
        + "{\"type\":\"email\",\"email\":\"assistant@example.cn\",\"field\":{\"id\":\"e1\",\"ref\":\"assistant_email\"}},"
        + "{\"type\":\"email\",\"email\":\"boss@example.cn\",\"field\":{\"id\":\"e2\",\"ref\":\"own_email\"}}]}}", config);

    LeadInput lead = result.leads().get(0).input();
    assertEquals("boss@example.cn", lead.email());
    assertEquals("assistant@example.cn", lead.attributes().get("assistant_email"));
  }

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of(null, Map.of(), List.of("/sources/0/secrets/signingSecret")),
        Arguments.of("{\"fields\":{\"name\":\"full_name\",\"region\":[\"province\",\"city\"]}}", Map.of("signingSecret", SECRET), List.of()),
        Arguments.of("[]", Map.of("signingSecret", SECRET), List.of("/sources/0/options")),
        Arguments.of("{\"mapping\":{}}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/mapping")),
        Arguments.of("{\"fields\":{\"nickname\":\"x\"}}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/fields/nickname")),
        Arguments.of("{\"fields\":{\"name\":\"\"}}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/fields/name")),
        Arguments.of("{\"fields\":{\"name\":[]}}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/fields/name")),
        Arguments.of("{\"fields\":{\"name\":[\"a\",3]}}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/fields/name")),
        Arguments.of("{\"fields\":\"name\"}", Map.of("signingSecret", SECRET), List.of("/sources/0/options/fields")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("configurations")
  void validateNamesEachBadSetting(String options, Map<String, String> secrets, List<String> pointers) {
    SourceConfig config = SourceTestKit.bareConfig("typeform-demo", "typeform", secrets, options);

    assertEquals(pointers, ADAPTER.validate(config, "/sources/0").stream().map(FieldError::field).toList());
  }

  @Test
  void adversarialBodiesNeverThrow() {
    byte[] fixture = resource("typeform/form-response-zh.json");
    FormFuzz fuzz = new FormFuzz(20261124L, fixture, List.of("event_type", "form_response", "token", "answers", "field", "ref", "id",
        "type", "text", "email", "phone_number", "choice", "choices", "labels", "label", "other", "hidden", "variables",
        "key", "definition", "fields", "title", "calculated", "score", "submitted_at", "payment", "amount"));
    int leads = 0;
    int errors = 0;
    for (int i = 0; i < FormFuzz.RUNS; i++) {
      byte[] body = fuzz.body(i);
      Map<String, String> headers = i % 3 == 0 ? Map.of("Typeform-Signature", "sha256=" + signature(SECRET, body))
          : Map.of("Typeform-Signature", fuzz.string());
      Delivery delivery = SourceTestKit.post("typeform-demo", body, headers, Map.of());
      Verdict verdict = assertDoesNotThrow(() -> ADAPTER.verify(delivery, ZH, NOW), "verify, body " + i);
      Result result = assertDoesNotThrow(() -> ADAPTER.parse(delivery, ZH), "parse, body " + i);
      assertNotNull(verdict);
      assertFalse(!result.errors().isEmpty() && !result.leads().isEmpty(), "body " + i);
      leads += result.leads().size();
      errors += result.errors().size();
    }
    assertTrue(leads > 0 && errors > 0, "the bodies reach both outcomes: " + leads + " leads, " + errors + " errors");
  }

  @Test
  void theSharedAdversarialBodiesNeverThrowEither() {
    byte[] fixture = SourceTestKit.resource("typeform/form-response-zh.json");
    SourceTestKit.assertNeverThrows(ADAPTER, ZH, SourceTestKit.adversarialBodies(fixture, 17L, 300), body -> Map.of("Typeform-Signature", "sha256=" + signature(SECRET, body)), Map.of());
  }
}
