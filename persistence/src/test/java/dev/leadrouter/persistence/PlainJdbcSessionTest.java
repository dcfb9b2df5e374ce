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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainJdbcSessionTest {

  @Test
  void poolSmallerThanTwoIsRejected(@TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(DatabaseVendor.H2, dir)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> Database.create(tdb.config(ConfigFactory.parseMap(Map.of("leadrouter.db.max-pool-size", 1)))));
    }
  }

  @Test
  void commitsRollsBackAndReturnsTheConnectionWithAutocommit(@TempDir Path dir) throws Exception {
    try (TestDb tdb = TestDb.fresh(DatabaseVendor.H2, dir);
        // the smallest pool (Flyway needs 2), so afterwards we can inspect every pooled connection
        Database db =
            Database.create(
                tdb.config(ConfigFactory.parseMap(Map.of("leadrouter.db.max-pool-size", 2))))) {
      db.migrate();

      PlainJdbcSession rolledBack = db.newSession();
      rolledBack.withConnection(
          c -> {
            assertFalse(c.getAutoCommit());
            return insertDeadline(c, "lead-1");
          });
      rolledBack.rollback();
      rolledBack.close();
      assertEquals(0, Sql.count(db.dataSource(), "select count(*) from deadline_index"));

      PlainJdbcSession uncommitted = db.newSession();
      uncommitted.withConnection(c -> insertDeadline(c, "lead-2"));
      uncommitted.close(); // neither commit nor rollback
      assertEquals(0, Sql.count(db.dataSource(), "select count(*) from deadline_index"));

      PlainJdbcSession committed = db.newSession();
      committed.withConnection(c -> insertDeadline(c, "lead-3"));
      committed.commit();
      committed.close();
      assertEquals(1, Sql.count(db.dataSource(), "select count(*) from deadline_index"));

      try (Connection c1 = db.dataSource().getConnection();
          Connection c2 = db.dataSource().getConnection()) {
        assertTrue(c1.getAutoCommit() && c2.getAutoCommit(), "pool restores autocommit");
      }
    }
  }

  private static int insertDeadline(Connection c, String leadId) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("insert into deadline_index (lead_id, step, kind, due_at) values (?, 1, 'ACK', 5)")) {
      ps.setString(1, leadId);
      return ps.executeUpdate();
    }
  }
}
