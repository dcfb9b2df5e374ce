package dev.leadrouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.jdbc.state.javadsl.JdbcDurableStateStore;
import org.apache.pekko.persistence.state.DurableStateStoreRegistry;
import org.apache.pekko.persistence.state.javadsl.GetObjectResult;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real clustered ActorSystem on each database: persists with the JDBC journal (Jackson), recovers
 * in a second ActorSystem, reads with the JDBC read journal, runs an exactly-once JdbcProjection over
 * PlainJdbcSession (offsets in pekko_projection_offset_store, rows in outbox), and touches the
 * snapshot store and the durable state store: every table of V1 is used through its plugin.
 */
class JournalIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String PROJECTION = "notebook-outbox";

  private static final Config SYSTEM =
      ConfigFactory.parseString(
          String.join(
              "\n",
              "pekko.actor.provider = cluster",
              "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
              "pekko.remote.artery.canonical.port = 0",
              "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
              "pekko.actor.serialization-bindings {",
              "  \"dev.leadrouter.persistence.JsonTestSerializable\" = jackson-json",
              "}",
              "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
              "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
              "pekko.loglevel = INFO",
              // poll faster than the 1 s defaults so the projection test is quick
              "jdbc-read-journal.refresh-interval = 200ms",
              "jdbc-read-journal.journal-sequence-retrieval.query-delay = 200ms"));

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void persistsRecoversQueriesAndProjects(DatabaseVendor vendor, @TempDir Path dir) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Config config = tdb.config(SYSTEM);
      assertEquals(vendor.id(), config.getString("leadrouter.db.vendor"));

      try (Database db = Database.create(config)) {
        db.migrate();

        // 1st ActorSystem: persist one event, project it.
        ActorTestKit kit1 = ActorTestKit.create("journal-" + vendor.id() + "-1", config);
        try {
          joinSelf(kit1.system());
          TestProbe<Done> done = kit1.createTestProbe();
          ActorRef<Notebook.Command> notebook = kit1.spawn(Notebook.create("n1"));
          notebook.tell(new Notebook.Add("first", done.ref()));
          done.expectMessage(TIMEOUT, Done.getInstance());

          int jacksonId =
              SerializationExtension.get(kit1.system())
                  .findSerializerFor(new Notebook.Added("x"))
                  .identifier();
          assertEquals(
              List.of(List.of("Notebook|n1", 1L, jacksonId)),
              Sql.rows(
                  db.dataSource(),
                  "select persistence_id, sequence_number, event_ser_id from event_journal"));

          List<EventEnvelope> envelopes =
              readJournal(kit1.system(), config)
                  .currentEventsByPersistenceId("Notebook|n1", 0L, Long.MAX_VALUE)
                  .runWith(Sink.seq(), kit1.system())
                  .toCompletableFuture()
                  .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          assertEquals(1, envelopes.size());
          assertEquals(new Notebook.Added("first"), envelopes.get(0).event());

          kit1.spawn(ProjectionBehavior.create(outboxProjection(kit1.system(), config, db)));
          awaitCount(() -> Sql.count(db.dataSource(), "select count(*) from outbox"), 1);
          awaitCount(
              () ->
                  Sql.count(
                      db.dataSource(),
                      "select count(*) from pekko_projection_offset_store where projection_name = '"
                          + PROJECTION
                          + "'"),
              1);

          // pekko_projection_management, through ProjectionManagement (pause writes a row; resume
          // again so the projection runs in the second system)
          ProjectionManagement management = ProjectionManagement.get(kit1.system());
          ProjectionId id = ProjectionId.of(PROJECTION, Notebook.TAG);
          assertEquals(false, await(management.isPaused(id)));
          await(management.pause(id));
          assertEquals(true, await(management.isPaused(id)));
          await(management.resume(id));
          assertEquals(false, await(management.isPaused(id)));
          assertEquals(
              List.of(List.of(PROJECTION, Notebook.TAG, false)),
              Sql.rows(
                  db.dataSource(),
                  "select projection_name, projection_key, paused from pekko_projection_management"));
        } finally {
          kit1.shutdownTestKit();
        }

        // 2nd ActorSystem on the same database: recovery, then the projection resumes from its offset
        // (re-processing "first" would violate outbox.idempotency_key and stall the projection).
        ActorTestKit kit2 = ActorTestKit.create("journal-" + vendor.id() + "-2", config);
        try {
          joinSelf(kit2.system());
          ActorRef<Notebook.Command> notebook = kit2.spawn(Notebook.create("n1"));
          TestProbe<List<String>> items = kit2.createTestProbe();
          notebook.tell(new Notebook.Get(items.ref()));
          assertEquals(List.of("first"), items.receiveMessage(TIMEOUT));

          TestProbe<Done> done = kit2.createTestProbe();
          notebook.tell(new Notebook.Add("second", done.ref()));
          done.expectMessage(TIMEOUT, Done.getInstance());

          // seqNr 2 triggers the snapshot (snapshotEvery(2, 1))
          awaitCount(() -> Sql.count(db.dataSource(), "select count(*) from snapshot"), 1);

          kit2.spawn(ProjectionBehavior.create(outboxProjection(kit2.system(), config, db)));
          awaitCount(() -> Sql.count(db.dataSource(), "select count(*) from outbox"), 2);
          assertEquals(
              List.of(List.of("Notebook|n1:1", "first"), List.of("Notebook|n1:2", "second")),
              Sql.rows(db.dataSource(), "select idempotency_key, payload from outbox order by id"));
          assertEquals(
              List.of(List.of(Notebook.TAG), List.of(Notebook.TAG)),
              Sql.rows(db.dataSource(), "select tag from event_tag order by event_id"));
          durableStateRoundTrip(kit2.system(), config);
        } finally {
          kit2.shutdownTestKit();
        }
      }
    }
  }

  record Counter(int value) implements JsonTestSerializable {}

  @SuppressWarnings("unchecked")
  private static void durableStateRoundTrip(ActorSystem<?> system, Config config) throws Exception {
    JdbcDurableStateStore<Counter> store =
        DurableStateStoreRegistry.get(system)
            .getDurableStateStoreFor(
                JdbcDurableStateStore.class,
                config.getString("leadrouter.persistence.durable-state-plugin-id"));
    store.upsertObject("Counter|c1", 1L, new Counter(5), "counters").toCompletableFuture().get();
    store.upsertObject("Counter|c1", 2L, new Counter(6), "counters").toCompletableFuture().get();
    GetObjectResult<Counter> result =
        store.getObject("Counter|c1").toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(java.util.Optional.of(new Counter(6)), result.value());
    assertEquals(2L, result.revision());
  }

  private static void joinSelf(ActorSystem<?> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      assertTrue(System.nanoTime() < deadline, "cluster member did not become Up");
      Thread.sleep(50);
    }
  }

  private static JdbcReadJournal readJournal(ActorSystem<?> system, Config config) {
    return PersistenceQuery.get(system)
        .getReadJournalFor(
            JdbcReadJournal.class, config.getString("leadrouter.persistence.read-journal-plugin-id"));
  }

  private static org.apache.pekko.projection.javadsl.ExactlyOnceProjection<
          Offset, org.apache.pekko.projection.eventsourced.EventEnvelope<Notebook.Added>>
      outboxProjection(ActorSystem<?> system, Config config, Database db) {
    SourceProvider<Offset, org.apache.pekko.projection.eventsourced.EventEnvelope<Notebook.Added>>
        source =
            EventSourcedProvider.eventsByTag(
                system,
                config.getString("leadrouter.persistence.read-journal-plugin-id"),
                Notebook.TAG);
    return JdbcProjection.exactlyOnce(
        ProjectionId.of(PROJECTION, Notebook.TAG), source, db::newSession, OutboxHandler::new, system);
  }

  /** Writes one outbox row per event, in the projection's transaction. */
  static final class OutboxHandler
      extends JdbcHandler<
          org.apache.pekko.projection.eventsourced.EventEnvelope<Notebook.Added>, PlainJdbcSession> {
    @Override
    public void process(
        PlainJdbcSession session,
        org.apache.pekko.projection.eventsourced.EventEnvelope<Notebook.Added> envelope)
        throws Exception {
      session.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "insert into outbox (idempotency_key, lead_id, recipient_id, channel, kind,"
                        + " payload, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, envelope.persistenceId() + ":" + envelope.sequenceNr());
              ps.setString(2, envelope.persistenceId());
              ps.setString(3, "rep");
              ps.setString(4, "TEST");
              ps.setString(5, "ADDED");
              ps.setString(6, envelope.event().text());
              ps.setLong(7, envelope.timestamp());
              return ps.executeUpdate();
            }
          });
    }
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void awaitCount(LongSupplier count, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long last;
    while ((last = count.getAsLong()) != expected) {
      assertTrue(
          System.nanoTime() < deadline, "expected " + expected + " rows but found " + last);
      Thread.sleep(100);
    }
  }
}
