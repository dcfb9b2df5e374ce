package dev.leadrouter.engine.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a JSON document while tracking where it is: a reader is one node (possibly absent) at its
 * JSON Pointer, its children are readers at the child pointers ({@link JsonPointer}), and every
 * reader of one document adds to the same list of {@link FieldError}s. The typed reads check the
 * shape only (a text, a whole number in a range, a list, no unknown members) and answer null when the
 * value is absent or wrong, so a document reader keeps just its domain checks and reports every
 * error in one pass.
 *
 * <p>Absent means the member is missing; a JSON {@code null} counts as absent for {@link #text},
 * {@link #string} and {@link #integer} and as a wrong value for {@link #decimal}, {@link #bool} and
 * {@link #list}. Not thread-safe: one reader per document read.
 */
public final class JsonReader {

  private final JsonNode node;
  private final String pointer;
  private final List<FieldError> errors;

  private JsonReader(JsonNode node, String pointer, List<FieldError> errors) {
    this.node = node != null && node.isMissingNode() ? null : node;
    this.pointer = pointer;
    this.errors = errors;
  }

  /** A reader of a whole document, at pointer {@code ""}. */
  public static JsonReader of(JsonNode root) {
    return at(root, "");
  }

  /** A reader of a node inside a larger document, errors named from {@code pointer}. */
  public static JsonReader at(JsonNode node, String pointer) {
    return new JsonReader(node, pointer, new ArrayList<>());
  }

  /** The node, or null when absent. */
  public JsonNode node() {
    return node;
  }

  public String pointer() {
    return pointer;
  }

  /** The member {@code name} (absent when missing or when this is not an object). */
  public JsonReader field(String name) {
    JsonNode child = node == null || !node.isObject() ? null : node.get(name);
    return new JsonReader(child, JsonPointer.child(pointer, name), errors);
  }

  /** The element at {@code index} (absent when out of range or when this is not an array). */
  public JsonReader element(int index) {
    JsonNode child = node == null || !node.isArray() ? null : node.get(index);
    return new JsonReader(child, JsonPointer.child(pointer, index), errors);
  }

  /** Is there a member here (JSON {@code null} included)? */
  public boolean exists() {
    return node != null;
  }

  /** Is there a member here other than JSON {@code null}? */
  public boolean present() {
    return node != null && !node.isNull();
  }

  /** Does this object have a member {@code name} (JSON {@code null} included)? */
  public boolean has(String name) {
    return node != null && node.has(name);
  }

  public boolean isObject() {
    return node != null && node.isObject();
  }

  public boolean isArray() {
    return node != null && node.isArray();
  }

  public boolean isTextual() {
    return node != null && node.isTextual();
  }

  /** The members of this object in document order ({@code name → reader}); none when it is not an object. */
  public Map<String, JsonReader> members() {
    Map<String, JsonReader> out = new LinkedHashMap<>();
    if (isObject()) node.fieldNames().forEachRemaining(name -> out.put(name, field(name)));
    return out;
  }

  /** The elements of this array in order; none when it is not an array. */
  public List<JsonReader> elements() {
    List<JsonReader> out = new ArrayList<>();
    if (isArray()) for (int i = 0; i < node.size(); i++) out.add(element(i));
    return out;
  }

  /** Adds an error at this pointer. */
  public void error(String message) {
    errors.add(new FieldError(pointer, message));
  }

  /** Every error added through any reader of this document, in the order they were found. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** How many errors were found so far (to tell whether a step added any). */
  public int errorCount() {
    return errors.size();
  }

  /** An error at each member not in {@code allowed}: {@code unknown field 'x' (known: a, b)}. */
  public void unknownFields(Set<String> allowed) {
    String known = String.join(", ", allowed.stream().sorted().toList());
    unknownFields(allowed, name -> "unknown field '" + name + "' (known: " + known + ")");
  }

  /** An error at each member not in {@code allowed}, worded by {@code message} from the member's name. */
  public void unknownFields(Set<String> allowed, Function<String, String> message) {
    if (!isObject()) return;
    for (Map.Entry<String, JsonReader> member : members().entrySet()) {
      if (!allowed.contains(member.getKey())) member.getValue().error(message.apply(member.getKey()));
    }
  }

  /**
   * The member {@code name} as stripped, non-blank text: null when absent ({@code name is required}
   * when {@code required}); {@code name must be a non-empty text} when not text or blank.
   */
  public String text(String name, boolean required) {
    JsonReader child = field(name);
    if (!child.present()) {
      if (required) child.error(name + " is required");
      return null;
    }
    if (!child.isTextual() || child.node.asText().isBlank()) {
      child.error(name + " must be a non-empty text");
      return null;
    }
    return child.node.asText().strip();
  }

  /**
   * The member {@code name} as stripped text of at most {@code maxLength} characters, null when absent
   * or blank; {@code must be a string} or {@code at most N characters} otherwise.
   */
  public String string(String name, int maxLength) {
    JsonReader child = field(name);
    if (!child.present()) return null;
    if (!child.isTextual()) {
      child.error("must be a string");
      return null;
    }
    String value = child.node.textValue().strip();
    if (value.length() > maxLength) {
      child.error("at most " + maxLength + " characters");
      return null;
    }
    return value.isEmpty() ? null : value;
  }

  /** The member {@code name} as a whole number from {@code min} to {@code max}; null when absent; {@code message} otherwise. */
  public Integer integer(String name, int min, int max, String message) {
    JsonReader child = field(name);
    if (!child.present()) return null;
    if (!child.node.isIntegralNumber() || child.node.asLong() < min || child.node.asLong() > max) {
      child.error(message);
      return null;
    }
    return child.node.asInt();
  }

  /** The member {@code name} as a number; null when missing; {@code must be a number} otherwise (JSON null included). */
  public Double decimal(String name) {
    JsonReader child = field(name);
    if (!child.exists()) return null;
    if (!child.node.isNumber()) {
      child.error("must be a number");
      return null;
    }
    return child.node.asDouble();
  }

  /** The member {@code name} as true or false; {@code fallback} when missing; {@code must be true or false} otherwise. */
  public boolean bool(String name, boolean fallback) {
    JsonReader child = field(name);
    if (!child.exists()) return fallback;
    if (!child.node.isBoolean()) {
      child.error("must be true or false");
      return fallback;
    }
    return child.node.booleanValue();
  }

  /**
   * The member {@code name} as a list, each element read by {@code element} (its result at the
   * element's position, null included): empty when missing; {@code notAList} when not an array.
   */
  public <T> List<T> list(String name, String notAList, Function<JsonReader, T> element) {
    JsonReader child = field(name);
    List<T> out = new ArrayList<>();
    if (!child.exists()) return out;
    if (!child.isArray()) {
      child.error(notAList);
      return out;
    }
    for (JsonReader e : child.elements()) out.add(element.apply(e));
    return out;
  }

  /**
   * The member {@code name} as an object: null when absent (JSON null included), {@code notAnObject}
   * and null when it is something else.
   */
  public JsonReader object(String name, String notAnObject) {
    JsonReader child = field(name);
    if (!child.present()) return null;
    if (!child.isObject()) {
      child.error(notAnObject);
      return null;
    }
    return child;
  }
}
