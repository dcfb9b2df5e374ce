package dev.leadrouter.engine.boot;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notices;
import dev.leadrouter.engine.routing.PoolListener;
import dev.leadrouter.engine.routing.RoutingDecision;
import java.util.List;

/** Delivers what a routing pool tells ({@link PoolListener}) to the lead through sharding. */
public final class PoolPort implements PoolListener {

  private final EngineDeps deps;

  public PoolPort(EngineDeps deps) {
    this.deps = deps;
  }

  @Override
  public void offer(String leadId, RoutingDecision decision) {
    deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.Offer(decision));
  }

  @Override
  public void enqueue(String leadId, RoutingDecision decision, boolean fallback, String region) {
    deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.Enqueue(decision,
        fallback ? Notices.forFallback(deps.directory().current(), region) : List.of()));
  }
}
