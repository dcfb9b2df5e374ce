package dev.leadrouter.http;

import dev.leadrouter.persistence.delivery.DeliveryObserver;
import dev.leadrouter.persistence.journal.JournalObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Journal writes and notification deliveries: {@code leadrouter_journal_write_seconds{outcome}} (one
 * batch write of the event journal, {@link JournalObserver}); {@code
 * leadrouter_outbox_delivery_seconds{channel,outcome}} (the channel's call) and {@code
 * leadrouter_outbox_delivery_latency_seconds{channel,outcome}} (from the outbox row's creation to the
 * attempt's end, {@link DeliveryObserver}). Outcomes of a delivery: {@code sent}, {@code retry},
 * {@code failed} (given up), {@code deferred} (quiet hours).
 */
final class StorageMetrics implements JournalObserver, DeliveryObserver {

  static final List<String> DELIVERY_OUTCOMES = List.of("sent", "retry", "failed", "deferred");

  private final MeterRegistry registry;
  private final Timer journalOk;
  private final Timer journalFailed;
  private final ConcurrentHashMap<String, Timer[]> deliveries = new ConcurrentHashMap<>();

  StorageMetrics(MeterRegistry registry) {
    this.registry = registry;
    journalOk = journal(registry, "success");
    journalFailed = journal(registry, "failure");
  }

  private static Timer journal(MeterRegistry registry, String outcome) {
    return Timer.builder("leadrouter.journal.write").tag("outcome", outcome)
        .description("event journal batch writes (one or many entities' events in one transaction), by outcome")
        .serviceLevelObjectives(Buckets.FAST).register(registry);
  }

  /** Registers every outcome's series of these channels (the enabled ones), so they show 0 before any delivery. */
  void channels(List<String> channels) {
    channels.forEach(c -> DELIVERY_OUTCOMES.forEach(o -> delivery(c, o)));
  }

  @Override
  public void written(int atomicWrites, long nanos, boolean succeeded) {
    (succeeded ? journalOk : journalFailed).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void attempted(String channel, String outcome, long attemptMillis, long sinceCreatedMillis) {
    Timer[] timers = delivery(channel, outcome);
    timers[0].record(Math.max(0, attemptMillis), TimeUnit.MILLISECONDS);
    timers[1].record(Math.max(0, sinceCreatedMillis), TimeUnit.MILLISECONDS);
  }

  private Timer[] delivery(String channel, String outcome) {
    return deliveries.computeIfAbsent(channel + '\n' + outcome, k -> new Timer[] {
        Timer.builder("leadrouter.outbox.delivery").tag("channel", channel).tag("outcome", outcome)
            .description("notification delivery attempts: the channel's call, by channel and outcome")
            .serviceLevelObjectives(Buckets.FAST).register(registry),
        Timer.builder("leadrouter.outbox.delivery.latency").tag("channel", channel).tag("outcome", outcome)
            .description("time from an outbox row's creation to the end of a delivery attempt, by channel and outcome")
            .serviceLevelObjectives(Buckets.SLOW).register(registry)});
  }
}
