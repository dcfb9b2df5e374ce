package dev.leadrouter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** The one ObjectMapper of the HTTP layer, and JSON responses. Instants are ISO-8601 strings. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private Json() {}

  /** A JSON body bound to a record: the value, or the errors naming the field at fault. */
  public record Bound<T>(T value, java.util.List<dev.leadrouter.engine.common.FieldError> errors) {}

  /** Binds {@code json} to {@code type} strictly (unknown fields are errors), naming the field at fault. */
  public static <T> Bound<T> bind(com.fasterxml.jackson.databind.JsonNode json, Class<T> type) {
    try {
      return new Bound<>(MAPPER.treeToValue(json, type), java.util.List.of());
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      return new Bound<>(null, java.util.List.of(new dev.leadrouter.engine.common.FieldError(pointer(e), e.getOriginalMessage())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Bound<>(null, java.util.List.of(new dev.leadrouter.engine.common.FieldError("", e.getOriginalMessage())));
    }
  }

  /** The JSON Pointer of the element a Jackson mapping error is about. */
  static String pointer(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
      out.append('/');
      if (ref.getFieldName() != null) out.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
      else out.append(ref.getIndex());
    }
    return out.toString();
  }

  public static HttpResponse response(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }
}
