package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Test helper: inserts outbox rows the way the projection does and reads their state back. */
public final class OutboxRows {

  public record State(String status, int attempts, Long nextAttemptAt, Long sentAt, String lastError) {}

  private OutboxRows() {}

  public static void insert(Database db, String key, String recipient, String channel, String kind, String payload,
      long createdAt) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, created_at, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, "lead-" + key);
      ps.setString(3, recipient);
      ps.setString(4, channel);
      ps.setString(5, kind);
      ps.setString(6, payload);
      ps.setLong(7, createdAt);
      ps.setLong(8, createdAt);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static State state(Database db, String key) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT status, attempts, next_attempt_at, sent_at, last_error FROM outbox WHERE idempotency_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new AssertionError("no outbox row " + key);
        return new State(rs.getString(1), rs.getInt(2), (Long) rs.getObject(3, Long.class),
            (Long) rs.getObject(4, Long.class), rs.getString(5));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
