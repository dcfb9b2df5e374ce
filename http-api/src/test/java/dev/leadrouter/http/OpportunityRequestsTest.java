package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The opportunity endpoints' bodies: one test per field rule, each naming the field by JSON Pointer. */
class OpportunityRequestsTest {

  private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  // ---------------------------------------------------------------- convert

  @Test
  void aConversionNeedsNoField() {
    OpportunityRequests.Parsed<OpportunityRequests.Convert> parsed = OpportunityRequests.convert(json("{}"));
    assertEquals(new OpportunityRequests.Convert(null, null, null, null), parsed.value());
  }

  @Test
  void aConversionKeepsEveryFieldItIsGiven() {
    OpportunityRequests.Convert c = OpportunityRequests.convert(json(
        "{\"name\":\" 上海工厂 MES 二期 \",\"amount\":800000.50,\"currency\":\"cny\",\"pipeline\":\"default\"}")).value();
    assertEquals(new OpportunityRequests.Convert("上海工厂 MES 二期", new BigDecimal("800000.5"), "CNY", "default"), c);
  }

  @ParameterizedTest(name = "amount {0}")
  @ValueSource(strings = {"-1", "\"-5\"", "\"80万\"", "true", "\"1e3\"", "1234567890123456", "0.00001"})
  void anAmountIsANonNegativeDecimalThatFitsItsColumn(String amount) {
    assertErrors(OpportunityRequests.convert(json("{\"amount\":" + amount + "}")).errors(), "/amount");
  }

  @Test
  void anAmountMayBeADecimalString() {
    assertEquals(new BigDecimal("123456789012345.1234"),
        OpportunityRequests.convert(json("{\"amount\":\"123456789012345.1234\"}")).value().amount());
    assertEquals(new BigDecimal("0"), OpportunityRequests.convert(json("{\"amount\":0}")).value().amount());
  }

  @ParameterizedTest(name = "currency {0}")
  @ValueSource(strings = {"\"RMB\"", "\"CN\"", "\"CNYY\"", "\"¥¥¥\"", "156"})
  void aCurrencyIsAnIso4217Code(String currency) {
    assertErrors(OpportunityRequests.convert(json("{\"currency\":" + currency + "}")).errors(), "/currency");
  }

  @Test
  void aPipelineIsAnId() {
    assertErrors(OpportunityRequests.convert(json("{\"pipeline\":\"big deals!\"}")).errors(), "/pipeline");
    assertErrors(OpportunityRequests.convert(json("{\"pipeline\":\"" + "p".repeat(65) + "\"}")).errors(), "/pipeline");
  }

  @Test
  void aConversionNameHasAtMost200Characters() {
    assertErrors(OpportunityRequests.convert(json("{\"name\":\"" + "名".repeat(201) + "\"}")).errors(), "/name");
  }

  @Test
  void aConversionRefusesUnknownFieldsAndBodiesThatAreNotObjects() {
    assertErrors(OpportunityRequests.convert(json("{\"value\":1}")).errors(), "/value");
    assertErrors(OpportunityRequests.convert(json("[]")).errors(), "");
  }

  @Test
  void aBodyThatIsNotAnObjectIsOneErrorAtTheRoot() {
    assertErrors(OpportunityRequests.action(json("[{\"type\":\"note\"}]")).errors(), "");
    assertErrors(OpportunityRequests.stage(json("\"won\"")).errors(), "");
    assertErrors(OpportunityRequests.snooze(json("null")).errors(), "");
  }

  // ---------------------------------------------------------------- actions

