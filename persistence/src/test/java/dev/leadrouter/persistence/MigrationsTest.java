package dev.leadrouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void migrationsApplyOnAFreshDatabaseAndAreIdempotent(DatabaseVendor vendor, @TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(vendor, dir);
        Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      assertEquals(vendor, db.vendor());
      assertEquals(20, db.migrate(), "V1 to V20 applied");
      assertEquals(0, db.migrate(), "second migrate is a no-op");

      List<List<Object>> history =
          Sql.rows(
              db.dataSource(),
              "select version, success from flyway_schema_history"
                  + " where version is not null order by installed_rank");
      assertEquals(List.of(List.of("1", true), List.of("2", true), List.of("3", true), List.of("4", true),
          List.of("5", true), List.of("6", true), List.of("7", true), List.of("8", true),
          List.of("9", true), List.of("10", true), List.of("11", true), List.of("12", true), List.of("13", true),
          List.of("14", true), List.of("15", true), List.of("16", true), List.of("17", true), List.of("18", true),
          List.of("19", true), List.of("20", true)), history);

      Set<String> tables = Sql.columns(db.dataSource(), vendor).keySet();
      List<String> expected = new ArrayList<>(Sql.PEKKO_TABLES);
      expected.addAll(Sql.APP_TABLES);
      assertEquals(new TreeSet<>(expected), tables);

      assertTrue(Sql.namedIndexes(db.dataSource(), vendor, "event_tag").contains("event_tag_tag_idx(tag,event_id)"),
          "projections read the journal by tag through an index (V10)");
      assertEquals(
          new TreeSet<>(
              List.of(
                  "lead_index_email_idx(email)",
                  "lead_index_phone_idx(phone)",
                  "lead_index_received_idx(received_at)",
                  "lead_index_source_received_idx(source,received_at)",
                  "lead_index_region_status_queued_idx(region,status,queued_at)",
                  "lead_index_rep_status_idx(rep_id,status)",
                  "lead_index_status_region_idx(status,region)")),
          Sql.namedIndexes(db.dataSource(), vendor, "lead_index"));
      assertEquals(
          Set.of("deadline_index_due_at_idx(due_at)"),
          Sql.namedIndexes(db.dataSource(), vendor, "deadline_index"));
      assertEquals(
          Set.of("outbox_claim_idx(created_at,id)", "outbox_lead_id_idx(lead_id)", "outbox_app_idx(recipient_id,id)",
              "outbox_undelivered_idx(channel,created_at)"),
          Sql.namedIndexes(db.dataSource(), vendor, "outbox"));
      assertEquals(
          Set.of("opportunity_index_opened_idx(opened_at,opportunity_id)", "opportunity_index_owner_idx(owner_id,opened_at)",
              "opportunity_index_stage_idx(stage,opened_at)", "opportunity_index_region_idx(region,opened_at)",
              "opportunity_index_lead_idx(lead_id)"),
          Sql.namedIndexes(db.dataSource(), vendor, "opportunity_index"));
      assertEquals(
          Set.of("opportunity_stage_log_entered_idx(entered_at,stage)"),
          Sql.namedIndexes(db.dataSource(), vendor, "opportunity_stage_log"));
    }
  }

  /**
   * V19: an event's tags are deleted with it (a trigger on PostgreSQL, the foreign key's cascade on
   * H2), and PostgreSQL no longer checks each tag row against the journal (the check cost a lookup
   * and a row lock per tagged event).
   */
  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void anEventsTagsAreDeletedWithItAndOnPostgresNotCheckedOnInsert(DatabaseVendor vendor, @TempDir Path dir)
      throws SQLException {
    try (TestDb tdb = TestDb.fresh(vendor, dir);
        Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement event = c.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\","
              + " \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_ser_id\","
              + " \"event_ser_manifest\", \"event_payload\") VALUES ('Lead|x', ?, 'w', 0, '', 1, 'm', ?)")) {
        for (int seq = 1; seq <= 3; seq++) {
          event.setInt(1, seq);
          event.setBytes(2, new byte[] {1});
          event.executeUpdate();
        }
        Sql.exec(c, "INSERT INTO \"event_tag\" (\"event_id\", \"tag\") SELECT \"ordering\", 'lead-1'"
            + " FROM \"event_journal\"");
        Sql.exec(c, "DELETE FROM \"event_journal\" WHERE \"sequence_number\" <= 2");
        assertEquals(List.of(List.of(3L)), Sql.rows(db.dataSource(), "SELECT j.\"sequence_number\" FROM \"event_tag\" t"
            + " JOIN \"event_journal\" j ON j.\"ordering\" = t.\"event_id\""), "the third event's tag is left");
        assertEquals(List.of(List.of(1L)), Sql.rows(db.dataSource(), "SELECT COUNT(*) FROM \"event_tag\""),
            "the deleted events' tags went with them");
        String orphan = "INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (999999, 'lead-1')";
        if (vendor == DatabaseVendor.POSTGRES) Sql.exec(c, orphan);
        else assertThrows(SQLException.class, () -> Sql.exec(c, orphan), "H2 keeps the foreign key");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void outboxDefaultsIdentityAndIdempotencyKey(DatabaseVendor vendor, @TempDir Path dir)
      throws SQLException {
    try (TestDb tdb = TestDb.fresh(vendor, dir);
        Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      DataSource ds = db.dataSource();
      insertOutbox(ds, "lead-1:assigned:1");
      insertOutbox(ds, "lead-1:assigned:2");

      assertEquals(
          List.of(List.of("PENDING", 0), List.of("PENDING", 0)),
          Sql.rows(ds, "select status, attempts from outbox order by id"));
      List<List<Object>> ids = Sql.rows(ds, "select id from outbox order by id");
      assertTrue(((Number) ids.get(0).get(0)).longValue() < ((Number) ids.get(1).get(0)).longValue());

      SQLException dup = assertThrows(SQLException.class, () -> insertOutbox(ds, "lead-1:assigned:1"));
      assertEquals("23505", dup.getSQLState(), "unique violation on idempotency_key");
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void reachabilityFollowsThePool(DatabaseVendor vendor, @TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Database db = Database.create(tdb.config(ConfigFactory.empty()));
      assertTrue(db.isReachable(Duration.ofSeconds(5)));
      db.close();
      assertFalse(db.isReachable(Duration.ofSeconds(1)));
    }
  }

  @org.junit.jupiter.api.Test
  void unreachableDatabaseIsReportedWithinTheTimeout() {
    // Nothing listens on port 1; the pool is created lazily, so create() succeeds.
    try (Database db =
        Database.create(
            dev.leadrouter.persistence.DatabaseConfig.load(
                ConfigFactory.parseMap(
                    Map.of(
                        "leadrouter.db.vendor", "postgres",
                        "leadrouter.db.url", "jdbc:postgresql://127.0.0.1:1/none",
                        "leadrouter.db.connection-timeout", "2s"))))) {
      long start = System.nanoTime();
      assertFalse(db.isReachable(Duration.ofMillis(500)));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500);
    }
  }

  static void insertOutbox(DataSource ds, String key) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload,"
                    + " created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, "lead-1");
      ps.setString(3, "rep-7");
      ps.setString(4, "SMS");
      ps.setString(5, "ASSIGNED");
      ps.setString(6, "{\"text\":\"hello\"}");
      ps.setLong(7, 1_700_000_000_000L);
      ps.executeUpdate();
    }
  }
}
