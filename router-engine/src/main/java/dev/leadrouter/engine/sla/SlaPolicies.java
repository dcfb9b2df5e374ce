package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import java.util.List;

/** The SLA policy document as a {@link DocumentStore} kind: parsing, validation, compilation. */
public final class SlaPolicies {

  /** Its document kind (entity id {@value #KIND}). */
  public static final String KIND = "sla";
  public static final DocumentStore.Kind DOCUMENT = new DocumentStore.Kind(KIND, SlaPolicies::errors);

  private SlaPolicies() {}

  /** Parses a stored (or seed) document with {@link ConfigJson}: unknown fields are ignored (ADR 0005). */
  public static SlaPolicyDocument parse(String json) {
    return ConfigJson.read(json, SlaPolicyDocument.class);
  }

  /** The document's errors, or none. */
  public static List<FieldError> errors(String json) {
    return ConfigJson.errors(json, SlaPolicyDocument.class, SlaPolicyDocument::validate);
  }

  /** The compiled policies of a stored version. */
  public static SlaPolicySet compile(int version, String json) {
    return parse(json).compile(version);
  }
}
