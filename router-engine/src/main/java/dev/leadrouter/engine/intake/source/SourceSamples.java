package dev.leadrouter.engine.intake.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The platforms' own example deliveries the admin page's test delivery sends ({@code source-samples/<type>.json}). */
final class SourceSamples {

  private SourceSamples() {}

  static Optional<byte[]> read(String type) {
    try (InputStream in = SourceSamples.class.getResourceAsStream("/source-samples/" + type + ".json")) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
