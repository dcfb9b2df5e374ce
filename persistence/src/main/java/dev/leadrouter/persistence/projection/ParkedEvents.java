package dev.leadrouter.persistence.projection;

import dev.leadrouter.persistence.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code projection_failures} table: events a projection parked after its retries, listed and
 * replayed by an admin. SQL only; the decisions are the handler's and {@link ProjectionGuard}'s.
 */
public final class ParkedEvents {

  public static final String PARKED = "PARKED";
  public static final String REPLAYED = "REPLAYED";
  private static final int ERROR_WIDTH = 2000;

  /** One parked (or replayed) event, as an admin sees it. */
  public record Row(long id, String projection, String slice, String persistenceId, long sequenceNr,
      String eventType, String error, int attempts, Instant parkedAt, String status, Instant replayedAt) {}

  /** A row with the event itself, for a replay. */
  public record Parked(Row row, EventCodec.Stored event) {}

  private final Jdbc jdbc;

  public ParkedEvents(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Parks an event in the caller's transaction (the projection's, so it commits with the offset). */
  public static void park(Connection c, String projection, String slice, String persistenceId, long sequenceNr,
      String eventType, EventCodec.Stored event, Throwable error, int attempts, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO projection_failures (projection, slice, persistence_id,"
        + " sequence_nr, event_type, serializer_id, manifest, event_base64, error, attempts, parked_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, projection);
      ps.setString(2, slice);
      ps.setString(3, persistenceId);
      ps.setLong(4, sequenceNr);
      ps.setString(5, eventType);
      ps.setInt(6, event.serializerId());
      ps.setString(7, event.manifest());
      ps.setString(8, Base64.getEncoder().encodeToString(event.bytes()));
      ps.setString(9, FailureKind.describe(error, ERROR_WIDTH));
      ps.setInt(10, attempts);
      ps.setLong(11, at.toEpochMilli());
      ps.executeUpdate();
    }
  }

  /** Whether the entity still has parked events, read in the caller's transaction. */
  public static boolean hasParked(Connection c, String projection, String persistenceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM projection_failures WHERE projection = ?"
        + " AND status = '" + PARKED + "' AND persistence_id = ?")) {
      ps.setString(1, projection);
      ps.setString(2, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Per slice, how many events are parked; and the entities they belong to. */
  public Map<String, Long> parkedPerSlice(String projection) {
    return jdbc.withStatement("count parked events", "SELECT slice, COUNT(*) FROM projection_failures"
        + " WHERE projection = ? AND status = '" + PARKED + "' GROUP BY slice", ps -> {
          ps.setString(1, projection);
          Map<String, Long> out = new LinkedHashMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
          }
          return out;
        });
  }

  public List<String> blockedEntities(String projection) {
    return jdbc.withStatement("read parked entities", "SELECT DISTINCT persistence_id FROM projection_failures"
        + " WHERE projection = ? AND status = '" + PARKED + "'", ps -> {
          ps.setString(1, projection);
          List<String> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
          }
          return out;
        });
  }

  /** The rows of a status (null: all), newest first, at most {@code limit}. */
  public List<Row> list(String status, int limit) {
    String where = status == null ? "" : " WHERE status = ?";
    return jdbc.withStatement("list parked events", "SELECT " + COLUMNS + " FROM projection_failures" + where
        + " ORDER BY id DESC", ps -> {
          if (status != null) ps.setString(1, status);
          ps.setMaxRows(limit);
          List<Row> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
          }
          return out;
        });
  }

  public Optional<Row> get(long id) {
    return jdbc.withStatement("read a parked event", "SELECT " + COLUMNS + " FROM projection_failures WHERE id = ?",
        ps -> {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
          }
        });
  }

  /** The entity's parked events in order, locked for the caller's transaction. */
  static List<Parked> parkedOf(Connection c, String projection, String persistenceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", serializer_id, manifest, event_base64"
        + " FROM projection_failures WHERE projection = ? AND persistence_id = ? AND status = '" + PARKED + "'"
        + " ORDER BY sequence_nr FOR UPDATE")) {
      ps.setString(1, projection);
      ps.setString(2, persistenceId);
      List<Parked> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Parked(row(rs), new EventCodec.Stored(rs.getInt("serializer_id"), rs.getString("manifest"),
              Base64.getDecoder().decode(rs.getString("event_base64")))));
        }
      }
      return out;
    }
  }

  static void markReplayed(Connection c, long id, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE projection_failures SET status = '" + REPLAYED + "', replayed_at = ? WHERE id = ?")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** A replay failed: the row keeps waiting with the new error. */
  void replayFailed(long id, Throwable error) {
    jdbc.update("record a failed replay", "UPDATE projection_failures SET error = ?, attempts = attempts + 1 WHERE id = ?",
        ps -> {
          ps.setString(1, FailureKind.describe(error, ERROR_WIDTH));
          ps.setLong(2, id);
        });
  }

  Jdbc jdbc() {
    return jdbc;
  }

  private static final String COLUMNS = "id, projection, slice, persistence_id, sequence_nr, event_type, error,"
      + " attempts, parked_at, status, replayed_at";

  private static Row row(ResultSet rs) throws SQLException {
    long replayed = rs.getLong("replayed_at");
    Instant replayedAt = rs.wasNull() ? null : Instant.ofEpochMilli(replayed);
    return new Row(rs.getLong("id"), rs.getString("projection"), rs.getString("slice"), rs.getString("persistence_id"),
        rs.getLong("sequence_nr"), rs.getString("event_type"), rs.getString("error"), rs.getInt("attempts"),
        Instant.ofEpochMilli(rs.getLong("parked_at")), rs.getString("status"), replayedAt);
  }
}
