package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The lead projection's SQL for {@code deadline_index}: one row per pending deadline of a lead (its
 * SLA steps, {@code step >= 0}, and the routing retry, {@link #ROUTE_STEP}), polled by the {@link
 * DeadlineScanner}. Runs in the projection's transaction; {@link LeadProjectionHandler} decides when.
 */
final class DeadlineIndexWriter {

  /** Deadline-index step used for "this lead still waits for a routing answer". */
  static final int ROUTE_STEP = -1;
  static final String ROUTE_KIND = "ROUTE";

  /** Due-at of the deadline rows of a lead on hold: never due. */
  static final long NEVER = Long.MAX_VALUE;

  /** One deadline row of a lead: its id, then the step (also batched, see {@link #addDeleteStep}). */
  static final String DELETE_STEP = "DELETE FROM deadline_index WHERE lead_id = ? AND step = ?";

  private DeadlineIndexWriter() {}

  /** One deadline row ({@link #bindInsert}, {@link #bindRoute}). */
  static final String INSERT = "INSERT INTO deadline_index (lead_id, step, kind, due_at, until_state) VALUES (?, ?, ?, ?, ?)";

  /** Adds one deadline row to an {@link #INSERT} batch. */
  static void bindInsert(PreparedStatement ps, String leadId, int step, String kind, Instant due, String until)
      throws SQLException {
    ps.setString(1, leadId);
    ps.setInt(2, step);
    ps.setString(3, kind);
    ps.setLong(4, due.toEpochMilli());
    ps.setString(5, until);
    ps.addBatch();
  }

  /** Adds to an {@link #INSERT} batch: the lead waits for a routing answer until {@code due}. */
  static void bindRoute(PreparedStatement ps, String leadId, Instant due) throws SQLException {
    bindInsert(ps, leadId, ROUTE_STEP, ROUTE_KIND, due, null);
  }

  /** The lead waits for a routing answer until {@code due}. */
  static void insertRoute(Connection c, String leadId, Instant due) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      bindRoute(ps, leadId, due);
      ps.executeBatch();
    }
  }

  /** Adds the delete of one step's row to a {@link #DELETE_STEP} batch. */
  static void addDeleteStep(PreparedStatement delete, String leadId, int step) throws SQLException {
    delete.setString(1, leadId);
    delete.setInt(2, step);
    delete.addBatch();
  }

  /** Every row of the lead ({@link #bindClear}). */
  static final String CLEAR = "DELETE FROM deadline_index WHERE lead_id = ?";

  /** Every row of the lead. */
  static void clear(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLEAR)) {
      bindClear(ps, leadId);
      ps.executeBatch();
    }
  }

  /** Adds a lead to a {@link #CLEAR} batch. */
  static void bindClear(PreparedStatement ps, String leadId) throws SQLException {
    ps.setString(1, leadId);
    ps.addBatch();
  }

  /** Acknowledged: the SLA steps go, except those that run until the lead is contacted. */
  static void acknowledged(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM deadline_index WHERE lead_id = ? AND step >= 0"
        + " AND (until_state IS NULL OR until_state <> '" + SlaStep.CONTACTED + "')")) {
      ps.setString(1, leadId);
      ps.executeUpdate();
    }
  }

  /** On hold: the SLA steps are never due until the lead resumes. */
  static void held(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE deadline_index SET due_at = " + NEVER + " WHERE lead_id = ? AND step >= 0")) {
      ps.setString(1, leadId);
      ps.executeUpdate();
    }
  }

  /** Resumed: each step is due again at its moved time (one batch). */
  static void resumed(Connection c, String leadId, List<Deadline> deadlines) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE deadline_index SET due_at = ? WHERE lead_id = ? AND step = ?")) {
      for (Deadline d : deadlines) {
        ps.setLong(1, d.dueAt().toEpochMilli());
        ps.setString(2, leadId);
        ps.setInt(3, d.step());
        ps.addBatch();
      }
      if (!deadlines.isEmpty()) ps.executeBatch();
    }
  }
}
