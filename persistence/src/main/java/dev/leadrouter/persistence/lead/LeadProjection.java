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
import org.apache.pekko.projection.javadsl.ExactlyOnceProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

public final class LeadProjection {

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

  private static ExactlyOnceProjection<Offset, EventEnvelope<Lead.Event>> projection(
      ActorSystem<?> system, Database db, EngineSettings settings, String tag) {
    SourceProvider<Offset, EventEnvelope<Lead.Event>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.exactlyOnce(
        ProjectionId.of("leads", tag),
        source,
        () -> new PlainJdbcSession(db.dataSource()),
        () -> new LeadProjectionHandler(settings.routingRetry()),
        system);
  }
}
