package dev.leadrouter.persistence.opportunity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The opportunity projection's SQL for {@code opportunity_stage_log}: one row per stage an
 * opportunity entered, closed when it leaves (the funnel's input, read by {@link
 * OpportunityReadModel}). Runs in the projection's transaction.
 */
final class StageLogWriter {

  /** How a stage was entered or left. */
  static final String OPEN = "open";
  static final String MOVE = "move";
  static final String DOWNGRADE = "downgrade";

  private StageLogWriter() {}

  /** The opportunity entered {@code stage} ({@code how}): its next row, numbered after its last. */
  static void entered(Connection c, String id, String stage, Instant at, String how) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO opportunity_stage_log (opportunity_id, seq, stage,"
        + " entered_at, entered_how) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM opportunity_stage_log"
        + " WHERE opportunity_id = ?")) {
      ps.setString(1, id);
      ps.setString(2, stage);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, how);
      ps.setString(5, id);
      ps.executeUpdate();
    }
  }

  /** The opportunity left its current stage for {@code stage} ({@code how}: move or downgrade). */
  static void moved(Connection c, String id, String stage, Instant at, String how) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE opportunity_stage_log SET left_at = ?, left_how = ?"
        + " WHERE opportunity_id = ? AND left_at IS NULL")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, how);
      ps.setString(3, id);
      ps.executeUpdate();
    }
    entered(c, id, stage, at, how);
  }
}
