package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

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

  /**
   * Rows of one channel not delivered yet ({@code PENDING} or {@code SENDING}), counted up to a cap,
   * and the oldest one's creation time.
   */
  public record Undelivered(String channel, long count, Instant oldestCreated) {}

  /**
   * The backlog gauge counts at most this many undelivered rows per channel (it reads at most this
   * many index entries a poll): rows of the {@code app} channel wait until their person opens the
   * app and are never given up, so a channel's undelivered rows can grow without end.
   */
  public static final int COUNT_CAP = 100_000;

  /** The outbox backlog of each of {@code channels} that has undelivered rows, counted up to {@link #COUNT_CAP}. */
  public List<Undelivered> undelivered(Collection<String> channels) {
    return undelivered(channels, COUNT_CAP);
  }

  /**
   * The outbox backlog per channel, counted up to {@code cap}: per channel, two reads of the index
   * {@code outbox_undelivered_idx} (channel, then creation time, undelivered rows only on
   * PostgreSQL), the first entry for the oldest and at most {@code cap} entries for the count; never a
   * read of every waiting row.
   */
  public List<Undelivered> undelivered(Collection<String> channels, int cap) {
    String waiting = " FROM outbox WHERE channel = ? AND status IN ('PENDING', 'SENDING')";
    String sql = "SELECT (SELECT COUNT(*) FROM (SELECT 1" + waiting + " LIMIT ?) capped), (SELECT MIN(created_at)" + waiting + ")";
    List<Undelivered> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (String channel : new TreeSet<>(channels)) {
        ps.setString(1, channel);
        ps.setInt(2, cap);
        ps.setString(3, channel);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            rows.add(new Undelivered(channel, rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2))));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
