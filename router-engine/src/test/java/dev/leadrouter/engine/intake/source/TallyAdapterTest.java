package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static dev.leadrouter.engine.intake.source.SourceTestKit.signature;
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

class TallyAdapterTest {

  private static final String SECRET = "5f0c2d7e-tally-signing-91ab";
  private static final TallyAdapter ADAPTER = new TallyAdapter();
  private static final SourceConfig ZH = SourceTestKit.config("tally-trial", "tally", Map.of("signingSecret", SECRET),
      List.of("试用"), "{\"fields\":{\"region\":[\"所在省份\",\"所在城市\"],\"budget\":\"question_mV4aLb\",\"notes\":\"补充说明\"}}");
  private static final SourceConfig EN = SourceTestKit.bareConfig("tally-demo", "tally", Map.of("signingSecret", SECRET), null);

  private static Delivery signed(byte[] body) {
    return SourceTestKit.post("tally-trial", body, Map.of("Tally-Signature", signature(SECRET, body)), Map.of());
  }

  private static Result parse(String json) {
    return ADAPTER.parse(signed(json.getBytes(StandardCharsets.UTF_8)), ZH);
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("tally/form-response-zh.json", ZH, new LeadInput("tally-trial", "mRkP4xL", "王芳", "+8615900001234",
            "wangfang@hzjinghong.com", "杭州晶虹电子有限公司", "浙江省杭州市", "制造业", "5-10万", "high",
            new LeadInput.Utm("wechat", "social", "双十一大促", null, null), null, "希望下周安排线上演示，最好周三下午。",
            Map.of("tags", "试用", "销售团队人数", "35", "关注的功能", "自动分配, 移动端", "submittedAt", "2026-11-24T03:08:41.000Z",
                "formId", "wQ2aZo", "formName", "免费试用申请", "respondentId", "Xy7bQe",
                "tallyEventId", "6c1f0e3a-9b2d-4e7f-8a15-3d2c4b5a6e70"))),
        Arguments.of("tally/form-response-en.json", EN, new LeadInput("tally-demo", "jaMb6Ka", "Daniel O'Brien", "+353 87 123 4567",
            "daniel.obrien@harbourfreight.ie", "Harbour Freight Logistics", null, null, "25000", null,
            new LeadInput.Utm("google", "cpc", null, null, null), null, null,
            Map.of("Company size", "Large", "Anything else we should know?", "We route about 600 inbound leads a month across three regions.",
                "Attach an RFP (optional)", "https://storage.googleapis.com/tally-response-assets/mZA0Av/rfp-2027.pdf",
                "submittedAt", "2026-11-23T13:39:37.000Z", "formId", "mZA0Av", "formName", "Book a demo",
                "respondentId", "77WKOA", "tallyEventId", "02ee4066-93f1-446b-8115-259577c22366"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("fixtures")
  void aSubmissionIsOneLeadWithEveryFieldMapped(String fixture, SourceConfig config, LeadInput expected) {
    Delivery delivery = signed(resource(fixture));

    assertEquals(Verdict.AUTHENTIC, ADAPTER.verify(delivery, config, NOW));
    Result result = ADAPTER.parse(delivery, config);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(new SourceLead(expected, false)), result.leads());
  }

  static Stream<Arguments> signatures() throws Exception {
    byte[] pretty = resource("tally/form-response-zh.json");
    byte[] compact = SourceTestKit.MAPPER.writeValueAsBytes(SourceTestKit.MAPPER.readTree(pretty));
    byte[] tampered = new String(pretty, StandardCharsets.UTF_8).replace("15900001234", "15900009999").getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of("good", pretty, Map.of("Tally-Signature", signature(SECRET, pretty)), true),
        Arguments.of("over JSON.stringify of the payload, body pretty-printed", pretty, Map.of("Tally-Signature", signature(SECRET, compact)), true),
        Arguments.of("tampered body", tampered, Map.of("Tally-Signature", signature(SECRET, pretty)), false),
        Arguments.of("tampered body, compact signature", tampered, Map.of("Tally-Signature", signature(SECRET, compact)), false),
        Arguments.of("wrong secret", pretty, Map.of("Tally-Signature", signature("not-the-secret", pretty)), false),
        Arguments.of("missing header", pretty, Map.of(), false),
        Arguments.of("not base64", pretty, Map.of("Tally-Signature", "sha256=abc"), false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("signatures")
  void theSignatureIsTheBase64HmacOfThePayload(String name, byte[] body, Map<String, String> headers, boolean authentic) {
    Verdict verdict = ADAPTER.verify(SourceTestKit.post("tally-trial", body, headers, Map.of()), ZH, NOW);

    assertEquals(authentic, verdict.authentic());
    assertEquals(authentic, verdict.reason() == null);
  }

  @Test
  void aSourceWithoutSecretRefusesEverything() {
    byte[] body = resource("tally/form-response-en.json");

    Verdict verdict = ADAPTER.verify(signed(body), SourceTestKit.bareConfig("tally-demo", "tally", Map.of(), null), NOW);

    assertFalse(verdict.authentic());
    assertTrue(verdict.reason().contains("signingSecret"), verdict.reason());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty body", "", ""),
        Arguments.of("not JSON", "<xml/>", ""),
        Arguments.of("a string", "\"FORM_RESPONSE\"", ""),
        Arguments.of("no data", "{\"eventId\":\"e\",\"eventType\":\"FORM_RESPONSE\"}", "/data"),
        Arguments.of("no fields", "{\"eventId\":\"e\",\"data\":{\"responseId\":\"r\"}}", "/data/fields"),
        Arguments.of("fields an object", "{\"eventId\":\"e\",\"data\":{\"responseId\":\"r\",\"fields\":{}}}", "/data/fields"),
        Arguments.of("no id at all", "{\"data\":{\"fields\":[]}}", "/data/responseId"),
        Arguments.of("a field a number", "{\"eventId\":\"e\",\"data\":{\"fields\":[{\"key\":\"k\",\"value\":\"v\"},7]}}", "/data/fields/1"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void aMalformedDeliveryNamesThePartAtFault(String name, String body, String pointer) {
    Result result = parse(body);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(pointer), result.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void theEventIdStandsInForAMissingResponseId() {
    Result result = parse("{\"eventId\":\"evt-1\",\"eventType\":\"FORM_RESPONSE\",\"data\":{\"fields\":["
        + "{\"key\":\"q1\",\"label\":\"姓名\",\"type\":\"INPUT_TEXT\",\"value\":\"赵磊\"}]}}");

    LeadInput lead = result.leads().get(0).input();
    assertEquals("evt-1", lead.sourceEventId());
    assertEquals("赵磊", lead.name());
    assertNull(lead.phone());
    assertNull(lead.email());
  }

  @Test
  void anotherEventTypeHoldsNoLead() {
    Result result = parse("{\"eventId\":\"e\",\"eventType\":\"FORM_DELETED\",\"data\":{}}");

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(), result.errors());
  }

  @Test
  void validateWantsTheSigningSecretAndAWellFormedMapping() {
    SourceConfig config = SourceTestKit.bareConfig("tally-demo", "tally", Map.of(), "{\"fields\":{\"phone\":7}}");

    assertEquals(List.of("/sources/3/secrets/signingSecret", "/sources/3/options/fields/phone"),
        ADAPTER.validate(config, "/sources/3").stream().map(FieldError::field).toList());
    assertEquals(List.of(), ADAPTER.validate(ZH, "/sources/3"));
  }

  @Test
  void adversarialBodiesNeverThrow() {
    FormFuzz fuzz = new FormFuzz(3_08_41L, resource("tally/form-response-zh.json"), List.of("eventId", "eventType", "FORM_RESPONSE",
        "data", "responseId", "submissionId", "fields", "key", "label", "type", "value", "options", "id", "text",
        "INPUT_EMAIL", "INPUT_PHONE_NUMBER", "CHECKBOXES", "url", "name", "createdAt"));
    int leads = 0;
    int errors = 0;
    for (int i = 0; i < FormFuzz.RUNS; i++) {
      byte[] body = fuzz.body(i);
      Map<String, String> headers = i % 3 == 0 ? Map.of("Tally-Signature", signature(SECRET, body))
          : Map.of("Tally-Signature", fuzz.string());
      Delivery delivery = SourceTestKit.post("tally-trial", body, headers, Map.of());
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
    byte[] fixture = SourceTestKit.resource("tally/form-response-zh.json");
    SourceTestKit.assertNeverThrows(ADAPTER, ZH, SourceTestKit.adversarialBodies(fixture, 17L, 300), body -> Map.of("Tally-Signature", signature(SECRET, body)), Map.of());
  }
}
