package dev.leadrouter.engine.common;

/**
 * Storage did not answer (the database is down or overloaded): nothing was confirmed, and the same
 * request may be retried. The HTTP layer answers 503.
 */
public final class StorageUnavailable extends RuntimeException {

  public StorageUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
