package dev.leadrouter.persistence.source;

import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of a source that made no lead ({@code refused}: the problem the platform got) and
 * the admin page's {@code test} deliveries ({@code source_delivery_log}), the last {@link #KEPT} per
 * source; and the source's last accepted leads, read from {@code lead_index} (no write per accepted
 * lead). Plain JDBC, blocking: call from the blocking dispatcher.
 */
public final class SourceDeliveryLog {

  /** How many refused and test deliveries are kept per source. */
  public static final int KEPT = 50;
  /** Kinds of rows. */
  public static final String REFUSED = "refused";
  public static final String TEST = "test";

  /** A refused or test delivery: when, the HTTP status it got (or would have got), its problem, a summary. */
  public record Entry(long at, String kind, int status, String problem, String summary) {}

  /** An accepted lead of the source, from the read model. */
  public record Accepted(String leadId, long receivedAt, String status, String name) {}

  private final Jdbc jdbc;

  public SourceDeliveryLog(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /** Records one entry and forgets the source's entries beyond the last {@link #KEPT}. */
  public void record(String sourceId, Entry entry) {
    jdbc.inTransaction("recording a source delivery failed", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO source_delivery_log (source_id, at, kind, status, problem, summary) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, sourceId);
        ps.setLong(2, entry.at());
        ps.setString(3, entry.kind());
        ps.setInt(4, entry.status());
        ps.setString(5, clip(entry.problem(), 2000));
        ps.setString(6, entry.summary());
        ps.executeUpdate();
      }
      Long oldestKept = null;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id FROM source_delivery_log WHERE source_id = ? ORDER BY id DESC OFFSET " + (KEPT - 1) + " ROWS FETCH NEXT 1 ROWS ONLY")) {
        ps.setString(1, sourceId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) oldestKept = rs.getLong(1);
        }
      }
      if (oldestKept != null) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM source_delivery_log WHERE source_id = ? AND id < ?")) {
          ps.setString(1, sourceId);
          ps.setLong(2, oldestKept);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /** The source's refused and test deliveries, newest first. */
  public List<Entry> recent(String sourceId) {
    return jdbc.withStatement("reading source deliveries failed",
        "SELECT at, kind, status, problem, summary FROM source_delivery_log WHERE source_id = ? ORDER BY id DESC", ps -> {
          ps.setString(1, sourceId);
          List<Entry> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
          }
          return out;
        });
  }

  /** The source's last {@code limit} leads (the source that delivered them first), newest first. */
  public List<Accepted> accepted(String sourceId, int limit) {
    return jdbc.withStatement("reading a source's leads failed",
        "SELECT lead_id, received_at, status, name FROM lead_index WHERE source = ? ORDER BY received_at DESC"
            + " FETCH FIRST " + limit + " ROWS ONLY", ps -> {
          ps.setString(1, sourceId);
          List<Accepted> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Accepted(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
          }
          return out;
        });
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
