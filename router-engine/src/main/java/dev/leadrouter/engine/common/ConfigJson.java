package dev.leadrouter.engine.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON codec of stored configuration documents (the org chart; later SLA policies, routing
 * rules, sources): admin-edited documents are persisted as JSON text inside Kryo events and
 * snapshots so that they can gain optional fields (ADR 0005).
 *
 * <p>Reading is lenient in the directions a document evolves: a field the reading code does not know
 * is ignored, a field the document does not have is {@code null} (or the record's default), so a
 * document stored by an older engine reads in a newer one. Records deserialize directly through
 * their canonical constructor. Nulls are not written; instants are ISO-8601 strings.
 */
public final class ConfigJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  private ConfigJson() {}

  /** The document as JSON text. */
  public static String write(Object document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + document.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A stored document read back; unknown fields are ignored, missing ones are null. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored " + type.getSimpleName() + " is not readable JSON", e);
    }
  }

  /**
   * A candidate document's errors, or none: {@code json} read as {@code type}, then checked by {@code
   * validate}; JSON that does not read (or a check that throws {@link IllegalArgumentException}) is one
   * error at the document root ({@code ""}).
   */
  public static <T> List<FieldError> errors(String json, Class<T> type, Function<T, List<FieldError>> validate) {
    try {
      return validate.apply(read(json, type));
    } catch (IllegalArgumentException e) {
      return List.of(new FieldError("", e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage()));
    }
  }
}
