package dev.leadrouter.persistence.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutboxStoreTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;

  private interface Body {
    void run(OutboxStore store, Database db) throws Exception;
  }

  private void with(DatabaseVendor vendor, Body body) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      body.run(new OutboxStore(db), db);
    }
  }

  /** Rows of one call get ids in their order, each its own time; a key already stored, or repeated in the call, is written once. */
  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void insertAllWritesEachKeyOnceInOrder(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "old", "rep-1", "app", "ASSIGNED", "{\"n\":0}", T0);
      try (java.sql.Connection c = db.dataSource().getConnection()) {
        OutboxStore.insertAll(c, List.of(
            new OutboxStore.Dated(new OutboxStore.NewRow("k3", "lead-3", "rep-1", "app", "ASSIGNED", "{\"n\":3}"), T0 + 3),
            new OutboxStore.Dated(new OutboxStore.NewRow("old", "lead-0", "rep-9", "sms", "ASSIGNED", "{\"n\":9}"), T0 + 9),
            new OutboxStore.Dated(new OutboxStore.NewRow("k1", "lead-1", "rep-2", "email", "REMINDER", "{\"n\":1}"), T0 + 1),
            new OutboxStore.Dated(new OutboxStore.NewRow("k3", "lead-3", "rep-1", "app", "ASSIGNED", "{\"n\":33}"), T0 + 33)));
      }
      assertEquals(List.of("old:rep-1:app:" + T0 + ":{\"n\":0}", "k3:rep-1:app:" + (T0 + 3) + ":{\"n\":3}",
              "k1:rep-2:email:" + (T0 + 1) + ":{\"n\":1}"),
          dev.leadrouter.persistence.Sql.rows(db.dataSource(), "SELECT idempotency_key, recipient_id, channel,"
              + " next_attempt_at, payload FROM outbox ORDER BY id").stream()
              .map(r -> r.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(":"))).toList());
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void claimMarksSendingAndHidesRowsUntilTheLeasePasses(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "a", "rep-1", "webhook", "REMINDER", "{\"n\":1}", T0);
      OutboxRows.insert(db, "b", "rep-1", "webhook", "REMINDER", "{\"n\":2}", T0 + 1);
      OutboxRows.insert(db, "later", "rep-1", "webhook", "REMINDER", "{}", T0 + 60_000);

      List<OutboxRow> first = store.claimDue(Set.of("webhook"), T0 + 10, 10, LEASE);
      assertEquals(List.of("a", "b"), first.stream().map(OutboxRow::idempotencyKey).toList(), "due only, oldest first");
      assertEquals("{\"n\":1}", first.get(0).payload());
      assertEquals(0, first.get(0).attempts());
      assertEquals(T0, first.get(0).createdAt());
      OutboxRows.State a = OutboxRows.state(db, "a");
      assertEquals("SENDING", a.status());
      assertEquals(T0 + 10 + LEASE.toMillis(), a.nextAttemptAt());

      assertEquals(List.of(), store.claimDue(Set.of("webhook"), T0 + 20, 10, LEASE), "leased rows are hidden");
      assertEquals(List.of(), store.claimDue(Set.of("webhook"), T0 + 10 + LEASE.toMillis() - 1, 1, LEASE).stream()
          .filter(r -> !r.idempotencyKey().equals("later")).toList());

      long afterLease = T0 + 10 + LEASE.toMillis();
      List<OutboxRow> again = store.claimDue(Set.of("webhook"), afterLease, 10, LEASE);
      assertEquals(Set.of("a", "b"), keys(again), "an expired lease is claimed again (crash between send and mark)");
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void claimRespectsTheBatchAndTheChannels(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "w1", "r", "webhook", "REMINDER", "{}", T0);
      OutboxRows.insert(db, "e1", "r", "email", "REMINDER", "{}", T0 + 1);
      OutboxRows.insert(db, "s1", "r", "sms", "REMINDER", "{}", T0 + 2);
      OutboxRows.insert(db, "w2", "r", "webhook", "REMINDER", "{}", T0 + 3);

      assertEquals(Set.of("w1"), keys(store.claimDue(Set.of("webhook"), T0 + 10, 1, LEASE)));
      assertEquals(Set.of("e1", "w2"), keys(store.claimDue(Set.of("webhook", "email"), T0 + 10, 10, LEASE)));
      assertEquals(List.of(), store.claimDue(Set.of(), T0 + 10, 10, LEASE));
      assertEquals("PENDING", OutboxRows.state(db, "s1").status(), "other channels untouched");
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void concurrentClaimsNeverHandOutTheSameRow(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      for (int i = 0; i < 200; i++) OutboxRows.insert(db, "k" + i, "r", "webhook", "REMINDER", "{}", T0 + i);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Callable<List<OutboxRow>> claim = () -> {
          List<OutboxRow> mine = new java.util.ArrayList<>();
          List<OutboxRow> got;
          while (!(got = store.claimDue(Set.of("webhook"), T0 + 1_000, 7, LEASE)).isEmpty()) mine.addAll(got);
          return mine;
        };
        List<Future<List<OutboxRow>>> futures = pool.invokeAll(List.of(claim, claim, claim, claim));
        Set<String> all = new HashSet<>();
        int total = 0;
        for (Future<List<OutboxRow>> f : futures) {
          for (OutboxRow r : f.get()) {
            all.add(r.idempotencyKey());
            total++;
          }
        }
        assertEquals(200, total, "each row claimed exactly once");
        assertEquals(200, all.size());
      } finally {
        pool.shutdownNow();
      }
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void markSentRetryAndFailed(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "sent", "r", "webhook", "REMINDER", "{}", T0);
      OutboxRows.insert(db, "retry", "r", "webhook", "REMINDER", "{}", T0);
      OutboxRows.insert(db, "failed", "r", "webhook", "REMINDER", "{}", T0);
      List<OutboxRow> rows = store.claimDue(Set.of("webhook"), T0, 10, LEASE);
      long sent = id(rows, "sent");
      long retry = id(rows, "retry");
      long failed = id(rows, "failed");

      store.markSent(sent, T0 + 5);
      OutboxRows.State s = OutboxRows.state(db, "sent");
      assertEquals("SENT", s.status());
      assertEquals(T0 + 5, s.sentAt());
      assertNull(s.nextAttemptAt());
      store.markSent(sent, T0 + 99);
      assertEquals(T0 + 5, OutboxRows.state(db, "sent").sentAt(), "the first sent_at stays");

      store.markRetry(retry, 1, T0 + 1_000, "HTTP 500");
      OutboxRows.State r = OutboxRows.state(db, "retry");
      assertEquals(new OutboxRows.State("PENDING", 1, T0 + 1_000, null, "HTTP 500"), r);
      assertEquals(List.of(), store.claimDue(Set.of("webhook"), T0 + 999, 10, LEASE), "not before its time");
      List<OutboxRow> due = store.claimDue(Set.of("webhook"), T0 + 1_000, 10, LEASE);
      assertEquals(List.of("retry"), due.stream().map(OutboxRow::idempotencyKey).toList());
      assertEquals(1, due.get(0).attempts());

      store.markFailed(failed, "x".repeat(5_000));
      OutboxRows.State f = OutboxRows.state(db, "failed");
      assertEquals("FAILED", f.status());
      assertEquals(1, f.attempts());
      assertNotNull(f.lastError());
      assertEquals(2_000, f.lastError().length(), "fits the column");
      assertTrue(store.claimDue(Set.of("webhook"), T0 + 10_000_000, 10, LEASE).stream()
          .noneMatch(x -> x.idempotencyKey().equals("failed") || x.idempotencyKey().equals("sent")));

      store.markRetry(sent, 3, T0, "late retry from a stale dispatcher");
      assertEquals("SENT", OutboxRows.state(db, "sent").status(), "a retry never undoes SENT");
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void failingARowAddsItsAlertsOnceAndOnlyWhenThisCallFailedIt(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "sms-1", "rep-1", "sms", "REMINDER", "{}", T0);
      OutboxRow row = store.claimDue(Set.of("sms"), T0, 1, LEASE).get(0);
      List<OutboxStore.NewRow> alerts = List.of(
          new OutboxStore.NewRow("sms-1:failed:mgr-1:email", "lead-1", "mgr-1", "email", "DELIVERY_FAILED", "{}"));

      store.markFailed(row.id(), "gave up", alerts, T0 + 5);
      store.markFailed(row.id(), "gave up again", alerts, T0 + 6);

      assertEquals("FAILED", OutboxRows.state(db, "sms-1").status());
      assertEquals("gave up", OutboxRows.state(db, "sms-1").lastError());
      OutboxRows.State alert = OutboxRows.state(db, "sms-1:failed:mgr-1:email");
      assertEquals("PENDING", alert.status());
      assertEquals(T0 + 5, alert.nextAttemptAt());
      assertEquals(List.of("sms-1:failed:mgr-1:email"), keys(store.claimDue(Set.of("email"), T0 + 10, 10, LEASE))
          .stream().toList());
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aDeferredRowWaitsWithoutCountingAnAttempt(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "voice-1", "rep-1", "voice", "REMINDER", "{}", T0);
      OutboxRow row = store.claimDue(Set.of("voice"), T0, 1, LEASE).get(0);

      store.markDeferred(row.id(), T0 + 3_600_000, "quiet hours");

      OutboxRows.State state = OutboxRows.state(db, "voice-1");
      assertEquals("PENDING", state.status());
      assertEquals(0, state.attempts());
      assertEquals(T0 + 3_600_000, state.nextAttemptAt());
      assertEquals(List.of(), store.claimDue(Set.of("voice"), T0 + 3_599_999, 1, LEASE));
      assertEquals(1, store.claimDue(Set.of("voice"), T0 + 3_600_000, 1, LEASE).size());
    });
  }

  /**
   * App rows wait for their person's app and are never claimed, however old: a claim that names the
   * app channel does not take them, and on PostgreSQL the claim and the live stream's reads go
   * through indexes that the waiting app rows of everyone else do not fill (V20; before it, 600,000
   * waiting app rows made each claim read the whole table, 225 ms a poll).
   */
  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void waitingAppRowsAreNeverClaimedAndTheirReadsUseTheirOwnIndexes(DatabaseVendor vendor) throws Exception {
    with(vendor, (store, db) -> {
      OutboxRows.insert(db, "a1", "rep-1", "app", "ASSIGNED", "{}", T0);
      OutboxRows.insert(db, "a2", "rep-2", "app", "ASSIGNED", "{}", T0 + 1);
      OutboxRows.insert(db, "e1", "mgr-1", "email", "REMINDER", "{}", T0 + 2);
      List<OutboxRow> claimed = store.claimDue(Set.of("app", "email"), T0 + 10, 10, LEASE);
      assertEquals(List.of("e1"), claimed.stream().map(OutboxRow::idempotencyKey).toList());
      assertEquals("PENDING", OutboxRows.state(db, "a1").status());
      assertEquals(List.of(), store.claimDue(Set.of("app"), T0 + 10, 10, LEASE));
      if (vendor == DatabaseVendor.POSTGRES) {
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
          // Many people's app rows waiting, and other rows delivered, as a table in use holds.
          st.execute("INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, status,"
              + " created_at, next_attempt_at) SELECT 'bulk' || i, 'l1', 'r' || (i % 50), CASE WHEN i % 2 = 0 THEN 'app'"
              + " ELSE 'sms' END, 'ASSIGNED', '{}', CASE WHEN i % 2 = 0 THEN 'PENDING' ELSE 'SENT' END, i, i"
              + " FROM generate_series(1, 20000) i");
          st.execute("ANALYZE outbox");
        }
        assertEquals("outbox_claim_idx", plan(db, OutboxStore.claimSql(2)
            .replaceFirst("\\?", "'email'").replaceFirst("\\?", "'sms'").replaceFirst("\\?", "1").replaceFirst("\\?", "10")));
        assertEquals("outbox_app_idx", plan(db, OutboxStore.APP_ROWS
            .replaceFirst("\\?", "'rep-1'").replaceFirst("\\?", "0").replaceFirst("\\?", "10")));
        assertEquals("outbox_app_idx", plan(db, OutboxStore.APP_STREAM_START.replace("?", "'rep-1'")));
        assertEquals(List.of(List.of(0L)), dev.leadrouter.persistence.Sql.rows(db.dataSource(),
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'outbox_claim_idx' AND indexdef NOT LIKE '%<> ''app''%'"),
            "the claim's index leaves app rows out");
      }
    });
  }

  /** The one index {@code sql}'s plan reads ({@link dev.leadrouter.persistence.Sql#explain}), or the whole plan when not one. */
  private static String plan(Database db, String sql) throws Exception {
    String text = dev.leadrouter.persistence.Sql.explain(db.dataSource(), sql);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?:Index Scan(?: Backward)? using|Index Only Scan(?: Backward)? using|Bitmap Index Scan on) (\\w+)").matcher(text);
    java.util.Set<String> used = new java.util.TreeSet<>();
    while (m.find()) used.add(m.group(1));
    return used.size() == 1 ? used.iterator().next() : text;
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void theLiveStreamStartsAtTheOldestUndeliveredAppRowAndReadsOnlyThatPersonsAppRows(DatabaseVendor vendor)
      throws Exception {
    with(vendor, (store, db) -> {
      assertEquals(0, store.appStreamStart("rep-1"), "nothing yet");
      OutboxRows.insert(db, "a1", "rep-1", "app", "ASSIGNED", "{}", T0);
      OutboxRows.insert(db, "a2", "rep-1", "app", "REMINDER", "{}", T0 + 1);
      OutboxRows.insert(db, "other", "rep-2", "app", "ASSIGNED", "{}", T0 + 2);
      OutboxRows.insert(db, "sms", "rep-1", "sms", "REMINDER", "{}", T0 + 3);
      List<OutboxRow> all = store.appRows("rep-1", 0, 10);
      assertEquals(List.of("a1", "a2"), all.stream().map(OutboxRow::idempotencyKey).toList());

      assertEquals(all.get(0).id() - 1, store.appStreamStart("rep-1"));
      store.markSent(all.get(0).id(), T0 + 10);
      assertEquals(all.get(1).id() - 1, store.appStreamStart("rep-1"));
      store.markSent(all.get(1).id(), T0 + 10);
      assertEquals(all.get(1).id(), store.appStreamStart("rep-1"), "all delivered: only new rows");
      assertEquals(List.of("a2"), store.appRows("rep-1", all.get(0).id(), 10).stream().map(OutboxRow::idempotencyKey).toList());
    });
  }

  private static Set<String> keys(List<OutboxRow> rows) {
    Set<String> keys = new HashSet<>();
    rows.forEach(r -> keys.add(r.idempotencyKey()));
    assertEquals(rows.size(), keys.size());
    return keys;
  }

  private static long id(List<OutboxRow> rows, String key) {
    return rows.stream().filter(r -> r.idempotencyKey().equals(key)).findFirst().orElseThrow().id();
  }
}
