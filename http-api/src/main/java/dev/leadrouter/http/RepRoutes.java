package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.intake.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.persistence.lead.LeadReadModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/reps/{id}/leads} (read model) and {@code /api/v1/queues/{region}} (the region's pool). */
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

  public Route route() {
    return concat(
        pathPrefix("reps", () -> path(PathMatchers.segment().slash("leads"), repId -> get(() ->
            authenticated(p -> {
              OrgChart org = deps.directory().current();
              boolean allowed = p.is("admin", "director") || (p.is("rep") && p.subject().equals(repId))
                  || (p.is("manager") && org.manages(p.subject(), repId));
              if (!allowed) return complete(Problems.forbidden("not your rep"));
              if (org.person(repId).isEmpty()) return complete(Problems.notFound("no person '" + repId + "' in the org chart"));
              return onSuccess(CompletableFuture.supplyAsync(
                      () -> readModel.repLeads(repId, deps.clock().instant()), blocking),
                  leads -> complete(Json.response(StatusCodes.OK, new RepLeads(repId, leads))));
            })))),
        path(PathMatchers.segment("queues").slash(PathMatchers.segment()), region -> get(() ->
            withRole(List.of("admin", "director", "manager"), p -> {
              OrgChart org = deps.directory().current();
              boolean known = org.region(region).isPresent()
                  || region.equals(RegionInfo.UNKNOWN) || region.equals(RegionInfo.OUTSIDE_MAINLAND);
              if (!known) return complete(Problems.notFound("no region '" + region + "'"));
              return onSuccess(deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region)
                      .ask(RoutingPool.GetQueue::new, askTimeout),
                  queue -> complete(Json.response(StatusCodes.OK, queue)));
            }))));
  }
}
