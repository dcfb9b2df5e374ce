package dev.leadrouter.http;

import dev.leadrouter.persistence.opportunity.Funnel;
import java.util.Optional;

/**
 * The stages of a pipeline in its order, with its final and lost stages, as the funnel report needs
 * them to tell progress ({@code conversion}) from standing still or going back. Empty for a
 * pipeline that is not (or no longer) configured: the report then lists stages by name and leaves
 * conversion unknown.
 */
@FunctionalInterface
public interface PipelineStages {

  Optional<Funnel.Stages> of(String pipeline);

  /**
   * No pipeline known. The wiring until the pipeline document's directory ({@code pipelines}
   * document kind) is read here: the funnel still counts entries, times and downgrades.
   */
  PipelineStages NOT_KNOWN = pipeline -> Optional.empty();
}
