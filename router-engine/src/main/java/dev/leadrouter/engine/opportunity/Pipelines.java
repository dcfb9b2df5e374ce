package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.sla.SlaDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The pipelines document as a {@link DocumentStore} kind: parsing, validation (its calendar clocks
 * against the SLA document in force on the node that stores it), compilation, and the built-in
 * document ({@code pipelines-default.json}).
 */
public final class Pipelines {

  /** Its document kind (entity id {@value #KIND}). */
  public static final String KIND = "pipelines";
  private static final String BUILT_IN = "/pipelines-default.json";

  private Pipelines() {}

  public static DocumentStore.Kind document(SlaDirectory sla) {
    return new DocumentStore.Kind(KIND, json -> errors(json, sla.current().calendars().keySet()));
  }

  /** Parses a stored (or seed) document with {@link ConfigJson}: unknown fields are ignored (ADR 0005). */
  public static PipelineDocument parse(String json) {
    return ConfigJson.read(json, PipelineDocument.class);
  }

  /** The document's errors against these SLA calendar names, or none. */
  public static List<FieldError> errors(String json, Set<String> calendarNames) {
    return ConfigJson.errors(json, PipelineDocument.class, doc -> doc.validate(calendarNames));
  }

  /** The compiled pipelines of a stored version (stored means it validated when it was stored). */
  public static PipelineSet compile(int version, String json) {
    return parse(json).compileUnchecked(version);
  }

  /** The built-in document: the {@code default} pipeline of docs/opportunities.md. */
  public static String builtIn() {
    try (InputStream in = Pipelines.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
