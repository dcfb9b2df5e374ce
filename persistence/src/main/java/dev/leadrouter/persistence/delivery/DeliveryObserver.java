package dev.leadrouter.persistence.delivery;

/**
 * What the {@link OutboxDispatcher} reports for the operator's metrics after each attempt at a row:
 * its channel, the outcome ({@code sent}, {@code retry}, {@code failed} — given up —, {@code
 * deferred} for quiet hours), how long the channel took and how long after the row was written the
 * attempt ended. Called from the dispatcher's futures: an implementation only updates memory.
 */
@FunctionalInterface
public interface DeliveryObserver {

  void attempted(String channel, String outcome, long attemptMillis, long sinceCreatedMillis);

  DeliveryObserver NONE = (channel, outcome, attemptMillis, sinceCreatedMillis) -> {};
}
