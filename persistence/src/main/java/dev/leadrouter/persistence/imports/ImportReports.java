package dev.leadrouter.persistence.imports;

import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;

/**
 * The per-row CSV reports of bulk imports ({@code import_report}), kept {@link #KEPT} so any node can
 * answer {@code GET /api/v1/imports/{id}/report}. Saving one forgets those past their time. Plain
 * JDBC, blocking: call from the blocking dispatcher.
 */
public final class ImportReports {

  public static final Duration KEPT = Duration.ofDays(7);

  private final Jdbc jdbc;

  public ImportReports(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /** Stores import {@code importId}'s report (made by {@code createdBy} at {@code now}, epoch ms). */
  public void save(String importId, String createdBy, long now, String csv) {
    jdbc.inTransaction("storing an import report failed", c -> {
      try (PreparedStatement purge = c.prepareStatement("DELETE FROM import_report WHERE created_at < ?")) {
        purge.setLong(1, now - KEPT.toMillis());
        purge.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO import_report (import_id, created_at, created_by, report) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, importId);
        ps.setLong(2, now);
        ps.setString(3, createdBy);
        ps.setString(4, csv);
        return ps.executeUpdate();
      }
    });
  }

  /** Import {@code importId}'s report, unless unknown or older than {@link #KEPT} at {@code now}. */
  public Optional<String> find(String importId, long now) {
    return jdbc.withStatement("reading an import report failed",
        "SELECT report FROM import_report WHERE import_id = ? AND created_at >= ?", ps -> {
          ps.setString(1, importId);
          ps.setLong(2, now - KEPT.toMillis());
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
          }
        });
  }
}
