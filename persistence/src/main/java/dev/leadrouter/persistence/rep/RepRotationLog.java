package dev.leadrouter.persistence.rep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** Reads {@code rep_rotation_log}: the benchings and returns of a window, for the SLA report. */
public final class RepRotationLog {

  /** A rep taken out of rotation ({@code BENCHED}) or put back ({@code RESTORED}) at {@code at}. */
  public record Entry(String repId, String kind, Instant at) {
    public boolean benched() {
      return RepProjectionHandler.BENCHED.equals(kind);
    }
  }

  private final DataSource dataSource;

  public RepRotationLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The entries with {@code at} in {@code [from, to)}, of {@code reps} only (null: every rep), by time. */
  public List<Entry> entries(Instant from, Instant to, Set<String> reps) {
    if (reps != null && reps.isEmpty()) return List.of();
    StringBuilder sql = new StringBuilder("SELECT rep_id, kind, at FROM rep_rotation_log WHERE at >= ? AND at < ?");
    if (reps != null) sql.append(" AND rep_id IN (").append(String.join(",", java.util.Collections.nCopies(reps.size(), "?"))).append(')');
    sql.append(" ORDER BY at, rep_id");
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setLong(1, from.toEpochMilli());
      ps.setLong(2, to.toEpochMilli());
      int i = 3;
      if (reps != null) for (String rep : reps) ps.setString(i++, rep);
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new Entry(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read rep_rotation_log", e);
    }
  }
}
