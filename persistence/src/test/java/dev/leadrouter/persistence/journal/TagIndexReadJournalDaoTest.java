package dev.leadrouter.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our tag query against the plugin's, on the same journal: for every tag and offset, the same
 * events in the same order — tags shared by events, tags of one event only, deleted events, pages
 * smaller than the answer.
 */
class TagIndexReadJournalDaoTest {

  private static final Config SYSTEM = ConfigFactory.parseString(String.join("\n",
      "pekko.actor.provider = local",
      "pekko.loglevel = WARNING",
      "jdbc-read-journal.max-buffer-size = 4",
      "plugin-read-journal = ${jdbc-read-journal}",
      "plugin-read-journal.dao = \"org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao\""));

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void aTagsEventsAreThePluginsForEveryTagAndOffset(DatabaseVendor vendor, @TempDir Path dir) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Config config = tdb.config(SYSTEM).resolve();
      try (Database db = Database.create(config)) {
        db.migrate();
        try (Connection c = db.dataSource().getConnection()) {
          for (int i = 1; i <= 30; i++) {
            List<String> tags = new ArrayList<>();
            if (i % 2 == 0) tags.add("even");
            if (i % 3 == 0) tags.add("three");
            if (i == 7) tags.add("rare");
            event(c, "Thing|t" + (i % 4), i, i == 12 || i == 13, tags);
          }
        }
        ActorTestKit kit = ActorTestKit.create("tag-dao-" + vendor.id(), config);
        try {
          JdbcReadJournal ours = PersistenceQuery.get(kit.system()).getReadJournalFor(JdbcReadJournal.class, "jdbc-read-journal");
          JdbcReadJournal plugin = PersistenceQuery.get(kit.system()).getReadJournalFor(JdbcReadJournal.class, "plugin-read-journal");
          for (String tag : List.of("even", "three", "rare", "none")) {
            for (long offset : new long[] {0, 5, 12, 17, 29, 30}) {
              List<String> expected = read(plugin, kit, tag, offset);
              assertEquals(expected, read(ours, kit, tag, offset), tag + " after " + offset);
              if (tag.equals("even") && offset == 0) assertFalse(expected.isEmpty());
            }
          }
        } finally {
          kit.shutdownTestKit();
        }
      }
    }
  }

  private static List<String> read(JdbcReadJournal journal, ActorTestKit kit, String tag, long offset) throws Exception {
    List<EventEnvelope> envelopes = journal.currentEventsByTag(tag, Offset.sequence(offset))
        .runWith(Sink.seq(), kit.system()).toCompletableFuture().get(20, TimeUnit.SECONDS);
    return envelopes.stream().map(e -> e.offset() + " " + e.persistenceId() + "#" + e.sequenceNr() + " " + e.event()
        + " @" + e.timestamp()).toList();
  }

  /** Writes one journal row (a string payload, Pekko's own serializer for it) and its tags. */
  private static void event(Connection c, String pid, int n, boolean deleted, List<String> tags) throws Exception {
    long ordering;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, deleted,"
        + " writer, write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
        + " VALUES (?, ?, ?, 'w', ?, '', 20, '', ?)", new String[] {"ordering"})) {
      ps.setString(1, pid);
      ps.setLong(2, n);
      ps.setBoolean(3, deleted);
      ps.setLong(4, 1_000L * n);
      ps.setBytes(5, ("event-" + n).getBytes(StandardCharsets.UTF_8));
      ps.executeUpdate();
      try (var keys = ps.getGeneratedKeys()) {
        keys.next();
        ordering = keys.getLong(1);
      }
    }
    for (String tag : tags) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_tag (event_id, tag) VALUES (?, ?)")) {
        ps.setLong(1, ordering);
        ps.setString(2, tag);
        ps.executeUpdate();
      }
    }
  }
}
