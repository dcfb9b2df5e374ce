package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgChartValidator;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/org}: read and replace the org chart, and its versions (admin only). The chart is
 * the {@link OrgChartDocument#KIND org} document: {@code GET} answers the chart itself (not a
 * version view), {@code PUT} stores it normalized ({@link OrgChartValidator#normalize}).
 */
public final class OrgRoutes extends ApiDirectives {

  private final DocumentVersions document;
  private final Duration askTimeout;

  public OrgRoutes(EngineDeps deps, Auth auth, Duration askTimeout) {
    super(auth);
    this.document = new DocumentVersions(deps, OrgChartDocument.KIND, "org chart", askTimeout);
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return pathPrefix("org", () -> concat(
        pathEnd(() -> allowedTo(Access.Action.MANAGE_ORG, admin -> concat(
            get(() -> onSuccess(document.store().ask(DocumentStore.Get::new, askTimeout),
                v -> complete(Json.response(StatusCodes.OK, OrgChartDocument.parse(v.json()))
                    .addHeader(DocumentVersions.etag(v))))),
            put(() -> replace(admin))))),
        path("versions", () -> get(() -> allowedTo(Access.Action.MANAGE_ORG, p -> document.history()))),
        path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()), n ->
            get(() -> allowedTo(Access.Action.MANAGE_ORG, p -> document.version(n))))));
  }

  private Route replace(Auth.Principal admin) {
    return jsonBody((json, raw) -> {
      List<FieldError> shape = shapeErrors(json);
      if (!shape.isEmpty()) return complete(Problems.invalid(shape));
      Json.Bound<OrgChart> bound = Json.bind(json, OrgChart.class);
      if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
      // The store checks the chart and refuses it with every error by JSON Pointer.
      return document.replace(OrgChartDocument.json(OrgChartValidator.normalize(bound.value())), admin.subject());
    });
  }

  /** The chart must be an object whose lists hold objects; Jackson would otherwise hand on nulls. */
  static List<FieldError> shapeErrors(com.fasterxml.jackson.databind.JsonNode json) {
    if (!json.isObject()) return List.of(new FieldError("", "the org chart must be a JSON object"));
    List<FieldError> errors = new java.util.ArrayList<>();
    for (String list : List.of("regions", "teams", "people")) {
      com.fasterxml.jackson.databind.JsonNode node = json.get(list);
      if (node == null || node.isNull()) continue;
      if (!node.isArray()) {
        errors.add(new FieldError("/" + list, "must be an array"));
        continue;
      }
      for (int i = 0; i < node.size(); i++) {
        if (!node.get(i).isObject()) errors.add(new FieldError("/" + list + "/" + i, "must be an object"));
      }
    }
    return errors;
  }
}
