package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/openapi.json} describes exactly {@link
 * RouteTable#ENDPOINTS} (none missing, none extra) and is structurally valid OpenAPI 3.1: no JSON
 * Schema for the OpenAPI 3.1 specification is available offline here, so the rules a validator would
 * apply to this document are checked one by one.
 */
class OpenApiTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static JsonNode doc;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
      doc = Json.MAPPER.readTree(in);
    }
  }

  @Test
  void documentsEveryRouteAndNoOther() {
    Set<String> documented = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
    Set<String> routes = new TreeSet<>();
    RouteTable.ENDPOINTS.forEach(e -> routes.add(e.method() + " " + e.path()));
    assertEquals(routes, documented);
  }

  @Test
  void publicRowsNeedNoTokenAndTheOthersDo() {
    for (RouteTable.Endpoint e : RouteTable.ENDPOINTS) {
      JsonNode op = doc.get("paths").get(e.path()).get(e.method().toLowerCase());
      boolean open = op.has("security") && op.get("security").isEmpty();
      assertEquals(e.isPublic(), open, e.method() + " " + e.path());
      if (!e.isPublic()) assertTrue(op.get("responses").has("401"), e.path() + " documents its 401");
    }
  }

  @Test
  void isStructurallyValidOpenApi31() {
    assertEquals("3.1.0", doc.get("openapi").asText());
    assertFalse(doc.at("/info/title").asText().isBlank());
    assertFalse(doc.at("/info/version").asText().isBlank());
    assertEquals("http", doc.at("/components/securitySchemes/bearer/type").asText());
    Set<String> operationIds = new HashSet<>();
    Pattern variable = Pattern.compile("\\{(\\w+)}");
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      assertTrue(path.getKey().startsWith("/"), path.getKey());
      List<String> variables = new ArrayList<>();
      Matcher m = variable.matcher(path.getKey());
      while (m.find()) variables.add(m.group(1));
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String where = op.getKey() + " " + path.getKey();
        assertTrue(METHODS.contains(op.getKey()), where);
        assertTrue(operationIds.add(op.getValue().get("operationId").asText()), "unique operationId: " + where);
        List<String> declared = new ArrayList<>();
        op.getValue().path("parameters").forEach(p -> {
          if (p.get("in").asText().equals("path")) {
            assertTrue(p.get("required").asBoolean(), "path parameters are required: " + where);
            declared.add(p.get("name").asText());
          }
        });
        assertEquals(variables, declared, "path parameters of " + where);
        JsonNode responses = op.getValue().get("responses");
        assertTrue(responses != null && responses.size() > 0, where);
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
          Map.Entry<String, JsonNode> r = rs.next();
          assertTrue(r.getKey().matches("[1-5]\\d\\d|default"), where + " " + r.getKey());
          assertTrue(r.getValue().has("description"), "every response has a description: " + where);
          success |= r.getKey().startsWith("2") || r.getKey().equals("303"); // sign-in and out answer with a redirect
          if (r.getKey().matches("[45]\\d\\d")) {
            assertTrue(r.getValue().at("/content").has("application/problem+json"), "errors are problem+json: " + where);
          }
        }
        assertTrue(success, "a success response: " + where);
      }
    }
    assertRefsResolve(doc);
  }

  private static void assertRefsResolve(JsonNode node) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        assertTrue(ref.asText().startsWith("#/"), ref.asText());
        assertFalse(doc.at(ref.asText().substring(1)).isMissingNode(), "unresolved " + ref.asText());
      }
      node.elements().forEachRemaining(OpenApiTest::assertRefsResolve);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(OpenApiTest::assertRefsResolve);
    }
  }
}
