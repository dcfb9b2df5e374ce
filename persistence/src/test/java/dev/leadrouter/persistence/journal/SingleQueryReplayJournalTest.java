package dev.leadrouter.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.CapabilityFlag;
import org.apache.pekko.persistence.japi.journal.JavaJournalSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scalatest.Args;
import org.scalatest.ConfigMap$;
import org.scalatest.Filter$;
import org.scalatest.Reporter;
import org.scalatest.Status;
import org.scalatest.Filter;
import org.scalatest.Stopper;
import org.scalatest.Tracker;
import org.scalatest.Tracker$;
import org.scalatest.events.SuiteAborted;
import org.scalatest.events.TestCanceled;
import org.scalatest.events.TestFailed;
import org.scalatest.events.TestSucceeded;
import scala.Option;

/**
 * Pekko's journal TCK ({@code JournalSpec}, the conformance suite every journal plugin runs) against
 * {@link SingleQueryReplayJournal} as configured for the engine, on H2 and PostgreSQL. Its replays
 * from the first event (all, bounded by a sequence number or a count, after deletions, with
 * metadata) take the single-query path; the others go through the plugin's own code. Removing the
 * journal's skip of deleted rows fails three of the suite's tests.
 */
class SingleQueryReplayJournalTest {

  /** The TCK suite, with the capabilities pekko-persistence-jdbc's own run of it declares. */
  public static final class Tck extends JavaJournalSpec {
    public Tck(Config config) {
      super(config);
    }

    @Override
    public CapabilityFlag supportsMetadata() {
      return CapabilityFlag.on();
    }
  }

  /**
   * With {@code replayBatchSize} 3, the suite's entities of 5 events take the plugin's path (too many
   * rows to hold) and its smaller ones the single query; with the default 400, all take the single query.
   */
  @ParameterizedTest
  @CsvSource({"H2, 400", "H2, 3", "POSTGRES, 400", "POSTGRES, 3"})
  void passesPekkosJournalConformanceSuite(DatabaseVendor vendor, int replayBatchSize, @TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Config config = tdb.config(ConfigFactory.parseString(
          "pekko.actor.provider = local\njdbc-journal.replayBatchSize = " + replayBatchSize
              // The suite waits 3 s per step; on the shared 2-core CI machine a first write once took longer.
              + "\npekko.test.timefactor = 5"));
      assertEquals(SingleQueryReplayJournal.class.getName(), config.getString("jdbc-journal.class"));
      try (Database db = Database.create(config)) {
        db.migrate();
      }

      List<String> problems = new CopyOnWriteArrayList<>();
      AtomicInteger passed = new AtomicInteger();
      Reporter reporter = event -> {
        if (event instanceof TestSucceeded) passed.incrementAndGet();
        if (event instanceof TestFailed f) problems.add("failed: " + f.testName() + ": " + f.message());
        if (event instanceof TestCanceled c) problems.add("canceled: " + c.testName() + ": " + c.message());
        if (event instanceof SuiteAborted a) problems.add("aborted: " + a.message());
      };
      Tck tck = new Tck(config);
      Args args = args(reporter);
      int expected = tck.expectedTestCount(args.filter());
      Status status = tck.run(Option.empty(), args);
      status.waitUntilCompleted();

      assertEquals(List.of(), problems);
      assertTrue(expected >= 15, "the suite has " + expected + " tests");
      assertEquals(expected, passed.get(), "tests passed");
    }
  }

  /** ScalaTest's run arguments with its defaults (their factory is named {@code default}, a Java keyword). */
  private static Args args(Reporter reporter) {
    Stopper never = new Stopper() {
      @Override
      public boolean stopRequested() {
        return false;
      }

      @Override
      public void requestStop() {}
    };
    Filter$ f = Filter$.MODULE$;
    Filter all = f.apply(f.apply$default$1(), f.apply$default$2(), f.apply$default$3(), f.apply$default$4());
    return new Args(reporter, never, all, ConfigMap$.MODULE$.empty(), Option.empty(),
        new Tracker(Tracker$.MODULE$.$lessinit$greater$default$1()), scala.collection.immutable.Set$.MODULE$.empty(),
        false, Option.empty(), Option.empty());
  }
}