  @Test
  void anActionKeepsEveryFieldItIsGiven() {
    ActionInput a = OpportunityRequests.action(json("""
        {"type":"solution_demo","at":"2026-12-05T18:00:00+08:00","outcome":"customer liked it","note":"next: quote",
         "evidence":[{"kind":"recording","url":"https://files.example.cn/demo.mp4","sha256":"%s","durationSeconds":3600},
                     {"kind":"e_signature","status":"signed"}]}
        """.formatted(HASH.toUpperCase()))).value();
    assertEquals(new ActionInput("solution_demo", Instant.parse("2026-12-05T10:00:00Z"), "customer liked it",
        "next: quote", List.of(new Evidence("recording", "https://files.example.cn/demo.mp4", HASH, null, 3600),
            new Evidence("e_signature", null, null, "signed", null))), a);
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(strings = {"{}", "{\"type\":\"\"}", "{\"type\":\"  \"}", "{\"type\":null}", "{\"type\":7}",
      "{\"type\":\"site visit\"}"})
  void anActionTypeIsARequiredId(String body) {
    assertErrors(OpportunityRequests.action(json(body)).errors(), "/type");
  }

  @ParameterizedTest(name = "at {0}")
  @ValueSource(strings = {"\"yesterday\"", "\"2026-12-05T10:00:00\"", "\"2026-12-05\"", "1733392800", "\"10000-01-01T00:00:00Z\""})
  void anActionsTimeIsAnIsoInstantWithAZone(String at) {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"site_visit\",\"at\":" + at + "}")).errors(), "/at");
  }

  @Test
  void anOutcomeAndANoteAreBoundedTextsWithoutControlCharacters() {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"note\",\"outcome\":\"" + "x".repeat(501) + "\"}")).errors(),
        "/outcome");
    assertErrors(OpportunityRequests.action(json("{\"type\":\"note\",\"note\":\"" + "x".repeat(5_001) + "\"}")).errors(),
        "/note");
    assertErrors(OpportunityRequests.action(json("{\"type\":\"note\",\"note\":\"a\\u0000b\"}")).errors(), "/note");
  }

  @Test
  void evidenceIsAnArrayOfAtMost20Objects() {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":{\"kind\":\"recording\"}}")).errors(),
        "/evidence");
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[\"recording\"]}")).errors(),
        "/evidence/0");
    String many = "{\"kind\":\"photo\"},".repeat(21);
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[" + many.substring(0, many.length() - 1)
        + "]}")).errors(), "/evidence");
  }

  @Test
  void anEvidenceItemNeedsAKind() {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"url\":\"https://a.cn/f\"}]}")).errors(),
        "/evidence/0/kind");
  }

  @ParameterizedTest(name = "url {0}")
  @ValueSource(strings = {"\"ftp://files.example.cn/a\"", "\"/files/a.mp4\"", "\"https://\"", "\"not a url\"", "42",
      "\"javascript:alert(1)\""})
  void anEvidenceUrlIsAnAbsoluteHttpUrl(String url) {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"doc\",\"url\":" + url + "}]}"))
        .errors(), "/evidence/0/url");
  }

  @Test
  void anEvidenceUrlHasAtMost2000Characters() {
    String url = "https://a.cn/" + "f".repeat(1_990);
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"doc\",\"url\":\"" + url
        + "\"}]}")).errors(), "/evidence/0/url");
  }

  @ParameterizedTest(name = "sha256 {0}")
  @ValueSource(strings = {"\"abc\"", "\"" + HASH + "0\"", "\"zz00000000000000000000000000000000000000000000000000000000000000\"", "123"})
  void anEvidenceHashIs64HexCharacters(String sha) {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"doc\",\"sha256\":" + sha + "}]}"))
        .errors(), "/evidence/0/sha256");
  }

  @ParameterizedTest(name = "durationSeconds {0}")
  @ValueSource(strings = {"-1", "1.5", "\"60\"", "3000000000"})
  void anEvidenceDurationIsANonNegativeWholeNumberOfSeconds(String seconds) {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"recording\",\"durationSeconds\":"
        + seconds + "}]}")).errors(), "/evidence/0/durationSeconds");
  }

  @Test
  void anEvidenceStatusIsABoundedText() {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"e_signature\",\"status\":\""
        + "s".repeat(65) + "\"}]}")).errors(), "/evidence/0/status");
  }

  @Test
  void anEvidenceItemRefusesUnknownFields() {
    assertErrors(OpportunityRequests.action(json("{\"type\":\"x\",\"evidence\":[{\"kind\":\"doc\",\"file\":\"a.pdf\"}]}"))
        .errors(), "/evidence/0/file");
  }

  @Test
  void everyErrorOfAnActionIsReportedAtOnce() {
    assertErrors(OpportunityRequests.action(json("""
        {"at":"soon","evidence":[{"kind":"doc","url":"ftp://x","sha256":"1"},{}],"extra":1}
        """)).errors(), "/extra", "/type", "/at", "/evidence/0/url", "/evidence/0/sha256", "/evidence/1/kind");
  }

  // ---------------------------------------------------------------- stage and snooze

  @Test
  void aStageMoveKeepsItsChecklistOnceEach() {
    OpportunityRequests.Stage s = OpportunityRequests.stage(json(
        "{\"to\":\"won\",\"checklist\":[\"payment_terms_agreed\",\"payment_terms_agreed\",\"invoice_type_confirmed\"],"
            + "\"reason\":\"signed\"}")).value();
    assertEquals(new OpportunityRequests.Stage("won", List.of("payment_terms_agreed", "invoice_type_confirmed"), "signed"), s);
  }

  @Test
  void aStageMoveNeedsTheTargetStage() {
    assertErrors(OpportunityRequests.stage(json("{}")).errors(), "/to");
    assertErrors(OpportunityRequests.stage(json("{\"to\":\"next stage\"}")).errors(), "/to");
  }

  @Test
  void aChecklistIsAnArrayOfIds() {
    assertErrors(OpportunityRequests.stage(json("{\"to\":\"won\",\"checklist\":\"payment_terms_agreed\"}")).errors(),
        "/checklist");
    assertErrors(OpportunityRequests.stage(json("{\"to\":\"won\",\"checklist\":[\"ok\",3,\"a b\"]}")).errors(),
        "/checklist/1", "/checklist/2");
    assertErrors(OpportunityRequests.stage(json("{\"to\":\"won\",\"checklist\":[" + "\"i\",".repeat(50) + "\"i\"]}"))
        .errors(), "/checklist");
  }

  @Test
  void aStageReasonHasAtMost500Characters() {
    assertErrors(OpportunityRequests.stage(json("{\"to\":\"lost\",\"reason\":\"" + "r".repeat(501) + "\"}")).errors(),
        "/reason");
  }

  @Test
  void aSnoozeNeedsAnInstantAndAReason() {
    assertEquals(new OpportunityRequests.Snooze(Instant.parse("2026-12-10T01:00:00Z"), "customer on holiday"),
        OpportunityRequests.snooze(json("{\"until\":\"2026-12-10T09:00:00+08:00\",\"reason\":\"customer on holiday\"}"))
            .value());
    assertErrors(OpportunityRequests.snooze(json("{}")).errors(), "/until", "/reason");
    assertErrors(OpportunityRequests.snooze(json("{\"until\":\"next week\",\"reason\":\" \"}")).errors(), "/until", "/reason");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "stage  | {\"to\":\"won\",\"by\":\"me\"} | /by",
      "snooze | {\"until\":\"2026-12-10T09:00:00Z\",\"reason\":\"x\",\"days\":3} | /days",
  })
  void unknownFieldsAreErrors(String endpoint, String body, String pointer) {
    List<FieldError> errors = endpoint.equals("stage")
        ? OpportunityRequests.stage(json(body)).errors() : OpportunityRequests.snooze(json(body)).errors();
    assertErrors(errors, pointer);
  }

  private static void assertErrors(List<FieldError> errors, String... pointers) {
    assertEquals(List.of(pointers), errors.stream().map(FieldError::field).toList(), errors.toString());
    errors.forEach(e -> assertTrue(!e.message().isBlank(), e.toString()));
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAbsentValueIsNotAnError() {
    assertNull(OpportunityRequests.convert(json("{\"amount\":null,\"currency\":null}")).value().amount());
  }
}
