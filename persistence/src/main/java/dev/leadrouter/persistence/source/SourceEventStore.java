package dev.leadrouter.persistence.source;

import dev.leadrouter.persistence.ColumnText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verbatim deliveries of lead sources ({@code source_events}) and the fetches they asked for
 * ({@code source_fetches}). Plain JDBC, blocking: call from the blocking dispatcher.
 */
public final class SourceEventStore {

  /** What became of a delivery. */
  public enum Status { RECEIVED, ACCEPTED, MALFORMED, NO_CONTACT, FETCHING }

  /** A stored delivery. */
  public record StoredEvent(long id, String sourceId, Instant receivedAt, String mediaType, Map<String, String> headers,
      Map<String, String> query, byte[] body, String status, List<String> leadIds, String detail) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 2000;

  private final Jdbc jdbc;

  public SourceEventStore(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /** Keeps the delivery as it arrived (status RECEIVED); answers its id. */
  public long insert(Delivery d) {
    String sql = "INSERT INTO source_events (source_id, received_at, media_type, headers, query, body_base64, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    String what = "storing a source delivery failed";
    return jdbc.withConnection(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, d.sourceId());
        ps.setLong(2, d.receivedAt().toEpochMilli());
        ps.setString(3, d.mediaType());
        ps.setString(4, json(d.headers(), what));
        ps.setString(5, json(d.query(), what));
        ps.setString(6, Base64.getEncoder().encodeToString(d.body()));
        ps.setLong(7, d.receivedAt().toEpochMilli());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    });
  }

  /** Records what became of a delivery. */
  public void outcome(long id, Status status, List<String> leadIds, String detail, Instant at) {
    String sql = "UPDATE source_events SET status = ?, lead_ids = ?, detail = ?, updated_at = ? WHERE id = ?";
    String leads = leadIds.isEmpty() ? null : json(leadIds, "updating a source delivery failed");
    jdbc.update("updating a source delivery failed", sql, ps -> {
      ps.setString(1, status.name());
      ps.setString(2, leads);
      ps.setString(3, truncate(detail));
      ps.setLong(4, at.toEpochMilli());
      ps.setLong(5, id);
    });
  }

  /** Queues the fetches of a delivery (a reference already queued for this source is kept once). */
  public void queueFetches(long eventId, String sourceId, List<SourceAdapter.Fetch> fetches, Instant now) {
    String sql = "INSERT INTO source_fetches (source_event_id, source_id, reference, adapter_type, url, headers,"
        + " token_url, next_attempt_at) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
        + " (SELECT 1 FROM source_fetches WHERE source_id = ? AND reference = ?)";
    String what = "queueing source fetches failed";
    jdbc.withStatement(what, sql, ps -> {
      for (SourceAdapter.Fetch f : fetches) {
        ps.setLong(1, eventId);
        ps.setString(2, sourceId);
        ps.setString(3, f.reference());
        ps.setString(4, f.adapterType());
        ps.setString(5, f.url());
        ps.setString(6, json(f.headers(), what));
        ps.setString(7, f.tokenUrl());
        ps.setLong(8, now.toEpochMilli());
        ps.setString(9, sourceId);
        ps.setString(10, f.reference());
        ps.addBatch();
      }
      if (!fetches.isEmpty()) ps.executeBatch();
      return null;
    });
  }

  /** A queued fetch, as the fetcher works on it. */
  public record FetchRow(long id, String sourceId, String reference, String adapterType, String url,
      Map<String, String> headers, String tokenUrl, int attempts) {}

  /**
   * Claims up to {@code batch} due fetches (PENDING or leased out and expired), oldest due first, and
   * leases them until {@code now + leaseMillis}; rows another claim holds are skipped.
   */
  public List<FetchRow> claimFetches(long now, int batch, long leaseMillis) {
    String select = "SELECT id, source_id, reference, adapter_type, url, headers, token_url, attempts FROM source_fetches"
        + " WHERE status IN ('PENDING', 'FETCHING') AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
        + " FOR UPDATE SKIP LOCKED";
    return jdbc.inTransaction("claiming source fetches failed", c -> {
      List<FetchRow> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(select)) {
        ps.setLong(1, now);
        ps.setInt(2, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new FetchRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                stringMap(rs.getString(6)), rs.getString(7), rs.getInt(8)));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE source_fetches SET status = 'FETCHING', next_attempt_at = ? WHERE id = ?")) {
        for (FetchRow row : rows) {
          ps.setLong(1, now + leaseMillis);
          ps.setLong(2, row.id());
          ps.addBatch();
        }
        if (!rows.isEmpty()) ps.executeBatch();
      }
      return rows;
    });
  }

  /** The fetch succeeded: its answer became these leads. */
  public void fetchDone(long id, List<String> leadIds) {
    String leads = json(leadIds, "updating source fetches failed");
    update("UPDATE source_fetches SET status = 'DONE', lead_ids = ?, last_error = NULL WHERE id = ?", ps -> {
      ps.setString(1, leads);
      ps.setLong(2, id);
    });
  }

  /** The fetch failed: try again at {@code nextAttemptAt} (a fetch is never given up). */
  public void fetchRetry(long id, int attempts, long nextAttemptAt, String error) {
    update("UPDATE source_fetches SET status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        ps -> {
          ps.setInt(1, attempts);
          ps.setLong(2, nextAttemptAt);
          ps.setString(3, truncate(error));
          ps.setLong(4, id);
        });
  }

  /** A fetch's state: status, attempts, last error, lead ids (for tests and operations). */
  public record FetchState(String status, int attempts, String lastError, List<String> leadIds) {}

  public Optional<FetchState> fetchState(String sourceId, String reference) {
    String sql = "SELECT status, attempts, last_error, lead_ids FROM source_fetches WHERE source_id = ? AND reference = ?";
    return jdbc.withStatement("reading a source fetch failed", sql, ps -> {
      ps.setString(1, sourceId);
      ps.setString(2, reference);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new FetchState(rs.getString(1), rs.getInt(2), rs.getString(3), stringList(rs.getString(4))));
      }
    });
  }

  /** A fetch not done yet, as operations see it. */
  public record PendingFetch(String reference, String adapterType, String status, int attempts, Instant nextAttemptAt,
      String lastError) {}

  /** The fetches of a source not done yet (waiting, being fetched, or failing), the next due first. */
  public List<PendingFetch> pendingFetches(String sourceId, int limit) {
    String sql = "SELECT reference, adapter_type, status, attempts, next_attempt_at, last_error FROM source_fetches"
        + " WHERE source_id = ? AND status <> 'DONE' ORDER BY next_attempt_at, id LIMIT ?";
    return jdbc.withStatement("reading source fetches failed", sql, ps -> {
      ps.setString(1, sourceId);
      ps.setInt(2, limit);
      List<PendingFetch> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PendingFetch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
              Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
        }
      }
      return out;
    });
  }

  private void update(String sql, Jdbc.Binder binder) {
    jdbc.update("updating source fetches failed", sql, binder);
  }

  /** {@code value} as JSON; failing, an {@link IllegalStateException} saying {@code what} failed. */
  private static String json(Object value, String what) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what, e);
    }
  }

  /** Fits the column: NUL and lone surrogates out, cut without splitting a pair (DESIGN §9). */
  private static String truncate(String text) {
    return ColumnText.fit(text, MAX_DETAIL);
  }

  /** One stored delivery. */
  public Optional<StoredEvent> find(long id) {
    String sql = "SELECT id, source_id, received_at, media_type, headers, query, body_base64, status, lead_ids, detail"
        + " FROM source_events WHERE id = ?";
    return jdbc.withStatement("reading a source delivery failed", sql, ps -> {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new StoredEvent(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
            rs.getString(4), stringMap(rs.getString(5)), stringMap(rs.getString(6)),
            Base64.getDecoder().decode(rs.getString(7)), rs.getString(8), stringList(rs.getString(9)), rs.getString(10)));
      }
    });
  }

  private static Map<String, String> stringMap(String json) {
    if (json == null) return Map.of();
    try {
      Map<String, String> out = new LinkedHashMap<>();
      JSON.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON unreadable", e);
    }
  }

  private static List<String> stringList(String json) {
    if (json == null) return List.of();
    try {
      List<String> out = new ArrayList<>();
      JSON.readTree(json).forEach(n -> out.add(n.asText()));
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON unreadable", e);
    }
  }
}
