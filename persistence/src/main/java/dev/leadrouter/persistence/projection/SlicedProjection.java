package dev.leadrouter.persistence.projection;

import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.PlainJdbcSession;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * How every read-model projection runs: one slice per tag, each a grouped exactly-once {@code
 * JdbcProjection} run by a {@code ShardedDaemonProcess}, with a {@link ProjectionGuard} shared by
 * the slices (parked counts, careful slices), lag measured every {@code lag-check-interval}
 * ({@link ProjectionLag}) and the admin's replay ({@link ProjectionRepair}).
 */
public final class SlicedProjection {

  /** Events per transaction at most, or this long a window: a busy node writes in batches. */
  static final int GROUP_SIZE = 200;
  static final Duration GROUP_WINDOW = Duration.ofMillis(50);

  /** A running projection: its name, slices (= tags), guard and repair, for readiness, metrics and replay. */
  public record Running(String name, List<String> slices, ProjectionGuard guard, ProjectionRepair repair) {}

  /** A slice's handler over a group of events. */
  public interface HandlerFactory extends Function<Parking, JdbcHandler<List<EventEnvelope<Object>>, PlainJdbcSession>> {}

  private SlicedProjection() {}

  /**
   * Starts projection {@code name} (its slices run by the daemon process {@code daemon}) over {@code
   * slices} (each slice reads the events of the tag of the same name) with the handlers {@code
   * handler} makes; {@code replayer} applies a parked event again.
   */
  public static Running start(ActorSystem<?> system, Database db, Clock clock, String name, String daemon,
      List<String> slices, HandlerFactory handler, ProjectionRepair.Applier replayer) {
    ProjectionGuard guard = new ProjectionGuard(name, ProjectionGuard.Settings.fromConfig(system.settings().config()));
    ParkedEvents parked = new ParkedEvents(db.dataSource());
    guard.loaded(parked.parkedPerSlice(name), parked.blockedEntities(name));
    EventCodec codec = EventCodec.of(system);
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        daemon,
        slices.size(),
        i -> ProjectionBehavior.create(projection(system, db, name, handler, new Parking(guard, slices.get(i), codec, clock))),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    ProjectionLag.schedule(system, new ProjectionLag(db.dataSource(), name, slices, guard, clock), blocking,
        guard.settings().lagCheckInterval());
    return new Running(name, slices, guard, new ProjectionRepair(parked, guard, codec, replayer, clock));
  }

  private static GroupedProjection<Offset, EventEnvelope<Object>> projection(ActorSystem<?> system, Database db,
      String name, HandlerFactory handler, Parking parking) {
    SourceProvider<Offset, EventEnvelope<Object>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), parking.slice());
    return JdbcProjection.groupedWithin(
            ProjectionId.of(name, parking.slice()),
            source,
            () -> new PlainJdbcSession(db.dataSource()),
            () -> handler.apply(parking),
            system)
        .withGroup(GROUP_SIZE, GROUP_WINDOW);
  }
}
