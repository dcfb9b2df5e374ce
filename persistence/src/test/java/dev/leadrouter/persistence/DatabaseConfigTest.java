package dev.leadrouter.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseConfigTest {

  /** The defaults can only be observed when neither env nor -D properties select something else. */
  private static boolean unset(String env) {
    return System.getenv(env) == null && System.getProperty("leadrouter.db.vendor") == null
        && System.getProperty("leadrouter.db.url") == null;
  }

  @Test
  void defaultsToEmbeddedH2UnderTheDataDir() {
    assumeTrue(unset("LEADROUTER_DB") && unset("LEADROUTER_DATA_DIR"), "env selects the database");
    Config c = DatabaseConfig.load();

    assertEquals("h2", c.getString("leadrouter.db.vendor"));
    assertEquals(
        "jdbc:h2:file:./data/leadrouter;DATABASE_TO_UPPER=false;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        c.getString("leadrouter.db.url"));
    assertEquals("org.h2.Driver", c.getString("leadrouter.db.driver"));
    assertEquals(
        "slick.jdbc.H2Profile$",
        c.getString("pekko-persistence-jdbc.shared-databases.default.profile"));
    assertEquals("h2-dialect", c.getString("pekko.projection.jdbc.dialect"));
    assertCommonWiring(c);
  }

  @Test
  void postgresIsSelectedByTheVendorKey() {
    assumeTrue(unset("LEADROUTER_DB_URL"), "env sets the URL");
    Config c = DatabaseConfig.load(ConfigFactory.parseMap(Map.of("leadrouter.db.vendor", "postgres")));

    assertEquals("postgres", c.getString("leadrouter.db.vendor"));
    assertEquals(
        "jdbc:postgresql://127.0.0.1:5432/leadrouter?reWriteBatchedInserts=true",
        c.getString("leadrouter.db.url"));
    assertEquals("org.postgresql.Driver", c.getString("leadrouter.db.driver"));
    assertEquals(
        "slick.jdbc.PostgresProfile$",
        c.getString("pekko-persistence-jdbc.shared-databases.default.profile"));
    assertEquals("postgres-dialect", c.getString("pekko.projection.jdbc.dialect"));
    assertCommonWiring(c);
  }

  @Test
  void overridesWinAndFlowIntoTheSharedBlocks() {
    Config c =
        DatabaseConfig.load(
            ConfigFactory.parseMap(
                Map.of(
                    "leadrouter.db.vendor", "postgres",
                    "leadrouter.db.url", "jdbc:postgresql://db.example:5432/x",
                    "leadrouter.db.max-pool-size", 3)));
    assertEquals(
        "jdbc:postgresql://db.example:5432/x",
        c.getString("pekko-persistence-jdbc.shared-databases.default.db.url"));
    assertEquals(3, c.getInt("pekko-persistence-jdbc.shared-databases.default.db.maxConnections"));
    assertEquals(
        3,
        c.getInt("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size"));
  }

  @Test
  void testDatabasesH2UrlIsTheOneH2ConfDerivesFromTheDataDir(@TempDir Path dir) {
    Config viaDataDir =
        DatabaseConfig.load(
            ConfigFactory.parseMap(
                Map.of(
                    "leadrouter.db.vendor", "h2",
                    "leadrouter.data-dir", dir.toAbsolutePath().normalize().toString())));
    Config viaHelper = DatabaseConfig.load(TestDatabases.h2(dir));
    assertEquals(viaDataDir.getString("leadrouter.db.url"), viaHelper.getString("leadrouter.db.url"));
    assertEquals("h2", viaHelper.getString("leadrouter.db.vendor"));
  }

  @Test
  void rejectsAnUnknownVendor() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DatabaseConfig.load(ConfigFactory.parseMap(Map.of("leadrouter.db.vendor", "mysql"))));
  }

  private static void assertCommonWiring(Config c) {
    assertEquals("jdbc-journal", c.getString("pekko.persistence.journal.plugin"));
    assertEquals("jdbc-snapshot-store", c.getString("pekko.persistence.snapshot-store.plugin"));
    assertEquals("jdbc-durable-state-store", c.getString("pekko.persistence.state.plugin"));
    assertEquals("jdbc-read-journal", c.getString("leadrouter.persistence.read-journal-plugin-id"));
    for (String plugin :
        new String[] {
          "jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal", "jdbc-durable-state-store"
        }) {
      boolean ownReads = plugin.equals("jdbc-read-journal") && c.getString("leadrouter.db.vendor").equals("postgres");
      assertEquals(ownReads ? "reads" : "default", c.getString(plugin + ".use-shared-db"), plugin);
    }
    if (c.getString("leadrouter.db.vendor").equals("postgres")) {
      // The read journal's own pool: the same database, its statements planned with their values.
      String reads = "pekko-persistence-jdbc.shared-databases.reads.db.";
      assertEquals(c.getString("leadrouter.db.url"), c.getString(reads + "url"));
      assertEquals("SET plan_cache_mode = force_custom_plan", c.getString(reads + "connectionInitSql"));
    }
    String db = "pekko-persistence-jdbc.shared-databases.default.db.";
    assertEquals(c.getString("leadrouter.db.url"), c.getString(db + "url"));
    assertEquals(c.getString("leadrouter.db.user"), c.getString(db + "user"));
    assertEquals(c.getString("leadrouter.db.driver"), c.getString(db + "driver"));
    assertEquals(c.getInt("leadrouter.db.max-pool-size"), c.getInt(db + "numThreads"));
    assertEquals(400, c.getInt("jdbc-journal.batchSize"));
    assertEquals(
        c.getInt("leadrouter.db.max-pool-size"),
        c.getInt("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size"));
    assertEquals(
        "pekko_projection_offset_store", c.getString("pekko.projection.jdbc.offset-store.table"));
    assertEquals(
        "pekko_projection_management",
        c.getString("pekko.projection.jdbc.offset-store.management-table"));
  }
}
