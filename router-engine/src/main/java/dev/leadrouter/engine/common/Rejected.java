package dev.leadrouter.engine.common;

import java.util.List;

/**
 * A typed refusal: a stable code the HTTP layer maps to a status, and the fields at fault.
 */
public record Rejected(Code code, String message, List<FieldError> errors) implements EngineSerializable {

  public enum Code { INVALID, NOT_FOUND, FORBIDDEN, CONFLICT, UNAVAILABLE }

  public Rejected {
    errors = List.copyOf(errors);
  }

  public static Rejected of(Code code, String message) {
    return new Rejected(code, message, List.of());
  }
}
