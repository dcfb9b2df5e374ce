package dev.leadrouter.persistence.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.serialization.Serialization;

/**
 * One event row of the journal as stored, deserialized only when used: read by our own queries
 * ({@link SingleQueryReplayJournal}'s recovery, {@link TagIndexReadJournalDao}'s tag query) and made
 * into a {@link PersistentRepr} as pekko-persistence-jdbc's {@code PekkoSerialization.fromRow} makes
 * it (an internal API, so not called): payload and metadata deserialized by their serializer id and
 * manifest, the write timestamp kept.
 */
record JournalRow(long sequenceNr, boolean deleted, String writer, long writeTimestamp, String adapterManifest,
    int serId, String serManifest, byte[] payload, Integer metaSerId, String metaSerManifest, byte[] metaPayload) {

  /** A table's name as the plugin's configuration gives it: {@code schema.table}, or the table alone. */
  static String table(scala.Option<String> schema, String table) {
    return schema.isDefined() ? schema.get() + "." + table : table;
  }

  /** The columns {@link #read} reads, in order, from the journal's configured column names. */
  static String columns(EventJournalTableColumnNames c, String prefix) {
    return String.join(", ", prefix + c.sequenceNumber(), prefix + c.deleted(), prefix + c.writer(),
        prefix + c.writeTimestamp(), prefix + c.adapterManifest(), prefix + c.eventSerId(), prefix + c.eventSerManifest(),
        prefix + c.eventPayload(), prefix + c.metaSerId(), prefix + c.metaSerManifest(), prefix + c.metaPayload());
  }

  /** The row whose {@link #columns} start at column {@code first} of {@code rs}. */
  static JournalRow read(ResultSet rs, int first) throws SQLException {
    int metaSerId = rs.getInt(first + 8);
    Integer meta = rs.wasNull() ? null : metaSerId;
    return new JournalRow(rs.getLong(first), rs.getBoolean(first + 1), rs.getString(first + 2), rs.getLong(first + 3),
        rs.getString(first + 4), rs.getInt(first + 5), rs.getString(first + 6), rs.getBytes(first + 7), meta,
        rs.getString(first + 9), rs.getBytes(first + 10));
  }

  /** The event as Pekko replays it; throws what the serializer throws. */
  PersistentRepr toRepr(Serialization serialization, String persistenceId) {
    Object event = serialization.deserialize(payload, serId, serManifest).get();
    String manifest = adapterManifest == null ? PersistentRepr$.MODULE$.Undefined() : adapterManifest;
    PersistentRepr repr = PersistentRepr$.MODULE$.apply(event, sequenceNr, persistenceId, manifest, false, null, writer);
    if (metaSerId != null && metaPayload != null) {
      String metaManifest = metaSerManifest == null ? "" : metaSerManifest;
      repr = repr.withMetadata(serialization.deserialize(metaPayload, metaSerId, metaManifest).get());
    }
    return repr.withTimestamp(writeTimestamp);
  }
}
