package dev.leadrouter.engine.common;

/** One piece of bad input: a JSON-Pointer to the field at fault and what is wrong with it. */
public record FieldError(String field, String message) implements EngineSerializable {}
