package dev.leadrouter.persistence.lead;

import static dev.leadrouter.persistence.Sql.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code lead_index.next_due_at / next_action} follow the lead's earliest pending deadline row. */
class NextDeadlineTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void nextIsTheEarliestPendingStepNothingWhenNoneAndNoTimeWhileOnHold(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection()) {
        exec(c, "INSERT INTO lead_index (lead_id, status, region, priority, received_at, updated_at)"
            + " VALUES ('lead-1', 'ASSIGNED', '华东', 'high', 1, 1)");
        exec(c, "INSERT INTO deadline_index (lead_id, step, kind, due_at) VALUES ('lead-1', -1, 'ROUTE', 50),"
            + " ('lead-1', 1, 'ESCALATE_MANAGER', 300), ('lead-1', 0, 'REMIND', 200)");

        LeadIndexWriter.refreshNext(c, "lead-1");
        assertEquals(Arrays.asList(200L, "REMIND"), next(c), "earliest step, the routing row not counted");

        exec(c, "UPDATE deadline_index SET due_at = " + DeadlineIndexWriter.NEVER + " WHERE step >= 0");
        LeadIndexWriter.refreshNext(c, "lead-1");
        assertEquals(Arrays.asList(null, "REMIND"), next(c), "on hold: no time");

        exec(c, "DELETE FROM deadline_index WHERE step >= 0");
        LeadIndexWriter.refreshNext(c, "lead-1");
        assertEquals(Arrays.asList(null, null), next(c), "none pending");
      }
    }
  }

  private static List<Object> next(Connection c) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT next_due_at, next_action FROM lead_index WHERE lead_id = 'lead-1'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long due = rs.getLong(1);
      return Arrays.asList(rs.wasNull() ? null : due, rs.getString(2));
    }
  }
}
