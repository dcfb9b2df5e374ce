package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The delivery side of the {@code outbox} table (plain JDBC, H2 and PostgreSQL). Rows move
 * PENDING → SENDING (claimed, leased) → SENT | PENDING (retry later) | FAILED. A SENDING row whose
 * lease ran out (the node died between sending and marking) is claimed again.
 */
public final class OutboxStore {

  static final int MAX_ERROR_LENGTH = 2000;

  private final Database db;

  public OutboxStore(Database db) {
    this.db = db;
  }

  /**
   * Atomically claims up to {@code batch} due rows of the given channels (status PENDING or SENDING,
   * {@code next_attempt_at <= now}, oldest first): sets them SENDING with {@code next_attempt_at =
   * now + lease} and returns them. Rows locked by a concurrent claim are skipped.
   */
  public List<OutboxRow> claimDue(Set<String> channels, long now, int batch, Duration lease) {
    if (channels.isEmpty() || batch <= 0) return List.of();
    String in = String.join(", ", Collections.nCopies(channels.size(), "?"));
    String select = "SELECT id, idempotency_key, lead_id, recipient_id, channel, kind, payload, attempts, created_at"
        + " FROM outbox WHERE channel IN (" + in + ") AND status IN ('PENDING', 'SENDING') AND next_attempt_at <= ?"
        + " ORDER BY created_at, id LIMIT ? FOR UPDATE"
        // H2 2.x accepts SKIP LOCKED too; on both it skips rows another transaction holds.
        + " SKIP LOCKED";
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
          int i = 1;
          for (String channel : channels) ps.setString(i++, channel);
          ps.setLong(i++, now);
          ps.setInt(i, batch);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                  rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9)));
            }
          }
        }
        if (!rows.isEmpty()) {
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE outbox SET status = 'SENDING', next_attempt_at = ? WHERE id = ?")) {
            for (OutboxRow row : rows) {
              ps.setLong(1, now + lease.toMillis());
              ps.setLong(2, row.id());
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        c.commit();
        return rows;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("claiming outbox rows failed", e);
    }
  }

  /** Delivered. Keeps the first {@code sent_at} if the row was already marked (a repeated delivery). */
  public void markSent(long id, long now) {
    update("UPDATE outbox SET status = 'SENT', sent_at = ?, next_attempt_at = NULL, last_error = NULL"
        + " WHERE id = ? AND status <> 'SENT'", ps -> {
          ps.setLong(1, now);
          ps.setLong(2, id);
        });
  }

  /** Failed, try again at {@code nextAttemptAt}. Only a SENDING row (never undoes SENT/FAILED). */
  public void markRetry(long id, int attempts, long nextAttemptAt, String error) {
    update("UPDATE outbox SET status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ?"
        + " WHERE id = ? AND status = 'SENDING'", ps -> {
          ps.setInt(1, attempts);
          ps.setLong(2, nextAttemptAt);
          ps.setString(3, truncate(error));
          ps.setLong(4, id);
        });
  }

  /** Given up (or a permanent failure): FAILED, attempts + 1, never claimed again. Only a SENDING row. */
  public void markFailed(long id, String error) {
    update("UPDATE outbox SET status = 'FAILED', attempts = attempts + 1, next_attempt_at = NULL, last_error = ?"
        + " WHERE id = ? AND status = 'SENDING'", ps -> {
          ps.setString(1, truncate(error));
          ps.setLong(2, id);
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private void update(String sql, Binder binder) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("updating the outbox failed", e);
    }
  }

  static String truncate(String error) {
    if (error == null) return null;
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }
}
