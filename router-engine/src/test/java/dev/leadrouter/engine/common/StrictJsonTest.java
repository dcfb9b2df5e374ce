package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictJsonTest {

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
    return out;
  }

  static byte[] concat(String before, byte[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(middle, 0, out, a.length, middle.length);
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("trailing data", "{\"a\":1} x".getBytes(StandardCharsets.UTF_8), "malformed JSON"),
        Arguments.of("two concatenated objects", "{\"a\":1}{\"a\":2}".getBytes(StandardCharsets.UTF_8), "malformed JSON"),
        Arguments.of("a duplicate key", "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8), "Duplicate field 'a'"),
        Arguments.of("a nested duplicate key", "{\"o\":{\"b\":1,\"b\":1}}".getBytes(StandardCharsets.UTF_8), "Duplicate field 'b'"),
        Arguments.of("an overlong '/' (C0 AF)", concat("{\"a\":\"", bytes(0xC0, 0xAF), "\"}"), "not UTF-8"),
        Arguments.of("an overlong NUL (E0 80 80)", concat("{\"a\":\"", bytes(0xE0, 0x80, 0x80), "\"}"), "not UTF-8"),
        Arguments.of("an encoded surrogate (ED A0 80)", concat("{\"a\":\"", bytes(0xED, 0xA0, 0x80), "\"}"), "not UTF-8"),
        Arguments.of("a stray continuation byte", concat("{\"a\":\"", bytes(0x80), "\"}"), "not UTF-8"),
        Arguments.of("a truncated sequence", concat("{\"a\":\"", bytes(0xE4, 0xB8), "\"}"), "not UTF-8"),
        Arguments.of("Latin-1", concat("{\"a\":\"", bytes(0xE9), "\"}"), "not UTF-8"),
        Arguments.of("a lone surrogate escape", "{\"a\":\"x\\ud800\"}".getBytes(StandardCharsets.UTF_8), "surrogate"),
        Arguments.of("an empty body", new byte[0], "empty"),
        Arguments.of("only whitespace", "  ".getBytes(StandardCharsets.UTF_8), "empty"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatIsNotOneStrictJsonValue(String what, byte[] body, String message) {
    StrictJson.Malformed e = assertThrows(StrictJson.Malformed.class, () -> StrictJson.read(body));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertThrows(StrictJson.Malformed.class, () -> StrictJson.readExact(body));
  }

  @Test
  void readsWellFormedJson() throws Exception {
    assertEquals("王工 😀", StrictJson.read("{\"n\":\"王工 \\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)).get("n").asText());
    assertEquals("王工😀", StrictJson.read("{\"n\":\"王工😀\"}\n".getBytes(StandardCharsets.UTF_8)).get("n").asText());
    assertEquals(1, StrictJson.read(concat("", bytes(0xEF, 0xBB, 0xBF), "{\"a\":1}")).get("a").asInt(), "a BOM is skipped");
    assertEquals("12345678901234567.89", StrictJson.readExact("{\"x\":12345678901234567.89}".getBytes(StandardCharsets.UTF_8)).get("x").decimalValue().toPlainString());
    assertEquals(2, StrictJson.read("[{\"a\":1},{\"a\":2}]".getBytes(StandardCharsets.UTF_8)).size(), "the same key in two objects");
  }
}
