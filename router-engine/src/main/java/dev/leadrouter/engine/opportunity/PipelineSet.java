package dev.leadrouter.engine.opportunity;

import java.util.Map;
import java.util.Optional;

/** The pipelines in force (one version of the pipelines document, compiled). Immutable; pure. */
public record PipelineSet(int version, Map<String, Pipeline> pipelines) {

  public PipelineSet {
    pipelines = Map.copyOf(pipelines);
  }

  public Optional<Pipeline> pipeline(String id) {
    return Optional.ofNullable(pipelines.get(id == null ? PipelineDocument.DEFAULT : id));
  }

  /**
   * The pipeline an open opportunity runs on: its own, or {@code default} when a later version of the
   * document dropped it (the validator keeps {@code default}).
   */
  public Pipeline pipelineOrDefault(String id) {
    return pipeline(id).orElseGet(() -> pipelines.get(PipelineDocument.DEFAULT));
  }
}
