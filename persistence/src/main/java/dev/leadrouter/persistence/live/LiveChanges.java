package dev.leadrouter.persistence.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The {@code live_change} rows of one projection group (ADR 0018): one per projected event that
 * changes what a board or a rep's app shows, added as the group is applied and written as one JDBC
 * batch after the group's other writes, in its transaction. Each row takes the owner and region from
 * the read model's row as the group leaves it ({@code INSERT … SELECT}), so it costs the projection
 * no read and no round trip of its own. Not thread-safe: one per group.
 */
public final class LiveChanges implements AutoCloseable {

  public static final String LEAD = "lead";
  public static final String OPPORTUNITY = "opportunity";

  static final String FROM_LEAD = "INSERT INTO live_change (at, kind, entity_id, change, rep_id, prev_rep_id, region)"
      + " SELECT ?, 'lead', lead_id, ?, rep_id, CAST(? AS VARCHAR(64)), region FROM lead_index WHERE lead_id = ?";
  static final String FROM_OPPORTUNITY = "INSERT INTO live_change (at, kind, entity_id, change, rep_id, prev_rep_id,"
      + " region) SELECT ?, 'opportunity', opportunity_id, ?, owner_id, CAST(? AS VARCHAR(64)), region"
      + " FROM opportunity_index WHERE opportunity_id = ?";

  private final Connection c;
  private final String sql;
  private PreparedStatement insert;

  private LiveChanges(Connection c, String sql) {
    this.c = c;
    this.sql = sql;
  }

  /** Rows of lead events, owner and region from {@code lead_index}. */
  public static LiveChanges ofLeads(Connection c) {
    return new LiveChanges(c, FROM_LEAD);
  }

  /** Rows of opportunity events, owner and region from {@code opportunity_index}. */
  public static LiveChanges ofOpportunities(Connection c) {
    return new LiveChanges(c, FROM_OPPORTUNITY);
  }

  /** One change of {@code entityId}; {@code prevRepId}: the owner the event took it from, else null. */
  public void add(String entityId, String change, Instant at, String prevRepId) throws SQLException {
    if (insert == null) insert = c.prepareStatement(sql);
    insert.setLong(1, at.toEpochMilli());
    insert.setString(2, change);
    if (prevRepId == null) insert.setNull(3, Types.VARCHAR);
    else insert.setString(3, prevRepId);
    insert.setString(4, entityId);
    insert.addBatch();
  }

  /** Writes the rows added since the last flush (one round trip), ids in the order they were added. */
  public void flush() throws SQLException {
    if (insert == null) return;
    insert.executeBatch();
  }

  @Override
  public void close() throws SQLException {
    if (insert != null) insert.close();
    insert = null;
  }
}
