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
      T value = json == null ? null : MAPPER.treeToValue(json, type);
      // A body of `null` binds to no object at all: refused here, so no route ever reads fields off null.
      if (value == null) {
        return new Bound<>(null, java.util.List.of(new dev.leadrouter.engine.common.FieldError("", "the body must be a JSON object")));
      }
      return new Bound<>(value, java.util.List.of());
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      return new Bound<>(null, java.util.List.of(new dev.leadrouter.engine.common.FieldError(pointer(e), message(e))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Bound<>(null, java.util.List.of(new dev.leadrouter.engine.common.FieldError("", "not valid JSON")));
    }
  }

  /**
   * What is wrong, in the API's words: Jackson's own messages name Java classes
   * ({@code java.util.LinkedHashMap}, the record bound to), which callers must never see.
   */
  static String message(com.fasterxml.jackson.databind.JsonMappingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
      java.util.Collection<Object> known = u.getKnownPropertyIds();
      return "unknown field '" + u.getPropertyName() + "'" + (known == null || known.isEmpty() ? ""
          : " (use " + String.join(", ", known.stream().map(String::valueOf).sorted().toList()) + ")");
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
      return "must be " + kind(m.getTargetType());
    }
    return "invalid value";
  }

  /** A JSON kind for a Java type, in words. */
  private static String kind(Class<?> type) {
    if (type == String.class || type == Character.class || type == char.class) return "a string";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == java.math.BigInteger.class) return "an integer";
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) return "an array";
    if (type.isEnum()) {
      return "one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList());
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) return "an ISO-8601 time";
    if (java.time.Duration.class.isAssignableFrom(type)) return "an ISO-8601 duration";
    return "an object";
  }

  /** The JSON Pointer of the element a Jackson mapping error is about. */
  static String pointer(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
      out.append('/');
      if (ref.getFieldName() != null) out.append(dev.leadrouter.engine.common.JsonPointer.escape(ref.getFieldName()));
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
