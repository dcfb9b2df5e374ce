package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonPointer;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgChartValidator;
import dev.leadrouter.engine.routing.rules.RoutingDocument;
import dev.leadrouter.engine.routing.rules.RoutingRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/availability} (the people whose availability the caller may set, with their
 * absences), {@code PUT /api/v1/reps/{repId}/availability}: a manager marks one of their people away
 * or available without the whole org chart (a new version of the org chart, {@code by} the caller,
 * stored through the same check as {@code PUT /org}), and {@code PUT /api/v1/reps/{repId}/absences}:
 * the person's planned absences (date ranges), a new version of the routing rules by the caller,
 * validated as {@code PUT /routing} validates; nothing else in either document changes.
 */
public final class AvailabilityRoutes extends ApiDirectives {

  /** What a manager may set; deactivation stays with the org chart's owners. */
  static final Set<String> SETTABLE = Set.of(OrgChart.AVAILABLE, OrgChart.AWAY);

  /** The body of {@code PUT /reps/{repId}/availability}. */
  public record Change(String availability) {}

  /**
   * One person of the list: who, where, their availability ({@code available} when unset) and their
   * absences in the routing rules in force.
   */
  public record Entry(String id, String name, String role, String team, String managerId, String availability,
      List<RoutingDocument.Absence> absences) {}

  /** The answer to a change of absences: the person's list as stored and the routing version that holds it. */
  public record AbsencesChanged(String repId, JsonNode absences, int version) {}

  /** The answer to a change: the org chart version that holds it. */
  public record Changed(String repId, String availability, int version) {}

  private final EngineDeps deps;
  private final DocumentVersions org;
  private final DocumentVersions routing;
  private final Duration askTimeout;

  public AvailabilityRoutes(EngineDeps deps, Auth auth, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.org = new DocumentVersions(deps, OrgChartDocument.KIND, "org chart", askTimeout);
    this.routing = new DocumentVersions(deps, RoutingRules.KIND, "routing rules", askTimeout);
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return concat(
        path("availability", () -> get(() -> allowedTo(Access.Action.READ_AVAILABILITY, p ->
            complete(Json.response(StatusCodes.OK, Map.of("people", people(p))))))),
        path(PathMatchers.segment("reps").slash(PathMatchers.segment()).slash("availability"), repId ->
            put(() -> onPerson(repId, p -> jsonBody((json, raw) -> change(p, repId, json))))),
        path(PathMatchers.segment("reps").slash(PathMatchers.segment()).slash("absences"), repId ->
            put(() -> onPerson(repId, p -> jsonBody((json, raw) -> absences(p, repId, json))))));
  }

  /** The caller, if they may set {@code repId}'s availability ({@code SET_AVAILABILITY}); 404 for a person not in the chart. */
  private Route onPerson(String repId, java.util.function.Function<Auth.Principal, Route> inner) {
    return authenticated(p -> {
      OrgChart chart = deps.directory().current();
      return ifAllowed(new Access(chart).onPerson(p, repId, Access.Action.SET_AVAILABILITY), () ->
          chart.person(repId).isEmpty()
              ? complete(Problems.notFound("no person '" + repId + "' in the org chart"))
              : inner.apply(p));
    });
  }

  /** The people below the caller in the managerId chain (everyone for an admin), as the chart in force has them. */
  private List<Entry> people(Auth.Principal caller) {
    OrgChart chart = deps.directory().current();
    boolean everyone = Access.Role.of(caller.role()) == Access.Role.ADMIN;
    Map<String, RoutingDocument.PersonSettings> settings = deps.routing().rules().document().people();
    return chart.people().stream()
        .filter(person -> everyone || chart.manages(caller.subject(), person.id()))
        .map(person -> new Entry(person.id(), person.name(), person.role(), person.team(), person.managerId(),
            person.availability() == null ? OrgChart.AVAILABLE : person.availability(),
            settings.containsKey(person.id()) ? settings.get(person.id()).absences() : List.of()))
        .toList();
  }

  private Route change(Auth.Principal caller, String repId, JsonNode json) {
    Json.Bound<Change> bound = Json.bind(json, Change.class);
    if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
    String wanted = bound.value().availability();
    if (wanted == null || !SETTABLE.contains(wanted)) {
      return complete(Problems.invalid(List.of(new FieldError("/availability", "must be available or away"))));
    }
    return onSuccess(set(caller.subject(), repId, wanted, ATTEMPTS), this::complete);
  }

  /** How often a change is made again from the newer document when another version was stored first. */
  static final int ATTEMPTS = 5;

