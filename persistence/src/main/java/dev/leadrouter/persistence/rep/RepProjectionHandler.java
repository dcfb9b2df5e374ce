package dev.leadrouter.persistence.rep;

import dev.leadrouter.engine.rep.Rep.AckBreachCounted;
import dev.leadrouter.engine.rep.Rep.RotationRestored;
import dev.leadrouter.engine.rep.Rep.StreakEnded;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.projection.Parking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code rep_streak} (each rep's breach streak and whether it is out of rotation) and {@code
 * rep_rotation_log} (one row per benching and per return) in step with the Rep entity's streak
 * events, in the projection's transaction. A rep is benched when a counted breach brings the streak
 * to the routing rules' {@code breachStreakLimit} in force when the event is projected (the limit
 * the pools apply, docs/routing.md §7); they return when a manager restores them or a lead
 * acknowledged in time ends the streak. SQL only; an event it cannot apply is parked by {@link
 * Parking}.
 */
public final class RepProjectionHandler extends JdbcHandler<List<EventEnvelope<Object>>, PlainJdbcSession> {

  public static final String BENCHED = "BENCHED";
  public static final String RESTORED = "RESTORED";

  /** Null in tests of the SQL alone: a failing event then fails the group. */
  private final Parking parking;
  private final Supplier<Integer> streakLimit;

  public RepProjectionHandler(Parking parking, Supplier<Integer> streakLimit) {
    this.parking = parking;
    this.streakLimit = streakLimit;
  }

  @Override
  public void process(PlainJdbcSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    session.withConnection(c -> {
      Parking.process(parking, c, envelopes, this::processFast, this::applyOne);
      return null;
    });
  }

  /** Streak events are rare (a breach, a restore): one at a time, in order. */
  private void processFast(Connection c, List<EventEnvelope<Object>> envelopes) throws SQLException {
    for (EventEnvelope<Object> envelope : envelopes) applyOne(c, envelope.persistenceId(), envelope.sequenceNr(), envelope.event());
  }

  /** Applies one event as stored in the journal, in the caller's transaction: also a replay's path. */
  public void applyOne(Connection c, String persistenceId, long seqNr, Object stored) throws SQLException {
    String repId = persistenceId.substring(persistenceId.indexOf('|') + 1);
    if (stored instanceof AckBreachCounted e) {
      Streak now = streak(c, repId);
      int streak = now.streak() + 1;
      Integer limit = streakLimit.get();
      boolean benched = now.benched() || (limit != null && streak >= limit);
      save(c, repId, streak, benched, e.at());
      if (benched && !now.benched()) log(c, repId, seqNr, BENCHED, e.at(), streak, limit, null);
    } else if (stored instanceof StreakEnded e) {
      ended(c, repId, seqNr, e.at(), null);
    } else if (stored instanceof RotationRestored e) {
      ended(c, repId, seqNr, e.at(), e.by());
    }
    // other events (reservations, releases: untagged, they do not reach this projection): ignore.
  }

  private static void ended(Connection c, String repId, long seqNr, Instant at, String by) throws SQLException {
    Streak now = streak(c, repId);
    save(c, repId, 0, false, at);
    if (now.benched()) log(c, repId, seqNr, RESTORED, at, now.streak(), null, by);
  }

  private record Streak(int streak, boolean benched) {}

  private static Streak streak(Connection c, String repId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT streak, benched FROM rep_streak WHERE rep_id = ?")) {
      ps.setString(1, repId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Streak(rs.getInt(1), rs.getBoolean(2)) : new Streak(0, false);
      }
    }
  }

  private static void save(Connection c, String repId, int streak, boolean benched, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE rep_streak SET streak = ?, benched = ?, updated_at = ? WHERE rep_id = ?")) {
      ps.setInt(1, streak);
      ps.setBoolean(2, benched);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, repId);
      if (ps.executeUpdate() > 0) return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO rep_streak (rep_id, streak, benched, updated_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, repId);
      ps.setInt(2, streak);
      ps.setBoolean(3, benched);
      ps.setLong(4, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static void log(Connection c, String repId, long seqNr, String kind, Instant at, int streak, Integer limit,
      String by) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO rep_rotation_log"
        + " (rep_id, seq_nr, kind, at, streak, streak_limit, restored_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, repId);
      ps.setLong(2, seqNr);
      ps.setString(3, kind);
      ps.setLong(4, at.toEpochMilli());
      ps.setInt(5, streak);
      if (limit == null) ps.setNull(6, Types.INTEGER);
      else ps.setInt(6, limit);
      ps.setString(7, by);
      ps.executeUpdate();
    }
  }
}
