package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/org}: read and replace the org chart (admin only). */
public final class OrgRoutes extends ApiDirectives {

  private final EngineDeps deps;
  private final Duration askTimeout;

  public OrgRoutes(EngineDeps deps, Auth auth, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return path("org", () -> allowedTo(Access.Action.MANAGE_ORG, admin -> concat(
        get(() -> onSuccess(store().ask(OrgChartStore.Get::new, askTimeout),
            chart -> complete(Json.response(StatusCodes.OK, chart)))),
        put(() -> jsonBody((json, raw) -> {
          List<FieldError> shape = shapeErrors(json);
          if (!shape.isEmpty()) return complete(Problems.invalid(shape));
          Json.Bound<OrgChart> bound = Json.bind(json, OrgChart.class);
          if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
          OrgChart chart = bound.value();
          CompletionStage<OrgChartStore.ReplaceReply> reply =
              store().ask(r -> new OrgChartStore.Replace(chart, admin.subject(), r), askTimeout);
          return onSuccess(reply, r -> r instanceof OrgChartStore.Invalid invalid
              ? complete(Problems.invalid(invalid.errors()))
              : complete(Json.response(StatusCodes.OK, r)));
        })))));
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<OrgChartStore.Command> store() {
    return deps.sharding().entityRefFor(OrgChartStore.ENTITY_KEY, OrgChartStore.ID);
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
