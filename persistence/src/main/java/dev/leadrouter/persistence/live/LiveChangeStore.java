package dev.leadrouter.persistence.live;

import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads and trims {@code live_change} (ADR 0018): the rows after an id, in id order, for every
 * node's {@code LiveFeed} and for a browser resuming with {@code Last-Event-ID}; the rows older than
 * the retention go. Blocking JDBC: call from a blocking dispatcher.
 */
public final class LiveChangeStore {

  /** One row: a change of a lead or opportunity, its owner (and the owner it was taken from) and region. */
  public record Change(long id, Instant at, String kind, String entityId, String change, String repId,
      String prevRepId, String region) {}

  private static final String COLUMNS = "id, at, kind, entity_id, change, rep_id, prev_rep_id, region";

  private final Database db;

  public LiveChangeStore(Database db) {
    this.db = db;
  }

  /** At most {@code limit} rows with {@code after < id <= upTo}, in id order. */
  public List<Change> between(long after, long upTo, int limit) {
    String sql = "SELECT " + COLUMNS + " FROM live_change WHERE id > ? AND id <= ? ORDER BY id LIMIT ?";
    List<Change> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** At most {@code limit} rows after {@code after}, in id order. */
  public List<Change> after(long after, int limit) {
    return between(after, Long.MAX_VALUE, limit);
  }

  /** The highest id written (0: none yet). */
  public long maxId() {
    return single("SELECT MAX(id) FROM live_change").orElse(0);
  }

  /** The oldest id still kept, empty when the table is empty. */
  public OptionalLong minId() {
    return single("SELECT MIN(id) FROM live_change");
  }

  /** Deletes the rows of changes before {@code before}; answers how many went. Idempotent: any node may run it. */
  public int deleteBefore(Instant before) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM live_change WHERE at < ?")) {
      ps.setLong(1, before.toEpochMilli());
      int n = ps.executeUpdate();
      if (!c.getAutoCommit()) c.commit();
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private OptionalLong single(String sql) {
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) return OptionalLong.empty();
      long v = rs.getLong(1);
      return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
