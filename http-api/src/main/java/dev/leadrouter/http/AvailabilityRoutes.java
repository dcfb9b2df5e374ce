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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
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
    return onSuccess(set(caller.subject(), repId, wanted, ATTEMPTS), this::complete);
  }

  /** How often a change is made again from the newer chart when another change was stored first. */
  static final int ATTEMPTS = 5;

  /**
   * Applies the change to the chart as stored (not this node's copy, which may lag a publish by a
   * moment) and stores it as the next version only if no other version was stored since it was read
   * ({@link DocumentStore.Replace#ifVersion}); otherwise reads again, so an admin's publish in between
   * is never undone.
   */
  private CompletionStage<HttpResponse> set(String by, String repId, String wanted, int attempts) {
    return org.store().<DocumentStore.Version>ask(DocumentStore.Get::new, askTimeout).thenCompose(current -> {
      OrgChart chart = OrgChartDocument.parse(current.json());
      OrgChart.Person person = chart.person(repId).orElse(null);
      if (person == null) return done(Problems.notFound("no person '" + repId + "' in the org chart"));
      if (person.isDeactivated()) {
        return done(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
            "'" + repId + "' is deactivated: only an admin changes that, in the org chart", List.of()));
      }
      if (wanted.equals(person.availability() == null ? OrgChart.AVAILABLE : person.availability())) {
        return done(Json.response(StatusCodes.OK, new Changed(repId, wanted, current.version())));
      }
      OrgChart changed = new OrgChart(chart.regions(), chart.teams(), chart.people().stream()
          .map(p -> p.id().equals(repId) ? p.withAvailability(wanted) : p).toList());
      String canonical = OrgChartDocument.json(OrgChartValidator.normalize(changed));
      return org.store().<DocumentStore.ReplaceReply>ask(
          r -> new DocumentStore.Replace(canonical, by, current.version(), r), askTimeout).thenCompose(reply -> {
            if (reply instanceof DocumentStore.Replaced replaced) {
              return done(Json.response(StatusCodes.OK, new Changed(repId, wanted, replaced.version())));
            }
            if (reply instanceof DocumentStore.Stale stale) {
              return attempts > 1 ? set(by, repId, wanted, attempts - 1) : done(Problems.of(StatusCodes.CONFLICT,
                  "conflict", "Conflict", "the org chart kept changing (now version " + stale.version()
                      + "); try again", List.of()));
            }
            return done(Problems.invalid(((DocumentStore.Invalid) reply).errors()));
          });
    });
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
