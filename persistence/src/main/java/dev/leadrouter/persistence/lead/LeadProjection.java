package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.projection.EventCodec;
import dev.leadrouter.persistence.projection.ParkedEvents;
import dev.leadrouter.persistence.projection.ProjectionGuard;
import dev.leadrouter.persistence.projection.ProjectionLag;
import dev.leadrouter.persistence.projection.ProjectionRepair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/**
 * The lead projection: one slice per lead tag ({@code lead-0..N-1}), each a grouped exactly-once
 * {@code JdbcProjection} run by a {@code ShardedDaemonProcess}. An event a slice cannot apply is
 * retried and then parked (ADR 0010); {@link Running} gives readiness, metrics and the admin's
 * replay what they need.
 */
public final class LeadProjection {

  static final int GROUP_SIZE = 200;
  static final java.time.Duration GROUP_WINDOW = java.time.Duration.ofMillis(50);
  /** The projection's name in the offset store and in {@code projection_failures}. */
  public static final String NAME = "leads";

  /** The running projection: its slices, guard (parked counts, lag) and repair (replay). */
  public record Running(List<String> slices, ProjectionGuard guard, ProjectionRepair repair) {}

  private LeadProjection() {}

  public static Running init(ActorSystem<?> system, Database db, EngineSettings settings, Clock clock) {
    int tags = settings.leadTags();
    List<String> slices = IntStream.range(0, tags).mapToObj(i -> "lead-" + i).toList();
    ProjectionGuard guard = new ProjectionGuard(NAME, ProjectionGuard.Settings.fromConfig(system.settings().config()));
    ParkedEvents parked = new ParkedEvents(db.dataSource());
    guard.loaded(parked.parkedPerSlice(NAME), parked.blockedEntities(NAME));
    EventCodec codec = EventCodec.of(system);
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        "lead-projection",
        tags,
        i -> ProjectionBehavior.create(projection(system, db, settings,
            new LeadProjectionHandler.Parking(guard, slices.get(i), codec, clock))),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    ProjectionLag.schedule(system, new ProjectionLag(db.dataSource(), NAME, slices, guard, clock), blocking,
        guard.settings().lagCheckInterval());
    LeadProjectionHandler replayer = new LeadProjectionHandler(settings.routingRetry());
    return new Running(slices, guard, new ProjectionRepair(parked, guard, codec, replayer::applyOne, clock));
  }

  /**
   * Exactly once, grouped: up to {@code GROUP_SIZE} events or {@code GROUP_WINDOW} per
   * transaction, so a busy node writes the read models in batches instead of one commit per event.
   */
  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(
      ActorSystem<?> system, Database db, EngineSettings settings, LeadProjectionHandler.Parking parking) {
    SourceProvider<Offset, EventEnvelope<Object>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), parking.slice());
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, parking.slice()),
            source,
            () -> new PlainJdbcSession(db.dataSource()),
            () -> new LeadProjectionHandler(settings.routingRetry(), parking),
            system)
        .withGroup(GROUP_SIZE, GROUP_WINDOW);
  }
}
