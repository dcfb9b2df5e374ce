package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bodies of the opportunity endpoints, read into what the engine is told: every field checked
 * for shape and size (the edge accepts only what storage can hold, DESIGN §9), every error named by
 * its JSON Pointer, all of them in one pass. Pure: whether an action counts, a stage exists or a
 * checklist is complete is the opportunity's business, not the request's.
 */
public final class OpportunityRequests {

  /** Pipeline, stage, action, evidence and checklist ids. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final int MAX_NAME = 200;
  static final int MAX_REASON = 500;
  static final int MAX_OUTCOME = 500;
  static final int MAX_NOTE = 5_000;
  static final int MAX_URL = 2_000;
  static final int MAX_STATUS = 64;
  static final int MAX_EVIDENCE = 20;
  static final int MAX_CHECKLIST = 50;
  /** Digits before and after the point of an amount: it must fit a NUMERIC(19,4) column. */
  static final int AMOUNT_INTEGER_DIGITS = 15;
  static final int AMOUNT_SCALE = 4;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  private OpportunityRequests() {}

  /** A body read: the value when {@code errors} is empty (else null). */
  public record Parsed<T>(T value, List<FieldError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** {@code POST /leads/{id}/convert}: all optional; the pipeline's id (null: the default pipeline). */
  public record Convert(String name, BigDecimal amount, String currency, String pipeline) {}

  /** {@code POST /opportunities/{id}/stage}. */
  public record Stage(String to, List<String> checklist, String reason) {}

  /** {@code POST /opportunities/{id}/snooze}. */
  public record Snooze(Instant until, String reason) {}

  public static Parsed<Convert> convert(JsonNode body) {
    JsonReader json = JsonReader.of(body);
    if (!json.isObject()) return notAnObject();
    json.unknownFields(Set.of("name", "amount", "currency", "pipeline"));
    String name = text(json, "name", MAX_NAME, false);
    BigDecimal amount = amount(json.field("amount"));
    String currency = currency(json.field("currency"));
    String pipeline = id(json, "pipeline", false);
    return parsed(json, new Convert(name, amount, currency, pipeline));
  }

  public static Parsed<ActionInput> action(JsonNode body) {
    JsonReader json = JsonReader.of(body);
    if (!json.isObject()) return notAnObject();
    json.unknownFields(Set.of("type", "at", "outcome", "note", "evidence"));
    String type = id(json, "type", true);
    Instant at = instant(json, "at", false);
    String outcome = text(json, "outcome", MAX_OUTCOME, false);
    String note = text(json, "note", MAX_NOTE, false);
    List<Evidence> evidence = bounded(json, "evidence", MAX_EVIDENCE, "evidence items", OpportunityRequests::evidence);
    return parsed(json, json.errorCount() > 0 ? null : new ActionInput(type, at, outcome, note, evidence));
  }

  public static Parsed<Stage> stage(JsonNode body) {
    JsonReader json = JsonReader.of(body);
    if (!json.isObject()) return notAnObject();
    json.unknownFields(Set.of("to", "checklist", "reason"));
    String to = id(json, "to", true);
    List<String> checklist = bounded(json, "checklist", MAX_CHECKLIST, "items", OpportunityRequests::checklistItem);
    String reason = text(json, "reason", MAX_REASON, false);
    return parsed(json, new Stage(to, checklist.stream().distinct().toList(), reason));
  }

  public static Parsed<Snooze> snooze(JsonNode body) {
    JsonReader json = JsonReader.of(body);
    if (!json.isObject()) return notAnObject();
    json.unknownFields(Set.of("until", "reason"));
    Instant until = instant(json, "until", true);
    String reason = text(json, "reason", MAX_REASON, true);
    return parsed(json, new Snooze(until, reason));
  }

  // ---------------------------------------------------------------- fields

  private static Evidence evidence(JsonReader item) {
    if (!item.isObject()) {
      item.error("an evidence item must be an object {kind, url?, sha256?, status?, durationSeconds?}");
      return null;
    }
    item.unknownFields(Set.of("kind", "url", "sha256", "status", "durationSeconds"));
    String kind = id(item, "kind", true);
    String url = url(item.field("url"));
    String sha256 = sha256(item.field("sha256"));
    String status = text(item, "status", MAX_STATUS, false);
    Integer duration = item.integer("durationSeconds", 0, Integer.MAX_VALUE, "a whole number of seconds, 0 or more");
    return new Evidence(kind, url, sha256, status, duration);
  }

  private static String checklistItem(JsonReader item) {
    String value = item.isTextual() ? item.node().textValue().strip() : null;
    if (value == null || !ID.matcher(value).matches()) {
      item.error("a checklist item id (letters, digits, _ . -; at most 64 characters)");
      return null;
    }
    return value;
  }

  /** Required or optional text of 1 to {@code max} characters (stripped), without control characters. */
  static String text(JsonReader json, String name, int max, boolean required) {
    JsonReader field = json.field(name);
    String value = json.string(name, max);
    if (value == null) {
      if (required && !hasError(json, field)) field.error(name + " is required (1 to " + max + " characters)");
      return null;
    }
    if (value.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
      field.error("must not contain control characters (NUL and the like cannot be stored)");
      return null;
    }
    return value;
  }

  /** An id ({@link #ID}): required or optional. */
  static String id(JsonReader json, String name, boolean required) {
    JsonReader field = json.field(name);
    String value = json.text(name, required);
    if (value == null) return null;
    if (!ID.matcher(value).matches()) {
      field.error("an id: letters, digits, _ . - (at most 64 characters)");
      return null;
    }
    return value;
  }

  /**
   * An ISO-8601 instant with a zone or offset ({@code 2026-12-05T10:00:00Z}, {@code …+08:00}) in the
   * years 1970 to 9999 (what every database column holds).
   */
  static Instant instant(JsonReader json, String name, boolean required) {
    JsonReader field = json.field(name);
    String value = json.text(name, required);
    if (value == null) return null;
    try {
      OffsetDateTime time = OffsetDateTime.parse(value);
      if (time.getYear() >= 1970 && time.getYear() <= 9999) return time.toInstant();
    } catch (DateTimeParseException e) {
      // worded below
    }
    field.error("an ISO-8601 instant with a zone in the years 1970 to 9999, e.g. 2026-12-05T10:00:00Z");
    return null;
  }

  /** A non-negative decimal, as a JSON number or a string of digits, that fits NUMERIC(19,4). */
  static BigDecimal amount(JsonReader field) {
    if (!field.present()) return null;
    BigDecimal value = null;
    JsonNode node = field.node();
    if (node.isNumber() && (!node.isFloatingPointNumber() || Double.isFinite(node.doubleValue()))) {
      value = node.decimalValue();
    } else if (node.isTextual() && node.textValue().strip().matches("[0-9]+(\\.[0-9]+)?")) {
      value = new BigDecimal(node.textValue().strip());
    }
    if (value == null || value.signum() < 0) {
      field.error("a non-negative decimal amount, e.g. 800000 or \"800000.00\"");
      return null;
    }
    value = value.stripTrailingZeros();
    if (value.scale() < 0) value = value.setScale(0);
    if (value.scale() > AMOUNT_SCALE || value.precision() - value.scale() > AMOUNT_INTEGER_DIGITS) {
      field.error("at most " + AMOUNT_INTEGER_DIGITS + " digits before the point and " + AMOUNT_SCALE + " after");
      return null;
    }
    return value;
  }

  /** An ISO 4217 code, any case, answered in upper case. */
  static String currency(JsonReader field) {
    if (!field.present()) return null;
    String code = field.isTextual() ? field.node().textValue().strip() : "";
    if (CURRENCY.matcher(code).matches()) {
      String upper = code.toUpperCase(Locale.ROOT);
      if (Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(upper))) return upper;
    }
    field.error("an ISO 4217 currency code of 3 letters, e.g. CNY");
    return null;
  }

