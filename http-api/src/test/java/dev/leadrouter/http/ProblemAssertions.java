package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Assertions on RFC 9457 problem documents (DESIGN §6): status, content type and body. */
final class ProblemAssertions {

  static final String TYPE_BASE = "https://leadrouter.dev/problems/";

  private ProblemAssertions() {}

  /** Asserts a problem+json answer with this status, type (suffix) and title; returns the body. */
  static JsonNode assertProblem(HttpResponse<String> response, int status, String type, String title) {
    String context = response.statusCode() + " " + response.body();
    assertEquals(status, response.statusCode(), context);
    assertEquals("application/problem+json", mediaType(response), context);
    JsonNode body = EngineFixture.json(response);
    assertEquals(TYPE_BASE + type, body.path("type").asText(), context);
    assertEquals(title, body.path("title").asText(), context);
    assertEquals(status, body.path("status").asInt(), context);
    assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), "detail: " + context);
    return body;
  }

  /** Asserts a 400 invalid-input problem whose errors name exactly {@code fields}, in order. */
  static JsonNode assertInvalid(HttpResponse<String> response, String... fields) {
    JsonNode body = assertProblem(response, 400, "invalid-input", "Invalid input");
    assertEquals(List.of(fields), errorFields(body), response.body());
    for (JsonNode e : body.get("errors")) {
      assertFalse(e.path("message").asText().isBlank(), "every error has a message: " + response.body());
    }
    if (fields.length == 1) {
      assertTrue(body.get("detail").asText().startsWith(fields[0] + ": "), "detail names the field: " + response.body());
    }
    return body;
  }

  static List<String> errorFields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
    return out;
  }

  /** The media type of the Content-Type header without parameters. */
  static String mediaType(HttpResponse<String> response) {
    String value = response.headers().firstValue("Content-Type").orElse("");
    int semicolon = value.indexOf(';');
    return (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase();
  }
}
