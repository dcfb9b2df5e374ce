package dev.leadrouter.engine.boot;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.rep.RepListener;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.RepWorkload;

/** Delivers what a rep tells ({@link RepListener}) to the leads and routing pools through sharding. */
public final class RepPort implements RepListener {

  private final EngineDeps deps;

  public RepPort(EngineDeps deps) {
    this.deps = deps;
  }

  @Override
  public void reservation(String leadId, String repId, boolean reserved, String reason) {
    deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.ReservationResult(repId, reserved, reason));
  }

  @Override
  public void withdraw(String leadId, String repId, String reason) {
    deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.Withdraw(repId, reason));
  }

  @Override
  public void workload(String repId, String leadId, RepWorkload workload, boolean refused, String region) {
    RoutingPool.RepChanged change = new RoutingPool.RepChanged(repId, leadId, workload, refused);
    if (region != null) {
      deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region).tell(change);
      return;
    }
    deps.directory().current().poolRegions()
        .forEach(r -> deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, r).tell(change));
  }
}
