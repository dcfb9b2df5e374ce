package dev.leadrouter.engine.intake.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platforms' own example deliveries the admin page's test delivery sends: {@code
 * source-samples/<type>.json} (posted as JSON) or {@code <type>.txt} (an urlencoded form post), with
 * obviously fake contact data (测试 Test, +8613800138000, test@example.com).
 */
final class SourceSamples {

  static final String JSON = "application/json";
  static final String FORM = "application/x-www-form-urlencoded";

  private SourceSamples() {}

  /** The sample JSON body of a type, if it has one. */
  static Optional<byte[]> read(String type) {
    return resource(type + ".json");
  }

  /**
   * The type's sample as a delivery to {@code config}'s source with these headers and query (the
   * adapter adds its signature or token); empty when the type has no sample file.
   */
  static Optional<Delivery> delivery(String type, SourceConfig config, Instant now, Map<String, String> headers,
      Map<String, String> query) {
    Optional<byte[]> json = read(type);
    if (json.isPresent()) return Optional.of(delivery(config, JSON, json.get(), headers, query, now));
    return resource(type + ".txt").map(form -> delivery(config, FORM, strip(form), headers, query, now));
  }

  /** A delivery of {@code body} as {@code mediaType} (a form body's fields decoded, as the HTTP layer does). */
  static Delivery delivery(SourceConfig config, String mediaType, byte[] body, Map<String, String> headers,
      Map<String, String> query, Instant now) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("content-type", mediaType);
    Map<String, List<String>> form = FORM.equals(mediaType) ? Delivery.urlencodedFields(body) : Map.of();
    return new Delivery(config.id(), mediaType, body, all, query, form, now);
  }

  /** {@code ?token=<secrets.token>}, or no query when the source has no token (verify then says so). */
  static Map<String, String> tokenQuery(SourceConfig config) {
    String token = config.secret(SourceTokens.TOKEN_SECRET);
    return token == null ? Map.of() : Map.of(SourceTokens.TOKEN_PARAMETER, token);
  }

  /** A text resource without its final line break. */
  private static byte[] strip(byte[] text) {
    return new String(text, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<byte[]> resource(String name) {
    try (InputStream in = SourceSamples.class.getResourceAsStream("/source-samples/" + name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
