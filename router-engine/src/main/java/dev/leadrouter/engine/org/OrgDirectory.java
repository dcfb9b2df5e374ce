package dev.leadrouter.engine.org;

import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's current copy of the org chart, read synchronously by entities (escalation targets are
 * resolved when a step fires) and kept current by the org-chart topic ({@link OrgChartDocument#TOPIC}).
 */
public final class OrgDirectory {

  private final AtomicReference<OrgChart> current = new AtomicReference<>(OrgChart.empty());

  public OrgChart current() {
    return current.get();
  }

  public void update(OrgChart chart) {
    current.set(chart);
  }
}
