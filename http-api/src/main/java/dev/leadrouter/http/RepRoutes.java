package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.Locales;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.Availability;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import dev.leadrouter.persistence.lead.LeadReadModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/reps/{id}} (a rep's load and rotation), {@code /api/v1/reps/{id}/rotation} (a
 * manager puts them back in rotation), {@code /api/v1/reps/{id}/leads} (read model, texts in the
 * reader's locale) and {@code
 * /api/v1/queues/{region}} (the region's pool) and {@code GET /api/v1/queues} (which regions have one).
 */
public final class RepRoutes extends ApiDirectives {

  private final EngineDeps deps;
  private final LeadReadModel readModel;
  private final Executor blocking;
  private final Duration askTimeout;

  public RepRoutes(EngineDeps deps, Auth auth, LeadReadModel readModel, Executor blocking, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  /** A rep's open leads. */
  public record RepLeads(String repId, List<LeadReadModel.RepLead> leads) {}

  /**
   * A rep as routing sees them now: open leads of their capacity, new leads today (their zone) of
   * the daily limit, the breach streak of the rules' limit, whether they are in rotation and, if not
   * eligible for a new lead now, why (the routing rules' reason), and who last restored them.
   */
  public record RepStatus(String repId, String name, String team, String availability, int openLeads, int capacity,
      int newToday, Integer maxNewPerDay, int breachStreak, Integer breachStreakLimit, boolean inRotation,
      boolean eligibleNow, String reason, List<String> streakLeads, String restoredBy, java.time.Instant restoredAt) {}

  public Route route() {
    return concat(
        pathPrefix("reps", () -> pathPrefix(PathMatchers.segment(), repId -> concat(
            pathEnd(() -> get(() -> authenticated(p -> forRep(p, repId, Access.Action.READ_REP, () -> onSuccess(
                rep(repId).<Rep.Status>ask(Rep.GetStatus::new, askTimeout),
                status -> complete(Json.response(StatusCodes.OK, status(status)))))))),
            path("rotation", () -> post(() -> authenticated(p -> forRep(p, repId, Access.Action.MANAGE_ROTATION, () -> onSuccess(
                rep(repId).<Rep.Status>ask(r -> new Rep.RestoreRotation(p.subject(), r), askTimeout),
                status -> complete(Json.response(StatusCodes.OK, status(status)))))))),
            path("leads", () -> get(() -> authenticated(p -> forRep(p, repId, Access.Action.READ_REP, () -> onSuccess(
                CompletableFuture.supplyAsync(
                    () -> readModel.repLeads(repId, deps.clock().instant(), readerLocale(p, repId)), blocking),
                leads -> complete(Json.response(StatusCodes.OK, new RepLeads(repId, leads))))))))))),
        path("queues", () -> get(() -> allowedTo(Access.Action.READ_QUEUE, p -> onSuccess(
            CompletableFuture.supplyAsync(readModel::queuedRegions, blocking),
            queued -> complete(Json.response(StatusCodes.OK, Map.of("regions", queueRegions(p, queued)))))))),
        path(PathMatchers.segment("queues").slash(PathMatchers.segment()), region -> get(() ->
            allowedTo(Access.Action.READ_QUEUE, p -> {
              OrgChart org = deps.directory().current();
              boolean named = org.region(region).isPresent()
                  || region.equals(RegionInfo.UNKNOWN) || region.equals(RegionInfo.OUTSIDE_MAINLAND);
              return onSuccess(named ? CompletableFuture.completedFuture(true)
                      : CompletableFuture.supplyAsync(() -> readModel.queuedRegions().contains(region), blocking),
                  known -> {
                    if (!known) return complete(Problems.notFound("no region '" + region + "'"));
                    return onSuccess(deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region)
                            .ask(RoutingPool.GetQueue::new, askTimeout),
                        queue -> complete(Json.response(StatusCodes.OK, queue)));
                  });
            }))));
  }

  /** A fallback queue's region and whether its leads are in the caller's lead scope (all for admins and directors). */
  public record QueueRegion(String region, boolean inScope) {}

  /**
   * Every region that has a fallback queue: the org chart's, then {@code 未知} and {@code 境外}, then
   * any other region that holds queued leads; the board shows the queues of those in the caller's
   * scope ({@link Access#leadScope}).
   */
  private List<QueueRegion> queueRegions(Auth.Principal caller, List<String> queued) {
    OrgChart org = deps.directory().current();
    Optional<Access.LeadScope> scope = new Access(org).leadScope(caller);
    List<String> names = new java.util.ArrayList<>(org.regions().stream().map(OrgChart.Region::name).toList());
    names.add(RegionInfo.UNKNOWN);
    names.add(RegionInfo.OUTSIDE_MAINLAND);
    // Leads of a macro region the chart does not name wait in that region's pool: list it too (no
    // manager manages it, so only admins and directors have it in scope).
    queued.stream().filter(r -> !names.contains(r)).forEach(names::add);
    return names.stream().map(n -> new QueueRegion(n, scope.map(s -> s.regions().contains(n)).orElse(true))).toList();
  }

  /** {@code inner} when {@link Access} lets the caller do {@code action} on the rep and the rep exists (else 404). */
  private Route forRep(Auth.Principal p, String repId, Access.Action action, java.util.function.Supplier<Route> inner) {
    OrgChart org = deps.directory().current();
    return ifAllowed(new Access(org).onPerson(p, repId, action), () -> org.person(repId).isEmpty()
        ? complete(Problems.notFound("no person '" + repId + "' in the org chart"))
        : inner.get());
  }

  /**
   * The locale the list's texts are written in: the reader's in the org chart, else (an admin token
   * that names nobody in the chart) the rep's; the default when neither sets one.
   */
  private String readerLocale(Auth.Principal p, String repId) {
    OrgChart org = deps.directory().current();
    return org.person(p.subject()).or(() -> org.person(repId)).map(OrgChart.Person::localeOrDefault)
        .orElse(Locales.DEFAULT);
  }

  private EntityRef<Rep.Command> rep(String repId) {
    return deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId);
  }

  private RepStatus status(Rep.Status s) {
    OrgChart org = deps.directory().current();
    OrgChart.Person person = org.person(s.repId()).orElseThrow();
    RoutingRuleSet rules = deps.routing().rules();
    Instant now = deps.clock().instant();
    RepWorkload load = new RepWorkload(s.openLeads(), 0L, s.day(), s.newOnDay(), s.breachStreak());
    Availability.Verdict verdict =
        new Availability(rules).check(s.repId(), Roster.EVERYONE_ACTIVE, Map.of(s.repId(), load), now);
    Integer limit = rules.document().breachStreakLimit();
    Optional<RoutingRuleSet.Profile> profile = rules.profile(s.repId());
    LocalDate today = now.atZone(profile.map(RoutingRuleSet.Profile::zone).orElse(rules.document().zone())).toLocalDate();
    return new RepStatus(s.repId(), person.name(), person.team(), person.availability(), s.openLeads(),
        person.capacityOrZero(), load.newOn(today), profile.map(RoutingRuleSet.Profile::maxNewPerDay).orElse(null),
        s.breachStreak(), limit, limit == null || s.breachStreak() < limit, verdict.eligible(), verdict.reason(),
        s.streakLeads(), s.restoredBy(), s.restoredAt());
  }
}
