package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.LatestVersion;

/** This node's copy of the pipelines in force, read by opportunities and by leads converting. */
public final class PipelineDirectory extends LatestVersion<PipelineSet> {

  public PipelineDirectory(PipelineSet initial) {
    super(initial, PipelineSet::version);
  }
}
