package dev.leadrouter.persistence.journal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.EventTagTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.PostgresProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal DAO, with a batch of events written on PostgreSQL in one statement.
 *
 * <p>The plugin already gathers concurrent persists into batches (up to {@code batchSize} rows), but
 * writes a batch with tags as one {@code INSERT … RETURNING ordering} per event (Slick cannot batch
 * an insert that returns keys), then the tags, in a transaction: under load about 2.7 single-row
 * journal inserts, a share of a tag insert, {@code BEGIN} and {@code COMMIT} per lead, and 8 % of
 * the engine's CPU in Slick's unbatched insert loop (docs/benchmarks.md, "One statement per journal
 * batch"). Here the whole batch is one statement: the rows go in as arrays ({@code unnest}), inserted
 * in the order the plugin sorted them (by sequence number, so an entity's events get increasing
 * {@code ordering}), and the tags are inserted from the journal rows the same statement returned. One
 * statement is atomic, as the plugin's transaction was: a batch is stored whole or not at all.
 *
 * <p>On H2 (embedded, no round trips to save) the plugin's own write runs. Everything else is the
 * plugin's. Configured as {@code jdbc-journal.dao}.
 */
public class BatchInsertJournalDao extends DefaultJournalDao {

  private final boolean postgres;
  private final String insert;
  private final String insertTagged;

  public BatchInsertJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig config,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.postgres = profile instanceof PostgresProfile;
    EventJournalTableConfiguration journal = config.eventJournalTableConfiguration();
    EventJournalTableColumnNames c = journal.columnNames();
    EventTagTableConfiguration tags = config.eventTagTableConfiguration();
    String columns = String.join(", ", c.deleted(), c.persistenceId(), c.sequenceNumber(), c.writer(),
        c.writeTimestamp(), c.adapterManifest(), c.eventPayload(), c.eventSerId(), c.eventSerManifest(),
        c.metaPayload(), c.metaSerId(), c.metaSerManifest());
    String rows = "rows AS (SELECT * FROM unnest(?::boolean[], ?::varchar[], ?::bigint[], ?::varchar[], ?::bigint[],"
        + " ?::varchar[], ?::bytea[], ?::integer[], ?::varchar[], ?::bytea[], ?::integer[], ?::varchar[])"
        + " WITH ORDINALITY AS r(" + columns + ", n))";
    String into = "INSERT INTO " + JournalRow.table(journal.schemaName(), journal.tableName()) + " (" + columns + ") SELECT "
        + columns + " FROM rows ORDER BY n";
    this.insert = "WITH " + rows + " " + into;
    this.insertTagged = "WITH " + rows + ", j AS (" + into + " RETURNING " + c.ordering() + ", " + c.persistenceId()
        + ", " + c.sequenceNumber() + ") INSERT INTO " + JournalRow.table(tags.schemaName(), tags.tableName()) + " ("
        + tags.columnNames().eventId() + ", " + tags.columnNames().tag() + ") SELECT j." + c.ordering() + ", t.tag FROM j"
        + " JOIN unnest(?::varchar[], ?::bigint[], ?::varchar[]) AS t(pid, seq, tag) ON j." + c.persistenceId()
        + " = t.pid AND j." + c.sequenceNumber() + " = t.seq";
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
    if (!postgres) return super.writeJournalRows(xs);
    List<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows = new ArrayList<>(xs.size());
    xs.foreach(rows::add);
    // The plugin's order: by sequence number (stable), so each entity's events are inserted in order.
    rows.sort(java.util.Comparator.comparingLong(r -> r._1().sequenceNumber()));
    SimpleJdbcAction<BoxedUnit> action = new SimpleJdbcAction<>(ctx -> {
      try {
        write(ctx.connection(), rows);
        return BoxedUnit.UNIT;
      } catch (SQLException e) {
        throw new IllegalStateException("writing " + rows.size() + " journal rows failed", e);
      }
    });
    // Slick's run takes DBIOAction[R, NoStream, Nothing]; Java's generics cannot express its
    // contravariant effect type (as in SingleQueryReplayJournal).
    return db().run((DBIOAction) action);
  }

  private void write(Connection c, List<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows) throws SQLException {
    int n = rows.size();
    Boolean[] deleted = new Boolean[n];
    String[] pids = new String[n];
    Long[] seqs = new Long[n];
    String[] writers = new String[n];
    Long[] timestamps = new Long[n];
    String[] adapterManifests = new String[n];
    byte[][] payloads = new byte[n][];
    Integer[] serIds = new Integer[n];
    String[] serManifests = new String[n];
    byte[][] metaPayloads = new byte[n][];
    Integer[] metaSerIds = new Integer[n];
    String[] metaSerManifests = new String[n];
    List<String> tagPids = new ArrayList<>();
    List<Long> tagSeqs = new ArrayList<>();
    List<String> tagNames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JournalPekkoSerializationRow r = rows.get(i)._1();
      deleted[i] = r.deleted();
      pids[i] = r.persistenceId();
      seqs[i] = r.sequenceNumber();
      writers[i] = r.writer();
      timestamps[i] = r.writeTimestamp();
      adapterManifests[i] = r.adapterManifest();
      payloads[i] = r.eventPayload();
      serIds[i] = r.eventSerId();
      serManifests[i] = r.eventSerManifest();
      metaPayloads[i] = r.metaPayload().isDefined() ? r.metaPayload().get() : null;
      metaSerIds[i] = r.metaSerId().isDefined() ? (Integer) r.metaSerId().get() : null;
      metaSerManifests[i] = r.metaSerManifest().isDefined() ? r.metaSerManifest().get() : null;
      rows.get(i)._2().foreach(tag -> {
        tagPids.add(r.persistenceId());
        tagSeqs.add(r.sequenceNumber());
        return tagNames.add(tag);
      });
    }
    boolean tagged = !tagNames.isEmpty();
    List<Array> arrays = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(tagged ? insertTagged : insert)) {
      Object[][] columns = {deleted, pids, seqs, writers, timestamps, adapterManifests, payloads, serIds, serManifests,
          metaPayloads, metaSerIds, metaSerManifests};
      String[] types = {"boolean", "varchar", "int8", "varchar", "int8", "varchar", "bytea", "int4", "varchar", "bytea",
          "int4", "varchar"};
      for (int i = 0; i < columns.length; i++) arrays.add(bind(c, ps, i + 1, types[i], columns[i]));
      if (tagged) {
        arrays.add(bind(c, ps, 13, "varchar", tagPids.toArray(new String[0])));
        arrays.add(bind(c, ps, 14, "int8", tagSeqs.toArray(new Long[0])));
        arrays.add(bind(c, ps, 15, "varchar", tagNames.toArray(new String[0])));
      }
      ps.executeUpdate();
    } finally {
      for (Array a : arrays) a.free();
    }
  }

  private static Array bind(Connection c, PreparedStatement ps, int index, String type, Object[] values) throws SQLException {
    Array array = c.createArrayOf(type, values);
    ps.setArray(index, array);
    return array;
  }
}
