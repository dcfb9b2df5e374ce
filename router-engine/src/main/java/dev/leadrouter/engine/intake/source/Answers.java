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
  /** Other names an answer may be taken by (a Google column's {@code column_name} beside its id). */
  private final Map<String, String> aliases = new LinkedHashMap<>();

  /** Sets a field unless it is already set (the first value wins, even a blank one). */
  void putIfAbsent(String name, String value) {
    if (name != null && !name.isBlank()) values.putIfAbsent(name, value == null ? "" : value);
  }

  /** Adds a value to a field, joining several with {@value #SEPARATOR}. */
  void append(String name, String value) {
    if (name == null || name.isBlank() || value == null || value.isBlank()) return;
    values.merge(name, value.strip(), (a, b) -> a.isBlank() ? b : a + SEPARATOR + b);
  }

  /** Lets {@link #take} and {@link #peek} find the answer {@code name} by {@code alias} too (the first alias wins). */
  void alias(String alias, String name) {
    if (alias != null && !alias.isBlank() && !alias.equals(name)) aliases.putIfAbsent(alias.strip(), name);
  }

  /** The first non-blank value among {@code names}, left in place. */
  String peek(String... names) {
    for (String name : names) {
      String value = values.get(resolve(name));
      if (value != null && !value.isBlank()) return value;
    }
    return null;
  }

  /** The first non-blank value among {@code names}, removed (the others stay as attributes). */
  String take(String... names) {
    for (String name : names) {
      String key = resolve(name);
      String value = values.get(key);
      if (value != null && !value.isBlank()) {
        values.remove(key);
        return value;
      }
    }
    return null;
  }

  /** Every non-blank value among {@code names}, in that order, removed. */
  java.util.List<String> takeAll(String... names) {
    java.util.List<String> taken = new java.util.ArrayList<>();
    for (String name : names) {
      String value = take(name);
      if (value != null) taken.add(value);
    }
    return taken;
  }

  /** The answer's own name and every alias of it. */
  java.util.List<String> namesOf(String name) {
    java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(name));
    aliases.forEach((alias, target) -> {
      if (target.equals(name)) names.add(alias);
    });
    return names;
  }

  private String resolve(String name) {
    return values.containsKey(name) ? name : aliases.getOrDefault(name, name);
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
