package dev.leadrouter.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 document of the whole API (a resource, written from
 * docs/api.md by tools/openapi_skeleton.py; OpenApiTest holds it to {@link RouteTable#ENDPOINTS}).
 * Public: it says nothing a caller could not learn from docs/api.md.
 */
final class OpenApiRoutes extends AllDirectives {

  private final HttpResponse document;

  OpenApiRoutes() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/openapi.json")) {
      document = HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, in.readAllBytes()));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("openapi.json is missing from the jar", e);
    }
  }

  Route route() {
    return pathPrefix("api", () -> path("openapi.json", () -> get(() -> complete(document))));
  }
}
