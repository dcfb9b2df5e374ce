package dev.leadrouter.engine.boot;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingPool;
import java.util.Collection;
import java.util.Set;

/**
 * What follows a stored org chart (the publish callback of the {@link OrgChartDocument#KIND org}
 * document): this node's directory (the documents topic carries the version to every other node's,
 * see {@link Engine}), every region's routing pool (queued leads are routed at once) and the reps the chart deactivated (their
 * open leads go elsewhere). The chart it replaced is the one this node's directory held.
 */
public final class OrgPort {

  private final EngineDeps deps;

  public OrgPort(EngineDeps deps) {
    this.deps = deps;
  }

  /** A version of the org chart was stored on this node. */
  public void published(DocumentStore.Published published) {
    OrgChart before = deps.directory().current();
    stored(before.people().isEmpty() ? null : before, published.version(), OrgChartDocument.parse(published.json()));
  }

  /** Version {@code version}, {@code chart}, is in force from now on; {@code previous} was before (null: none, as at the first seed). */
  void stored(OrgChart previous, int version, OrgChart chart) {
    deps.directory().update(version, chart);
    Set<String> regions = chart.poolRegions();
    if (previous != null) regions.addAll(previous.regionNames());
    tellPools(regions, chart);
    if (previous != null) deactivate(chart.repsDeactivatedSince(previous));
  }

  /** Every pool of {@code regions} routes with {@code chart} from now on. */
  void tellPools(Collection<String> regions, OrgChart chart) {
    for (String region : regions) {
      deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region).tell(new RoutingPool.OrgChanged(chart));
    }
  }

  /**
   * Tells each of these reps' entities to send their open leads elsewhere. Safe to repeat (a lead no
   * longer held by the rep ignores it): the engine's start repeats it for every deactivated rep, in
   * case the node stopped between storing the chart and this.
   */
  void deactivate(Collection<String> repIds) {
    for (String repId : repIds) {
      deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId).tell(new Rep.Deactivate("deactivated in the org chart"));
    }
  }
}
