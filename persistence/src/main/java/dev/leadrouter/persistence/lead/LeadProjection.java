package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.PlainJdbcSession;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
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

public final class LeadProjection {

  static final int GROUP_SIZE = 200;
  static final java.time.Duration GROUP_WINDOW = java.time.Duration.ofMillis(50);

  private LeadProjection() {}

  public static void init(ActorSystem<?> system, Database db, EngineSettings settings) {
    int tags = settings.leadTags();
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        "lead-projection",
        tags,
        i -> ProjectionBehavior.create(projection(system, db, settings, "lead-" + i)),
        ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
  }

  /**
   * Exactly once, grouped: up to {@code GROUP_SIZE} events or {@code GROUP_WINDOW} per
   * transaction, so a busy node writes the read models in batches instead of one commit per event.
   */
  private static GroupedProjection<Offset, EventEnvelope<Lead.Event>> projection(
      ActorSystem<?> system, Database db, EngineSettings settings, String tag) {
    SourceProvider<Offset, EventEnvelope<Lead.Event>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.groupedWithin(
            ProjectionId.of("leads", tag),
            source,
            () -> new PlainJdbcSession(db.dataSource()),
            () -> new LeadProjectionHandler(settings.routingRetry()),
            system)
        .withGroup(GROUP_SIZE, GROUP_WINDOW);
  }
}
