package dev.leadrouter.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;
import javax.sql.DataSource;

/** Small JDBC helpers for tests. */
public final class Sql {

  static final List<String> APP_TABLES = List.of("lead_index", "deadline_index", "outbox", "source_events", "source_fetches",
      "source_pulls", "projection_failures", "opportunity_index", "opportunity_stage_log", "intake_claim", "contact_claim",
      "key_claim_import", "live_change", "login_link_use", "source_health_alert", "import_report",
      "rep_streak", "rep_rotation_log", "source_delivery_log");
  static final List<String> PEKKO_TABLES =
      List.of(
          "event_journal",
          "event_tag",
          "snapshot",
          "durable_state",
          "pekko_projection_offset_store",
          "pekko_projection_management");

  private Sql() {}

  static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static List<List<Object>> rows(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<List<Object>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /**
   * PostgreSQL's plan for {@code sql} (its text, one line per node), planned with sequential scans
   * off: on a test's small table a scan of it is cheapest, so the plan shows which index the query
   * can read, as on a table in use.
   */
  public static String explain(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      StringBuilder text = new StringBuilder();
      try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
        while (rs.next()) text.append(rs.getString(1)).append('\n');
      }
      return text.toString();
    }
  }

  /** Runs one statement (an insert, update or delete) on {@code c}. */
  public static void exec(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  static String schemaName(DatabaseVendor vendor) {
    return vendor == DatabaseVendor.H2 ? "PUBLIC" : "public";
  }

  /**
   * table -> "column nullable" lines, all lower-case, from INFORMATION_SCHEMA (excluding Flyway's
   * history table). Upper-case unquoted names work on both: H2 keeps its INFORMATION_SCHEMA in upper
   * case even with DATABASE_TO_UPPER=false, PostgreSQL folds to lower case.
   */
  static Map<String, SortedSet<String>> columns(DataSource ds, DatabaseVendor vendor) {
    Map<String, SortedSet<String>> out = new TreeMap<>();
    for (List<Object> row :
        rows(
            ds,
            "SELECT TABLE_NAME, COLUMN_NAME, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ?",
            schemaName(vendor))) {
      String table = lower(row.get(0));
      if (table.equals("flyway_schema_history")) {
        continue;
      }
      out.computeIfAbsent(table, t -> new TreeSet<>())
          .add(lower(row.get(1)) + " nullable=" + lower(row.get(2)));
    }
    return out;
  }

  /** Our named indexes ("*_idx") of a table as "name(col1,col2)", via DatabaseMetaData. */
  static SortedSet<String> namedIndexes(DataSource ds, DatabaseVendor vendor, String table) {
    Map<String, TreeMap<Integer, String>> byName = new TreeMap<>();
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getIndexInfo(null, schemaName(vendor), table, false, false)) {
        while (rs.next()) {
          String name = rs.getString("INDEX_NAME");
          if (name == null || !lower(name).endsWith("_idx")) {
            continue;
          }
          byName
              .computeIfAbsent(lower(name), n -> new TreeMap<>())
              .put((int) rs.getShort("ORDINAL_POSITION"), lower(rs.getString("COLUMN_NAME")));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    SortedSet<String> out = new TreeSet<>();
    byName.forEach((n, cols) -> out.add(n + "(" + String.join(",", cols.values()) + ")"));
    return out;
  }

  static String lower(Object o) {
    return String.valueOf(o).toLowerCase(Locale.ROOT);
  }
}
