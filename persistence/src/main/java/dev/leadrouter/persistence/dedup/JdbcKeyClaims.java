package dev.leadrouter.persistence.dedup;

import dev.leadrouter.engine.common.StorageUnavailable;
import dev.leadrouter.engine.dedup.ClaimBook;
import dev.leadrouter.engine.dedup.ClaimBook.ContactRow;
import dev.leadrouter.engine.dedup.ClaimBook.IntakeRow;
import dev.leadrouter.engine.dedup.KeyClaims;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Jdbc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link KeyClaims} in the {@code intake_claim} and {@code contact_claim} tables (ADR 0015): the
 * deliveries waiting when a batch starts are claimed together, in one transaction of a few statements
 * whatever their number — rows read (and on PostgreSQL locked), {@link ClaimBook} applied in arrival
 * order, changed rows written. One batch at a time per node, so a batch is as large as the load makes
 * it: one delivery when idle, hundreds under a burst.
 *
 * <p>Several nodes may claim the same keys at once (PostgreSQL): a batch locks and reads its keys in
 * one statement per table, in key order ({@code INSERT … ON CONFLICT DO UPDATE … RETURNING}: a
 * placeholder row for a new key, the committed row for a known one), so another batch of the same
 * keys waits for this one to commit and then sees its claims. A deadlock or serialization failure
 * reruns the batch. H2 is one process (embedded), whose batches never overlap.
 */
public final class JdbcKeyClaims implements KeyClaims {

  /** The most deliveries one transaction claims. */
  static final int MAX_BATCH = 500;
  private static final int ATTEMPTS = 3;

  private record Pending(Request request, CompletableFuture<Result> answer) {}

  private final Jdbc jdbc;
  private final DatabaseVendor vendor;
  private final Executor blocking;
  private final Clock clock;
  private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  public JdbcKeyClaims(Database db, Executor blocking, Clock clock) {
    this.jdbc = new Jdbc(db.dataSource());
    this.vendor = db.vendor();
    this.blocking = blocking;
    this.clock = clock;
  }

  @Override
  public CompletionStage<Result> claim(Request request) {
    Pending p = new Pending(request, new CompletableFuture<>());
    waiting.add(p);
    drainSoon();
    return p.answer();
  }

  @Override
  public CompletionStage<Map<String, String>> holders(java.util.Collection<String> keys, long windowMillis) {
    return CompletableFuture.supplyAsync(() -> jdbc.inTransaction("read intake and contact keys", c -> {
      Map<String, String> out = new HashMap<>();
      TreeSet<String> all = new TreeSet<>(keys);
      long since = clock.millis() - windowMillis;
      select(c, "SELECT claim_key, lead_id FROM intake_claim WHERE claim_key = ANY(?)", all,
          rs -> out.put(rs.getString(1), rs.getString(2)));
      select(c, "SELECT contact_key, lead_id, claimed_at FROM contact_claim WHERE contact_key = ANY(?)", all, rs -> {
        if (rs.getLong(3) > since) out.put(rs.getString(1), rs.getString(2));
      });
      return out;
    }), blocking);
  }

  private void drainSoon() {
    if (draining.compareAndSet(false, true)) {
      try {
        blocking.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        throw e;
      }
    }
  }

