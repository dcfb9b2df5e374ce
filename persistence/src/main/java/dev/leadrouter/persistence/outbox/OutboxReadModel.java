package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries over the {@code outbox} table for readers (a lead's notifications and how their delivery
 * went); the dispatcher's side of the table is {@link OutboxStore}. Blocking JDBC: call from a
 * blocking dispatcher.
 */
public final class OutboxReadModel {

  /** One outbox row as a reader sees it. */
  public record Notification(String idempotencyKey, String leadId, String recipientId, String channel,
      String kind, String payload, String status, Instant createdAt, int attempts, Instant sentAt,
      String lastError) {}

  private final Database db;

  public OutboxReadModel(Database db) {
    this.db = db;
  }

  /** Outbox rows of one lead in creation order. */
  public List<Notification> ofLead(String leadId) {
    String sql = "SELECT idempotency_key, lead_id, recipient_id, channel, kind, payload, status, created_at,"
        + " attempts, sent_at, last_error FROM outbox WHERE lead_id = ? ORDER BY id";
    List<Notification> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long sentAt = rs.getLong(10);
          Instant sent = rs.wasNull() ? null : Instant.ofEpochMilli(sentAt);
          rows.add(new Notification(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
              rs.getInt(9), sent, rs.getString(11)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Rows of one channel not delivered yet ({@code PENDING} or {@code SENDING}) and the oldest one's creation time. */
  public record Undelivered(String channel, long count, Instant oldestCreated) {}

  /**
   * The outbox backlog per channel. On PostgreSQL it reads the partial index {@code outbox_claim_idx}
   * (undelivered rows only): cheap enough to run every few seconds.
   */
  public List<Undelivered> undelivered() {
    String sql = "SELECT channel, COUNT(*), MIN(created_at) FROM outbox WHERE status IN ('PENDING', 'SENDING')"
        + " GROUP BY channel";
    List<Undelivered> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Undelivered(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