  /** The change applied to the chart as stored, through {@link DocumentVersions#edit}: an admin's publish in between is never undone. */
  private CompletionStage<HttpResponse> set(String by, String repId, String wanted, int attempts) {
    return org.edit(by, current -> {
      OrgChart chart = OrgChartDocument.parse(current.json());
      OrgChart.Person person = chart.person(repId).orElse(null);
      if (person == null) return new DocumentVersions.Answer(Problems.notFound("no person '" + repId + "' in the org chart"));
      if (person.isDeactivated()) {
        return new DocumentVersions.Answer(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
            "'" + repId + "' is deactivated: only an admin changes that, in the org chart", List.of()));
      }
      if (wanted.equals(person.availability() == null ? OrgChart.AVAILABLE : person.availability())) {
        return new DocumentVersions.Answer(Json.response(StatusCodes.OK, new Changed(repId, wanted, current.version())));
      }
      OrgChart changed = new OrgChart(chart.regions(), chart.teams(), chart.people().stream()
          .map(p -> p.id().equals(repId) ? p.withAvailability(wanted) : p).toList());
      return new DocumentVersions.Store(OrgChartDocument.json(OrgChartValidator.normalize(changed)),
          version -> Json.response(StatusCodes.OK, new Changed(repId, wanted, version)));
    }, attempts);
  }

  // ---------------------------------------------------------------- absences

  /**
   * Bounds a manager's edits keep to (DESIGN §9: the edge accepts only what storage can hold): each
   * change stores the whole routing document again, which an admin must still be able to send back
   * in one {@code PUT /routing} body.
   */
  static final int MAX_ABSENCES = 100;
  static final int MAX_REASON = 200;

  private Route absences(Auth.Principal caller, String repId, JsonNode json) {
    if (!json.isObject()) return complete(Problems.invalid(List.of(new FieldError("", "the body must be a JSON object"))));
    JsonReader body = JsonReader.of(json);
    body.unknownFields(Set.of("absences"), f -> "unknown field (use absences)");
    JsonNode list = json.get("absences");
    if (list == null || !list.isArray()) body.field("absences").error("must be a list of {from, to, reason} (empty: none)");
    else if (list.size() > MAX_ABSENCES) body.field("absences").error("at most " + MAX_ABSENCES + " absences per person");
    else {
      for (int i = 0; i < list.size(); i++) {
        JsonNode reason = list.get(i).get("reason");
        if (reason != null && reason.isTextual() && reason.asText().codePointCount(0, reason.asText().length()) > MAX_REASON) {
          body.field("absences").element(i).field("reason").error("at most " + MAX_REASON + " characters");
        }
      }
    }
    if (!body.errors().isEmpty()) return complete(Problems.invalid(body.errors()));
    return onSuccess(routing.edit(caller.subject(), current -> withAbsences(current, repId, (ArrayNode) list), ATTEMPTS),
        this::complete);
  }

  /**
   * The routing document as stored with {@code repId}'s absences replaced by {@code list} (an empty
   * list removes them, and the person's entry when nothing else is set), checked exactly as {@code PUT
   * /routing} checks: errors in the list are the caller's (400, at {@code /absences/…}); others mean
   * the rules in force no longer fit the org chart, which only an admin can mend (409).
   */
  private DocumentVersions.Edit withAbsences(DocumentStore.Version current, String repId, ArrayNode list) {
    if (current.json() == null) {
      return new DocumentVersions.Answer(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
          "no routing rules are published yet (the built-in default routes): an admin publishes rules first", List.of()));
    }
    JsonNode stored = routing.tree(current.json());
    ObjectNode changed = ((ObjectNode) stored).deepCopy();
    JsonNode people = changed.get("people");
    if (people == null) people = changed.putObject("people");
    if (people.isObject()) {
      JsonNode person = people.get(repId);
      if (person == null && !list.isEmpty()) person = ((ObjectNode) people).putObject(repId);
      if (person instanceof ObjectNode settings) {
        if (list.isEmpty()) settings.remove("absences");
        else settings.set("absences", list);
        if (settings.isEmpty()) ((ObjectNode) people).remove(repId);
      }
      if (people.isEmpty() && !stored.has("people")) changed.remove("people");
    }
    String prefix = JsonPointer.child(JsonPointer.child("/people", repId), "absences");
    List<FieldError> errors = RoutingRoutes.parse(deps, changed).errors();
    List<FieldError> theirs = errors.stream().filter(e -> e.field().equals(prefix) || e.field().startsWith(prefix + "/"))
        .map(e -> new FieldError("/absences" + e.field().substring(prefix.length()), e.message())).toList();
    if (theirs.size() < errors.size()) {
      return new DocumentVersions.Answer(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
          "the routing rules in force (version " + current.version() + ") no longer fit the org chart or calendars:"
              + " an admin publishes rules that do", errors));
    }
    if (!theirs.isEmpty()) return new DocumentVersions.Answer(Problems.invalid(theirs));
    if (changed.equals(stored)) {
      return new DocumentVersions.Answer(Json.response(StatusCodes.OK, new AbsencesChanged(repId, list, current.version())));
    }
    return new DocumentVersions.Store(changed.toString(),
        version -> Json.response(StatusCodes.OK, new AbsencesChanged(repId, list, version)));
  }
}
