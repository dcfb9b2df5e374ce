package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.intake.NameCleaner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A lead's answers by the platform's own field name, in the order they arrived. Adapters {@link #take}
 * what maps to a canonical field; everything left over becomes an attribute, so nothing the person
 * entered is lost. Not thread-safe; one per lead.
 */
final class Answers {

  /** How several values of one field (checkboxes) are joined. */
  static final String SEPARATOR = ";";

  private final Map<String, String> values = new LinkedHashMap<>();

  /** Sets a field unless it is already set (the first value wins, even a blank one). */
  void putIfAbsent(String name, String value) {
    if (name != null && !name.isBlank()) values.putIfAbsent(name, value == null ? "" : value);
  }

  /** Adds a value to a field, joining several with {@value #SEPARATOR}. */
  void append(String name, String value) {
    if (name == null || name.isBlank() || value == null || value.isBlank()) return;
    values.merge(name, value.strip(), (a, b) -> a.isBlank() ? b : a + SEPARATOR + b);
  }

  /** The first non-blank value among {@code names}, left in place. */
  String peek(String... names) {
    for (String name : names) {
      String value = values.get(name);
      if (value != null && !value.isBlank()) return value;
    }
    return null;
  }

  /** The first non-blank value among {@code names}, removed (the others stay as attributes). */
  String take(String... names) {
    for (String name : names) {
      String value = values.get(name);
      if (value != null && !value.isBlank()) {
        values.remove(name);
        return value;
      }
    }
    return null;
  }

  /** What was not taken. */
  Map<String, String> rest() {
    return values;
  }

  /** Given and family name, or whichever there is, joined as {@link NameCleaner#join} says (张 + 三 → 张三). */
  static String fullName(String first, String last) {
    return NameCleaner.join(last, first);
  }

  /** Non-blank parts joined with {@code separator}; null when there are none. */
  static String join(String separator, String... parts) {
    StringJoiner joined = new StringJoiner(separator);
    for (String part : parts) {
      if (part != null && !part.isBlank()) joined.add(part.strip());
    }
    return joined.length() == 0 ? null : joined.toString();
  }
}
