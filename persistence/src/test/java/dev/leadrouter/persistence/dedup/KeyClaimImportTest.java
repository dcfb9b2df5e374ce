package dev.leadrouter.persistence.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.dedup.ContactKey;
import dev.leadrouter.engine.dedup.IntakeKey;
import dev.leadrouter.engine.dedup.KeyClaims;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.Sql;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Journals of the retired key entities, written as Pekko wrote them, copied into the claims tables once. */
class KeyClaimImportTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void theRetiredEntitiesKeysAreClaimedByTheirLastOwnersOnce(DatabaseVendor vendor, @TempDir Path dir) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "key-claim-import",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      String source = KeyClaims.sourceKey("form", "ev-1");
      String phone = KeyClaims.phoneKey("+8613800138000");
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
      try (Connection c = db.dataSource().getConnection()) {
        journal(c, serialization, IntakeKey.ENTITY_TYPE + "|" + source, 1, new IntakeKey.KeyClaimed("lead-1", "hash-a", T0));
        journal(c, serialization, ContactKey.ENTITY_TYPE + "|" + phone, 1, new ContactKey.ContactClaimed("lead-1", T0));
        journal(c, serialization, ContactKey.ENTITY_TYPE + "|" + phone, 2, new ContactKey.ContactClaimed("lead-2", T0.plusSeconds(60)));
        journal(c, serialization, "Lead|lead-1", 1, new IntakeKey.State("not", "a key"));
      }

      assertArrayEquals(new long[] {1, 1}, KeyClaimImport.run(db, system));
      assertArrayEquals(new long[] {-1, -1}, KeyClaimImport.run(db, system), "done once");
      assertEquals(List.of(List.of(source, "lead-1", "hash-a", T0.toEpochMilli())),
          Sql.rows(db.dataSource(), "SELECT claim_key, lead_id, body_hash, claimed_at FROM intake_claim"));

      KeyClaims claims = new JdbcKeyClaims(db, blocking, Clock.fixed(T0.plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC));
      KeyClaims.Result retried = claims.claim(new KeyClaims.Request("lead-9", "hash-a", null, source, List.of(phone),
          Duration.ofHours(72).toMillis())).toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals(new KeyClaims.Result("lead-1", "lead-2", null), retried,
          "the source event is still lead-1's; its phone, given to lead-2 last, takes the delivery there");
    } finally {
      blocking.shutdownNow();
      system.terminate();
    }
  }

  private static void journal(Connection c, Serialization serialization, String pid, long seq, Object event) throws Exception {
    var serializer = serialization.findSerializerFor(event);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, deleted,"
        + " writer, write_timestamp, adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
        + " VALUES (?, ?, FALSE, 'w', ?, '', ?, ?, ?)")) {
      ps.setString(1, pid);
      ps.setLong(2, seq);
      ps.setLong(3, T0.toEpochMilli());
      ps.setInt(4, serializer.identifier());
      ps.setString(5, Serializers.manifestFor(serializer, event));
      ps.setBytes(6, serializer.toBinary(event));
      ps.executeUpdate();
    }
  }
}
