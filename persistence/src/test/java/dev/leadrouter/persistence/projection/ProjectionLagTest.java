package dev.leadrouter.persistence.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A slice's lag is the wait of its oldest event past its offset, 0 when it has projected them all. */
class ProjectionLagTest {

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void eachSliceLagsByItsOldestEventNotYetProjected(DatabaseVendor vendor, @TempDir Path dir) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      try (Connection c = db.dataSource().getConnection()) {
        // Orderings 1..6 written at 1 s .. 6 s; slice a has 1, 3, 5; slice b has 2, 4, 6; slice c none.
        for (int i = 1; i <= 6; i++) {
          Sql.exec(c, "INSERT INTO event_journal (persistence_id, sequence_number, deleted, writer, write_timestamp,"
              + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload) VALUES ('x|" + i + "', 1, FALSE, 'w', "
              + (1000L * i) + ", '', 20, '', " + (vendor == DatabaseVendor.POSTGRES ? "'\\x00'::bytea" : "X'00'") + ")");
          Sql.exec(c, "INSERT INTO event_tag (event_id, tag) VALUES (" + i + ", '" + (i % 2 == 1 ? "a" : "b") + "')");
        }
        Sql.exec(c, "INSERT INTO pekko_projection_offset_store (projection_name, projection_key, current_offset, manifest,"
            + " mergeable, last_updated) VALUES ('p', 'a', '3', 'SEQ', FALSE, 0), ('p', 'b', '6', 'SEQ', FALSE, 0)");
      }
      ProjectionGuard guard = new ProjectionGuard("p", new ProjectionGuard.Settings(3, Duration.ofSeconds(30), Duration.ofSeconds(1)));
      new ProjectionLag(db.dataSource(), "p", List.of("a", "b", "c"), guard,
          Clock.fixed(Instant.ofEpochMilli(10_000), ZoneOffset.UTC)).measure();
      assertEquals(5_000, guard.lagMillis("a"), "event 5, written at 5 s, waits since");
      assertEquals(0, guard.lagMillis("b"), "all projected");
      assertEquals(0, guard.lagMillis("c"), "no event of its tag");
    }
  }
}
