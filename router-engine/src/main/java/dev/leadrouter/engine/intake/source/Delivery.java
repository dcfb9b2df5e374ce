package dev.leadrouter.engine.intake.source;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One delivery from a lead source exactly as it arrived, before any parsing: what adapters read.
 *
 * @param sourceId the configured source it was posted to
 * @param mediaType the request's media type, lower case, without parameters ({@code application/json},
 *     {@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/xml}, …)
 * @param body the raw bytes (the signature of most platforms is over these)
 * @param headers request headers, names lower case, first value of each
 * @param query the URL's query parameters, first value of each
 * @param form the text fields of an urlencoded or multipart body, decoded, in order (empty otherwise);
 *     a field sent several times keeps every value
 * @param receivedAt when the engine received it
 */
public record Delivery(
    String sourceId,
    String mediaType,
    byte[] body,
    Map<String, String> headers,
    Map<String, String> query,
    Map<String, List<String>> form,
    Instant receivedAt) {

  public Delivery {
    body = body == null ? new byte[0] : body;
    headers = lowerCaseKeys(headers);
    query = query == null ? Map.of() : Map.copyOf(query);
    form = form == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(form));
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A header by name (any case). */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The first value of a form field, if sent. */
  public Optional<String> formValue(String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  public boolean isJson() {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  public boolean isForm() {
    return mediaType.equals("application/x-www-form-urlencoded") || mediaType.equals("multipart/form-data");
  }

  public boolean isXml() {
    return mediaType.equals("text/xml") || mediaType.equals("application/xml");
  }

  /** The fields of an {@code application/x-www-form-urlencoded} body, decoded, in order (a repeated name keeps every value). */
  public static Map<String, List<String>> urlencodedFields(byte[] raw) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (String pair : new String(raw, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
    }
    return out;
  }

  private static Map<String, String> lowerCaseKeys(Map<String, String> in) {
    if (in == null) return Map.of();
    Map<String, String> out = new TreeMap<>();
    in.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    return java.util.Collections.unmodifiableMap(out);
  }
}
