package dev.leadrouter.engine.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC as the platforms we talk to sign (pure): outbound webhooks and chat robots, inbound lead
 * sources. JDK only; one place so every signature is computed the same way.
 */
public final class Hmac {

  private Hmac() {}

  /** HMAC-SHA256 of {@code data} under {@code key}, both UTF-8. */
  public static byte[] sha256(String key, String data) {
    return sha256(key.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] sha256(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Compares two signatures in constant time (no early exit that leaks how much matched). */
  public static boolean same(byte[] expected, byte[] given) {
    return given != null && MessageDigest.isEqual(expected, given);
  }
}
