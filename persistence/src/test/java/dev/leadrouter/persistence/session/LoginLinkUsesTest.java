package dev.leadrouter.persistence.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A login link signs someone in once, however many requests open it at the same time. */
class LoginLinkUsesTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final long EXPIRES = T0 + 15 * 60_000;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aLinkIsUsedOnceAndForgottenOnlyLongAfterItExpired(DatabaseVendor vendor) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      LoginLinkUses uses = new LoginLinkUses(db);
      assertTrue(uses.use("link-1", "rep-east-1", T0, EXPIRES));
      assertFalse(uses.use("link-1", "rep-east-1", T0 + 1_000, EXPIRES));
      assertTrue(uses.use("link-2", "rep-east-1", T0 + 2_000, EXPIRES), "another link of the same person");
      // a minute after expiry (within the tokens' leeway) the use is still on record
      assertFalse(uses.use("link-1", "rep-east-1", EXPIRES + 60_000, EXPIRES));

      List<Future<Boolean>> racing = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < 8; i++) racing.add(pool.submit(() -> uses.use("link-3", "mgr-east", T0, EXPIRES)));
        int won = 0;
        for (Future<Boolean> f : racing) won += f.get() ? 1 : 0;
        assertEquals(1, won, "exactly one of the concurrent sign-ins");
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
