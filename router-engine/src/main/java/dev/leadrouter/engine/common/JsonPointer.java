package dev.leadrouter.engine.common;

/**
 * JSON Pointer (RFC 6901) text, the one place that knows its escaping: every error that names a field
 * ({@link FieldError#field()}) is such a pointer.
 */
public final class JsonPointer {

  private JsonPointer() {}

  /** One reference token: {@code ~} → {@code ~0}, {@code /} → {@code ~1} (a null key reads "null"). */
  public static String escape(String token) {
    return String.valueOf(token).replace("~", "~0").replace("/", "~1");
  }

  /** The key one reference token names: {@code ~1} → {@code /}, then {@code ~0} → {@code ~}. */
  public static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  /** {@code parent} followed by the member {@code name}. */
  public static String child(String parent, String name) {
    return parent + "/" + escape(name);
  }

  /** {@code parent} followed by the array index {@code index}. */
  public static String child(String parent, int index) {
    return parent + "/" + index;
  }

  /** RFC 6901 syntax: empty, or {@code /}-separated tokens where {@code ~} is only {@code ~0} or {@code ~1}. */
  public static boolean isValid(String pointer) {
    if (pointer == null) return false;
    if (pointer.isEmpty()) return true;
    if (pointer.charAt(0) != '/') return false;
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~' && (i + 1 >= pointer.length() || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1'))) {
        return false;
      }
    }
    return true;
  }
}
