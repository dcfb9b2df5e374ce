package dev.leadrouter.persistence.outbox;

import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Jdbc;
import dev.leadrouter.persistence.card.LeadCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delivery side of the {@code outbox} table (plain JDBC, H2 and PostgreSQL). Rows move
 * PENDING → SENDING (claimed, leased) → SENT | PENDING (retry later) | FAILED. A SENDING row whose
 * lease ran out (the node died between sending and marking) is claimed again.
 */
public final class OutboxStore {

  static final int MAX_ERROR_LENGTH = 2000;

  private final Jdbc jdbc;

  /** The claim's SELECT for {@code channels} channels: the channels, then now, then the batch. */
  static String claimSql(int channels) {
    String in = String.join(", ", Collections.nCopies(channels, "?"));
    return "SELECT id, idempotency_key, lead_id, recipient_id, channel, kind, payload, attempts, created_at"
        + " FROM outbox WHERE channel IN (" + in + ") AND status IN ('PENDING', 'SENDING') AND next_attempt_at <= ?"
        + " ORDER BY created_at, id LIMIT ? FOR UPDATE"
        // H2 2.x accepts SKIP LOCKED too; on both it skips rows another transaction holds.
        + " SKIP LOCKED";
  }

  /** The channel whose rows the rep app reads through the live stream ({@link #appRows}); never claimed. */
  public static final String APP = "app";

