package dev.leadrouter.persistence.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.common.StorageUnavailable;
import dev.leadrouter.engine.dedup.KeyClaims;
import dev.leadrouter.engine.dedup.KeyClaims.Request;
import dev.leadrouter.engine.dedup.KeyClaims.Result;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The claims table on a real H2 and PostgreSQL, batches formed by real concurrency. */
class JdbcKeyClaimsTest {

  private static final long WINDOW = Duration.ofHours(72).toMillis();
  private final ExecutorService blocking = Executors.newFixedThreadPool(4);
  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

  @AfterEach
  void stop() throws InterruptedException {
    callers.shutdownNow();
    blocking.shutdownNow();
    blocking.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** {@code body} with the claims of one node on a fresh, migrated database of {@code vendor}. */
  private void with(DatabaseVendor vendor, Path dir, Consumer<KeyClaims> body) {
    try (TestDb tdb = TestDb.fresh(vendor, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      body.accept(new JdbcKeyClaims(db, blocking, clock));
    }
  }

  private static Request person(String proposed, int person, String source) {
    return new Request(proposed, "hash", null, source,
        List.of(KeyClaims.phoneKey("+861380000" + String.format("%04d", person)), KeyClaims.emailKey("p" + person + "@example.com")),
        WINDOW);
  }

  private static Result join(java.util.concurrent.CompletionStage<Result> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Every delivery concurrently, from many threads: the answers in order of the deliveries. */
  private List<Result> concurrently(List<KeyClaims> nodes, List<Request> deliveries) {
    List<CompletableFuture<Result>> answers = new ArrayList<>();
    for (int i = 0; i < deliveries.size(); i++) {
      KeyClaims node = nodes.get(i % nodes.size());
      Request r = deliveries.get(i);
      answers.add(CompletableFuture.supplyAsync(() -> join(node.claim(r)), callers));
    }
    return answers.stream().map(CompletableFuture::join).toList();
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void concurrentDeliveriesOfTheSamePeopleMakeOneLeadEach(DatabaseVendor vendor, @TempDir Path dir) {
    with(vendor, dir, claims -> {
      List<Request> deliveries = new ArrayList<>();
      for (int i = 0; i < 400; i++) deliveries.add(person("lead-" + i, i % 20, null));
      List<Result> results = concurrently(List.of(claims), deliveries);

      Map<Integer, Set<String>> owners = new HashMap<>();
      int created = 0;
      for (int i = 0; i < results.size(); i++) {
        owners.computeIfAbsent(i % 20, k -> new HashSet<>()).add(results.get(i).owner());
        if (results.get(i).owner().equals(deliveries.get(i).proposed())) created++;
      }
      owners.forEach((p, o) -> assertEquals(1, o.size(), "person " + p + " went to " + o));
      assertEquals(20, created, "one new lead per person; every other delivery merged into it");
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void holdersNameTheLeadsOfKeysWithoutClaimingAny(DatabaseVendor vendor, @TempDir Path dir) {
    with(vendor, dir, claims -> {
      String source = KeyClaims.sourceKey("import", "abc:2");
      join(claims.claim(person("lead-1", 1, source)));
      Request other = person("lead-2", 2, null);
      String phone1 = person("x", 1, null).contactKeys().get(0);
      String phone2 = other.contactKeys().get(0);
      Map<String, String> held = claims.holders(List.of(source, phone1, phone2, KeyClaims.sourceKey("import", "abc:3")), WINDOW)
          .toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
      assertEquals(Map.of(source, "lead-1", phone1, "lead-1"), held);
      clock.advance(Duration.ofMillis(WINDOW));
      held = claims.holders(List.of(source, phone1), WINDOW).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
      assertEquals(Map.of(source, "lead-1"), held, "a contact past the window is nobody's; a source event is forever");
      assertEquals(new Result("lead-2", "lead-2", null), join(claims.claim(other)), "asking claimed nothing");
    });
  }

  @Test
  void twoNodesClaimingTheSamePeopleInEveryOrderNeverMakeTwoLeadsAndNeverDeadlock(@TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(DatabaseVendor.POSTGRES, dir); Database db = Database.create(tdb.config(ConfigFactory.empty()))) {
      db.migrate();
      List<KeyClaims> nodes = List.of(new JdbcKeyClaims(db, blocking, clock), new JdbcKeyClaims(db, blocking, clock));
      Random random = new Random(17);
      List<Request> deliveries = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        int p = random.nextInt(30);
        List<String> keys = new ArrayList<>(person("x", p, null).contactKeys());
        Collections.shuffle(keys, random); // the same keys in another order: lock order must not follow it
        String source = random.nextBoolean() ? KeyClaims.sourceKey("form", "ev-" + p) : null;
        deliveries.add(new Request("lead-" + i, "hash", null, source, keys, WINDOW));
      }
      List<Result> results = concurrently(nodes, deliveries);
      Map<String, Set<String>> ownerOfPhone = new HashMap<>();
      for (int i = 0; i < results.size(); i++) {
        String phone = deliveries.get(i).contactKeys().stream().filter(k -> k.startsWith("phone:")).findFirst().orElseThrow();
        ownerOfPhone.computeIfAbsent(phone, k -> new HashSet<>()).add(results.get(i).owner());
      }
      ownerOfPhone.forEach((phone, o) -> assertEquals(1, o.size(), phone + " went to " + o));
    }
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void intakeKeysNameTheirFirstLeadForeverAndAReusedIdempotencyKeyNeedsTheSameBody(DatabaseVendor vendor, @TempDir Path dir) {
    with(vendor, dir, claims -> {
      String idem = KeyClaims.idempotencyKey("caller", "k-1");
      String source = KeyClaims.sourceKey("form", "ev-1");
      Result first = join(claims.claim(new Request("lead-1", "body-a", idem, source, List.of(), WINDOW)));
      assertEquals(new Result("lead-1", "lead-1", null), first);

      clock.advance(Duration.ofDays(400));
      assertEquals("lead-1", join(claims.claim(new Request("lead-2", "body-a", idem, null, List.of(), WINDOW))).leadId());
      assertEquals("lead-1", join(claims.claim(new Request("lead-3", "body-b", null, source, List.of(), WINDOW))).leadId(),
          "the source event, a year on, with another body");
      assertTrue(join(claims.claim(new Request("lead-4", "body-b", idem, null, List.of(), WINDOW))).isKeyReused());
    });
  }

  /**
   * On PostgreSQL a new key is inserted as claimed by the delivery's own new lead, the common case:
   * what the book decides otherwise must still win. A new contact of a delivery merged into an
   * earlier lead goes to that lead; the new keys of a refused delivery stay unclaimed.
   */
  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void newKeysGoWhereTheBookSaysNotToTheDeliverysOwnLead(DatabaseVendor vendor, @TempDir Path dir) {
    with(vendor, dir, claims -> {
      String email = KeyClaims.emailKey("wang@example.com");
      String newPhone = KeyClaims.phoneKey("+8613900000001");
      assertEquals("lead-1", join(claims.claim(new Request("lead-1", "h", null, null, List.of(email), WINDOW))).owner());
      assertEquals("lead-1", join(claims.claim(new Request("lead-2", "h", null, null, List.of(newPhone, email), WINDOW))).owner(),
          "merged by the known e-mail");
      assertEquals("lead-1", join(claims.claim(new Request("lead-3", "h", null, null, List.of(newPhone), WINDOW))).owner(),
          "the phone first seen with the merged delivery is the earlier lead's");

      String idem = KeyClaims.idempotencyKey("caller", "k-9");
      String source = KeyClaims.sourceKey("form", "ev-9");
      String otherPhone = KeyClaims.phoneKey("+8613900000002");
      join(claims.claim(new Request("lead-4", "body-a", idem, null, List.of(), WINDOW)));
      assertTrue(join(claims.claim(new Request("lead-5", "body-b", idem, source, List.of(otherPhone), WINDOW))).isKeyReused());
      assertEquals(new Result("lead-6", "lead-6", null),
          join(claims.claim(new Request("lead-6", "body-c", null, source, List.of(otherPhone), WINDOW))),
          "the refused delivery's source event and phone were nobody's");
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void afterTheWindowAContactGoesToTheNewLeadWhichLearnsTheEarlierOne(DatabaseVendor vendor, @TempDir Path dir) {
    with(vendor, dir, claims -> {
      assertEquals("lead-1", join(claims.claim(person("lead-1", 1, null))).owner());
      clock.advance(Duration.ofHours(71));
      assertEquals("lead-1", join(claims.claim(person("lead-2", 1, null))).owner(), "within the window");
      clock.advance(Duration.ofHours(73));
      assertEquals(new Result("lead-3", "lead-3", "lead-1"), join(claims.claim(person("lead-3", 1, null))));
    });
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void withoutItsDatabaseAClaimFailsAsUnavailableAndClaimsNothing(DatabaseVendor vendor, @TempDir Path dir) {
    try (TestDb tdb = TestDb.fresh(vendor, dir)) {
      Database db = Database.create(tdb.config(ConfigFactory.empty()));
      db.migrate();
      KeyClaims claims = new JdbcKeyClaims(db, blocking, clock);
      db.close();
      CompletionException e = assertThrows(CompletionException.class, () -> join(claims.claim(person("lead-1", 1, null))));
      assertInstanceOf(StorageUnavailable.class, e.getCause());
    }
  }
}
