package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.sla.SlaPolicyDocument;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.sla.SlaStanding;
import dev.leadrouter.persistence.lead.LeadReadModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/sla-policies} (read: admin, director, manager; replace: admin) with its versions,
 * and {@code /api/v1/sla/board}, the live SLA state of open leads from the read model.
 */
public final class SlaRoutes extends ApiDirectives {

  private static final int DEFAULT_LIMIT = 200;
  private static final int MAX_LIMIT = 1000;

  private final EngineDeps deps;
  private final LeadReadModel readModel;
  private final Executor blocking;
  private final Duration askTimeout;

  private final DocumentVersions document;

  public SlaRoutes(EngineDeps deps, Auth auth, LeadReadModel readModel, Executor blocking, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.document = new DocumentVersions(deps, SlaPolicies.KIND, "SLA policy", askTimeout);
    this.readModel = readModel;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  public Route route() {
    return concat(
        pathPrefix("sla-policies", () -> concat(
            pathEnd(() -> concat(
                get(() -> allowedTo(Access.Action.READ_RULES, p -> document.current())),
                put(() -> allowedTo(Access.Action.MANAGE_RULES, this::replace)))),
            path("versions", () -> get(() -> allowedTo(Access.Action.READ_RULES, p -> document.history()))),
            path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()), n ->
                get(() -> allowedTo(Access.Action.READ_RULES, p -> document.version(n)))))),
        path(PathMatchers.segment("sla").slash("board"), () ->
            get(() -> allowedTo(Access.Action.READ_SLA_BOARD, this::board))));
  }

  private Route replace(Auth.Principal admin) {
    return jsonBody((json, raw) -> {
      if (!json.isObject()) return complete(Problems.invalid(List.of(new FieldError("", "the SLA policy document must be a JSON object"))));
      Json.Bound<SlaPolicyDocument> bound = Json.bind(json, SlaPolicyDocument.class);
      if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
      List<FieldError> errors = bound.value().validate();
      if (!errors.isEmpty()) return complete(Problems.invalid(errors));
      return document.replace(ConfigJson.write(bound.value()), admin.subject());
    });
  }

  /** One lead on the board. */
  public record BoardLead(String leadId, String state, String status, String region, String repId, String team,
      String priority, String name, String policy, String clock, Instant assignedAt, String nextAction,
      Instant nextDueAt, Long msLeft, Double elapsedShare, int escalationLevel, Instant heldAt, String holdReason,
      String source) {}

  private Route board(Auth.Principal caller) {
    return parameterOptional("region", region -> parameterOptional("team", team ->
        parameterOptional("repId", repId -> parameterOptional("state", state ->
            parameterOptional("limit", limit -> {
              List<FieldError> errors = new ArrayList<>();
              Optional<SlaStanding> standing = state.flatMap(s -> {
                try {
                  return Optional.of(SlaStanding.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                  errors.add(new FieldError("?state", "unknown state '" + s + "' (use "
                      + Arrays.stream(SlaStanding.values()).map(SlaStanding::jsonName).collect(Collectors.joining(", ")) + ")"));
                  return Optional.empty();
                }
              });
              int max = limit(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
              OrgChart org = deps.directory().current();
              Teams.check(org, team, errors);
              if (!errors.isEmpty()) return complete(Problems.invalid(errors));
              Set<String> reps = Teams.people(org, team, repId);
              Optional<Access.LeadScope> scope = new Access(org).leadScope(caller);
              Set<String> visibleReps = scope.map(Access.LeadScope::reps).orElse(null);
              Set<String> visibleRegions = scope.map(Access.LeadScope::regions).orElse(null);
              LeadReadModel.BoardFilter filter =
                  new LeadReadModel.BoardFilter(region.orElse(null), reps, visibleReps, visibleRegions);
              Set<String> repsShown = visibleReps;
              CompletionStage<Map<String, Object>> body =
                  CompletableFuture.supplyAsync(() -> readModel.board(filter, MAX_LIMIT * 10), blocking)
                      .thenCombine(workloads(), (rows, loads) -> {
                        Map<String, Object> out = board(rows, org, standing, max);
                        out.put("outOfRotation", outOfRotation(loads, org, reps, repsShown));
                        return out;
                      });
              return onSuccess(body, b -> complete(Json.response(StatusCodes.OK, b)));
            })))));
  }

  /** A board row's SLA standing at {@code now}. */
  static SlaStanding standing(LeadReadModel.BoardRow r, Instant now, double atRiskShare) {
    return SlaStanding.of(!"ASSIGNED".equals(r.status()), r.heldAt() != null, r.breached(),
        r.escalationLevel(), r.windowStart(), r.nextDueAt(), now, atRiskShare);
  }

  /** A lead as the board shows it (and the live stream's {@code lead} events carry it). */
  static BoardLead boardLead(LeadReadModel.BoardRow r, SlaStanding standing, OrgChart org, Instant now) {
    // On hold, the time left is frozen at the moment the hold began (the row's due time is not moved yet).
    Instant reference = r.heldAt() != null ? r.heldAt() : now;
    Long msLeft = r.nextDueAt() == null ? null : r.nextDueAt().toEpochMilli() - reference.toEpochMilli();
    Double share = r.nextDueAt() == null || r.windowStart() == null ? null
        : Math.round(SlaStanding.elapsedShare(r.windowStart(), r.nextDueAt(), reference) * 1000) / 1000.0;
    String team = org.person(r.repId()).map(OrgChart.Person::team).orElse(null);
    return new BoardLead(r.leadId(), standing.jsonName(), r.status(), r.region(), r.repId(), team, r.priority(),
        r.name(), r.policy(), r.clock(), r.assignedAt(), r.nextAction(), r.nextDueAt(), msLeft, share,
        r.escalationLevel(), r.heldAt(), r.holdReason(), r.source());
  }

  /** A rep the routing rules keep out of rotation: their breach streak reached the limit. */
  public record OutOfRotation(String repId, String name, String team, int breachStreak, int breachStreakLimit) {}

  /**
   * Every rep's workload as the routing pools hold it (each pool hears from every rep; the pool of
   * unknown-region leads always exists) — no rep entity is woken. Empty if the pool does not answer.
   */
  private CompletionStage<Map<String, RepWorkload>> workloads() {
    return deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, RegionInfo.UNKNOWN)
        .<RoutingPool.Workloads>ask(RoutingPool.GetWorkloads::new, askTimeout)
        .thenApply(RoutingPool.Workloads::loads)
        .exceptionally(e -> Map.of());
  }

  /** The reps out of rotation, among those the filter and the caller's reach allow (null: any). */
  private List<OutOfRotation> outOfRotation(Map<String, RepWorkload> loads, OrgChart org, Set<String> filter,
      Set<String> visible) {
    Integer limit = deps.routing().rules().document().breachStreakLimit();
    if (limit == null) return List.of();
    List<OutOfRotation> out = new ArrayList<>();
    for (OrgChart.Person p : org.people()) {
      RepWorkload load = loads.get(p.id());
      if (!p.isRep() || load == null || load.breachStreak() < limit) continue;
      if ((filter != null && !filter.contains(p.id())) || (visible != null && !visible.contains(p.id()))) continue;
      out.add(new OutOfRotation(p.id(), p.name(), p.team(), load.breachStreak(), limit));
    }
    return out;
  }

  private Map<String, Object> board(List<LeadReadModel.BoardRow> rows, OrgChart org, Optional<SlaStanding> only,
      int limit) {
    Instant now = deps.clock().instant();
    double atRisk = deps.sla().current().atRiskShare();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (SlaStanding s : SlaStanding.values()) counts.put(s.jsonName(), 0);
    List<BoardLead> leads = new ArrayList<>();
    for (LeadReadModel.BoardRow r : rows) {
      SlaStanding standing = standing(r, now, atRisk);
      counts.merge(standing.jsonName(), 1, Integer::sum);
      if (only.isPresent() && only.get() != standing) continue;
      if (leads.size() >= limit) continue;
      leads.add(boardLead(r, standing, org, now));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", now);
    out.put("atRiskShare", atRisk);
    out.put("counts", counts);
    out.put("leads", leads);
    return out;
  }
}
