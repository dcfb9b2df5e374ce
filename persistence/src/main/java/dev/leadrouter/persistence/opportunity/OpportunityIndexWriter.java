package dev.leadrouter.persistence.opportunity;

import dev.leadrouter.engine.opportunity.OpportunityProtocol.LeadLink;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.OpportunityOpened;
import dev.leadrouter.persistence.ColumnText;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The opportunity projection's SQL for {@code opportunity_index}: one row per opportunity, read by
 * {@link OpportunityReadModel}. Runs in the projection's transaction; {@link
 * OpportunityProjectionHandler} decides when. Every text is cut to its column ({@link ColumnText}).
 */
final class OpportunityIndexWriter {

  /** The final stages whose name the {@code closed} column takes (the pipeline's won and lost kinds). */
  static final String WON = "won";
  static final String LOST = "lost";

  private OpportunityIndexWriter() {}

  /** {@code closed} for an opportunity entering {@code stage}: {@code won}, {@code lost}, else null (open). */
  static String closedBy(String stage) {
    return WON.equals(stage) || LOST.equals(stage) ? stage : null;
  }

  static void opened(Connection c, String id, OpportunityOpened e) throws SQLException {
    LeadLink lead = e.lead();
    String name = e.name() != null ? e.name() : lead.company() != null ? lead.company() : lead.contactName();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO opportunity_index (opportunity_id, lead_id, name,"
        + " owner_id, region, province, city, source, pipeline, stage, stage_entered_at, idle_deadline,"
        + " silent_deadline, amount, currency, opened_at, updated_at, closed)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, lead.leadId());
      ps.setString(3, ColumnText.fit(name, 200));
      ps.setString(4, lead.ownerId());
      ps.setString(5, ColumnText.fit(lead.region(), 32));
      ps.setString(6, ColumnText.fit(lead.province(), 64));
      ps.setString(7, ColumnText.fit(lead.city(), 64));
      ps.setString(8, ColumnText.fit(lead.source(), 64));
      ps.setString(9, e.pipeline());
      ps.setString(10, e.stage());
      ps.setLong(11, e.at().toEpochMilli());
      millis(ps, 12, e.idleDeadline());
      millis(ps, 13, e.silentDeadline());
      ps.setBigDecimal(14, e.amount() == null || e.amount().scale() <= 4 ? e.amount() : e.amount().setScale(4, RoundingMode.HALF_UP));
      ps.setString(15, ColumnText.fit(e.currency(), 8));
      ps.setLong(16, e.at().toEpochMilli());
      ps.setLong(17, e.at().toEpochMilli());
      ps.setString(18, closedBy(e.stage()));
      ps.executeUpdate();
    }
  }

  /**
   * An action was recorded: a valid one ({@code validAt} not null, when it happened) is the last
   * valid action unless a later one is known already, and the first unless an earlier one is (the
   * follow-up report); the idle deadline as the event says.
   */
  static void actionRecorded(Connection c, String id, Instant validAt, Instant idleDeadline, Instant at)
      throws SQLException {
    String valid = validAt == null ? "" : "last_valid_action_at = CASE WHEN last_valid_action_at IS NULL"
        + " OR last_valid_action_at < " + validAt.toEpochMilli() + " THEN " + validAt.toEpochMilli()
        + " ELSE last_valid_action_at END, first_valid_action_at = CASE WHEN first_valid_action_at IS NULL"
        + " OR first_valid_action_at > " + validAt.toEpochMilli() + " THEN " + validAt.toEpochMilli()
        + " ELSE first_valid_action_at END, ";
    try (PreparedStatement ps = c.prepareStatement("UPDATE opportunity_index SET " + valid
        + "idle_deadline = ?, updated_at = ? WHERE opportunity_id = ?")) {
      millis(ps, 1, idleDeadline);
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, id);
      ps.executeUpdate();
    }
  }

  /** Moved (by a person or a downgrade) into {@code stage}: its clocks start anew; {@code closed} as it says. */
  static void stageEntered(Connection c, String id, String stage, Instant at, Instant idleDeadline,
      Instant silentDeadline, String closed) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE opportunity_index SET stage = ?, stage_entered_at = ?,"
        + " idle_deadline = ?, silent_deadline = ?, silent_since = NULL, closed = ?, updated_at = ?"
        + " WHERE opportunity_id = ?")) {
      ps.setString(1, stage);
      ps.setLong(2, at.toEpochMilli());
      millis(ps, 3, idleDeadline);
      millis(ps, 4, silentDeadline);
      ps.setString(5, closed);
      ps.setLong(6, at.toEpochMilli());
      ps.setString(7, id);
      ps.executeUpdate();
    }
  }

  /**
   * The stage's silent period ran out: silent since the deadline that fired (kept through the
   * repeats), the next warning due at {@code next}.
   */
  static void silentWarned(Connection c, String id, Instant at, Instant next) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE opportunity_index SET"
        + " silent_since = COALESCE(silent_since, silent_deadline, ?), silent_deadline = ?, updated_at = ?"
        + " WHERE opportunity_id = ?")) {
      ps.setLong(1, at.toEpochMilli());
      millis(ps, 2, next);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, id);
      ps.executeUpdate();
    }
  }

  static void snoozed(Connection c, String id, Instant at, Instant until, Instant idleDeadline) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE opportunity_index SET snoozed_until = ?,"
        + " idle_deadline = ?, updated_at = ? WHERE opportunity_id = ?")) {
      millis(ps, 1, until);
      millis(ps, 2, idleDeadline);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, id);
      ps.executeUpdate();
    }
  }

  /** What a notice names besides the opportunity: its lead and its name. */
  record Names(String leadId, String name) {}

  static Names names(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT lead_id, name FROM opportunity_index WHERE opportunity_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new IllegalStateException("no opportunity_index row for " + id);
        return new Names(rs.getString(1), rs.getString(2));
      }
    }
  }

  private static void millis(PreparedStatement ps, int i, Instant at) throws SQLException {
    if (at == null) ps.setNull(i, Types.BIGINT);
    else ps.setLong(i, at.toEpochMilli());
  }
}
