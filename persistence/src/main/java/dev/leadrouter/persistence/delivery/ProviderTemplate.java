package dev.leadrouter.persistence.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body with {@code ${name}} placeholders, as an SMS or voice provider expects it (pure).
 * Only {@link #PLACEHOLDERS} are allowed: another name is a configuration error. Values are
 * JSON-escaped for a JSON content type, URL-encoded for {@code application/x-www-form-urlencoded}
 * and inserted as they are otherwise.
 */
public final class ProviderTemplate {

  /** The placeholders a template may use. */
  public static final List<String> PLACEHOLDERS = List.of("recipient.id", "recipient.name", "recipient.mobile",
      "recipient.email", "lead.id", "kind", "title", "text", "text.zh", "text.en", "idempotencyKey", "at",
      "lead.contact", "lead.phone", "lead.phones", "lead.company", "lead.region", "lead.industry", "lead.budget",
      "lead.source", "lead.dueAt", "lead.timeLeft", "lead.summary");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  /** How values are escaped, chosen by the content type. */
  public enum Encoding {
    JSON, FORM, RAW;

    public static Encoding of(String contentType) {
      String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("application/json") || type.endsWith("+json")) return JSON;
      if (type.equals("application/x-www-form-urlencoded")) return FORM;
      return RAW;
    }

    String escape(String value) {
      return switch (this) {
        case JSON -> new String(JsonStringEncoder.getInstance().quoteAsString(value));
        case FORM -> URLEncoder.encode(value, StandardCharsets.UTF_8);
        case RAW -> value;
      };
    }
  }

  private final String template;
  private final Set<String> placeholders;

  /** @throws IllegalArgumentException naming the first unknown placeholder */
  public ProviderTemplate(String template) {
    this.template = template;
    Set<String> used = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalArgumentException("unknown placeholder ${" + m.group(1) + "} (known: " + PLACEHOLDERS + ")");
      }
      used.add(m.group(1));
    }
    this.placeholders = Set.copyOf(used);
  }

  /** The placeholders this template uses. */
  public Set<String> placeholders() {
    return placeholders;
  }

  /** The template with every placeholder replaced by its escaped value (a missing value is empty). */
  public String fill(Map<String, String> values, Encoding encoding) {
    return PLACEHOLDER.matcher(template).replaceAll(m ->
        Matcher.quoteReplacement(encoding.escape(values.getOrDefault(m.group(1), ""))));
  }
}
