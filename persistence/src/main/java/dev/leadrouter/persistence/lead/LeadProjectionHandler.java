package dev.leadrouter.persistence.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notice;
import dev.leadrouter.engine.sla.Deadline;
import dev.leadrouter.persistence.PlainJdbcSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps three tables in step with lead events, in the projection's transaction (exactly once,
 * groups of events per transaction):
 * {@code lead_index} (search, rep lists), {@code deadline_index} (every pending deadline, polled by
 * the {@link DeadlineScanner}) and {@code outbox} (one row per notice per recipient and channel,
 * keyed so it can never be doubled).
 */
public final class LeadProjectionHandler extends JdbcHandler<List<EventEnvelope<Lead.Event>>, PlainJdbcSession> {

  /** Deadline-index step used for "this lead still waits for a routing answer". */
  public static final int ROUTE_STEP = -1;
  public static final String ROUTE_KIND = "ROUTE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Duration routingRetry;

  public LeadProjectionHandler(Duration routingRetry) {
    this.routingRetry = routingRetry;
  }

  /** A group of envelopes, in journal order, in one transaction together with the offset. */
  @Override
  public void process(PlainJdbcSession session, List<EventEnvelope<Lead.Event>> envelopes) throws Exception {
    session.withConnection(c -> {
      for (EventEnvelope<Lead.Event> envelope : envelopes) {
        String leadId = envelope.persistenceId().substring(envelope.persistenceId().indexOf('|') + 1);
        apply(c, leadId, envelope.sequenceNr(), envelope.event());
      }
      return null;
    });
  }

  private void apply(Connection c, String leadId, long seqNr, Lead.Event event) throws SQLException {
    if (event instanceof Lead.LeadReceived e) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO lead_index (lead_id, status, region, priority, name, phone, email, received_at, updated_at)"
              + " VALUES (?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, leadId);
        ps.setString(2, e.lead().region().macro());
        ps.setString(3, e.lead().priority());
        ps.setString(4, e.lead().name());
        ps.setString(5, e.lead().phones().isEmpty() ? null : e.lead().phones().get(0));
        ps.setString(6, e.lead().emails().isEmpty() ? null : e.lead().emails().get(0));
        ps.setLong(7, e.at().toEpochMilli());
        ps.setLong(8, e.at().toEpochMilli());
        ps.executeUpdate();
      }
      insertDeadline(c, leadId, ROUTE_STEP, ROUTE_KIND, e.at().plus(routingRetry));
    } else if (event instanceof Lead.LeadQueued e) {
      update(c, leadId, "status = 'QUEUED', rep_id = NULL, queued_at = ?", e.at(), e.at());
      clearDeadlines(c, leadId);
      outbox(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof Lead.LeadAssigned e) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE lead_index SET status = 'ASSIGNED', rep_id = ?, assigned_at = ?, updated_at = ? WHERE lead_id = ?")) {
        ps.setString(1, e.repId());
        ps.setLong(2, e.at().toEpochMilli());
        ps.setLong(3, e.at().toEpochMilli());
        ps.setString(4, leadId);
        ps.executeUpdate();
      }
      clearDeadlines(c, leadId);
      for (Deadline d : e.deadlines()) insertDeadline(c, leadId, d.step(), d.action().name(), d.dueAt());
    } else if (event instanceof Lead.AssignmentRevoked e) {
      update(c, leadId, "status = 'RECEIVED', rep_id = NULL, assigned_at = NULL, queued_at = ?", null, e.at());
      clearDeadlines(c, leadId);
      insertDeadline(c, leadId, ROUTE_STEP, ROUTE_KIND, e.at().plus(routingRetry));
    } else if (event instanceof Lead.ReminderSent e) {
      deleteDeadline(c, leadId, e.deadline().step());
      outbox(c, leadId, seqNr, e.at(), e.notices(), e.deadline());
    } else if (event instanceof Lead.LeadEscalated e) {
      deleteDeadline(c, leadId, e.deadline().step());
      outbox(c, leadId, seqNr, e.at(), e.notices(), e.deadline());
    } else if (event instanceof Lead.LeadAcknowledged e) {
      update(c, leadId, "status = 'ACKNOWLEDGED', acknowledged_at = ?", e.at(), e.at());
      clearDeadlines(c, leadId);
    } else if (event instanceof Lead.LeadClosed e) {
      update(c, leadId, "status = 'CLOSED', closed_at = ?", e.at(), e.at());
      clearDeadlines(c, leadId);
    }
    // other events: none today; a new event type is ignored here until a read model needs it.
  }

  private static void update(Connection c, String leadId, String set, Instant value, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE lead_index SET " + set + ", updated_at = ? WHERE lead_id = ?")) {
      if (value == null) ps.setNull(1, Types.BIGINT);
      else ps.setLong(1, value.toEpochMilli());
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, leadId);
      ps.executeUpdate();
    }
  }

  private static void insertDeadline(Connection c, String leadId, int step, String kind, Instant due) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deadline_index (lead_id, step, kind, due_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, leadId);
      ps.setInt(2, step);
      ps.setString(3, kind);
      ps.setLong(4, due.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static void deleteDeadline(Connection c, String leadId, int step) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM deadline_index WHERE lead_id = ? AND step = ?")) {
      ps.setString(1, leadId);
      ps.setInt(2, step);
      ps.executeUpdate();
    }
  }

  private static void clearDeadlines(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM deadline_index WHERE lead_id = ?")) {
      ps.setString(1, leadId);
      ps.executeUpdate();
    }
  }

  /**
   * One row per notice. The key (lead, event sequence number, recipient, channel) is unique in the
   * table, and the insert skips a key that exists, so a replayed event can never double a row.
   */
  private static void outbox(Connection c, String leadId, long seqNr, Instant at, List<Notice> notices,
      Deadline deadline) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, created_at, next_attempt_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?)")) {
      for (Notice n : notices) {
        String key = leadId + ":" + seqNr + ":" + n.recipientId() + ":" + n.channel();
        ObjectNode payload = JSON.createObjectNode()
            .put("leadId", leadId)
            .put("kind", n.kind())
            .put("role", n.role())
            .put("recipientId", n.recipientId())
            .put("channel", n.channel())
            .put("at", at.toString());
        if (deadline != null) {
          payload.put("step", deadline.step()).put("action", deadline.action().name())
              .put("dueAt", deadline.dueAt().toString());
        }
        ps.setString(1, key);
        ps.setString(2, leadId);
        ps.setString(3, n.recipientId());
        ps.setString(4, n.channel());
        ps.setString(5, n.kind());
        ps.setString(6, payload.toString());
        ps.setLong(7, at.toEpochMilli());
        ps.setLong(8, at.toEpochMilli());
        ps.setString(9, key);
        ps.addBatch();
      }
      if (!notices.isEmpty()) ps.executeBatch();
    }
  }
}
