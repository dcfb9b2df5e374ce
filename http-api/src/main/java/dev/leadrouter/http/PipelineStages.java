package dev.leadrouter.http;

import dev.leadrouter.engine.opportunity.Pipeline;
import dev.leadrouter.engine.opportunity.PipelineDirectory;
import dev.leadrouter.persistence.opportunity.Funnel;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stages of a pipeline in its order, with its final and lost stages, as the funnel report needs
 * them to tell progress ({@code conversion}) from standing still or going back. Empty for a
 * pipeline that is not (or no longer) configured: the report then lists stages by name and leaves
 * conversion unknown.
 */
@FunctionalInterface
public interface PipelineStages {

  Optional<Funnel.Stages> of(String pipeline);

  /** No pipeline known: the funnel still counts entries, times and downgrades (tests of the read model alone). */
  PipelineStages NOT_KNOWN = pipeline -> Optional.empty();

  /**
   * The pipelines in force on this node (the {@code pipelines} document): final stages are those
   * marked final, lost-style ones those that also need a reason.
   */
  static PipelineStages of(PipelineDirectory directory) {
    return id -> directory.current().pipeline(id).map(p -> new Funnel.Stages(
        p.stages().stream().map(Pipeline.Stage::id).toList(),
        p.stages().stream().filter(Pipeline.Stage::finalStage).map(Pipeline.Stage::id).collect(Collectors.toSet()),
        p.stages().stream().filter(s -> s.finalStage() && s.reasonRequired()).map(Pipeline.Stage::id)
            .collect(Collectors.toSet())));
  }
}
