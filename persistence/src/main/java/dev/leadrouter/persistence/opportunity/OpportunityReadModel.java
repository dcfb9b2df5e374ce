package dev.leadrouter.persistence.opportunity;

import dev.leadrouter.persistence.Database;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Queries over {@code opportunity_index} (the list) and {@code opportunity_stage_log} (the funnel's
 * input, {@link Funnel}). Blocking JDBC: call from a blocking dispatcher.
 */
public final class OpportunityReadModel {

  /**
   * Whose opportunities the caller may see: those owned by one of {@code owners} or in one of
   * {@code regions} (a rep: their own; a manager: the reps below them and the regions they manage).
   */
  public record Scope(Set<String> owners, Set<String> regions) {}

  /**
   * What to list; null fields do not filter. {@code owners}: the owner is one of them (an owner or a
   * team filter; empty matches nothing); {@code idleSince}: open opportunities whose last valid action
   * (or, without one, their opening) is at or before it; {@code scope} null: everything.
   */
  public record ListFilter(String stage, Set<String> owners, String region, Instant idleSince, Scope scope) {}

  /** Where a page ends: the list is ordered newest opened first, then by id. */
  public record Cursor(long openedAt, String opportunityId) {
    /** The opaque text a client sends back ({@code ?cursor=}). */
    public String encode() {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((openedAt + ":" + opportunityId).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@link #encode} made, or empty when {@code text} is not one. */
    public static Optional<Cursor> decode(String text) {
      try {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int colon = plain.indexOf(':');
        if (colon <= 0 || colon == plain.length() - 1) return Optional.empty();
        return Optional.of(new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  /** One opportunity as the list shows it; {@code closed} null while open, else won or lost. */
  public record Row(String opportunityId, String leadId, String name, String ownerId, String region, String province,
      String city, String source, String pipeline, String stage, Instant stageEnteredAt, Instant lastValidActionAt,
      Instant idleDeadline, Instant silentSince, Instant snoozedUntil, BigDecimal amount, String currency,
      Instant openedAt, Instant updatedAt, String closed) {}

  /** A page of the list and the cursor of the next (null on the last page). */
  public record Page(List<Row> opportunities, String nextCursor) {}

  /** Whose stage log the funnel reads; null fields do not filter (as {@link ListFilter}). */
  public record FunnelFilter(Instant from, Instant to, String pipeline, String region, Set<String> owners,
      String source, Scope scope) {}

  private static final String COLUMNS = "opportunity_id, lead_id, name, owner_id, region, province, city, source,"
      + " pipeline, stage, stage_entered_at, last_valid_action_at, idle_deadline, silent_since, snoozed_until, amount,"
      + " currency, opened_at, updated_at, closed";

  private final Database db;

  public OpportunityReadModel(Database db) {
    this.db = db;
  }

  /** At most {@code limit} opportunities matching {@code filter} after {@code after} (null: from the start). */
  public Page list(ListFilter filter, int limit, Cursor after) {
    Where where = new Where();
    where.equal("stage", filter.stage());
    where.equal("region", filter.region());
    where.in("owner_id", filter.owners());
    where.scope(filter.scope());
    if (filter.idleSince() != null) {
      where.sql.append(" AND closed IS NULL AND COALESCE(last_valid_action_at, opened_at) <= ?");
      where.args.add(filter.idleSince().toEpochMilli());
    }
    if (after != null) {
      where.sql.append(" AND (opened_at < ? OR (opened_at = ? AND opportunity_id > ?))");
      where.args.add(after.openedAt());
      where.args.add(after.openedAt());
      where.args.add(after.opportunityId());
    }
    String sql = "SELECT " + COLUMNS + " FROM opportunity_index WHERE 1 = 1" + where.sql
        + " ORDER BY opened_at DESC, opportunity_id LIMIT ?";
    where.args.add(limit + 1);
    List<Row> rows = query(sql, where.args, OpportunityReadModel::row);
    if (rows.size() <= limit) return new Page(rows, null);
    Row last = rows.get(limit - 1);
    return new Page(rows.subList(0, limit), new Cursor(last.openedAt().toEpochMilli(), last.opportunityId()).encode());
  }

  /** The list's row of each of {@code ids} that exists, by opportunity id (the live stream's data). */
  public java.util.Map<String, Row> rows(java.util.Collection<String> ids) {
    java.util.Map<String, Row> out = new java.util.LinkedHashMap<>();
    if (ids.isEmpty()) return out;
    String sql = "SELECT " + COLUMNS + " FROM opportunity_index WHERE opportunity_id IN ("
        + placeholders(ids.size()) + ")";
    for (Row row : query(sql, new ArrayList<Object>(ids), OpportunityReadModel::row)) out.put(row.opportunityId(), row);
    return out;
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getString(1), rs.getString(2), rs.getString(3),
        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13), instant(rs, 14), instant(rs, 15),
        amount(rs.getBigDecimal(16)), rs.getString(17), instant(rs, 18), instant(rs, 19), rs.getString(20));
  }

  /**
   * Every stage-log row of the opportunities matching {@code filter} that entered a stage within
   * {@code [from, to)}, in {@code (opportunity, seq)} order: what {@link Funnel#compute} needs.
   */
  public List<Funnel.Entry> stageLog(FunnelFilter filter) {
    Where where = new Where();
    where.args.add(filter.from().toEpochMilli());
    where.args.add(filter.to().toEpochMilli());
    where.equal("o.pipeline", filter.pipeline());
    where.equal("o.region", filter.region());
    where.equal("o.source", filter.source());
    where.in("o.owner_id", filter.owners());
    where.scope(filter.scope(), "o.");
    String sql = "SELECT l.opportunity_id, l.seq, l.stage, l.entered_at, l.entered_how, l.left_at, l.left_how"
        + " FROM opportunity_stage_log l JOIN opportunity_index o ON o.opportunity_id = l.opportunity_id"
        + " WHERE l.opportunity_id IN (SELECT opportunity_id FROM opportunity_stage_log WHERE entered_at >= ?"
        + " AND entered_at < ?)" + where.sql + " ORDER BY l.opportunity_id, l.seq";
    return query(sql, where.args, rs -> new Funnel.Entry(rs.getString(1), rs.getInt(2), rs.getString(3),
        instant(rs, 4), rs.getString(5), instant(rs, 6), rs.getString(7)));
  }

  /** The conditions of a query (each {@code " AND …"}) and their arguments, in order. */
  private static final class Where {
    final StringBuilder sql = new StringBuilder();
    final List<Object> args = new ArrayList<>();

    void equal(String column, String value) {
      if (value == null) return;
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }

    void in(String column, Set<String> values) {
      if (values == null) return;
      sql.append(" AND ").append(column).append(" IN (").append(placeholders(values.size())).append(")");
      args.addAll(values);
    }

    void scope(Scope scope) {
      scope(scope, "");
    }

    void scope(Scope scope, String prefix) {
      if (scope == null) return;
      sql.append(" AND (").append(prefix).append("owner_id IN (").append(placeholders(scope.owners().size()))
          .append(") OR ").append(prefix).append("region IN (").append(placeholders(scope.regions().size()))
          .append("))");
      args.addAll(scope.owners());
      args.addAll(scope.regions());
    }
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, List<Object> args, RowReader<T> reader) {
    List<T> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(reader.read(rs));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** "?, ?, ?" — or a NULL that matches nothing when the set is empty. */
  private static String placeholders(int n) {
    return n == 0 ? "NULL" : String.join(", ", Collections.nCopies(n, "?"));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** The amount as it was given (the column's scale of 4 adds trailing zeros: 800000, not 800000.0000). */
  private static BigDecimal amount(BigDecimal stored) {
    if (stored == null) return null;
    BigDecimal plain = stored.stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0) : plain;
  }
}
