package dev.leadrouter.persistence.lead;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The backlog counts behind /metrics: waiting leads per region and status, undelivered outbox rows per channel. */
class BacklogQueriesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void countsOnlyWhatWaitsWithTheOldest(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection()) {
        exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at, updated_at) VALUES"
            + " ('l1', 'QUEUED', '华东', 'high', 100, 1), ('l2', 'QUEUED', '华东', 'high', 50, 1),"
            + " ('l3', 'QUEUED', '华北', 'high', 70, 1), ('l4', 'RECEIVED', '华北', 'high', 20, 1),"
            + " ('l5', 'ASSIGNED', '华东', 'high', 10, 1), ('l6', 'CLOSED', '华东', 'high', 5, 1)");
        exec(c, "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, status, created_at) VALUES"
            + " ('k1', 'l1', 'r', 'webhook', 'REMINDER', '{}', 'PENDING', 300),"
            + " ('k2', 'l1', 'r', 'webhook', 'REMINDER', '{}', 'SENDING', 200),"
            + " ('k3', 'l1', 'r', 'email', 'REMINDER', '{}', 'SENT', 100),"
            + " ('k4', 'l1', 'r', 'email', 'REMINDER', '{}', 'FAILED', 100)");
      }
      List<LeadReadModel.Waiting> waiting = new LeadReadModel(db).waiting().stream()
          .sorted(Comparator.comparing(LeadReadModel.Waiting::region).thenComparing(LeadReadModel.Waiting::status)).toList();
      assertEquals(List.of(
          new LeadReadModel.Waiting("华东", "QUEUED", 2, Instant.ofEpochMilli(50)),
          new LeadReadModel.Waiting("华北", "QUEUED", 1, Instant.ofEpochMilli(70)),
          new LeadReadModel.Waiting("华北", "RECEIVED", 1, Instant.ofEpochMilli(20))), waiting);
      assertEquals(List.of(new OutboxReadModel.Undelivered("webhook", 2, Instant.ofEpochMilli(200))),
          new OutboxReadModel(db).undelivered(List.of("webhook", "email", "app")));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void theOutboxBacklogIsCountedUpToTheCapPerChannelAndTheOldestIsExact(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection()) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 5; i++) {
          rows.append(i == 0 ? "" : ",").append("('app").append(i).append("', 'l1', 'r', 'app', 'ASSIGNED', '{}', 'PENDING', ")
              .append(1_000 - i).append(")");
        }
        exec(c, "INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, status, created_at) VALUES "
            + rows + ", ('e1', 'l1', 'r', 'email', 'REMINDER', '{}', 'SENDING', 2000), ('e2', 'l1', 'r', 'email', 'REMINDER', '{}', 'SENT', 10)");
      }
      OutboxReadModel outbox = new OutboxReadModel(db);
      // Four of app's five rows are counted; its oldest (996) is found all the same; sms has none.
      assertEquals(List.of(new OutboxReadModel.Undelivered("app", 4, Instant.ofEpochMilli(996)),
              new OutboxReadModel.Undelivered("email", 1, Instant.ofEpochMilli(2000))),
          outbox.undelivered(List.of("sms", "email", "app"), 4));
      assertEquals(5, outbox.undelivered(List.of("app")).get(0).count());
      if (vendor == DatabaseVendor.POSTGRES) {
        // The gauge reads the partial index, never every waiting row of the table.
        try (Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
          // Delivered app rows of many people, as a table in use holds: planned on five rows, an app
          // row's indexes all look alike.
          st.execute("INSERT INTO outbox (idempotency_key, lead_id, recipient_id, channel, kind, payload, status,"
              + " created_at) SELECT 'sent' || i, 'l1', 'r' || (i % 50), 'app', 'ASSIGNED', '{}', 'SENT', i"
              + " FROM generate_series(1, 20000) i");
          st.execute("ANALYZE outbox");
        }
        String plan = dev.leadrouter.persistence.Sql.explain(db.dataSource(), "SELECT MIN(created_at) FROM outbox"
            + " WHERE channel = 'app' AND status IN ('PENDING', 'SENDING')");
        assertTrue(plan.contains("outbox_undelivered_idx"), plan);
      }
    }
  }
}
