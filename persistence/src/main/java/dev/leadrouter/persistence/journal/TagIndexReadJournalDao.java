package dev.leadrouter.persistence.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.EventTagTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.scaladsl.Source;
import scala.Tuple3;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.util.Failure;
import scala.util.Success;
import scala.util.Try;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's read-journal DAO, with the events of a tag read through the tag's own
 * rows. Every projection slice polls {@code eventsByTag} every 200 ms; the plugin's query puts the
 * offset range on {@code event_journal.ordering} only, so PostgreSQL walks every journal row in the
 * range and probes {@code event_tag} for each — a slice of a rare tag (opportunities) pays for every
 * lead event, and every slice for the others' events: most of PostgreSQL's statement time per lead
 * under load (docs/benchmarks.md). Here the range is on {@code event_tag.event_id} too, so the
 * {@code (tag, event_id)} index (V10) finds the tag's rows in the range and nothing else. Same
 * answer: the tag's events with ordering in {@code (offset, maxOffset]}, oldest first, at most
 * {@code max}, deleted ones left out, each with the tag it was asked for (the plugin's read journal
 * does not use the tags). Configured as {@code jdbc-read-journal.dao}; the rest is the plugin's.
 */
public class TagIndexReadJournalDao extends DefaultReadJournalDao {

  private final Serialization serialization;
  private final String selectByTag;

  public TagIndexReadJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, ReadJournalConfig config,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.serialization = serialization;
    EventJournalTableConfiguration journal = config.eventJournalTableConfiguration();
    EventJournalTableColumnNames j = journal.columnNames();
    EventTagTableConfiguration tags = config.eventTagTableConfiguration();
    String t = tags.columnNames().eventId();
    this.selectByTag = "SELECT j." + j.ordering() + ", j." + j.persistenceId() + ", " + JournalRow.columns(j, "j.")
        + " FROM " + JournalRow.table(tags.schemaName(), tags.tableName()) + " t JOIN " + JournalRow.table(journal.schemaName(), journal.tableName())
        + " j ON j." + j.ordering() + " = t." + t
        + " WHERE t." + tags.columnNames().tag() + " = ? AND t." + t + " > ? AND t." + t + " <= ? AND j." + j.deleted() + " = FALSE"
        + " ORDER BY t." + t + " LIMIT ?";
  }

  /** A row of the tag query: the event's ordering, its entity, the row. */
  private record Tagged(long ordering, String persistenceId, JournalRow row) {}

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Source<Try<Tuple3<PersistentRepr, Set<String>, Object>>, NotUsed> eventsByTag(String tag, long offset,
      long maxOffset, long max) {
    SimpleJdbcAction<List<Tagged>> action = new SimpleJdbcAction<>(ctx -> {
      try {
        return fetch(ctx.connection(), tag, offset, maxOffset, max);
      } catch (SQLException e) {
        throw new IllegalStateException("reading the events of tag " + tag + " failed", e);
      }
    });
    // Slick's run takes DBIOAction[R, NoStream, Nothing]; Java's generics cannot express its
    // contravariant effect type (as in SingleQueryReplayJournal).
    Future<List<Tagged>> rows = db().run((DBIOAction) action);
    Set<String> tags = (Set<String>) (Set<?>) scala.collection.immutable.Set$.MODULE$.empty().$plus(tag);
    return org.apache.pekko.stream.javadsl.Source.completionStage(scala.jdk.javaapi.FutureConverters.asJava(rows))
        .mapConcat(list -> {
          List<Try<Tuple3<PersistentRepr, Set<String>, Object>>> out = new ArrayList<>(list.size());
          for (Tagged r : list) {
            try {
              out.add(new Success<>(new Tuple3<>(r.row().toRepr(serialization, r.persistenceId()), tags, (Object) r.ordering())));
            } catch (Exception e) { // the serializer's failure, checked or not, becomes the element's, as in the plugin
              out.add(new Failure<>(e));
            }
          }
          return out;
        })
        .asScala();
  }

  private List<Tagged> fetch(Connection c, String tag, long offset, long maxOffset, long max) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(selectByTag)) {
      ps.setString(1, tag);
      ps.setLong(2, offset);
      ps.setLong(3, maxOffset);
      ps.setLong(4, Math.min(max, Integer.MAX_VALUE));
      try (ResultSet rs = ps.executeQuery()) {
        List<Tagged> rows = new ArrayList<>();
        while (rs.next()) rows.add(new Tagged(rs.getLong(1), rs.getString(2), JournalRow.read(rs, 3)));
        return rows;
      }
    }
  }
}