  /** An absolute http or https URL with a host, of at most {@link #MAX_URL} characters. */
  static String url(JsonReader field) {
    if (!field.present()) return null;
    String value = field.isTextual() ? field.node().textValue().strip() : "";
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (value.length() <= MAX_URL && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // worded below
    }
    field.error("an absolute http(s) URL of at most " + MAX_URL + " characters");
    return null;
  }

  /** 64 hexadecimal characters, answered in lower case. */
  static String sha256(JsonReader field) {
    if (!field.present()) return null;
    String value = field.isTextual() ? field.node().textValue().strip() : "";
    if (!SHA256.matcher(value).matches()) {
      field.error("a SHA-256 hash: 64 hexadecimal characters");
      return null;
    }
    return value.toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- shape

  private static <T> Parsed<T> notAnObject() {
    return new Parsed<>(null, List.of(new FieldError("", "the body must be a JSON object")));
  }

  /** A list of at most {@code max} elements, each read by {@code element}; null elements are errors already. */
  private static <T> List<T> bounded(JsonReader json, String name, int max, String what,
      java.util.function.Function<JsonReader, T> element) {
    JsonReader field = json.field(name);
    if (field.exists() && field.isArray() && field.node().size() > max) {
      field.error("at most " + max + " " + what);
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (T t : json.list(name, "must be an array", element)) if (t != null) out.add(t);
    return out;
  }

  private static boolean hasError(JsonReader json, JsonReader field) {
    return json.errors().stream().anyMatch(e -> e.field().equals(field.pointer()));
  }

  private static <T> Parsed<T> parsed(JsonReader json, T value) {
    return json.errorCount() > 0 ? new Parsed<>(null, json.errors()) : new Parsed<>(value, List.of());
  }
}
