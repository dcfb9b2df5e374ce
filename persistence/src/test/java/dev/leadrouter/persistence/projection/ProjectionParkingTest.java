package dev.leadrouter.persistence.projection;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.CleanLeadV2;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV2;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.lead.LeadProjectionHandler;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A read model never stops silently (DESIGN §9, ADR 0010): an event the lead projection cannot
 * apply is retried, then parked with its error while the slice moves on; the lead's later events
 * wait behind it; an admin's replay after the fix applies them in order. Old journals whose leads
 * have no priority project with the default. On real H2 and PostgreSQL.
 */
class ProjectionParkingTest {

  private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);
  private static final String SLICE = "lead-0";
  private static final String LONG_POLICY = "p".repeat(100);
  private static ActorTestKit testKit;
  private static EventCodec codec;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    codec = EventCodec.of(testKit.system());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void anEventThatCannotBeAppliedIsRetriedThenParkedAndReplayedAfterTheFix(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir.resolve("park")); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      ProjectionGuard guard = new ProjectionGuard("leads", new ProjectionGuard.Settings(3, Duration.ofMinutes(1), Duration.ofSeconds(5)));
      LeadProjectionHandler handler = new LeadProjectionHandler(Duration.ofSeconds(5),
          new Parking(guard, SLICE, codec, CLOCK));

      int failures = projectUntilCommitted(db, handler, List.of(
          envelope("lead-a", 1, received("lead-a", "normal")),
          envelope("lead-b", 1, received("lead-b", "high")),
          envelope("lead-b", 2, assigned(LONG_POLICY)),          // policy VARCHAR(64): cannot be stored
          envelope("lead-b", 3, new Lead.LeadAcknowledged(T.plusSeconds(20), "rep-1", 10_000)),
          envelope("lead-a", 2, assigned("standard"))));

      assertEquals(3, failures, "the fast path once, then two careful attempts; the third parks");
      assertEquals(List.of(List.of("lead-a", "ASSIGNED", "standard"), List.of("lead-b", "RECEIVED", "null")),
          text(db, "SELECT lead_id, status, policy FROM lead_index ORDER BY lead_id"), "the slice moved on");
      assertEquals(List.of(List.of("2", "LeadAssigned", "3", "PARKED"), List.of("3", "LeadAcknowledged", "0", "PARKED")),
          text(db, "SELECT sequence_nr, event_type, attempts, status FROM projection_failures ORDER BY sequence_nr"));
      assertEquals(2, guard.parked(SLICE));
      assertEquals(List.of("leads/lead-0: 2 parked event(s)"), guard.problems());
      String error = text(db, "SELECT error FROM projection_failures WHERE sequence_nr = 2").get(0).get(0);
      assertTrue(error.contains("22001"), "the database's own error is kept: " + error);

      // A later event of the parked lead waits behind it, even in a group that would go the fast path.
      assertEquals(0, projectUntilCommitted(db, handler, List.of(envelope("lead-b", 4, closed()))));
      assertEquals(3, guard.parked(SLICE));

      ProjectionRepair repair = new ProjectionRepair(new ParkedEvents(db.dataSource()), guard, codec,
          new LeadProjectionHandler(Duration.ofSeconds(5))::applyOne, CLOCK);
      long first = Long.parseLong(text(db, "SELECT id FROM projection_failures WHERE sequence_nr = 2").get(0).get(0));
      ProjectionRepair.Failed stillBroken = assertInstanceOf(ProjectionRepair.Failed.class, repair.replay(first));
      assertTrue(stillBroken.error().contains("22001"), stillBroken.error());
      assertEquals(List.of(List.of("4", "PARKED")),
          text(db, "SELECT attempts, status FROM projection_failures WHERE id = " + first));

      // The fix: the column holds the value now. The replay applies the lead's events in order.
      try (Connection c = db.dataSource().getConnection()) {
        exec(c, vendor == DatabaseVendor.POSTGRES ? "ALTER TABLE lead_index ALTER COLUMN policy TYPE VARCHAR(200)"
            : "ALTER TABLE lead_index ALTER COLUMN policy VARCHAR(200)");
      }
      ProjectionRepair.Replayed replayed = assertInstanceOf(ProjectionRepair.Replayed.class, repair.replay(first));
      assertEquals(List.of(2L, 3L, 4L), replayed.rows().stream().map(ParkedEvents.Row::sequenceNr).toList());
      assertEquals(List.of(List.of("lead-b", "CLOSED", LONG_POLICY)),
          text(db, "SELECT lead_id, status, policy FROM lead_index WHERE lead_id = 'lead-b'"));
      assertEquals(List.of(List.of("REPLAYED"), List.of("REPLAYED"), List.of("REPLAYED")),
          text(db, "SELECT status FROM projection_failures ORDER BY sequence_nr"));
      assertEquals(0, guard.parked(SLICE));
      assertEquals(List.of(), guard.problems());
      assertInstanceOf(ProjectionRepair.AlreadyReplayed.class, repair.replay(first));

      // The lead's next event flows normally again.
      assertEquals(0, projectUntilCommitted(db, handler, List.of(
          envelope("lead-b", 5, new Lead.LeadHeld(T.plusSeconds(60), "mgr-1", "travelling")))));
      assertEquals(List.of(List.of("travelling")), text(db, "SELECT hold_reason FROM lead_index WHERE lead_id = 'lead-b'"));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aLeadJournaledWithoutPriorityProjectsWithTheDefault(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir.resolve("old")); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      CleanLeadV2 old = new CleanLeadV2("google-ads", "g-1", "Ann", null, null, null, List.of("+8613800138000"), null,
          List.of(), null, null, null, null, null, null, null, null, null, List.of());
      assertEquals(0, projectUntilCommitted(db, new LeadProjectionHandler(Duration.ofSeconds(5)),
          List.of(envelope("lead-old", 1, new LeadReceivedV2("lead-old", T, old, null)))));
      assertEquals(List.of(List.of("normal", "未知", "+8613800138000")),
          text(db, "SELECT priority, region, phone FROM lead_index"));
    }
  }

  /** Runs the group as the projection would (its transaction, retried on failure); answers the failures. */
  private static int projectUntilCommitted(Database db, LeadProjectionHandler handler,
      List<EventEnvelope<Object>> group) throws Exception {
    for (int failures = 0; failures < 10; failures++) {
      PlainJdbcSession session = new PlainJdbcSession(db.dataSource());
      try {
        handler.process(session, group);
        session.commit();
        return failures;
      } catch (Exception e) {
        session.rollback();
      } finally {
        session.close();
      }
    }
    throw new AssertionError("never committed");
  }

  /** The rows of {@code sql}, each value as text. */
  private static List<List<String>> text(Database db, String sql) {
    return Sql.rows(db.dataSource(), sql).stream().map(r -> r.stream().map(String::valueOf).toList()).toList();
  }

  private static Lead.Event received(String leadId, String priority) {
    return new Lead.LeadReceived(leadId, T, new CleanLead("web", "e-" + leadId, "Ann", null, null, null, null, null,
        List.of("+8613800138000"), null, null, null, new RegionInfo("华东", "上海市", "上海市", "CN"), null, null, null,
        priority, null, null, null, null, null), null);
  }

  private static Lead.Event assigned(String policy) {
    return new Lead.LeadAssigned(T.plusSeconds(10), "rep-1", new RoutingDecision("rep-1", "east", List.of(),
        RoutingDecision.ASSIGNED, "roundRobin", "by rule east", List.of(), null, null, 1), policy, 1, "wall", List.of(),
        List.of(), List.of());
  }

  private static Lead.Event closed() {
    return new Lead.LeadClosed(T.plusSeconds(30), "rep-1", "won");
  }

  private static EventEnvelope<Object> envelope(String leadId, long seqNr, Object event) {
    return EventEnvelope.create(Offset.sequence(seqNr), "Lead|" + leadId, seqNr, event, 0L);
  }
}
