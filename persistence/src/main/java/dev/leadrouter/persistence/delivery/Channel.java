package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxRow;
import java.util.concurrent.CompletionStage;

/**
 * A way to deliver outbox rows of one channel ({@code row.channel() == name()}). The stage completes
 * when the other side has accepted the message and fails on any error (non-2xx, time-out, connection
 * refused, ...); fail it with {@link PermanentDeliveryException} when retrying cannot help.
 */
public interface Channel {

  String name();

  CompletionStage<Void> deliver(OutboxRow row);
}
