package dev.leadrouter.persistence.lead;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
          new OutboxReadModel(db).undelivered());
    }
  }
}
