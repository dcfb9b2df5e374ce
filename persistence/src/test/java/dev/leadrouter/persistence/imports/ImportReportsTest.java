package dev.leadrouter.persistence.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An import's report is readable for seven days, then forgotten when a later import is saved. */
class ImportReportsTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final long DAY = 86_400_000L;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aReportIsKeptSevenDays(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      ImportReports reports = new ImportReports(db);
      String csv = "row,outcome,leadId,field,message\r\n2,refused,,手机,\"not a valid phone number, \"\"x\"\"\"\r\n";
      reports.save("imp-1", "admin-1", T0, csv);
      assertEquals(Optional.of(csv), reports.find("imp-1", T0 + 7 * DAY));
      assertEquals(Optional.empty(), reports.find("imp-1", T0 + 7 * DAY + 1), "past seven days");
      assertEquals(Optional.empty(), reports.find("imp-2", T0));
      reports.save("imp-2", "admin-1", T0 + 8 * DAY, "row\r\n");
      assertEquals(Optional.empty(), reports.find("imp-1", T0), "forgotten when a later one was saved");
      assertEquals(Optional.of("row\r\n"), reports.find("imp-2", T0 + 8 * DAY));
    }
  }
}
