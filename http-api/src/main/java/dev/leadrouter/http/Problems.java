package dev.leadrouter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AuthorizationFailedRejection;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 problem documents for every failure the API can produce: bad input, auth, missing
 * resources, rejections, oversized bodies, time-outs and unexpected errors.
 */
public final class Problems {

  private static final Logger log = LoggerFactory.getLogger(Problems.class);
  public static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)
          .toContentType();
  private static final String TYPE_BASE = "https://leadrouter.dev/problems/";

  private Problems() {}

  public static HttpResponse of(StatusCode status, String type, String title, String detail, List<FieldError> errors) {
    return response(status, body(status, type, title, detail, errors));
  }

  private static ObjectNode body(StatusCode status, String type, String title, String detail, List<FieldError> errors) {
    ObjectNode body = Json.MAPPER.createObjectNode()
        .put("type", TYPE_BASE + type)
        .put("title", title)
        .put("status", status.intValue())
        .put("detail", detail);
    if (!errors.isEmpty()) {
      ArrayNode list = body.putArray("errors");
      errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
    }
    return body;
  }

  private static HttpResponse response(StatusCode status, ObjectNode body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(PROBLEM_JSON, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * 409 {@code stage-refused}: a stage move that lacks entry evidence or exit checklist items, each
   * in the extension member {@code missing} ({@code {"kind":"evidence","action","evidence"}} or
   * {@code {"kind":"checklist","item"}}).
   */
  public static HttpResponse stageRefused(OpportunityProtocol.StageRefused refused) {
    ObjectNode body = body(StatusCodes.CONFLICT, "stage-refused", "Stage move refused", refused.detail(), List.of());
    ArrayNode missing = body.putArray("missing");
    for (OpportunityProtocol.Missing m : refused.missing()) {
      ObjectNode item = missing.addObject().put("kind", m.kind());
      if (m.action() != null) item.put("action", m.action());
      if (m.evidence() != null) item.put("evidence", m.evidence());
      if (m.item() != null) item.put("item", m.item());
    }
    return response(StatusCodes.CONFLICT, body);
  }

  public static HttpResponse invalid(List<FieldError> errors) {
    return of(StatusCodes.BAD_REQUEST, "invalid-input", "Invalid input",
        errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
            : errors.size() + " fields are invalid", errors);
  }

  public static HttpResponse unauthorized(String detail) {
    return of(StatusCodes.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of())
        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"leadrouter\""));
  }

  public static HttpResponse forbidden(String detail) {
    return of(StatusCodes.FORBIDDEN, "forbidden", "Forbidden", detail, List.of());
  }

  public static HttpResponse notFound(String detail) {
    return of(StatusCodes.NOT_FOUND, "not-found", "Not found", detail, List.of());
  }

  public static HttpResponse unavailable(String detail) {
    return of(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail, List.of())
        .addHeader(RawHeader.create("Retry-After", "1"));
  }

  /** An engine refusal, with the status its code stands for. */
  public static HttpResponse rejected(Rejected r) {
    return switch (r.code()) {
      case INVALID -> invalid(r.errors().isEmpty() ? List.of(new FieldError("", r.message())) : r.errors());
      case NOT_FOUND -> notFound(r.message());
      case FORBIDDEN -> forbidden(r.message());
      case CONFLICT -> of(StatusCodes.CONFLICT, "conflict", "Conflict", r.message(), r.errors());
      case UNAVAILABLE -> unavailable(r.message());
    };
  }

  public static final ExceptionHandler EXCEPTIONS = ExceptionHandler.newBuilder()
      .matchAny(t -> org.apache.pekko.http.javadsl.server.Directives.complete(fromThrowable(t)))
      .build();

  private static java.util.Optional<HttpResponse> tooLarge(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EntityStreamSizeException size) {
        return java.util.Optional.of(payloadTooLarge(size.limit()));
      }
    }
    return java.util.Optional.empty();
  }

  /** 413: the body is over {@code limit} bytes. */
  static HttpResponse payloadTooLarge(long limit) {
    return of(StatusCodes.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
        "the body exceeds the limit of " + limit + " bytes", List.of());
  }

  /** A body that could not be read: too large (413) or otherwise unreadable (400). */
  static HttpResponse unreadableBody(Throwable cause) {
    return tooLarge(cause).orElseGet(() -> invalid(List.of(new FieldError("", "unreadable body: " + cause.getMessage()))));
  }

  static HttpResponse fromThrowable(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    java.util.Optional<HttpResponse> tooLarge = tooLarge(cause);
    if (tooLarge.isPresent()) return tooLarge.get();
    if (cause instanceof dev.leadrouter.engine.common.StorageUnavailable) {
      return unavailable("storage did not answer; nothing was confirmed, retry with the same key");
    }
    if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
      return unavailable("the engine did not answer in time; nothing was confirmed, retry with the same key");
    }
    log.error("Unhandled error in a route", cause);
    return of(StatusCodes.INTERNAL_SERVER_ERROR, "internal", "Internal error",
        "an unexpected error occurred; it was logged", List.of());
  }

  public static final RejectionHandler REJECTIONS = RejectionHandler.newBuilder()
      .handleAll(MethodRejection.class, rs -> {
        List<String> allowed = rs.stream().map(r -> r.supported().name()).distinct().toList();
        return org.apache.pekko.http.javadsl.server.Directives.complete(
            of(StatusCodes.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
                "allowed: " + String.join(", ", allowed), List.of())
                .addHeader(RawHeader.create("Allow", String.join(", ", allowed))));
      })
      // A body over the size limit surfaces as unreadable content; it deserves its own status.
      .handle(MalformedRequestContentRejection.class, r -> org.apache.pekko.http.javadsl.server.Directives.complete(
          unreadableBody(r.getCause())))
      .handle(MissingQueryParamRejection.class, r -> org.apache.pekko.http.javadsl.server.Directives.complete(
          invalid(List.of(new FieldError("?" + r.parameterName(), "query parameter is required")))))
      .handle(MalformedQueryParamRejection.class, r -> org.apache.pekko.http.javadsl.server.Directives.complete(
          invalid(List.of(new FieldError("?" + r.parameterName(), r.errorMsg())))))
      .handle(AuthorizationFailedRejection.class, r -> org.apache.pekko.http.javadsl.server.Directives.complete(
          forbidden("not allowed")))
      .handleNotFound(org.apache.pekko.http.javadsl.server.Directives.complete(notFound("no such resource")))
      .handleAll(Rejection.class, rs -> org.apache.pekko.http.javadsl.server.Directives.complete(
          of(StatusCodes.BAD_REQUEST, "bad-request", "Bad request", rs.toString(), List.of())))
      .build();
}