  public OutboxStore(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /**
   * Atomically claims up to {@code batch} due rows of the given channels (status PENDING or SENDING,
   * {@code next_attempt_at <= now}, oldest first): sets them SENDING with {@code next_attempt_at =
   * now + lease} and returns them, each with its lead's details ({@link OutboxRow#lead()}, read in the
   * same transaction with one query). Rows locked by a concurrent claim are skipped.
   */
  public List<OutboxRow> claimDue(Set<String> wanted, long now, int batch, Duration lease) {
    // App rows wait for their person's app (the live stream, appRows) and are never claimed; leaving
    // them out keeps the claim on outbox_claim_idx, which holds no app row on PostgreSQL (V20).
    Set<String> channels = new java.util.TreeSet<>(wanted);
    channels.remove(APP);
    if (channels.isEmpty() || batch <= 0) return List.of();
    String select = claimSql(channels.size());
    return jdbc.inTransaction("claiming outbox rows failed", c -> {
      List<OutboxRow> rows;
      try (PreparedStatement ps = c.prepareStatement(select)) {
        int i = 1;
        for (String channel : channels) ps.setString(i++, channel);
        ps.setLong(i++, now);
        ps.setInt(i, batch);
        rows = rows(ps);
      }
      if (!rows.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE outbox SET status = 'SENDING', next_attempt_at = ? WHERE id = ?")) {
          for (OutboxRow row : rows) {
            ps.setLong(1, now + lease.toMillis());
            ps.setLong(2, row.id());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      Map<String, LeadCard> cards = LeadCard.load(c, rows.stream().map(OutboxRow::leadId).toList());
      return rows.stream().map(r -> r.withLead(cards.get(r.leadId()))).toList();
    });
  }

  /** Delivered. Keeps the first {@code sent_at} if the row was already marked (a repeated delivery). */
  public void markSent(long id, long now) {
    update("UPDATE outbox SET status = 'SENT', sent_at = ?, next_attempt_at = NULL, last_error = NULL"
        + " WHERE id = ? AND status <> 'SENT'", ps -> {
          ps.setLong(1, now);
          ps.setLong(2, id);
        });
  }

  /** A row delivered at {@code at} (epoch ms). */
  public record Sent(long id, long at) {}

  /**
   * {@link #markSent(long, long)} for many rows in one transaction (one JDBC batch, one commit), so a
   * busy dispatcher pays one commit for a group of deliveries instead of one per row.
   */
  public void markSent(List<Sent> rows) {
    if (rows.isEmpty()) return;
    jdbc.inTransaction("updating the outbox failed", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE outbox SET status = 'SENT', sent_at = ?, next_attempt_at = NULL, last_error = NULL"
              + " WHERE id = ? AND status <> 'SENT'")) {
        for (Sent row : rows) {
          ps.setLong(1, row.at());
          ps.setLong(2, row.id());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** Failed, try again at {@code nextAttemptAt}. Only a SENDING row (never undoes SENT/FAILED). */
  public void markRetry(long id, int attempts, long nextAttemptAt, String error) {
    update("UPDATE outbox SET status = 'PENDING', attempts = ?, next_attempt_at = ?, last_error = ?"
        + " WHERE id = ? AND status = 'SENDING'", ps -> {
          ps.setInt(1, attempts);
          ps.setLong(2, nextAttemptAt);
          ps.setString(3, truncate(error));
          ps.setLong(4, id);
        });
  }

  /** Given up (or a permanent failure): FAILED, attempts + 1, never claimed again. Only a SENDING row. */
  public void markFailed(long id, String error) {
    markFailed(id, error, List.of(), 0);
  }

  /**
   * Marks the row FAILED and, in the same transaction and only if this call failed it, adds the
   * {@code alerts} (rows telling someone about the failure) created at {@code now}.
   */
  public void markFailed(long id, String error, List<NewRow> alerts, long now) {
    jdbc.inTransaction("updating the outbox failed", c -> {
      int failed;
      try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET status = 'FAILED', attempts = attempts + 1,"
          + " next_attempt_at = NULL, last_error = ? WHERE id = ? AND status = 'SENDING'")) {
        ps.setString(1, truncate(error));
        ps.setLong(2, id);
        failed = ps.executeUpdate();
      }
      if (failed == 1) insert(c, alerts, now);
      return null;
    });
  }

  /** Not now (the recipient's quiet hours): PENDING again at {@code until}, no attempt counted. Only a SENDING row. */
  public void markDeferred(long id, long until, String reason) {
    update("UPDATE outbox SET status = 'PENDING', next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'SENDING'",
        ps -> {
          ps.setLong(1, until);
          ps.setString(2, truncate(reason));
          ps.setLong(3, id);
        });
  }

  /** A row to add to the outbox. {@code idempotencyKey} is unique: adding a key twice adds one row. */
  public record NewRow(String idempotencyKey, String leadId, String recipientId, String channel, String kind,
      String payload) {}

  /**
   * Adds rows (PENDING, due at {@code now}) on {@code c}, skipping any whose idempotency key exists,
   * so a replayed event or a repeated failure never doubles a row. The caller owns the transaction.
   */
  public static void insert(Connection c, List<NewRow> rows, long now) throws SQLException {
    insertAll(c, rows.stream().map(r -> new Dated(r, now)).toList());
  }

  /** A new row and when it is created (and first due). */
  public record Dated(NewRow row, long at) {}

  /**
   * Like {@link #insert}, each row with its own time; ids follow the list's order. On PostgreSQL one
   * statement for them all (the rows as arrays), where a statement per row was a large share of the
   * lead projection's cost; on H2 a JDBC batch of {@link #INSERT}.
   */
  public static void insertAll(Connection c, List<Dated> rows) throws SQLException {
    if (rows.isEmpty()) return;
    if (DatabaseVendor.of(c) == DatabaseVendor.POSTGRES) {
      try (PreparedStatement ps = c.prepareStatement(INSERT_ALL_PG)) {
        int n = rows.size();
        String[][] text = new String[6][n];
        Long[] at = new Long[n];
        for (int i = 0; i < n; i++) {
          NewRow r = rows.get(i).row();
          text[0][i] = r.idempotencyKey();
          text[1][i] = r.leadId();
          text[2][i] = r.recipientId();
          text[3][i] = r.channel();
          text[4][i] = r.kind();
          text[5][i] = r.payload();
          at[i] = rows.get(i).at();
        }
        for (int k = 0; k < 6; k++) ps.setArray(k + 1, c.createArrayOf(k == 5 ? "text" : "varchar", text[k]));
        ps.setArray(7, c.createArrayOf("int8", at));
        ps.executeUpdate();
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Dated d : rows) {
        bindInsert(ps, d.row(), d.at());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** {@link #insertAll} on PostgreSQL: rows in the arrays' order, a key that exists (or came earlier) skipped. */
  private static final String INSERT_ALL_PG =
      "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, created_at, next_attempt_at)"
          + " SELECT k, l, r, ch, kd, p, t, t FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
          + " ?::varchar[], ?::text[], ?::bigint[]) WITH ORDINALITY AS v(k, l, r, ch, kd, p, t, n) ORDER BY n"
          + " ON CONFLICT (idempotency_key) DO NOTHING";

  /** The insert of {@link #insert} on H2; its parameters are set by {@link #bindInsert}. */
  public static final String INSERT =
      "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, created_at, next_attempt_at)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key = ?)";

  /** Sets the parameters of {@link #INSERT} for row {@code r}, due at {@code now}. */
  public static void bindInsert(PreparedStatement ps, NewRow r, long now) throws SQLException {
    ps.setString(1, r.idempotencyKey());
    ps.setString(2, r.leadId());
    ps.setString(3, r.recipientId());
    ps.setString(4, r.channel());
    ps.setString(5, r.kind());
    ps.setString(6, r.payload());
    ps.setLong(7, now);
    ps.setLong(8, now);
    ps.setString(9, r.idempotencyKey());
  }

  /** A person's app rows after an id, through outbox_app_idx (V20): the person, the id, the limit. */
  static final String APP_ROWS = "SELECT id, idempotency_key, lead_id, recipient_id, channel, kind, payload, attempts,"
      + " created_at FROM outbox WHERE recipient_id = ? AND channel = 'app' AND id > ? ORDER BY id LIMIT ?";

  /** Rows of the app channel for one person with an id above {@code afterId}, oldest first (the live stream). */
  public List<OutboxRow> appRows(String recipientId, long afterId, int limit) {
    return jdbc.withStatement("reading the outbox failed", APP_ROWS, ps -> {
      ps.setString(1, recipientId);
      ps.setLong(2, afterId);
      ps.setInt(3, limit);
      return rows(ps);
    });
  }

  /**
   * Two reads of outbox_app_idx in id order (V20), each stopping at its first row: the person's oldest
   * pending app row, and their newest. Both parameters: the person.
   */
  static final String APP_STREAM_START = "SELECT (SELECT id FROM outbox WHERE recipient_id = ? AND channel = 'app'"
      + " AND status = 'PENDING' ORDER BY id LIMIT 1), (SELECT id FROM outbox WHERE recipient_id = ? AND channel = 'app'"
      + " ORDER BY id DESC LIMIT 1)";

  /**
   * Where a new live stream without {@code Last-Event-ID} starts: just before the person's oldest
   * undelivered app row, else after their newest app row.
   */
  public long appStreamStart(String recipientId) {
    return jdbc.withStatement("reading the outbox failed", APP_STREAM_START, ps -> {
      ps.setString(1, recipientId);
      ps.setString(2, recipientId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long firstPending = rs.getLong(1);
        if (!rs.wasNull()) return firstPending - 1;
        return rs.getLong(2);
      }
    });
  }

  /** The rows a query selecting {@code id, idempotency_key, lead_id, recipient_id, channel, kind, payload, attempts, created_at} finds. */
  private static List<OutboxRow> rows(PreparedStatement ps) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9)));
      }
    }
    return rows;
  }

  private void update(String sql, Jdbc.Binder binder) {
    jdbc.update("updating the outbox failed", sql, binder);
  }

  /** Fits the column: NUL and lone surrogates out, cut without splitting a pair (DESIGN §9). */
  public static String truncate(String error) {
    return ColumnText.fit(error, MAX_ERROR_LENGTH);
  }
}
