package dev.leadrouter.persistence.dedup;

import dev.leadrouter.engine.dedup.ContactKey;
import dev.leadrouter.engine.dedup.IntakeKey;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per database, before intake opens: copies the keys of the retired {@code IntakeKey} and
 * {@code ContactKey} entities from their journals into {@code intake_claim} and {@code contact_claim}
 * (ADR 0015), so a delivery retried after the upgrade still finds its lead. Each key's last event says
 * who owns it. One transaction with its marker row in {@code key_claim_import}: a crash midway imports
 * again from the start, and a finished import never runs twice.
 */
public final class KeyClaimImport {

  private static final Logger log = LoggerFactory.getLogger(KeyClaimImport.class);

  private KeyClaimImport() {}

  /** Imports the retired entities' keys unless that was done before; answers how many of each were copied (-1: done before). */
  public static long[] run(Database db, ActorSystem<?> system) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    return new Jdbc(db.dataSource()).inTransaction("import the retired key entities' claims", c -> {
      if (db.vendor() == DatabaseVendor.POSTGRES) {
        try (Statement s = c.createStatement()) {
          s.execute("LOCK TABLE key_claim_import IN EXCLUSIVE MODE");
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM key_claim_import")) {
        rs.next();
        if (rs.getLong(1) > 0) return new long[] {-1, -1};
      }
      Map<String, IntakeKey.KeyClaimed> intake = new LinkedHashMap<>();
      Map<String, ContactKey.ContactClaimed> contacts = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT persistence_id, event_ser_id, event_ser_manifest, event_payload"
          + " FROM event_journal WHERE deleted = FALSE AND (persistence_id LIKE ? OR persistence_id LIKE ?)"
          + " ORDER BY persistence_id, sequence_number")) {
        ps.setString(1, IntakeKey.ENTITY_TYPE + "|%");
        ps.setString(2, ContactKey.ENTITY_TYPE + "|%");
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String pid = rs.getString(1);
            Object event = serialization.deserialize(rs.getBytes(4), rs.getInt(2), rs.getString(3)).get();
            String key = pid.substring(pid.indexOf('|') + 1);
            if (event instanceof IntakeKey.KeyClaimed k) intake.put(key, k);
            else if (event instanceof ContactKey.ContactClaimed k) contacts.put(key, k);
          }
        }
      }
      insert(c, db.vendor(), "intake_claim (claim_key, lead_id, body_hash, claimed_at)", "claim_key", 4, intake,
          (ps, e) -> {
            ps.setString(2, e.leadId());
            ps.setString(3, e.bodyHash());
            ps.setLong(4, e.at().toEpochMilli());
          });
      insert(c, db.vendor(), "contact_claim (contact_key, lead_id, claimed_at)", "contact_key", 3, contacts,
          (ps, e) -> {
            ps.setString(2, e.leadId());
            ps.setLong(3, e.at().toEpochMilli());
          });
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO key_claim_import (imported_at, intake_keys, contact_keys) VALUES (?, ?, ?)")) {
        ps.setLong(1, System.currentTimeMillis());
        ps.setLong(2, intake.size());
        ps.setLong(3, contacts.size());
        ps.executeUpdate();
      }
      if (!intake.isEmpty() || !contacts.isEmpty()) {
        log.info("Imported {} intake keys and {} contact keys from the retired key entities' journals",
            intake.size(), contacts.size());
      }
      return new long[] {intake.size(), contacts.size()};
    });
  }

  private interface Binder<T> {
    void bind(PreparedStatement ps, T value) throws SQLException;
  }

  private static <T> void insert(Connection c, DatabaseVendor vendor, String table, String key, int columns,
      Map<String, T> rows, Binder<T> binder) throws SQLException {
    if (rows.isEmpty()) return;
    String values = "?" + ", ?".repeat(columns - 1);
    String sql = vendor == DatabaseVendor.POSTGRES
        ? "INSERT INTO " + table + " VALUES (" + values + ") ON CONFLICT DO NOTHING"
        : "MERGE INTO " + table + " KEY (" + key + ") VALUES (" + values + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (Map.Entry<String, T> e : rows.entrySet()) {
        ps.setString(1, e.getKey());
        binder.bind(ps, e.getValue());
        ps.addBatch();
        if (++n % 1000 == 0) ps.executeBatch();
      }
      ps.executeBatch();
    }
  }
}
