package dev.leadrouter.http;

import dev.leadrouter.engine.org.OrgChartValidator;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * What waits, read from the read models every {@code leadrouter.metrics.poll-interval} on the
 * blocking dispatcher (two grouped counts over indexes led by the status; never per lead): {@code
 * leadrouter_queued_leads{region}} (in the region's queue), {@code
 * leadrouter_assignment_backlog_leads{status}} (received and not assigned yet: {@code received} not
 * routed yet, {@code queued}), {@code leadrouter_assignment_backlog_oldest_age_seconds}, {@code
 * leadrouter_outbox_backlog_rows{channel}} (notifications not delivered yet, counted up to
 * {@link OutboxReadModel#COUNT_CAP}) and {@code
 * leadrouter_outbox_backlog_oldest_age_seconds{channel}}. Every node reads the same cluster-wide
 * numbers (take {@code max} across nodes, not {@code sum}). A failed read keeps the last values and
 * logs a warning.
 */
final class BacklogMetrics {

  private static final Logger log = LoggerFactory.getLogger(BacklogMetrics.class);

  private final MeterRegistry registry;
  private final Clock clock;
  private final LeadReadModel leads;
  private final OutboxReadModel outbox;
  private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
  private final AtomicLong oldestWaiting = new AtomicLong();
  private final Map<String, AtomicLong[]> undelivered = new ConcurrentHashMap<>();

  BacklogMetrics(MeterRegistry registry, Clock clock, LeadReadModel leads, OutboxReadModel outbox,
      List<String> regions, List<String> channels) {
    this.registry = registry;
    this.clock = clock;
    this.leads = leads;
    this.outbox = outbox;
    for (String status : List.of("received", "queued")) {
      AtomicLong n = new AtomicLong();
      backlog.put(status, n);
      Gauge.builder("leadrouter.assignment.backlog", n, AtomicLong::get).tag("status", status).baseUnit("leads")
          .description("leads received and not assigned yet, cluster-wide: received = not routed yet, queued = waiting in a region's queue")
          .register(registry);
    }
    TimeGauge.builder("leadrouter.assignment.backlog.oldest.age", this, TimeUnit.MILLISECONDS, m -> m.ageMillis(m.oldestWaiting.get()))
        .description("time since the intake of the oldest lead not assigned yet (0 when none waits)")
        .register(registry);
    regions.forEach(this::queuedIn);
    channels.forEach(this::outboxOf);
  }

  /** Polls every {@code interval}, from now on, on {@code blocking}. */
  void start(ActorSystem<?> system, Duration interval, ExecutionContextExecutor blocking) {
    Cancellable polling = system.scheduler().scheduleWithFixedDelay(Duration.ZERO, interval, this::poll, blocking);
    // Stopped before the database closes (PhaseBeforeActorSystemTerminate), so no read fails on shutdown.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-backlog-metrics", () -> {
      polling.cancel();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  void poll() {
    try {
      List<LeadReadModel.Waiting> waiting = leads.waiting();
      Map<String, Long> byRegion = new HashMap<>();
      long received = 0;
      long inQueue = 0;
      long oldest = 0;
      for (LeadReadModel.Waiting w : waiting) {
        if (w.status().equals("QUEUED")) {
          byRegion.merge(w.region(), w.count(), Long::sum);
          inQueue += w.count();
        } else {
          received += w.count();
        }
        long at = w.oldestReceived().toEpochMilli();
        if (oldest == 0 || at < oldest) oldest = at;
      }
      Set<String> regions = new HashSet<>(queued.keySet());
      regions.addAll(byRegion.keySet());
      for (String region : regions) queuedIn(region).set(byRegion.getOrDefault(region, 0L));
      backlog.get("received").set(received);
      backlog.get("queued").set(inQueue);
      oldestWaiting.set(oldest);

      Map<String, OutboxReadModel.Undelivered> rows = new HashMap<>();
      outbox.undelivered(OrgChartValidator.CHANNELS).forEach(u -> rows.put(u.channel(), u));
      Set<String> channels = new HashSet<>(undelivered.keySet());
      channels.addAll(rows.keySet());
      for (String channel : channels) {
        OutboxReadModel.Undelivered u = rows.get(channel);
        AtomicLong[] values = outboxOf(channel);
        values[0].set(u == null ? 0 : u.count());
        values[1].set(u == null ? 0 : u.oldestCreated().toEpochMilli());
      }
    } catch (RuntimeException e) {
      log.warn("Reading the backlogs for /metrics failed (the last values stay): {}", e.toString());
    }
  }

  private long ageMillis(long since) {
    return since == 0 ? 0 : Math.max(0, clock.millis() - since);
  }

  private AtomicLong queuedIn(String region) {
    return queued.computeIfAbsent(region, r -> {
      AtomicLong n = new AtomicLong();
      Gauge.builder("leadrouter.queued", n, AtomicLong::get).tag("region", r).baseUnit("leads")
          .description("leads waiting in a region's queue for a rep, cluster-wide").register(registry);
      return n;
    });
  }

  private AtomicLong[] outboxOf(String channel) {
    return undelivered.computeIfAbsent(channel, c -> {
      AtomicLong[] values = {new AtomicLong(), new AtomicLong()};
      Gauge.builder("leadrouter.outbox.backlog", values[0], AtomicLong::get).tag("channel", c).baseUnit("rows")
          .description("notifications not delivered yet (PENDING or SENDING), by channel, cluster-wide, counted up to " + OutboxReadModel.COUNT_CAP).register(registry);
      TimeGauge.builder("leadrouter.outbox.backlog.oldest.age", values[1], TimeUnit.MILLISECONDS, v -> ageMillis(v.get()))
          .tag("channel", c)
          .description("age of the oldest notification not delivered yet, by channel (0 when none)").register(registry);
      return values;
    });
  }
}
