package dev.leadrouter.persistence.live;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** live_change read by id and trimmed by age, on H2 and PostgreSQL. */
class LiveChangeStoreTest {

  @TempDir Path dir;

  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void rowsAfterAnIdInOrderAndTheOldOnesDeletedByAge(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      LiveChangeStore store = new LiveChangeStore(db);
      assertEquals(0, store.maxId());
      assertEquals(OptionalLong.empty(), store.minId());
      try (Connection c = db.dataSource().getConnection()) {
        exec(c, "INSERT INTO lead_index (lead_id, status, region, rep_id, priority, received_at, updated_at,"
            + " escalation_level) VALUES ('lead-1', 'ASSIGNED', '华东', 'rep-1', 'normal', 1, 1, 0)");
        try (LiveChanges live = LiveChanges.ofLeads(c)) {
          live.add("lead-1", "RECEIVED", T, null);
          live.add("lead-1", "ASSIGNED", T.plusSeconds(60), null);
          live.add("lead-1", "REASSIGNED", T.plusSeconds(120), "rep-0");
          live.add("no-such-lead", "RECEIVED", T, null);
          live.flush();
        }
        if (!c.getAutoCommit()) c.commit();
      }
      List<LiveChangeStore.Change> all = store.after(0, 10);
      assertEquals(3, all.size(), "a change of a lead with no row writes nothing");
      long first = all.get(0).id();
      assertEquals(new LiveChangeStore.Change(first + 2, T.plusSeconds(120), "lead", "lead-1", "REASSIGNED", "rep-1",
          "rep-0", "华东"), all.get(2));
      assertEquals(List.of("ASSIGNED"), store.between(first, first + 1, 10).stream().map(LiveChangeStore.Change::change).toList());
      assertEquals(List.of("RECEIVED", "ASSIGNED"), store.after(0, 2).stream().map(LiveChangeStore.Change::change).toList());
      assertEquals(first + 2, store.maxId());

      assertEquals(2, store.deleteBefore(T.plusSeconds(120)));
      assertEquals(OptionalLong.of(first + 2), store.minId());
      assertEquals(0, store.deleteBefore(T.plusSeconds(120)), "idempotent");
    }
  }
}
