package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * Authenticity for deliveries no platform signs: pulled documents (a poller posts a platform's API
 * answer) and deliveries the engine fetched itself. Pure; every comparison in constant time.
 *
 * <p>A per-source token: the delivery's query parameter {@value #TOKEN_PARAMETER} must equal the
 * source's secret {@value #TOKEN_SECRET}. A self-fetched delivery: header {@value #FETCH_HEADER} must
 * equal {@link #fetchMarker(SourceConfig)}, an HMAC over the source id keyed with all the source's
 * secrets, which the engine can compute and a caller who only knows the (public) source id cannot.
 */
public final class SourceTokens {

  /** The query parameter a poster puts the token in: {@code POST …/events?token=…}. */
  public static final String TOKEN_PARAMETER = "token";
  /** The secret holding the expected token. */
  public static final String TOKEN_SECRET = "token";
  /** The header the engine sets on a delivery it fetched from the platform itself. */
  public static final String FETCH_HEADER = "x-leadrouter-fetch";

  private SourceTokens() {}

  /** Query parameter {@code token} equals secret {@code token}. */
  public static Verdict verify(Delivery delivery, SourceConfig config) {
    String expected = config.secret(TOKEN_SECRET);
    if (expected == null) return Verdict.refused("source has no secrets." + TOKEN_SECRET + " to check ?token against");
    String given = delivery.query().get(TOKEN_PARAMETER);
    if (given == null || given.isEmpty()) return Verdict.refused("missing query parameter ?" + TOKEN_PARAMETER);
    return same(expected, given) ? Verdict.AUTHENTIC : Verdict.refused("wrong ?" + TOKEN_PARAMETER);
  }

  /** Whether the delivery carries this source's {@link #fetchMarker}. */
  public static boolean fetchedByEngine(Delivery delivery, SourceConfig config) {
    String marker = fetchMarker(config);
    String given = delivery.header(FETCH_HEADER).orElse(null);
    return marker != null && given != null && same(marker, given);
  }

  /**
   * The value of {@value #FETCH_HEADER} on a delivery the engine fetched for this source: base64url
   * HMAC-SHA256 over {@code "leadrouter-fetch\n" + id}, keyed with the source's secrets ({@code
   * name=value} lines, sorted by name). Null for a source without secrets.
   */
  public static String fetchMarker(SourceConfig config) {
    if (config.secrets().isEmpty() || config.id() == null) return null;
    StringBuilder key = new StringBuilder();
    new TreeMap<>(config.secrets()).forEach((name, value) -> key.append(name).append('=').append(value).append('\n'));
    byte[] mac = Hmac.sha256(key.toString().getBytes(StandardCharsets.UTF_8),
        ("leadrouter-fetch\n" + config.id()).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** Two secrets compared in constant time (also in their length: the digests are compared). */
  public static boolean same(String expected, String given) {
    if (expected == null || given == null) return false;
    return MessageDigest.isEqual(sha256(expected), sha256(given));
  }

  /** An error per secret the source must have but has not. */
  static List<FieldError> requireSecrets(SourceConfig config, String pointer, String... names) {
    List<FieldError> errors = new ArrayList<>();
    for (String name : names) {
      if (config.secret(name) == null) errors.add(new FieldError(pointer + "/secrets/" + name, "required"));
    }
    return errors;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
