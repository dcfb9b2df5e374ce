package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Signature and digest checks the form adapters share (pure, JDK only). */
final class Signatures {

  private Signatures() {}

  /**
   * Whether {@code given} is the standard base64 of HMAC-SHA256({@code secret}, {@code data}); compared
   * in constant time. Not base64 at all is a mismatch.
   */
  static boolean base64HmacMatches(String secret, byte[] data, String given) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(given.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Hmac.same(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), data), decoded);
  }

  /** The standard base64 of HMAC-SHA256({@code secret}, {@code data}): what {@link #base64HmacMatches} accepts. */
  static String base64Hmac(String secret, byte[] data) {
    return Base64.getEncoder().encodeToString(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), data));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    return out.toString();
  }
}
