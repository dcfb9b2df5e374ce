package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One configured lead source (an element of the sources document, {@code GET/PUT /api/v1/sources}).
 *
 * @param id the path segment of {@code POST /api/v1/sources/{id}/events}
 * @param type the adapter, e.g. {@code typeform}, {@code meta-leadgen}, {@code generic}
 * @param secrets what the adapter verifies or decrypts with, by name (e.g. {@code signingSecret},
 *     {@code token}, {@code aesKey}, {@code appSecret}, {@code accessToken}); never shown by the API
 * @param priority the priority of its leads unless the delivery says otherwise (low, normal, high, urgent)
 * @param tags added to every lead's attributes ({@code tags})
 * @param credibility 0–1, how much its leads are trusted (health score)
 * @param options adapter-specific settings (field mapping, field ids, API base URL, …)
 * @param enabled a disabled source answers 404 like an unknown one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceConfig(String id, String type, Map<String, String> secrets, String priority, List<String> tags,
    Double credibility, JsonNode options, Boolean enabled) {

  public SourceConfig {
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public String secret(String name) {
    String value = secrets.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }

  /** An adapter option as text, or null. */
  public String option(String name) {
    if (options == null) return null;
    JsonNode node = options.get(name);
    return node == null || node.isNull() ? null : node.asText();
  }
}
