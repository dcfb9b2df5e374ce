package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.StrictJson;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading platform JSON the way every adapter needs it: {@link StrictJson} (one value, no duplicate
 * keys, well-formed UTF-8), scalars as text, ids as digit strings and
 * platform timestamps as ISO-8601 instants. Nothing here throws on bad input.
 */
final class SourceJson {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,40}");
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private SourceJson() {}

  /** The body as a JSON tree; empty when it is empty or not (entirely) JSON. */
  static Optional<JsonNode> read(byte[] body) {
    try {
      return Optional.of(StrictJson.read(body));
    } catch (StrictJson.Malformed e) {
      return Optional.empty();
    }
  }

  /** Options written in the code ({@link SourceAdapter#startingOptions()}): JSON that must parse. */
  static JsonNode options(String json) {
    return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow(() -> new IllegalArgumentException(json));
  }

  /** A scalar as text (strings as sent, numbers without exponent when integral, booleans); null otherwise. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) return null;
    if (node.isTextual()) return node.textValue();
    if (node.isIntegralNumber()) return node.bigIntegerValue().toString();
    if (node.isNumber() || node.isBoolean()) return node.asText();
    return null;
  }

  /** A platform id sent as a JSON integer or a string of digits, as digits (no leading zeros); null when it is neither. */
  static String id(JsonNode node) {
    String text = text(node);
    if (text == null || (node.isNumber() && !node.isIntegralNumber())) return null;
    text = text.strip();
    return DIGITS.matcher(text).matches() ? new BigInteger(text).toString() : null;
  }

  /** Compares two digit strings as numbers. */
  static int compareIds(String a, String b) {
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  /** Milliseconds since the epoch (a JSON integer or digits) as an ISO-8601 instant; other text as sent. */
  static String epochMillis(JsonNode node) {
    String digits = id(node);
    if (digits != null && digits.length() <= 18) return Instant.ofEpochMilli(Long.parseLong(digits)).toString();
    return text(node);
  }

  /** A Graph API time ({@code 2016-06-13T18:05:10+0000}) as an ISO-8601 instant; other text as sent. */
  static String graphTime(JsonNode node) {
    String text = text(node);
    if (text == null) return null;
    try {
      return OffsetDateTime.parse(text.strip(), GRAPH_TIME).toInstant().toString();
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  /** True for JSON {@code true} and the string {@code "true"} (any case). */
  static boolean isTrue(JsonNode node) {
    return node != null && (node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(text(node)));
  }
}
