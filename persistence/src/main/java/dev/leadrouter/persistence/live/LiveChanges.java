package dev.leadrouter.persistence.live;

import dev.leadrouter.persistence.DatabaseVendor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code live_change} rows of one projection group (ADR 0018): one per projected event that
 * changes what a board or a rep's app shows, added as the group is applied and written after the
 * group's other writes, in its transaction: one statement on PostgreSQL, one JDBC batch on H2. Each row takes the owner and region from
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

  /**
   * {@link #FROM_LEAD} and {@link #FROM_OPPORTUNITY} on PostgreSQL for a whole group: the rows as arrays,
   * joined to the read model, ids in the order added. {@code %s}: kind, entity id, owner column, table.
   */
  private static final String ALL_PG = "INSERT INTO live_change (at, kind, entity_id, change, rep_id, prev_rep_id, region)"
      + " SELECT v.at, '%1$s', m.%2$s, v.change, m.%3$s, v.prev, m.region FROM unnest(?::bigint[], ?::varchar[],"
      + " ?::varchar[], ?::varchar[]) WITH ORDINALITY AS v(at, change, prev, id, n) JOIN %4$s m ON m.%2$s = v.id ORDER BY v.n";

  private record Row(long at, String change, String prevRepId, String entityId) {}

  private final Connection c;
  private final String sql;
  private final String allPg;
  private final List<Row> rows = new ArrayList<>();

  private LiveChanges(Connection c, String sql, String allPg) {
    this.c = c;
    this.sql = sql;
    this.allPg = allPg;
  }

  /** Rows of lead events, owner and region from {@code lead_index}. */
  public static LiveChanges ofLeads(Connection c) {
    return new LiveChanges(c, FROM_LEAD, String.format(ALL_PG, LEAD, "lead_id", "rep_id", "lead_index"));
  }

  /** Rows of opportunity events, owner and region from {@code opportunity_index}. */
  public static LiveChanges ofOpportunities(Connection c) {
    return new LiveChanges(c, FROM_OPPORTUNITY,
        String.format(ALL_PG, OPPORTUNITY, "opportunity_id", "owner_id", "opportunity_index"));
  }

  /** One change of {@code entityId}; {@code prevRepId}: the owner the event took it from, else null. */
  public void add(String entityId, String change, Instant at, String prevRepId) {
    rows.add(new Row(at.toEpochMilli(), change, prevRepId, entityId));
  }

  /**
   * Writes the rows added since the last flush, ids in the order they were added: on PostgreSQL one
   * statement (a statement per row was two per new lead), on H2 one JDBC batch.
   */
  public void flush() throws SQLException {
    if (rows.isEmpty()) return;
    if (DatabaseVendor.of(c) == DatabaseVendor.POSTGRES) {
      try (PreparedStatement ps = c.prepareStatement(allPg)) {
        ps.setArray(1, c.createArrayOf("int8", rows.stream().map(Row::at).toArray(Long[]::new)));
        ps.setArray(2, c.createArrayOf("varchar", rows.stream().map(Row::change).toArray(String[]::new)));
        ps.setArray(3, c.createArrayOf("varchar", rows.stream().map(Row::prevRepId).toArray(String[]::new)));
        ps.setArray(4, c.createArrayOf("varchar", rows.stream().map(Row::entityId).toArray(String[]::new)));
        ps.executeUpdate();
      }
    } else {
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        for (Row r : rows) {
          insert.setLong(1, r.at());
          insert.setString(2, r.change());
          if (r.prevRepId() == null) insert.setNull(3, Types.VARCHAR);
          else insert.setString(3, r.prevRepId());
          insert.setString(4, r.entityId());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    rows.clear();
  }

  /** Nothing to release: rows not flushed are dropped, as an unexecuted batch was. */
  @Override
  public void close() {
    rows.clear();
  }
}
