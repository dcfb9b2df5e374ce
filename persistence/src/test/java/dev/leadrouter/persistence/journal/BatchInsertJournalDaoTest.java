package dev.leadrouter.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalDao;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * {@link BatchInsertJournalDao} stores what the plugin's own DAO stores: the same batches of events
 * (several entities, several events each, tagged and untagged, with metadata and an adapter manifest)
 * written by each under its own entity names give the same rows, the same tags, and the same order of
 * {@code ordering}; a batch that collides with a stored event is refused whole by both. The engine's
 * configuration uses it, so Pekko's journal conformance suite ({@link SingleQueryReplayJournalTest})
 * runs through it too.
 */
class BatchInsertJournalDaoTest {

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void storesWhatThePluginsDaoStores(DatabaseVendor vendor, @TempDir Path dir) throws Exception {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Config config = tdb.config(ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")).resolve();
      assertEquals(BatchInsertJournalDao.class.getName(), config.getString("jdbc-journal.dao"));
      try (Database db = Database.create(config)) {
        db.migrate();
        ActorTestKit kit = ActorTestKit.create("batch-dao-" + vendor.id(), config);
        try {
          JournalDao ours = dao(kit, config, true);
          JournalDao plugin = dao(kit, config, false);
          for (JournalDao dao : List.of(ours, plugin)) {
            String p = dao == ours ? "ours-" : "plugin-";
            write(dao, batch(p, 1));
            write(dao, untaggedBatch(p));
            write(dao, batch(p, 4));
          }
          assertEquals(rows(db, "plugin-"), rows(db, "ours-"));
          assertEquals(tags(db, "plugin-"), tags(db, "ours-"));
          assertTrue(rows(db, "ours-").size() >= 20, "rows written");

          // A batch holding one event already stored fails whole: its other, new events are not stored either.
          for (JournalDao dao : List.of(ours, plugin)) {
            String p = dao == ours ? "ours-" : "plugin-";
            List<AtomicWrite> colliding = new ArrayList<>(batch(p, 7));
            colliding.add(write(p + "Lead|a", 1, "again", "lead"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> write(dao, colliding));
            assertInstanceOf(Exception.class, e.getCause());
          }
          assertEquals(rows(db, "plugin-"), rows(db, "ours-"));
          assertEquals(tags(db, "plugin-"), tags(db, "ours-"));
        } finally {
          kit.shutdownTestKit();
        }
      }
    }
  }

  private static JournalDao dao(ActorTestKit kit, Config config, boolean ours) {
    Config journal = config.getConfig("jdbc-journal");
    SlickDatabase slick = ((org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl) SlickExtension.get(kit.system().classicSystem())).database(journal);
    JournalConfig jc = new JournalConfig(journal);
    var serialization = SerializationExtension.get(kit.system());
    var ec = kit.system().executionContext();
    Materializer mat = Materializer.matFromSystem(kit.system());
    return ours ? new BatchInsertJournalDao(slick.database(), slick.profile(), jc, serialization, ec, mat)
        : new DefaultJournalDao(slick.database(), slick.profile(), jc, serialization, ec, mat);
  }

  /**
   * Events from {@code first} on: three entities, three events each, as concurrent persists arrive
   * in one batch (interleaved); tags on some, metadata and an adapter manifest on one.
   */
  private static List<AtomicWrite> batch(String prefix, int first) {
    List<AtomicWrite> writes = new ArrayList<>();
    for (int seq = first; seq < first + 3; seq++) {
      writes.add(write(prefix + "Lead|a", seq, "received " + seq, "lead", "lead-all"));
      writes.add(write(prefix + "Rep|b", seq, "reserved " + seq));
      writes.add(write(prefix + "Lead|c", seq, "assigned " + seq, seq % 2 == 0 ? new String[] {"lead"} : new String[0]));
    }
    PersistentRepr withMeta = PersistentRepr$.MODULE$.apply("opened", first, prefix + "Opp|d", "opp-v2", false, null, "writer-2")
        .withMetadata("meta-1").withTimestamp(1_000 + first);
    writes.add(AtomicWrite.apply(list(withMeta.withPayload(new Tagged("opened", java.util.Set.of("opp"))))));
    return writes;
  }

  /** Two entities' events and no tags at all (the plugin's plain batch insert). */
  private static List<AtomicWrite> untaggedBatch(String prefix) {
    return List.of(write(prefix + "Rep|e", 1, "x"), write(prefix + "Rep|e", 2, "y"), write(prefix + "Region|f", 1, "z"));
  }

  private static AtomicWrite write(String pid, long seq, String event, String... tags) {
    Object payload = tags.length == 0 ? event : new Tagged(event, java.util.Set.of(tags));
    return AtomicWrite.apply(list(PersistentRepr$.MODULE$.apply(payload, seq, pid, "", false, null, "writer-1")
        .withTimestamp(seq * 10)));
  }

  private static <T> scala.collection.immutable.Seq<T> list(T one) {
    return CollectionConverters.asScala(List.of(one)).toList();
  }

  private static void write(JournalDao dao, List<AtomicWrite> writes) throws Exception {
    var results = FutureConverters.asJava(dao.asyncWriteMessages(CollectionConverters.asScala(writes).toList()))
        .toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertTrue(results.forall(scala.util.Try::isSuccess), results.toString());
  }

  /** The prefix's rows, prefix removed, in {@code ordering} order (so their order is compared too). */
  private static List<String> rows(Database db, String prefix) throws Exception {
    return query(db, "SELECT persistence_id, sequence_number, deleted, writer, write_timestamp, adapter_manifest,"
        + " event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest, meta_payload"
        + " FROM event_journal WHERE persistence_id LIKE ? ORDER BY ordering", prefix);
  }

  private static List<String> tags(Database db, String prefix) throws Exception {
    return query(db, "SELECT j.persistence_id, j.sequence_number, t.tag FROM event_tag t JOIN event_journal j"
        + " ON j.ordering = t.event_id WHERE j.persistence_id LIKE ? ORDER BY t.event_id, t.tag", prefix);
  }

  private static List<String> query(Database db, String sql, String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, prefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Blob b) v = b.getBytes(1, (int) b.length()); // H2
            if (v instanceof byte[] b) v = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            row.append(v).append('|');
          }
          out.add(row.substring(prefix.length()));
        }
      }
    }
    return out;
  }
}
