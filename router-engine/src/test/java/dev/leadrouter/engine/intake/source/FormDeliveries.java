package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.Hmac;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FormDeliveries as the HTTP layer hands them to adapters, built from test resources. */
final class FormDeliveries {

  static final Instant NOW = Instant.parse("2026-11-24T02:16:00Z");
  static final ObjectMapper MAPPER = new ObjectMapper();

  private FormDeliveries() {}

  static byte[] resource(String path) {
    try (InputStream in = FormDeliveries.class.getResourceAsStream("/sources/" + path)) {
      if (in == null) throw new IllegalArgumentException("no test resource sources/" + path);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SourceConfig config(String id, String type, Map<String, String> secrets, String optionsJson) {
    return new SourceConfig(id, type, secrets, null, List.of(), null, json(optionsJson), null);
  }

  static SourceConfig config(String id, String type, Map<String, String> secrets, List<String> tags, String optionsJson) {
    return new SourceConfig(id, type, secrets, "high", tags, 0.9, json(optionsJson), null);
  }

  static JsonNode json(String text) {
    try {
      return text == null ? null : MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static Delivery json(String sourceId, byte[] body, Map<String, String> headers, Map<String, String> query) {
    return new Delivery(sourceId, "application/json", body, headers, query, Map.of(), NOW);
  }

  /** {@code base64(HMAC-SHA256(secret, body))}. */
  static String signature(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  /**
   * A multipart/form-data delivery from a fixture written with LF line ends (sent with CRLF, as on the
   * wire): the body is the raw bytes, the form its decoded text fields, as the HTTP layer decodes them.
   */
  static Delivery multipartFixture(String sourceId, String path, Map<String, String> query) {
    String text = new String(resource(path), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return new Delivery(sourceId, "multipart/form-data", body, Map.of("content-type",
        "multipart/form-data; boundary=" + boundary(text)), query, decodeMultipart(text), NOW);
  }

  /** A multipart/form-data delivery of these fields, encoded as a browser or a PHP client would. */
  static Delivery multipart(String sourceId, List<Map.Entry<String, String>> fields, Map<String, String> query) {
    String boundary = "------------------------leadrouterTestBoundary7MA4YWxk";
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> f : fields) {
      body.append("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(f.getKey()).append("\"\r\n\r\n")
          .append(f.getValue()).append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return new Delivery(sourceId, "multipart/form-data", body.toString().getBytes(StandardCharsets.UTF_8),
        Map.of("content-type", "multipart/form-data; boundary=" + boundary), query, form(fields), NOW);
  }

  /** An application/x-www-form-urlencoded delivery of these fields. */
  static Delivery urlencoded(String sourceId, List<Map.Entry<String, String>> fields, Map<String, String> query) {
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> f : fields) {
      pairs.add(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
    }
    return new Delivery(sourceId, "application/x-www-form-urlencoded",
        String.join("&", pairs).getBytes(StandardCharsets.UTF_8), Map.of(), query, form(fields), NOW);
  }

  static Map<String, List<String>> form(List<Map.Entry<String, String>> fields) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : fields) form.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue());
    return form;
  }

  private static String boundary(String body) {
    return body.substring(2, body.indexOf("\r\n"));
  }

  private static Map<String, List<String>> decodeMultipart(String body) {
    String delimiter = "--" + boundary(body);
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String part : body.split(java.util.regex.Pattern.quote(delimiter))) {
      if (part.isEmpty() || part.startsWith("--")) continue;
      int headersEnd = part.indexOf("\r\n\r\n");
      String headers = part.substring(0, headersEnd);
      String value = part.substring(headersEnd + 4);
      if (value.endsWith("\r\n")) value = value.substring(0, value.length() - 2);
      int at = headers.indexOf("name=\"") + 6;
      String name = headers.substring(at, headers.indexOf('"', at));
      form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return form;
  }
}
