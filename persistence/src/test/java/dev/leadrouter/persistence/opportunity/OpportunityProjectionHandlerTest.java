package dev.leadrouter.persistence.opportunity;

import static dev.leadrouter.persistence.opportunity.OpportunityEvents.T;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.action;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.downgraded;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.envelope;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.moved;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.ms;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.opened;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.project;
import static dev.leadrouter.persistence.opportunity.OpportunityEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.outbox.NoticeRows;
import dev.leadrouter.persistence.projection.EventCodec;
import dev.leadrouter.persistence.projection.ParkedEvents;
import dev.leadrouter.persistence.projection.Parking;
import dev.leadrouter.persistence.projection.ProjectionGuard;
import dev.leadrouter.persistence.projection.ProjectionRepair;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The opportunity projection against real H2 and PostgreSQL tables, fed events directly: each event
 * writes the list row, the stage log, the deadline rows and the notices; a replayed notice never
 * doubles its outbox rows; an event that cannot be applied is parked and replayed after the fix.
 */
class OpportunityProjectionHandlerTest {

  private static final String OPP = OpportunityProtocol.idFor("L1");
  private static final Duration H = Duration.ofHours(1);
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void eachEventWritesTheListRowTheStageLogTheDeadlinesAndTheNotices(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      OpportunityProjectionHandler handler = new OpportunityProjectionHandler(null);
      String row = "SELECT lead_id, name, owner_id, region, source, pipeline, stage, stage_entered_at,"
          + " last_valid_action_at, idle_deadline, silent_deadline, silent_since, snoozed_until, amount, closed"
          + " FROM opportunity_index";
      String deadlines = "SELECT entity, lead_id, step, kind, due_at FROM deadline_index ORDER BY step";
      String log = "SELECT seq, stage, entered_at, entered_how, left_at, left_how FROM opportunity_stage_log ORDER BY seq";

      project(db, handler, List.of(envelope(OPP, 1, opened("L1", "rep-1", "华东", "web", T, T.plus(H.multipliedBy(48))))));
      assertEquals(List.of(List.of("L1", "产线改造 L1", "rep-1", "华东", "web", "default", "qualification", "" + ms(T),
          "null", "" + ms(T.plus(H.multipliedBy(48))), "null", "null", "null", "800000.0000", "null")), text(db, row));
      assertEquals(List.of(List.of("opportunity", OPP, "1", "IDLE_DOWNGRADE", "" + ms(T.plus(H.multipliedBy(48))))),
          text(db, deadlines));
      assertEquals(List.of(List.of("1", "qualification", "" + ms(T), "open", "null", "null")), text(db, log));

      // A valid action restarts the idle clock and is the last valid action; an invalid one changes neither.
      Instant idle2 = T.plus(H.multipliedBy(49));
      project(db, handler, List.of(envelope(OPP, 2, action(T.plus(H), "customer_replied", true, idle2)),
          envelope(OPP, 3, action(T.plus(H.multipliedBy(2)), "note", false, idle2))));
      assertEquals(List.of(List.of("" + ms(T.plus(H)), "" + ms(idle2))),
          text(db, "SELECT last_valid_action_at, idle_deadline FROM opportunity_index"));
      assertEquals(List.of(List.of("1", "" + ms(idle2))), text(db, "SELECT step, due_at FROM deadline_index"));

      // A stage move: new stage, its clocks, a silent deadline; the log closes the old stage.
      Instant moveAt = T.plus(H.multipliedBy(3));
      Instant silent = moveAt.plus(Duration.ofDays(7));
      project(db, handler, List.of(envelope(OPP, 4, moved(moveAt, "qualification", "solution_demo",
          moveAt.plus(H.multipliedBy(48)), silent))));
      assertEquals(List.of(List.of("solution_demo", "" + ms(moveAt), "" + ms(silent), "null")),
          text(db, "SELECT stage, stage_entered_at, silent_deadline, silent_since FROM opportunity_index"));
      assertEquals(List.of(List.of("opportunity", OPP, "1", "IDLE_DOWNGRADE", "" + ms(moveAt.plus(H.multipliedBy(48)))),
          List.of("opportunity", OPP, "2", "SILENT_WARNING", "" + ms(silent))), text(db, deadlines));

      // The silent period ran out: silent since the deadline, the next warning a day later, two notices.
      Instant warnedAt = silent.plusSeconds(2);
      project(db, handler, List.of(envelope(OPP, 5, new OpportunityProtocol.SilentWarned(warnedAt, "solution_demo",
          "12-01 customer_replied", silent.plus(Duration.ofDays(1)), List.of(
              new Notice("rep-1", "rep", "app", Notice.SILENT_WARNING),
              new Notice("mgr-1", "manager", "email", Notice.SILENT_WARNING))))));
      assertEquals(List.of(List.of("" + ms(silent), "" + ms(silent.plus(Duration.ofDays(1))))),
          text(db, "SELECT silent_since, silent_deadline FROM opportunity_index"));
      assertEquals(List.of(List.of("" + ms(silent.plus(Duration.ofDays(1))))),
          text(db, "SELECT due_at FROM deadline_index WHERE step = 2"));

      // The idle downgrade: back a stage, silent deadline gone, the log says how, notices with from → to.
      Instant downAt = moveAt.plus(H.multipliedBy(48));
      project(db, handler, List.of(envelope(OPP, 6, downgraded(downAt, "solution_demo", "qualification",
          downAt.plus(H.multipliedBy(48))))));
      assertEquals(List.of(List.of("qualification", "" + ms(downAt), "null", "null")),
          text(db, "SELECT stage, stage_entered_at, silent_deadline, silent_since FROM opportunity_index"));
      assertEquals(List.of(List.of("1", "" + ms(downAt.plus(H.multipliedBy(48))))),
          text(db, "SELECT step, due_at FROM deadline_index"));
      assertEquals(List.of(
              List.of("1", "qualification", "" + ms(T), "open", "" + ms(moveAt), "move"),
              List.of("2", "solution_demo", "" + ms(moveAt), "move", "" + ms(downAt), "downgrade"),
              List.of("3", "qualification", "" + ms(downAt), "downgrade", "null", "null")), text(db, log));
      List<List<String>> outbox = text(db, "SELECT idempotency_key, lead_id, recipient_id, channel, kind, payload"
          + " FROM outbox ORDER BY idempotency_key");
      assertEquals(List.of(OPP + ":5:mgr-1:email", OPP + ":5:rep-1:app", OPP + ":6:mgr-1:email", OPP + ":6:rep-1:app"),
          outbox.stream().map(r -> r.get(0)).toList());
      assertEquals(List.of(OPP, "mgr-1", "email", "DOWNGRADED"), outbox.get(2).subList(1, 5));
      JsonNode payload = NoticeRows.JSON.readTree(outbox.get(2).get(5));
      assertEquals(List.of(OPP, "L1", "产线改造 L1", "solution_demo", "qualification", downAt.toString()),
          List.of(payload.get("opportunityId").asText(), payload.get("leadId").asText(), payload.get("name").asText(),
              payload.get("from").asText(), payload.get("to").asText(), payload.get("at").asText()));
      assertEquals("12-01 customer_replied",
          NoticeRows.JSON.readTree(outbox.get(0).get(5)).get("summary").asText());

      // Snoozed: the idle deadline moves with it.
      Instant until = downAt.plus(Duration.ofDays(3));
      project(db, handler, List.of(envelope(OPP, 7, new OpportunityProtocol.Snoozed(downAt.plusSeconds(60), "rep-1",
          until, "customer travelling", until.plus(H.multipliedBy(48))))));
      assertEquals(List.of(List.of("" + ms(until), "" + ms(until.plus(H.multipliedBy(48))))),
          text(db, "SELECT snoozed_until, idle_deadline FROM opportunity_index"));
      assertEquals(List.of(List.of("" + ms(until.plus(H.multipliedBy(48))))), text(db, "SELECT due_at FROM deadline_index"));

      // Lost: final, closed, no deadline left.
      project(db, handler, List.of(envelope(OPP, 8, moved(until, "qualification", "lost", null, null))));
      assertEquals(List.of(List.of("lost", "lost", "null")),
          text(db, "SELECT stage, closed, idle_deadline FROM opportunity_index"));
      assertEquals(List.of(), text(db, deadlines));

      // The live stream's rows: one per event, in journal order, with the owner and region (ADR 0018).
      List<List<String>> live = text(db, "SELECT kind, entity_id, change, rep_id, prev_rep_id, region, at"
          + " FROM live_change ORDER BY id");
      assertEquals(List.of("opportunity", OPP, "OPENED", "rep-1", "null", "华东", "" + ms(T)), live.get(0));
      assertEquals(List.of("ACTION_RECORDED", "ACTION_RECORDED", "lost"),
          List.of(live.get(1).get(2), live.get(2).get(2), text(db, "SELECT stage FROM opportunity_index").get(0).get(0)));
      assertEquals("STAGE_CHANGED", live.get(live.size() - 1).get(2));
      assertEquals(8, text(db, "SELECT id FROM live_change").size(), "events 1 to 8, one row each");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aNoticeAppliedAgainNeverDoublesItsOutboxRows(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      OpportunityProjectionHandler handler = new OpportunityProjectionHandler(null);
      project(db, handler, List.of(envelope(OPP, 1, opened("L1", "rep-1", "华东", "web", T, T.plus(H)))));
      EventEnvelope<Object> warned = envelope(OPP, 2, new OpportunityProtocol.SilentWarned(T.plus(H), "qualification",
          "none", T.plus(H.multipliedBy(2)), OpportunityEvents.TELL_REP_AND_MANAGER));

      project(db, handler, List.of(warned));
      project(db, handler, List.of(warned)); // a replay after a crash between the outbox and the offset

      assertEquals(List.of(List.of("2")), text(db, "SELECT COUNT(*) FROM outbox"));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void anEventThatCannotBeAppliedIsParkedItsLaterEventsWaitAndTheReplayAppliesThemInOrder(DatabaseVendor vendor)
      throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      Clock clock = Clock.fixed(T, ZoneOffset.UTC);
      EventCodec codec = new KeptEvents();
      ProjectionGuard guard = new ProjectionGuard(OpportunityProjection.NAME,
          new ProjectionGuard.Settings(2, Duration.ofMinutes(1), Duration.ofSeconds(5)));
      OpportunityProjectionHandler handler =
          new OpportunityProjectionHandler(new Parking(guard, "opportunity-0", codec, clock));
      String poisoned = OpportunityProtocol.idFor("L2");
      OpportunityProtocol.OpportunityOpened tooLong = new OpportunityProtocol.OpportunityOpened(poisoned, T,
          opened("L2", "rep-1", "华东", "web", T, null).lead(), "rep-1", "x", null, null, "p".repeat(100), 1,
          "qualification", null, null); // pipeline VARCHAR(64): cannot be stored

      int failures = projectUntilCommitted(db, handler, List.of(
          envelope(poisoned, 1, tooLong),
          envelope(poisoned, 2, action(T.plus(H), "site_visit", true, null)),
          envelope(OPP, 1, opened("L1", "rep-1", "华东", "web", T, null))));

      assertEquals(2, failures, "the fast path once, then one careful attempt; the second parks");
      assertEquals(List.of(List.of(OPP)), text(db, "SELECT opportunity_id FROM opportunity_index"), "the slice moved on");
      assertEquals(List.of(List.of("1", "OpportunityOpened", "PARKED"), List.of("2", "ActionRecorded", "PARKED")),
          text(db, "SELECT sequence_nr, event_type, status FROM projection_failures WHERE projection = 'opportunities'"
              + " ORDER BY sequence_nr"));
      assertEquals(List.of("opportunities/opportunity-0: 2 parked event(s)"), guard.problems());

      try (java.sql.Connection c = db.dataSource().getConnection()) {
        dev.leadrouter.persistence.Sql.exec(c, vendor == DatabaseVendor.POSTGRES
            ? "ALTER TABLE opportunity_index ALTER COLUMN pipeline TYPE VARCHAR(200)"
            : "ALTER TABLE opportunity_index ALTER COLUMN pipeline VARCHAR(200)");
      }
      ProjectionRepair repair = new ProjectionRepair(new ParkedEvents(db.dataSource()), guard, codec,
          new OpportunityProjectionHandler(null)::applyOne, clock);
      long first = Long.parseLong(text(db, "SELECT MIN(id) FROM projection_failures").get(0).get(0));
      ProjectionRepair.Replayed replayed = assertInstanceOf(ProjectionRepair.Replayed.class, repair.replay(first));
      assertEquals(2, replayed.rows().size());
      assertEquals(List.of(List.of("" + ms(T.plus(H)))),
          text(db, "SELECT last_valid_action_at FROM opportunity_index WHERE opportunity_id = '" + poisoned + "'"));
      assertTrue(guard.problems().isEmpty(), guard.problems().toString());
    }
  }

  /**
   * Parks events by reference (the journal's Kryo registration of opportunity events is the
   * engine's; {@code ProjectionParkingTest} covers parking through the real serializer).
   */
  private static final class KeptEvents implements EventCodec {
    private final java.util.Map<String, Object> events = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Stored encode(Object event) {
      String key = Integer.toString(events.size());
      events.put(key, event);
      return new Stored(0, key, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public Object decode(Stored stored) {
      return events.get(stored.manifest());
    }
  }

  /** Runs the group as the projection would (its transaction, retried on failure); answers the failures. */
  private static int projectUntilCommitted(Database db, OpportunityProjectionHandler handler,
      List<EventEnvelope<Object>> group) {
    for (int failures = 0; failures < 10; failures++) {
      try {
        project(db, handler, group);
        return failures;
      } catch (Exception e) {
        // retried, as the projection's restart backoff would
      }
    }
    throw new AssertionError("never committed");
  }
}
