package dev.leadrouter.engine.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadInputParserTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** A valid body plus one change, so exactly one field is at fault. */
  private static JsonNode withEmail(String field, Object value) {
    ObjectNode body = MAPPER.createObjectNode().put("email", "a@b.cn");
    body.set(field, MAPPER.valueToTree(value));
    return body;
  }

  private static List<String> fields(LeadInputParser.Result result) {
    return result.errors().stream().map(FieldError::field).toList();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"\"\"", "\"a lead\"", "42", "[]", "[{\"email\":\"a@b.cn\"}]", "true", "null"})
  void aBodyThatIsNotAnObjectIsAnErrorAtTheRoot(String body) {
    LeadInputParser.Result result = LeadInputParser.parse(json(body));

    assertNull(result.input());
    assertEquals(List.of(""), fields(result));
  }

  @Test
  void noBodyAtAllIsAnErrorAtTheRoot() {
    assertEquals(List.of(""), fields(LeadInputParser.parse(null)));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("number phone", "{\"email\":\"a@b.cn\",\"phone\":13800138000}", "/phone"),
        Arguments.of("object name", "{\"email\":\"a@b.cn\",\"name\":{\"first\":\"三\"}}", "/name"),
        Arguments.of("boolean region", "{\"email\":\"a@b.cn\",\"region\":true}", "/region"),
        Arguments.of("array utm", "{\"email\":\"a@b.cn\",\"utm\":[\"baidu\"]}", "/utm"),
        Arguments.of("number in utm", "{\"email\":\"a@b.cn\",\"utm\":{\"source\":7}}", "/utm/source"),
        Arguments.of("array attributes", "{\"email\":\"a@b.cn\",\"attributes\":[1]}", "/attributes"),
        Arguments.of("nested object in attributes", "{\"email\":\"a@b.cn\",\"attributes\":{\"x\":{\"y\":1}}}", "/attributes/x"),
        Arguments.of("nested array in attributes", "{\"email\":\"a@b.cn\",\"attributes\":{\"x\":[1]}}", "/attributes/x"),
        Arguments.of("missing phone and email", "{\"name\":\"张三\"}", "/phone"),
        Arguments.of("blank phone and email", "{\"phone\":\"  \",\"email\":\"\"}", "/phone"),
        Arguments.of("name 201 chars", "{\"email\":\"a@b.cn\",\"name\":\"" + "x".repeat(201) + "\"}", "/name"),
        Arguments.of("notes 10001 chars", "{\"email\":\"a@b.cn\",\"notes\":\"" + "x".repeat(10_001) + "\"}", "/notes"),
        Arguments.of("utm 501 chars", "{\"email\":\"a@b.cn\",\"utm\":{\"term\":\"" + "x".repeat(501) + "\"}}", "/utm/term"),
        Arguments.of("unknown priority", "{\"email\":\"a@b.cn\",\"priority\":\"asap\"}", "/priority"),
        Arguments.of("unknown top-level field", "{\"email\":\"a@b.cn\",\"foo\":1}", "/foo"),
        Arguments.of("unknown utm field", "{\"email\":\"a@b.cn\",\"utm\":{\"bar\":\"x\"}}", "/utm/bar"),
        Arguments.of("slash in a field name", "{\"email\":\"a@b.cn\",\"a/b\":1}", "/a~1b"),
        Arguments.of("tilde in a field name", "{\"email\":\"a@b.cn\",\"a~b\":1}", "/a~0b"),
        Arguments.of("slash in an attribute name", "{\"email\":\"a@b.cn\",\"attributes\":{\"a/b\":{}}}", "/attributes/a~1b"),
        Arguments.of("attribute name 65 chars", "{\"email\":\"a@b.cn\",\"attributes\":{\"" + "k".repeat(65) + "\":\"v\"}}",
            "/attributes/" + "k".repeat(65)));
  }

  @ParameterizedTest(name = "[{index}] {0} → {2}")
  @MethodSource("malformed")
  void aMalformedBodyNamesTheFieldAtFaultAndGivesNoInput(String name, String body, String field) {
    LeadInputParser.Result result = LeadInputParser.parse(json(body));

    assertFalse(result.ok());
    assertNull(result.input());
    assertEquals(List.of(field), fields(result));
  }

  @Test
  void aNameThatNormalizationExpandsPastTheColumnIsRefusedNamingTheField() {
    // ㍿ is one character; NFKC, which cleaning applies, makes it 株式会社 (four).
    LeadInputParser.Result result = LeadInputParser.parse(withEmail("name", "㍿".repeat(60)));

    assertEquals(List.of("/name"), fields(result));
    assertTrue(result.errors().get(0).message().contains("after Unicode normalization"), result.errors().toString());
  }

  @Test
  void exactlyTheMaximumLengthIsAccepted() {
    LeadInputParser.Result result = LeadInputParser.parse(withEmail("name", "x".repeat(200)));

    assertTrue(result.ok(), result.errors().toString());
    assertEquals(200, result.input().name().length());
  }

  @Test
  void everyFaultIsListedNotJustTheFirst() {
    LeadInputParser.Result result = LeadInputParser.parse(
        json("{\"name\":1,\"foo\":2,\"utm\":{\"bar\":\"x\"},\"priority\":\"asap\"}"));

    assertEquals(List.of("/foo", "/name", "/phone", "/priority", "/utm/bar"),
        fields(result).stream().sorted().toList());
  }

  @Test
  void aValidBodyGivesTrimmedStringsAndNoErrors() {
    LeadInputParser.Result result = LeadInputParser.parse(json("""
        {"source":" web-form ","sourceEventId":" evt-1 ","name":"  张三 ","phone":" 13800138000 ",
         "email":" A@B.CN ","company":" ACME ","region":" 上海 ","industry":" 制造 ","budget":" 50万 ",
         "priority":" HIGH ","clientIp":" 203.0.113.7 ","notes":" call after 6 ",
         "utm":{"source":" baidu ","medium":"cpc","campaign":"spring","content":"","term":null},
         "attributes":{"size":" 200 ","vip":true,"score":9.5,"gone":null}}
        """));

    assertTrue(result.ok(), result.errors().toString());
    LeadInput in = result.input();
    assertEquals("web-form", in.source());
    assertEquals("evt-1", in.sourceEventId());
    assertEquals("张三", in.name());
    assertEquals("13800138000", in.phone());
    assertEquals("A@B.CN", in.email());
    assertEquals("ACME", in.company());
    assertEquals("上海", in.region());
    assertEquals("制造", in.industry());
    assertEquals("50万", in.budget());
    assertEquals("high", in.priority());
    assertEquals("203.0.113.7", in.clientIp());
    assertEquals("call after 6", in.notes());
    assertEquals(new LeadInput.Utm("baidu", "cpc", "spring", null, null), in.utm());
    assertEquals(Map.of("size", "200", "vip", "true", "score", "9.5"), in.attributes());
  }

  @Test
  void emptyStringsBecomeNull() {
    LeadInputParser.Result result = LeadInputParser.parse(
        json("{\"email\":\"a@b.cn\",\"name\":\"\",\"company\":\"   \",\"region\":\"\"}"));

    assertTrue(result.ok(), result.errors().toString());
    assertNull(result.input().name());
    assertNull(result.input().company());
    assertNull(result.input().region());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"phone\":\"13800138000\"}", "{\"phone\":\"13800138000\",\"source\":\"\",\"priority\":\"\"}",
      "{\"phone\":\"13800138000\",\"source\":null,\"priority\":null,\"utm\":null,\"attributes\":null}"})
  void sourceDefaultsToApiAndPriorityToNormal(String body) {
    LeadInputParser.Result result = LeadInputParser.parse(json(body));

    assertTrue(result.ok(), result.errors().toString());
    assertEquals("api", result.input().source());
    assertEquals("normal", result.input().priority());
    assertEquals(LeadInput.Utm.EMPTY, result.input().utm());
    assertEquals(Map.of(), result.input().attributes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOW", "Normal", "high", "URGENT", " Urgent "})
  void priorityIsLowerCased(String priority) {
    LeadInputParser.Result result = LeadInputParser.parse(withEmail("priority", priority));

    assertTrue(result.ok(), result.errors().toString());
    assertEquals(priority.strip().toLowerCase(), result.input().priority());
  }

  @Test
  void anEmailAloneIsEnough() {
    assertTrue(LeadInputParser.parse(json("{\"email\":\"a@b.cn\"}")).ok());
  }
}
