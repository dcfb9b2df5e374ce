package dev.leadrouter.persistence.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Jdbc;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The last 50 refused/test deliveries per source are kept; accepted ones come from lead_index. */
class SourceDeliveryLogTest {

  private static final long T0 = 1_800_000_000_000L;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void keepsTheLastFiftyPerSource(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      SourceDeliveryLog log = new SourceDeliveryLog(db);
      for (int i = 0; i < 55; i++) {
        log.record("web", new SourceDeliveryLog.Entry(T0 + i, SourceDeliveryLog.REFUSED, 401, "wrong ?token " + i, null));
      }
      log.record("other", new SourceDeliveryLog.Entry(T0, SourceDeliveryLog.TEST, 200, null, "{\"leads\":[]}"));
      List<SourceDeliveryLog.Entry> web = log.recent("web");
      assertEquals(50, web.size());
      assertEquals("wrong ?token 54", web.get(0).problem(), "newest first");
      assertEquals("wrong ?token 5", web.get(49).problem(), "the five oldest forgotten");
      assertEquals(List.of(new SourceDeliveryLog.Entry(T0, "test", 200, null, "{\"leads\":[]}")), log.recent("other"));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void acceptedLeadsComeFromTheReadModel(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      Jdbc jdbc = new Jdbc(db.dataSource());
      for (int i = 0; i < 3; i++) {
        int n = i;
        jdbc.update("seed", "INSERT INTO lead_index (lead_id, status, region, priority, name, received_at, updated_at, source)"
            + " VALUES (?, 'ASSIGNED', '华东', 'normal', ?, ?, ?, ?)", ps -> {
              ps.setString(1, "lead-" + n);
              ps.setString(2, "王" + n);
              ps.setLong(3, T0 + n);
              ps.setLong(4, T0 + n);
              ps.setString(5, n == 2 ? "other" : "web");
            });
      }
      assertEquals(List.of(new SourceDeliveryLog.Accepted("lead-1", T0 + 1, "ASSIGNED", "王1"),
              new SourceDeliveryLog.Accepted("lead-0", T0, "ASSIGNED", "王0")),
          new SourceDeliveryLog(db).accepted("web", 20));
    }
  }
}
