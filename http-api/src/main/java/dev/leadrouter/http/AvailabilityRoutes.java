package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgChartValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/availability} (the people whose availability the caller may set) and {@code PUT
 * /api/v1/reps/{repId}/availability}: a manager marks one of their people away or available without
 * the whole org chart. The change is a new version of the org chart, {@code by} the caller, stored
 * through the same check as {@code PUT /org}.
 */
public final class AvailabilityRoutes extends ApiDirectives {

  /** What a manager may set; deactivation stays with the org chart's owners. */
  static final Set<String> SETTABLE = Set.of(OrgChart.AVAILABLE, OrgChart.AWAY);

  /** The body of {@code PUT /reps/{repId}/availability}. */
  public record Change(String availability) {}

  /** One person of the list: who, where, and their availability ({@code available} when unset). */
  public record Entry(String id, String name, String role, String team, String managerId, String availability) {}

  /** The answer to a change: the org chart version that holds it. */
  public record Changed(String repId, String availability, int version) {}

  private final EngineDeps deps;
  private final DocumentVersions org;
  private final Duration askTimeout;

  public AvailabilityRoutes(EngineDeps deps, Auth auth, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.org = new DocumentVersions(deps, OrgChartDocument.KIND, "org chart", askTimeout);
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return concat(
        path("availability", () -> get(() -> allowedTo(Access.Action.READ_AVAILABILITY, p ->
            complete(Json.response(StatusCodes.OK, Map.of("people", people(p))))))),
        path(PathMatchers.segment("reps").slash(PathMatchers.segment()).slash("availability"), repId ->
            put(() -> authenticated(p -> {
              OrgChart chart = deps.directory().current();
              return ifAllowed(new Access(chart).onPerson(p, repId, Access.Action.SET_AVAILABILITY), () ->
                  chart.person(repId).isEmpty()
                      ? complete(Problems.notFound("no person '" + repId + "' in the org chart"))
                      : jsonBody((json, raw) -> change(p, repId, json)));
            }))));
  }

  /** The people below the caller in the managerId chain (everyone for an admin), as the chart in force has them. */
  private List<Entry> people(Auth.Principal caller) {
    OrgChart chart = deps.directory().current();
    boolean everyone = Access.Role.of(caller.role()) == Access.Role.ADMIN;
    return chart.people().stream()
        .filter(person -> everyone || chart.manages(caller.subject(), person.id()))
        .map(person -> new Entry(person.id(), person.name(), person.role(), person.team(), person.managerId(),
            person.availability() == null ? OrgChart.AVAILABLE : person.availability()))
        .toList();
  }

  private Route change(Auth.Principal caller, String repId, com.fasterxml.jackson.databind.JsonNode json) {
    Json.Bound<Change> bound = Json.bind(json, Change.class);
    if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
    String wanted = bound.value().availability();
    if (wanted == null || !SETTABLE.contains(wanted)) {
      return complete(Problems.invalid(List.of(new FieldError("/availability", "must be available or away"))));
    }
    // The chart as stored (not this node's copy, which may lag a publish by a moment): the change is
    // applied to the latest version and stored as the next one.
    return onSuccess(org.store().ask(DocumentStore.Get::new, askTimeout), current -> {
      OrgChart chart = OrgChartDocument.parse(current.json());
      OrgChart.Person person = chart.person(repId).orElse(null);
      if (person == null) return complete(Problems.notFound("no person '" + repId + "' in the org chart"));
      if (person.isDeactivated()) {
        return complete(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
            "'" + repId + "' is deactivated: only an admin changes that, in the org chart", List.of()));
      }
      if (wanted.equals(person.availability() == null ? OrgChart.AVAILABLE : person.availability())) {
        return complete(Json.response(StatusCodes.OK, new Changed(repId, wanted, current.version())));
      }
      OrgChart changed = new OrgChart(chart.regions(), chart.teams(), chart.people().stream()
          .map(p -> p.id().equals(repId) ? p.withAvailability(wanted) : p).toList());
      String canonical = OrgChartDocument.json(OrgChartValidator.normalize(changed));
      return onSuccess(org.store().<DocumentStore.ReplaceReply>ask(r -> new DocumentStore.Replace(canonical, caller.subject(), r), askTimeout),
          reply -> reply instanceof DocumentStore.Replaced replaced
              ? complete(Json.response(StatusCodes.OK, new Changed(repId, wanted, replaced.version())))
              : complete(Problems.invalid(((DocumentStore.Invalid) reply).errors())));
    });
  }
}
