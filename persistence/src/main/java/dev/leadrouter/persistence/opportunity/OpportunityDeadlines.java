package dev.leadrouter.persistence.opportunity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The opportunity projection's SQL for {@code deadline_index}: an opportunity's rows are entity
 * {@value #ENTITY}, the opportunity id in {@code lead_id}, step {@value #IDLE_STEP} the idle
 * downgrade and step {@value #SILENT_STEP} the silent-period warning; each is replaced by the
 * deadline an event carries, or removed when it carries none (a final stage, downgrades off).
 * Woken by the deadline scanner like a lead's.
 */
final class OpportunityDeadlines {

  static final String ENTITY = "opportunity";
  static final int IDLE_STEP = 1;
  static final int SILENT_STEP = 2;

  private OpportunityDeadlines() {}

  static void idle(Connection c, String id, Instant due) throws SQLException {
    set(c, id, IDLE_STEP, "IDLE_DOWNGRADE", due);
  }

  static void silent(Connection c, String id, Instant due) throws SQLException {
    set(c, id, SILENT_STEP, "SILENT_WARNING", due);
  }

  private static void set(Connection c, String id, int step, String kind, Instant due) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM deadline_index WHERE lead_id = ? AND step = ? AND entity = '" + ENTITY + "'")) {
      ps.setString(1, id);
      ps.setInt(2, step);
      ps.executeUpdate();
    }
    if (due == null) return;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO deadline_index (entity, lead_id, step, kind, due_at)"
        + " VALUES ('" + ENTITY + "', ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setInt(2, step);
      ps.setString(3, kind);
      ps.setLong(4, due.toEpochMilli());
      ps.executeUpdate();
    }
  }
}
