package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.common.JsonPointer;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks every source gets whatever its adapter (pure): no {@code options} or {@code secrets} key
 * the adapter does not know ({@link SourceAdapter#keys()}), and every URL option of a source with
 * secrets is {@code https} (secrets or tokens travel to it), loopback excepted for local stand-ins.
 */
final class SourceKeys {

  private SourceKeys() {}

  static List<FieldError> check(SourceConfig config, SourceAdapter adapter, String pointer) {
    List<FieldError> errors = new ArrayList<>();
    SourceAdapter.Keys keys = adapter.keys();
    for (String name : config.secrets().keySet()) {
      if (!keys.secrets().contains(name)) {
        errors.add(new FieldError(JsonPointer.child(pointer + "/secrets", name), unknown(name, "secret", keys.secrets())));
      }
    }
    JsonNode options = config.options();
    if (options == null || options.isNull()) return errors;
    if (!options.isObject()) {
      errors.add(new FieldError(pointer + "/options", "must be an object"));
      return errors;
    }
    JsonReader reader = JsonReader.at(options, pointer + "/options");
    for (Map.Entry<String, JsonReader> option : reader.members().entrySet()) {
      JsonNode value = option.getValue().node();
      if (!keys.options().contains(option.getKey())) {
        option.getValue().error(unknown(option.getKey(), "option", keys.options()));
      } else if (!config.secrets().isEmpty() && isUrlOption(option.getKey(), value) && !secure(value.asText())) {
        option.getValue().error("must be an https URL: this source's secrets or tokens are sent to it"
            + " (http only to 127.0.0.1, ::1 or localhost)");
      }
    }
    errors.addAll(reader.errors());
    return errors;
  }

  private static String unknown(String name, String what, java.util.Set<String> known) {
    return "unknown " + what + " '" + name + "'"
        + (known.isEmpty() ? " (this source type has none)" : " (use " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
  }

  /** A URL-valued option: named {@code …Url}, or text that starts with a scheme. */
  private static boolean isUrlOption(String name, JsonNode value) {
    if (!value.isTextual()) return false;
    String lower = value.textValue().strip().toLowerCase(Locale.ROOT);
    return name.endsWith("Url") || name.endsWith("URL") || lower.startsWith("http:") || lower.startsWith("https:");
  }

  /** https, or http to a loopback host. */
  static boolean secure(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("https")) return uri.getHost() != null;
      return scheme.equals("http") && uri.getHost() != null && loopback(uri.getHost());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean loopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) return true;
    if (!h.matches("[0-9.]+") && !h.contains(":")) return false; // a name: never resolved here
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
