package dev.leadrouter.persistence.journal;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.Function1;
import scala.collection.immutable.Seq;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.concurrent.Future$;
import scala.runtime.BoxedUnit;
import scala.util.Try;
import slick.dbio.DBIOAction;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal, with the recovery of an entity without a snapshot done in one
 * query instead of two queries and two materialized streams.
 *
 * <p>Pekko's {@code AsyncWriteJournal} recovers an entity in two steps: {@link
 * #asyncReadHighestSequenceNr} ({@code SELECT max(sequence_number)}), then {@link
 * #asyncReplayMessages} up to that number, which pekko-persistence-jdbc runs as a Pekko stream over a
 * Slick streaming query, inside a second stream that pages through the events. For a lead woken by
 * the deadline scanner (a handful of events, no snapshot) that machinery is most of the recovery's
 * cost: a restart's catch-up recovers 100,000 leads (docs/benchmarks.md, section 3; ADR 0009).
 *
 * <p>Here, when the recovery starts from the first event ({@code fromSequenceNr} 0), the highest
 * sequence number is read by fetching the entity's rows (at most {@code replayBatchSize}, deleted
 * ones included, as {@code max} counts them); the replay that {@code AsyncWriteJournal} asks for next
 * is answered from those rows. Pekko calls the two in that order for every recovery (its Cassandra
 * plugin relies on the same). Everything else is the plugin's own code:
 *
 * <ul>
 *   <li>a recovery from a snapshot, or of an entity with more rows than {@code replayBatchSize};
 *   <li>a recovery while the same entity's write is still in flight (the plugin then waits for
 *       the write before it reads the highest sequence number);
 *   <li>a replay whose fetched rows are gone (taken by a concurrent recovery of the same entity, or
 *       dropped, see {@link #MAX_WAITING}).
 * </ul>
 *
 * <p>Rows become {@link PersistentRepr}s as the plugin makes them ({@link JournalRow}); deleted rows
 * are skipped.
 */
public class SingleQueryReplayJournal extends JdbcAsyncWriteJournal {

  /**
   * Fetched rows waiting for their replay. An entry is taken by the replay that follows at once; one
   * is left behind only by a recovery that asks for no events ({@code toSequenceNr} 0), and dropped
   * by the entity's next recovery. Past this many the map is cleared: a replay that then finds
   * nothing asks the plugin.
   */
  static final int MAX_WAITING = 10_000;

  private final Serialization serialization;
  private final ExecutionContext dispatcher;
  private final JournalObserver.Registry observers;
  private final String selectRows;
  private final int maxRows;
  private final ConcurrentHashMap<String, List<JournalRow>> fetched = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Future<?>> writing = new ConcurrentHashMap<>();

  public SingleQueryReplayJournal(Config config) {
    super(config);
    this.serialization = SerializationExtension.get(context().system());
    this.dispatcher = context().dispatcher();
    this.observers = JournalObserver.Registry.get(Adapter.toTyped(context().system()));
    this.maxRows = journalConfig().daoConfig().replayBatchSize();
    EventJournalTableConfiguration table = journalConfig().eventJournalTableConfiguration();
    EventJournalTableColumnNames c = table.columnNames();
    String name = JournalRow.table(table.schemaName(), table.tableName());
    this.selectRows = "SELECT " + JournalRow.columns(c, "") + " FROM " + name + " WHERE " + c.persistenceId() + " = ? ORDER BY " + c.sequenceNumber() + " LIMIT ?";
  }

  @Override
  public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> messages) {
    long start = System.nanoTime();
    Future<Seq<Try<BoxedUnit>>> write = super.asyncWriteMessages(messages);
    String persistenceId = messages.head().persistenceId();
    writing.put(persistenceId, write);
    write.onComplete(done -> {
      writing.remove(persistenceId, write);
      observers.current().written(messages.size(), System.nanoTime() - start, done.isSuccess());
      return null;
    }, dispatcher);
    return write;
  }

  @Override
  public Future<Object> asyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    fetched.remove(persistenceId); // rows a replay never took are never used by a later recovery
    if (fromSequenceNr > 0 || writing.containsKey(persistenceId)) {
      return super.asyncReadHighestSequenceNr(persistenceId, fromSequenceNr);
    }
    Future<List<JournalRow>> rows = fetch(persistenceId);
    return rows.flatMap(found -> {
      // Too many to hold: the plugin's query. Not super's method: it reads the journal actor's
      // own map of writes in flight, and this runs outside the actor (writes were checked above).
      if (found.size() > maxRows) return journalDao().highestSequenceNr(persistenceId, fromSequenceNr);
      if (found.isEmpty()) return Future.successful((Object) 0L);
      if (fetched.size() >= MAX_WAITING) fetched.clear();
      fetched.put(persistenceId, found);
      return Future.successful((Object) found.get(found.size() - 1).sequenceNr());
    }, dispatcher);
  }

  @Override
  public Future<BoxedUnit> asyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr, long max,
      Function1<PersistentRepr, BoxedUnit> recoveryCallback) {
    List<JournalRow> rows = fetched.remove(persistenceId);
    if (rows == null) {
      return super.asyncReplayMessages(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);
    }
    long replayed = 0;
    for (JournalRow row : rows) {
      if (replayed >= max) break;
      if (row.deleted() || row.sequenceNr() < fromSequenceNr || row.sequenceNr() > toSequenceNr) continue;
      try {
        recoveryCallback.apply(row.toRepr(serialization, persistenceId));
      } catch (Exception e) { // Try.get rethrows what the serializer threw, checked or not
        return Future$.MODULE$.failed(e);
      }
      replayed++;
    }
    return Future.successful(BoxedUnit.UNIT);
  }

  /** The entity's rows, through the plugin's Slick database (its pool and its threads). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Future<List<JournalRow>> fetch(String persistenceId) {
    SimpleJdbcAction<List<JournalRow>> action = new SimpleJdbcAction<>(ctx -> {
      try {
        return fetch(ctx.connection(), persistenceId);
      } catch (SQLException e) {
        throw new IllegalStateException("reading the events of " + persistenceId + " failed", e);
      }
    });
    // Slick's run takes DBIOAction[R, NoStream, Nothing]; its effect type is contravariant, which
    // Java's generics cannot express.
    return db().run((DBIOAction) action);
  }

  private List<JournalRow> fetch(Connection connection, String persistenceId) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(selectRows)) {
      st.setString(1, persistenceId);
      st.setInt(2, maxRows + 1);
      try (ResultSet rs = st.executeQuery()) {
        List<JournalRow> rows = new ArrayList<>();
        while (rs.next()) rows.add(JournalRow.read(rs, 1));
        return rows;
      }
    }
  }
}
