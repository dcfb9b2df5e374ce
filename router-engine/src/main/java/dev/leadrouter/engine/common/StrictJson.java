package dev.leadrouter.engine.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The one reader of JSON that arrives from outside (request bodies, platform deliveries): exactly
 * one value per body (trailing data or a second value is an error), no key twice in an object, and
 * well-formed UTF-8 (invalid, overlong and surrogate encodings are refused, never replaced; so is a
 * {@code \\uD800} escape without its pair). A UTF-8 byte order mark is skipped. Jackson's default
 * limits on nesting, number and string length apply. Nothing here is lenient about what a body is:
 * what it holds is for its reader to judge.
 */
public final class StrictJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper EXACT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  /** Why a body is not one strict JSON value; the message is safe to show the sender. */
  public static final class Malformed extends Exception {
    private Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private StrictJson() {}

  /** The body as one JSON value (floats as doubles); {@link Malformed} when it is empty or not strict JSON. */
  public static JsonNode read(byte[] body) throws Malformed {
    return read(body, MAPPER);
  }

  /** As {@link #read(byte[])}, with every non-integral number kept exactly as written (BigDecimal). */
  public static JsonNode readExact(byte[] body) throws Malformed {
    return read(body, EXACT);
  }

  /** A JSON text held in a string (a platform's JSON-in-a-string field), read as strictly as a body. */
  public static JsonNode readExact(String text) throws Malformed {
    return parse(text, EXACT);
  }

  private static JsonNode read(byte[] body, ObjectMapper mapper) throws Malformed {
    if (body == null || body.length == 0) throw new Malformed("the body is empty");
    return parse(utf8(body), mapper);
  }

  private static JsonNode parse(String text, ObjectMapper mapper) throws Malformed {
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new Malformed("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) throw new Malformed("the body is empty");
    String broken = brokenText(node, "");
    if (broken != null) throw new Malformed("malformed JSON: a \\u escape at " + (broken.isEmpty() ? "the root" : broken)
        + " is half of a surrogate pair");
    return node;
  }

  /** {@code bytes} as text, refusing anything that is not well-formed UTF-8 (RFC 3629). */
  static String utf8(byte[] bytes) throws Malformed {
    int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) result = decoder.flush(out);
    if (result.isError()) throw new Malformed("not UTF-8: invalid byte sequence at byte " + in.position());
    return out.flip().toString();
  }

  /** The pointer of the first string or field name holding a lone surrogate, or null. */
  private static String brokenText(JsonNode node, String pointer) {
    if (node.isTextual()) return wellFormed(node.textValue()) ? null : pointer;
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String broken = brokenText(node.get(i), pointer + "/" + i);
        if (broken != null) return broken;
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String at = pointer + "/" + JsonPointer.escape(field.getKey());
        if (!wellFormed(field.getKey())) return at;
        String broken = brokenText(field.getValue(), at);
        if (broken != null) return broken;
      }
    }
    return null;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
