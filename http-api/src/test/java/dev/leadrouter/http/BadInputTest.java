package dev.leadrouter.http;

import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed intake is answered 400/413/415/404/405 problem+json naming the field at fault, never 5xx. */
class BadInputTest extends SharedH2Engine {

  private static final String VALID = "{\"name\":\"王工\",\"phone\":\"13800138000\",\"region\":\"上海\"}";

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"name\":", ""),
        Arguments.of("a JSON array", "[{\"phone\":\"13800138000\"}]", ""),
        Arguments.of("JSON null", "null", ""),
        Arguments.of("an empty body", "", ""),
        Arguments.of("phone as a number", "{\"phone\":13800138000,\"email\":\"a@b.cn\"}", "/phone"),
        Arguments.of("name as an object", "{\"name\":{\"first\":\"王\"},\"phone\":\"13800138000\"}", "/name"),
        Arguments.of("utm as an array", "{\"phone\":\"13800138000\",\"utm\":[\"baidu\"]}", "/utm"),
        Arguments.of("a nested attribute", "{\"phone\":\"13800138000\",\"attributes\":{\"x\":{\"y\":1}}}", "/attributes/x"),
        Arguments.of("neither phone nor email", "{\"name\":\"王工\",\"region\":\"上海\"}", "/phone"),
        Arguments.of("an unknown priority", "{\"phone\":\"13800138000\",\"priority\":\"asap\"}", "/priority"),
        Arguments.of("an unknown field", "{\"phone\":\"13800138000\",\"foo\":\"bar\"}", "/foo"),
        Arguments.of("a 201-character name", "{\"phone\":\"13800138000\",\"name\":\"" + "名".repeat(201) + "\"}", "/name"),
        Arguments.of("10,001-character notes", "{\"phone\":\"13800138000\",\"notes\":\"" + "n".repeat(10_001) + "\"}", "/notes"),
        Arguments.of("51 attributes", "{\"phone\":\"13800138000\",\"attributes\":{" + IntStream.range(0, 51)
            .mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",")) + "}}", "/attributes"));
  }

  @ParameterizedTest(name = "{0} → 400 at \"{2}\"")
  @MethodSource("malformedBodies")
  void malformedLeadIsABadRequestNamingTheField(String what, String body, String pointer) {
    HttpResponse<String> response = engine.post("/api/v1/leads", engine.admin(), body);
    assertInvalid(response, pointer);
  }

  @Test
  void anIdempotencyKeyOver200CharactersIsABadRequest() {
    HttpResponse<String> response = engine.send(json("/api/v1/leads", VALID).header("Idempotency-Key", "k".repeat(201)));
    assertInvalid(response, "Idempotency-Key");
  }

  /** Repeated, because the server once answered before the client finished writing and the client saw a reset. */
  @Test
  void aBodyOverOneMebibyteIsPayloadTooLarge() {
    String body = "{\"phone\":\"13800138000\",\"notes\":\"" + "n".repeat(1_200_000) + "\"}";
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = engine.post("/api/v1/leads", engine.admin(), body);
      String detail = assertProblem(response, 413, "payload-too-large", "Payload too large").get("detail").asText();
      assertTrue(detail.contains(String.valueOf(ApiDirectives.MAX_BODY_BYTES)), detail);
    }
  }

  @Test
  void plainTextIsAnUnsupportedMediaType() {
    HttpResponse<String> response = engine.send(withBody("/api/v1/leads", "text/plain; charset=utf-8", VALID));
    assertProblem(response, 415, "unsupported-media-type", "Unsupported media type");
  }

  @Test
  void aFormIsAnUnsupportedMediaType() {
    HttpResponse<String> response = engine.send(withBody("/api/v1/leads", "application/x-www-form-urlencoded",
        "name=wang&phone=13800138000"));
    assertProblem(response, 415, "unsupported-media-type", "Unsupported media type");
  }

  @Test
  void anUnknownPathIsNotFound() {
    HttpResponse<String> response = engine.get("/api/v1/no-such-thing", engine.admin());
    assertProblem(response, 404, "not-found", "Not found");
  }

  @Test
  void aWrongMethodIsMethodNotAllowed() {
    HttpResponse<String> response = engine.put("/api/v1/leads", engine.admin(), VALID);
    String detail = assertProblem(response, 405, "method-not-allowed", "Method not allowed").get("detail").asText();
    assertTrue(detail.contains("POST"), detail);
  }

  private static HttpRequest.Builder json(String path, String body) {
    return withBody(path, "application/json", body);
  }

  private static HttpRequest.Builder withBody(String path, String contentType, String body) {
    return HttpRequest.newBuilder(engine.uri(path))
        .header("Authorization", "Bearer " + engine.admin())
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
