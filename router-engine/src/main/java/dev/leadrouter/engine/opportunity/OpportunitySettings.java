package dev.leadrouter.engine.opportunity;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Typed view of the opportunity keys: the pipelines document seeded the first time the engine starts
 * ({@code leadrouter.pipelines.seed-file}, empty = the built-in one) and how long a converting lead
 * waits for its opportunity to open ({@code leadrouter.opportunities.open-timeout}).
 */
public record OpportunitySettings(String pipelinesSeed, Duration openTimeout) {

  /** From the {@code leadrouter} block. */
  public static OpportunitySettings fromConfig(Config leadrouter) {
    String file = leadrouter.getString("pipelines.seed-file").trim();
    String seed;
    if (file.isEmpty()) {
      seed = Pipelines.builtIn();
    } else {
      try {
        seed = Files.readString(Path.of(file));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read leadrouter.pipelines.seed-file " + file + ": " + e.getMessage(), e);
      }
    }
    return new OpportunitySettings(seed, leadrouter.getDuration("opportunities.open-timeout"));
  }

  /** The seed compiled as version 0 (what a node uses until the stored version reaches it). */
  public PipelineSet seedPipelines() {
    return Pipelines.compile(0, pipelinesSeed);
  }
}
