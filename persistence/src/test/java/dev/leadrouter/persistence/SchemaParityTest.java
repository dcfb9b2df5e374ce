package dev.leadrouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 and PostgreSQL migrations must produce the same tables, columns and indexes. */
class SchemaParityTest {

  @Test
  void sameTablesColumnsAndIndexesOnH2AndPostgres(@TempDir Path dir) {
    try (TestDb pgDb = TestDb.fresh(DatabaseVendor.POSTGRES, dir);
        TestDb h2Db = TestDb.fresh(DatabaseVendor.H2, dir);
        Database pg = Database.create(pgDb.config(ConfigFactory.empty()));
        Database h2 = Database.create(h2Db.config(ConfigFactory.empty()))) {
      pg.migrate();
      h2.migrate();

      Map<String, SortedSet<String>> pgColumns = Sql.columns(pg.dataSource(), DatabaseVendor.POSTGRES);
      Map<String, SortedSet<String>> h2Columns = Sql.columns(h2.dataSource(), DatabaseVendor.H2);

      // Table and column names: all tables (Pekko's and ours).
      assertEquals(pgColumns.keySet(), h2Columns.keySet());
      for (String table : pgColumns.keySet()) {
        assertEquals(names(pgColumns.get(table)), names(h2Columns.get(table)), table);
      }
      // Our tables also agree on nullability (Pekko's upstream scripts differ slightly by design).
      for (String table : Sql.APP_TABLES) {
        assertEquals(pgColumns.get(table), h2Columns.get(table), table);
        assertEquals(
            Sql.namedIndexes(pg.dataSource(), DatabaseVendor.POSTGRES, table),
            Sql.namedIndexes(h2.dataSource(), DatabaseVendor.H2, table),
            table);
      }
    }
  }

  private static java.util.SortedSet<String> names(SortedSet<String> columnLines) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    columnLines.forEach(l -> out.add(l.substring(0, l.indexOf(' '))));
    return out;
  }
}