  private void drain() {
    try {
      List<Pending> batch = take();
      while (!batch.isEmpty()) {
        run(batch);
        batch = take();
      }
    } finally {
      draining.set(false);
    }
    // A delivery queued after the last take() but before the flag dropped found the flag still set.
    if (!waiting.isEmpty()) drainSoon();
  }

  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    Pending p;
    while (batch.size() < MAX_BATCH && (p = waiting.poll()) != null) batch.add(p);
    return batch;
  }

  private void run(List<Pending> batch) {
    List<Result> results;
    try {
      results = claimWithRetry(batch);
    } catch (RuntimeException e) {
      StorageUnavailable failure = new StorageUnavailable("the key claims could not be stored", e);
      batch.forEach(p -> p.answer().completeExceptionally(failure));
      return;
    }
    for (int i = 0; i < batch.size(); i++) batch.get(i).answer().complete(results.get(i));
  }

  private List<Result> claimWithRetry(List<Pending> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbc.inTransaction("claim intake and contact keys", c -> claim(c, batch));
      } catch (IllegalStateException e) {
        if (attempt >= ATTEMPTS || !retryable(e.getCause())) throw e;
      }
    }
  }

  /** A deadlock or serialization failure (SQLSTATE class 40): the batch may simply run again. */
  private static boolean retryable(Throwable cause) {
    return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40");
  }

  private List<Result> claim(Connection c, List<Pending> batch) throws SQLException {
    TreeSet<String> intakeKeys = new TreeSet<>();
    TreeSet<String> contactKeys = new TreeSet<>();
    for (Pending p : batch) {
      if (p.request().idempotencyKey() != null) intakeKeys.add(p.request().idempotencyKey());
      if (p.request().sourceKey() != null) intakeKeys.add(p.request().sourceKey());
      contactKeys.addAll(p.request().contactKeys());
    }
    boolean pg = vendor == DatabaseVendor.POSTGRES;
    long now = clock.millis();
    Map<String, IntakeRow> intake = new HashMap<>();
    Map<String, ContactRow> contacts = new HashMap<>();
    // PostgreSQL: each new key inserted as the batch's first delivery holding it would claim it for a
    // new lead (the common case), so the write after the book changes only what it decided otherwise.
    Map<String, IntakeRow> guessedIntake = new HashMap<>();
    Map<String, ContactRow> guessedContacts = new HashMap<>();
    Set<String> newIntake = new HashSet<>();
    Set<String> newContacts = new HashSet<>();
    if (pg) {
      for (Pending p : batch) {
        Request r = p.request();
        IntakeRow guess = new IntakeRow(r.proposed(), r.bodyHash());
        if (r.idempotencyKey() != null) guessedIntake.putIfAbsent(r.idempotencyKey(), guess);
        if (r.sourceKey() != null) guessedIntake.putIfAbsent(r.sourceKey(), guess);
        for (String k : r.contactKeys()) guessedContacts.putIfAbsent(k, new ContactRow(r.proposed(), now));
      }
      // One statement per table locks every key of the batch and reads it: a missing key is inserted
      // (read as unclaimed: xmax = 0 marks a row this statement inserted), an existing one "updated"
      // to itself, which waits for any other batch holding it and then returns its committed values.
      // Keys in order, so two batches never deadlock.
      List<String> ik = new ArrayList<>(intakeKeys);
      lockPg(c, "INSERT INTO intake_claim (claim_key, lead_id, body_hash, claimed_at)"
          + " SELECT k, l, h, ? FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS v(k, l, h) ORDER BY k"
          + " ON CONFLICT (claim_key) DO UPDATE SET lead_id = intake_claim.lead_id"
          + " RETURNING claim_key, lead_id, body_hash, xmax = 0", now, ik,
          ik.stream().map(k -> guessedIntake.get(k).leadId()).toList(), ik.stream().map(k -> guessedIntake.get(k).bodyHash()).toList(),
          newIntake, rs -> intake.put(rs.getString(1), new IntakeRow(rs.getString(2), rs.getString(3))));
      List<String> ck = new ArrayList<>(contactKeys);
      lockPg(c, "INSERT INTO contact_claim (contact_key, lead_id, claimed_at)"
          + " SELECT k, l, ? FROM unnest(?::varchar[], ?::varchar[]) AS v(k, l) ORDER BY k"
          + " ON CONFLICT (contact_key) DO UPDATE SET lead_id = contact_claim.lead_id"
          + " RETURNING contact_key, lead_id, claimed_at, xmax = 0", now, ck,
          ck.stream().map(k -> guessedContacts.get(k).leadId()).toList(), null,
          newContacts, rs -> contacts.put(rs.getString(1), new ContactRow(rs.getString(2), rs.getLong(3))));
    } else {
      select(c, "SELECT claim_key, lead_id, body_hash FROM intake_claim WHERE claim_key = ANY(?)", intakeKeys,
          rs -> intake.put(rs.getString(1), new IntakeRow(rs.getString(2), rs.getString(3))));
      select(c, "SELECT contact_key, lead_id, claimed_at FROM contact_claim WHERE contact_key = ANY(?)", contactKeys,
          rs -> contacts.put(rs.getString(1), new ContactRow(rs.getString(2), rs.getLong(3))));
    }

    ClaimBook book = new ClaimBook(intake, contacts);
    List<Result> results = new ArrayList<>(batch.size());
    for (Pending p : batch) results.add(book.apply(p.request(), now));

    if (pg) {
      writeIntakePg(c, notGuessed(book.changedIntake(), guessedIntake, newIntake), now);
      writeContactsPg(c, notGuessed(book.changedContacts(), guessedContacts, newContacts));
      // A new key the book gave nobody (a refused delivery's) is left unclaimed, as it was found.
      unclaim(c, "UPDATE intake_claim SET lead_id = '', body_hash = NULL, claimed_at = 0 WHERE claim_key = ANY(?)",
          unclaimed(newIntake, book.changedIntake()));
      unclaim(c, "UPDATE contact_claim SET lead_id = '', claimed_at = 0 WHERE contact_key = ANY(?)",
          unclaimed(newContacts, book.changedContacts()));
    } else {
      writeIntakeH2(c, book.changedIntake(), now);
      writeContactsH2(c, book.changedContacts());
    }
    return results;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Locks and reads {@code keys} ({@code sql} of {@link #claim}): a row found is given to {@code
   * reader} unless unclaimed (lead_id ''), a row the statement inserted goes to {@code inserted}.
   *
   * @param leads for each key, the lead its row is inserted with when new; {@code hashes} likewise, or null
   */
  private static void lockPg(Connection c, String sql, long now, List<String> keys, List<String> leads, List<String> hashes,
      Set<String> inserted, RowReader reader) throws SQLException {
    if (keys.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      ps.setArray(2, strings(c, keys));
      ps.setArray(3, strings(c, leads));
      if (hashes != null) ps.setArray(4, strings(c, hashes));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(4)) inserted.add(rs.getString(1));
          else if (!rs.getString(2).isEmpty()) reader.read(rs);
        }
      }
    }
  }

  /** The rows the book changed, but those a new key was inserted with already. */
  static <R> Map<String, R> notGuessed(Map<String, R> changed, Map<String, R> guessed, Set<String> inserted) {
    Map<String, R> out = new HashMap<>();
    changed.forEach((k, v) -> {
      if (!inserted.contains(k) || !v.equals(guessed.get(k))) out.put(k, v);
    });
    return out;
  }

  /** The new keys the book gave nobody. */
  static Set<String> unclaimed(Set<String> inserted, Map<String, ?> changed) {
    Set<String> out = new TreeSet<>(inserted);
    out.removeAll(changed.keySet());
    return out;
  }

  private static void unclaim(Connection c, String sql, Set<String> keys) throws SQLException {
    if (keys.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, strings(c, keys));
      ps.executeUpdate();
    }
  }

  /** Reads the rows {@code sql} answers for {@code keys}; a placeholder (lead_id '') is an unclaimed key. */
  private static void select(Connection c, String sql, TreeSet<String> keys, RowReader reader) throws SQLException {
    if (keys.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, strings(c, keys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(2).isEmpty()) reader.read(rs);
        }
      }
    }
  }

  private static Array strings(Connection c, java.util.Collection<String> values) throws SQLException {
    return c.createArrayOf("varchar", values.toArray(new String[0]));
  }

  private static void writeIntakePg(Connection c, Map<String, IntakeRow> rows, long now) throws SQLException {
    if (rows.isEmpty()) return;
    List<String> keys = new ArrayList<>(rows.keySet());
    try (PreparedStatement ps = c.prepareStatement("UPDATE intake_claim AS t SET lead_id = v.l, body_hash = v.h, claimed_at = ?"
        + " FROM unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS v(k, l, h) WHERE t.claim_key = v.k")) {
      ps.setLong(1, now);
      ps.setArray(2, strings(c, keys));
      ps.setArray(3, strings(c, keys.stream().map(k -> rows.get(k).leadId()).toList()));
      ps.setArray(4, strings(c, keys.stream().map(k -> rows.get(k).bodyHash()).toList()));
      ps.executeUpdate();
    }
  }

  private static void writeContactsPg(Connection c, Map<String, ContactRow> rows) throws SQLException {
    if (rows.isEmpty()) return;
    List<String> keys = new ArrayList<>(rows.keySet());
    try (PreparedStatement ps = c.prepareStatement("UPDATE contact_claim AS t SET lead_id = v.l, claimed_at = v.a"
        + " FROM unnest(?::varchar[], ?::varchar[], ?::bigint[]) AS v(k, l, a) WHERE t.contact_key = v.k")) {
      ps.setArray(1, strings(c, keys));
      ps.setArray(2, strings(c, keys.stream().map(k -> rows.get(k).leadId()).toList()));
      ps.setArray(3, c.createArrayOf("bigint", keys.stream().map(k -> rows.get(k).claimedAtMillis()).toArray(Long[]::new)));
      ps.executeUpdate();
    }
  }

  private static void writeIntakeH2(Connection c, Map<String, IntakeRow> rows, long now) throws SQLException {
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(
        "MERGE INTO intake_claim (claim_key, lead_id, body_hash, claimed_at) KEY (claim_key) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<String, IntakeRow> e : rows.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getValue().leadId());
        ps.setString(3, e.getValue().bodyHash());
        ps.setLong(4, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void writeContactsH2(Connection c, Map<String, ContactRow> rows) throws SQLException {
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(
        "MERGE INTO contact_claim (contact_key, lead_id, claimed_at) KEY (contact_key) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, ContactRow> e : rows.entrySet()) {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getValue().leadId());
        ps.setLong(3, e.getValue().claimedAtMillis());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
