package dev.leadrouter.persistence.fetch;

import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.engine.intake.source.PullCursor;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The durable state of the sources the engine pulls ({@code source_pulls}): cursor, attempts, the
 * OAuth tokens. Plain JDBC, blocking: call from the blocking dispatcher. Tokens are never logged and
 * never returned by {@link #state}.
 */
public final class SourcePullStore {

  /** A claimed row, as the puller works on it. */
  public record Row(String sourceId, PullCursor cursor, int attempts, String accessToken, Long accessTokenExpiresAt,
      String refreshToken, String configuredHash) {}

  /** What operations see of a pull (no tokens). */
  public record State(String sourceId, String status, Instant windowStart, Instant windowEnd, int page, int attempts,
      Instant nextAttemptAt, Instant lastSuccessAt, String lastError) {}

  private static final int MAX_ERROR = 2000;

  private final Jdbc jdbc;

  public SourcePullStore(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /** Creates the row of a source that pulls (due at once), or wakes it if it was switched off. */
  public void ensure(String sourceId, PullCursor first, long now) {
    jdbc.update("creating a source pull failed", "INSERT INTO source_pulls (source_id, window_start, page, status,"
        + " next_attempt_at, updated_at) SELECT ?, ?, 1, 'PENDING', ?, ? WHERE NOT EXISTS"
        + " (SELECT 1 FROM source_pulls WHERE source_id = ?)", ps -> {
          ps.setString(1, sourceId);
          ps.setLong(2, first.windowStart().toEpochMilli());
          ps.setLong(3, now);
          ps.setLong(4, now);
          ps.setString(5, sourceId);
        });
    jdbc.update("waking a source pull failed", "UPDATE source_pulls SET status = 'PENDING', next_attempt_at = ?,"
        + " updated_at = ? WHERE source_id = ? AND status = 'OFF'", ps -> {
          ps.setLong(1, now);
          ps.setLong(2, now);
          ps.setString(3, sourceId);
        });
  }

  /** Claims up to {@code batch} due pulls (or pulls whose lease expired) and leases them until {@code now + leaseMillis}. */
  public List<Row> claim(long now, int batch, long leaseMillis) {
    String select = "SELECT source_id, window_start, window_end, page, attempts, access_token, access_token_expires_at,"
        + " refresh_token, configured_hash FROM source_pulls WHERE status IN ('PENDING', 'PULLING')"
        + " AND next_attempt_at <= ? ORDER BY next_attempt_at, source_id LIMIT ? FOR UPDATE SKIP LOCKED";
    return jdbc.inTransaction("claiming source pulls failed", c -> {
      List<Row> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(select)) {
        ps.setLong(1, now);
        ps.setInt(2, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long end = rs.getLong(3);
            Instant windowEnd = rs.wasNull() ? null : Instant.ofEpochMilli(end);
            long expires = rs.getLong(7);
            Long expiresAt = rs.wasNull() ? null : expires;
            rows.add(new Row(rs.getString(1), new PullCursor(Instant.ofEpochMilli(rs.getLong(2)), windowEnd, rs.getInt(4)),
                rs.getInt(5), rs.getString(6), expiresAt, rs.getString(8), rs.getString(9)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE source_pulls SET status = 'PULLING', next_attempt_at = ?, updated_at = ? WHERE source_id = ?")) {
        for (Row row : rows) {
          ps.setLong(1, now + leaseMillis);
          ps.setLong(2, now);
          ps.setString(3, row.sourceId());
          ps.addBatch();
        }
        if (!rows.isEmpty()) ps.executeBatch();
      }
      return rows;
    });
  }

  /** Keeps new tokens (the refresh token rotates: the old one is spent). */
  public void saveTokens(String sourceId, String accessToken, long expiresAt, String refreshToken, String configuredHash,
      long now) {
    jdbc.update("storing source pull tokens failed", "UPDATE source_pulls SET access_token = ?, access_token_expires_at = ?,"
        + " refresh_token = ?, configured_hash = ?, updated_at = ? WHERE source_id = ?", ps -> {
          ps.setString(1, accessToken);
          ps.setLong(2, expiresAt);
          ps.setString(3, refreshToken);
          ps.setString(4, configuredHash);
          ps.setLong(5, now);
          ps.setString(6, sourceId);
        });
  }

  /** Forgets the access token (the platform called it expired); the refresh token is kept. */
  public void dropAccessToken(String sourceId, long now) {
    jdbc.update("dropping a source pull token failed", "UPDATE source_pulls SET access_token = NULL,"
        + " access_token_expires_at = NULL, updated_at = ? WHERE source_id = ?", ps -> {
          ps.setLong(1, now);
          ps.setString(2, sourceId);
        });
  }

  /**
   * A page was accepted (or a window finished): the new cursor, attempts reset, {@code note} (null when
   * all was well) as the last error; {@code status} PULLING while the run goes on (leased until {@code
   * nextAttemptAt}), PENDING when it ended.
   */
  public void advance(String sourceId, PullCursor cursor, String status, long nextAttemptAt, long now, String note) {
    jdbc.update("advancing a source pull failed", "UPDATE source_pulls SET window_start = ?, window_end = ?, page = ?,"
        + " status = ?, attempts = 0, next_attempt_at = ?, last_success_at = ?, last_error = ?, updated_at = ?"
        + " WHERE source_id = ?", ps -> {
          ps.setLong(1, cursor.windowStart().toEpochMilli());
          if (cursor.windowEnd() == null) ps.setNull(2, Types.BIGINT);
          else ps.setLong(2, cursor.windowEnd().toEpochMilli());
          ps.setInt(3, cursor.page());
          ps.setString(4, status);
          ps.setLong(5, nextAttemptAt);
          ps.setLong(6, now);
          ps.setString(7, truncate(note));
          ps.setLong(8, now);
          ps.setString(9, sourceId);
        });
  }

  /** The pull failed: try again at {@code nextAttemptAt} (never given up); the cursor stays. */
  public void retry(String sourceId, int attempts, long nextAttemptAt, String error, long now) {
    jdbc.update("recording a source pull failure failed", "UPDATE source_pulls SET status = 'PENDING', attempts = ?,"
        + " next_attempt_at = ?, last_error = ?, updated_at = ? WHERE source_id = ?", ps -> {
          ps.setInt(1, attempts);
          ps.setLong(2, nextAttemptAt);
          ps.setString(3, truncate(error));
          ps.setLong(4, now);
          ps.setString(5, sourceId);
        });
  }

  /** The source no longer pulls (removed, disabled, pull off): kept with its cursor, not claimed. */
  public void off(String sourceId, long now) {
    jdbc.update("switching a source pull off failed", "UPDATE source_pulls SET status = 'OFF', updated_at = ?"
        + " WHERE source_id = ?", ps -> {
          ps.setLong(1, now);
          ps.setString(2, sourceId);
        });
  }

  public Optional<State> state(String sourceId) {
    String sql = "SELECT source_id, status, window_start, window_end, page, attempts, next_attempt_at, last_success_at,"
        + " last_error FROM source_pulls WHERE source_id = ?";
    return jdbc.withStatement("reading a source pull failed", sql, ps -> {
      ps.setString(1, sourceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new State(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
            instant(rs, 4), rs.getInt(5), rs.getInt(6), instant(rs, 7), instant(rs, 8), rs.getString(9)));
      }
    });
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  /** Fits the column: NUL and lone surrogates out, cut without splitting a pair (DESIGN §9). */
  private static String truncate(String text) {
    return ColumnText.fit(text, MAX_ERROR);
  }
}
