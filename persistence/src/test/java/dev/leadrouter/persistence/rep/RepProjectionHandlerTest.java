package dev.leadrouter.persistence.rep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rep projection against real H2 and PostgreSQL tables, fed the Rep entity's streak events
 * directly: a breach that brings the streak to the limit logs one benching, further breaches none;
 * a manager's restore and a streak ended by a lead acknowledged in time each log one return (only
 * when the rep was benched); without a limit nobody is benched; the log reads by window and rep.
 */
class RepProjectionHandlerTest {

  private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
  @TempDir Path dir;

  private static EventEnvelope<Object> envelope(String repId, long seqNr, Rep.Event event) {
    return EventEnvelope.create(Offset.sequence(seqNr), "Rep|" + repId, seqNr, event, 0L);
  }

  private static void project(Database db, RepProjectionHandler handler, List<EventEnvelope<Object>> group)
      throws Exception {
    PlainJdbcSession session = new PlainJdbcSession(db.dataSource());
    try {
      handler.process(session, group);
      session.commit();
    } catch (Exception e) {
      session.rollback();
      throw e;
    } finally {
      session.close();
    }
  }

  private static List<List<String>> text(Database db, String sql) {
    return Sql.rows(db.dataSource(), sql).stream().map(r -> r.stream().map(String::valueOf).toList()).toList();
  }

  private static final String LOG =
      "SELECT rep_id, seq_nr, kind, at, streak, streak_limit, restored_by FROM rep_rotation_log ORDER BY at, rep_id";

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aStreakAtTheLimitBenchesOnceAndARestoreOrAnInTimeAckReturns(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      AtomicReference<Integer> limit = new AtomicReference<>(2);
      RepProjectionHandler handler = new RepProjectionHandler(null, limit::get);
      long t = T.toEpochMilli();

      project(db, handler, List.of(envelope("rep-1", 3, new Rep.AckBreachCounted("L1", T))));
      assertEquals(List.of(), text(db, LOG), "a streak of 1 under a limit of 2");
      project(db, handler, List.of(envelope("rep-1", 5, new Rep.AckBreachCounted("L2", T.plusSeconds(60))),
          envelope("rep-1", 6, new Rep.AckBreachCounted("L3", T.plusSeconds(120)))));
      assertEquals(List.of(List.of("rep-1", "5", "BENCHED", "" + (t + 60_000), "2", "2", "null")), text(db, LOG),
          "benched once: the third breach does not bench again");
      assertEquals(List.of(List.of("3", "true")), text(db, "SELECT streak, benched FROM rep_streak WHERE rep_id = 'rep-1'"));

      project(db, handler, List.of(envelope("rep-1", 7, new Rep.RotationRestored("mgr-east", T.plusSeconds(180)))));
      assertEquals(List.of("rep-1", "7", "RESTORED", "" + (t + 180_000), "3", "null", "mgr-east"), text(db, LOG).get(1));
      assertEquals(List.of(List.of("0", "false")), text(db, "SELECT streak, benched FROM rep_streak WHERE rep_id = 'rep-1'"));

      // A streak ended by a lead acknowledged in time: a return without a person; one not benched logs nothing.
      project(db, handler, List.of(envelope("rep-2", 1, new Rep.AckBreachCounted("L4", T.plusSeconds(200))),
          envelope("rep-2", 2, new Rep.StreakEnded("L5", T.plusSeconds(210))),
          envelope("rep-2", 3, new Rep.AckBreachCounted("L6", T.plusSeconds(220))),
          envelope("rep-2", 4, new Rep.AckBreachCounted("L7", T.plusSeconds(230))),
          envelope("rep-2", 5, new Rep.StreakEnded("L8", T.plusSeconds(240)))));
      assertEquals(List.of(List.of("rep-2", "4", "BENCHED", "" + (t + 230_000), "2", "2", "null"),
          List.of("rep-2", "5", "RESTORED", "" + (t + 240_000), "2", "null", "null")), text(db, LOG).subList(2, 4));

      // Without a limit in the routing rules nobody is benched.
      limit.set(null);
      project(db, handler, List.of(envelope("rep-3", 1, new Rep.AckBreachCounted("L9", T.plusSeconds(300))),
          envelope("rep-3", 2, new Rep.AckBreachCounted("L10", T.plusSeconds(310)))));
      assertEquals(4, text(db, LOG).size());

      RepRotationLog log = new RepRotationLog(db.dataSource());
      assertEquals(4, log.entries(T, T.plusSeconds(3600), null).size());
      assertEquals(List.of(new RepRotationLog.Entry("rep-2", "BENCHED", T.plusSeconds(230)),
          new RepRotationLog.Entry("rep-2", "RESTORED", T.plusSeconds(240))), log.entries(T, T.plusSeconds(3600), Set.of("rep-2")));
      assertEquals(1, log.entries(T.plusSeconds(60), T.plusSeconds(180), null).size(), "[from, to)");
      assertEquals(List.of(), log.entries(T, T.plusSeconds(3600), Set.of()));
    }
  }
}
