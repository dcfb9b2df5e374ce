package dev.leadrouter.persistence.delivery;

/** A delivery that can never succeed (e.g. the recipient has no e-mail address): FAILED at once. */
public final class PermanentDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PermanentDeliveryException(String message) {
    super(message);
  }
}
