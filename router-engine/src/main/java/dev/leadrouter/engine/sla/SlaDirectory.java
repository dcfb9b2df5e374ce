package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.common.LatestVersion;

/** This node's copy of the SLA policies in force, read synchronously by leads when their clock starts. */
public final class SlaDirectory extends LatestVersion<SlaPolicySet> {

  public SlaDirectory(SlaPolicySet initial) {
    super(initial, SlaPolicySet::version);
  }
}
