package dev.leadrouter.persistence.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseVendor;
import dev.leadrouter.persistence.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scanner against real {@code deadline_index} rows and stand-in leads (and an opportunity) that
 * answer only when the test says so. No projection runs: a woken lead's rows stay, as when the
 * projection lags.
 */
class DeadlineScannerTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration QUIET = Duration.ofMillis(300);

  /** A wake-up a stand-in lead received. */
  record Asked(String leadId, ActorRef<Lead.Woken> replyTo) {}

  /**
   * The clock the scanner is given, and the one every due time and check here reads. The scanner's
   * read-ahead timers are real timers, so it runs at real speed; no test reads another clock.
   */
  private final Clock clock = Clock.systemUTC();

  @TempDir Path dir;
  private TestDb tdb;
  private Database db;
  private ActorTestKit testKit;
  private TestProbe<Asked> asked;
  private final Map<String, ActorRef<Lead.Command>> leads = new HashMap<>();

  @BeforeEach
  void start() {
    tdb = TestDb.fresh(DatabaseVendor.H2, dir);
    db = Database.create(tdb.config(ConfigFactory.empty()));
    db.migrate();
    testKit = ActorTestKit.create(tdb.config(ConfigFactory.empty()));
    asked = testKit.createTestProbe();
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
    db.close();
    tdb.close();
  }

  @Test
  void keepsAtMostMaxInFlightAndWakesTheNextAsEachAnswersThroughEveryPage() {
    for (int i = 1; i <= 7; i++) insertRow(db, id(i), 0, 1000 + i);
    // Pages of 2, 3 in flight, and no second poll within the test: the pass must go on by itself.
    scan(new DeadlineScanner.Settings(HOUR, 2, 3, HOUR, Duration.ZERO));

    List<Asked> open = new ArrayList<>(List.of(next(), next(), next()));
    asked.expectNoMessage(QUIET);
    List<String> woken = new ArrayList<>(open.stream().map(Asked::leadId).sorted().toList());
    assertEquals(List.of(id(1), id(2), id(3)), woken, "the first three due (they reach the probe in any order)");
    while (!open.isEmpty()) {
      Asked done = open.remove(0);
      done.replyTo().tell(new Lead.Woken(done.leadId(), 1));
      if (woken.size() < 7) {
        Asked more = next();
        woken.add(more.leadId());
        open.add(more);
      }
      asked.expectNoMessage(Duration.ofMillis(100)); // one answer, one more wake-up: never 4 at once
    }

    assertEquals(List.of(id(1), id(2), id(3), id(4), id(5), id(6), id(7)), woken, "each once, then in due order");
    asked.expectNoMessage(QUIET);
  }

  @Test
  void doesNotWakeALeadAgainWhileInFlightNorForRowsItsLastWakeUpCovered() {
    insertRow(db, id(1), 0, 1000);
    insertRow(db, id(1), 1, 1001);
    insertRow(db, id(2), 0, 1002);
    // A pass every 50 ms over rows that stay (no projection).
    scan(new DeadlineScanner.Settings(Duration.ofMillis(50), 500, 10, HOUR, Duration.ZERO));

    Asked first = next();
    Asked second = next();
    assertEquals(Set.of(id(1), id(2)), Set.of(first.leadId(), second.leadId()));
    asked.expectNoMessage(Duration.ofSeconds(1)); // ~20 passes, both in flight

    first.replyTo().tell(new Lead.Woken(first.leadId(), 1));
    second.replyTo().tell(new Lead.Woken(second.leadId(), 1));
    asked.expectNoMessage(Duration.ofSeconds(1)); // answered; rows not projected yet

    // A deadline that came due after the last wake-up is new work.
    insertRow(db, id(1), 2, clock.millis());
    assertEquals(id(1), next().leadId());
    asked.expectNoMessage(QUIET);
  }

  @Test
  void aWakeUpNotAnsweredInTimeFreesItsSlot() {
    insertRow(db, id(1), 0, 1000);
    insertRow(db, id(2), 0, 1001);
    scan(new DeadlineScanner.Settings(HOUR, 500, 1, Duration.ofMillis(300), Duration.ZERO));

    assertEquals(id(1), next().leadId());
    assertEquals(id(2), next().leadId(), "woken once the first timed out");
    asked.expectNoMessage(QUIET);
  }

  @Test
  void wakesARowReadAheadAtItsDueTimeNeverBeforeAndWithoutAnotherPoll() {
    long now = clock.millis();
    insertRow(db, id(1), 0, now + 700);
    insertRow(db, id(2), 0, now + 400);
    insertRow(db, id(3), 0, now + 60_000); // beyond the lookahead
    // One poll only (the next is an hour away): the rows due within 5 s are read at once and held.
    scan(new DeadlineScanner.Settings(HOUR, 500, 10, HOUR, Duration.ofSeconds(5)));

    Asked first = next();
    long firstAt = clock.millis();
    Asked second = next();
    long secondAt = clock.millis();
    assertEquals(id(2), first.leadId(), "earliest due first");
    assertEquals(id(1), second.leadId());
    assertTrue(firstAt >= now + 400 && secondAt >= now + 700, "never before the due time");
    assertTrue(secondAt < now + 700 + 2_000, "at the due time, not at a later poll: " + (secondAt - now - 700) + " ms late");
    asked.expectNoMessage(QUIET);
  }

  @Test
  void aRowReadAheadAgainByTheNextPassIsWokenOnce() {
    long now = clock.millis();
    insertRow(db, id(1), 0, now + 800);
    // A pass every 50 ms reads the same row ~16 times before it is due.
    scan(new DeadlineScanner.Settings(Duration.ofMillis(50), 500, 10, HOUR, Duration.ofSeconds(5)));

    Asked woken = next();
    assertEquals(id(1), woken.leadId());
    assertTrue(clock.millis() >= now + 800, "never before the due time");
    woken.replyTo().tell(new Lead.Woken(woken.leadId(), 1));
    asked.expectNoMessage(Duration.ofSeconds(1)); // answered; its row is not projected away yet
  }

  @ParameterizedTest
  @EnumSource(DatabaseVendor.class)
  void readsDueRowsInDueOrderAfterTheCursor(DatabaseVendor vendor) {
    try (TestDb other = TestDb.fresh(vendor, dir.resolve(vendor.name()));
        Database odb = Database.create(other.config(ConfigFactory.empty()))) {
      odb.migrate();
      insertRow(odb, "b", 0, 10);
      insertRow(odb, "a", 0, 10);
      insertRow(odb, "a", 1, 20);
      insertRow(odb, "c", 0, 5);
      insertRow(odb, "d", 0, 31); // not due at 30

      insertRow(odb, DeadlineScanner.OPPORTUNITY, "opp-a", 1, 20);

      List<DeadlineScanner.Due> first = DeadlineScanner.due(odb, 30, null, 2);
      List<DeadlineScanner.Due> rest = DeadlineScanner.due(odb, 30, first.get(1), 2);
      List<DeadlineScanner.Due> last = DeadlineScanner.due(odb, 30, rest.get(1), 2);

      assertEquals(List.of(due("c", 5), due("a", 10)), first);
      assertEquals(List.of(due("b", 10), due("a", 20)), rest);
      assertEquals(List.of(new DeadlineScanner.Due(DeadlineScanner.OPPORTUNITY, "opp-a", 20)), last);
      assertEquals(List.of(), DeadlineScanner.due(odb, 30, last.get(0), 2));
    }
  }

  @Test
  void anOpportunitysRowWakesTheOpportunityThroughItsWaker() {
    TestProbe<OpportunityProtocol.Command> opportunities = testKit.createTestProbe();
    insertRow(db, DeadlineScanner.OPPORTUNITY, "opp-lead-01", 1, 1000);
    insertRow(db, id(2), 0, 1001);
    testKit.spawn(DeadlineScanner.create(db, clock, Map.of(
        DeadlineScanner.LEAD, Waker.<Lead.Command, Lead.Woken>asking(testKit.system(), this::lead, Lead.Wake::new),
        DeadlineScanner.OPPORTUNITY, Waker.<OpportunityProtocol.Command, OpportunityProtocol.Woken>asking(
            testKit.system(), oppId -> opportunities.ref(), OpportunityProtocol.Wake::new)),
        new DeadlineScanner.Settings(HOUR, 500, 10, HOUR, Duration.ZERO)));

    OpportunityProtocol.Wake wake = opportunities.expectMessageClass(OpportunityProtocol.Wake.class, Duration.ofSeconds(5));
    assertEquals(id(2), next().leadId(), "the lead's row still wakes the lead");
    wake.replyTo().tell(new OpportunityProtocol.Woken("opp-lead-01", 1));
    opportunities.expectNoMessage(QUIET);
    asked.expectNoMessage(QUIET);
  }

  private void scan(DeadlineScanner.Settings settings) {
    testKit.spawn(DeadlineScanner.create(db, clock,
        Map.of(DeadlineScanner.LEAD, Waker.<Lead.Command, Lead.Woken>asking(testKit.system(), this::lead, Lead.Wake::new)),
        settings));
  }

  private static DeadlineScanner.Due due(String leadId, long dueAt) {
    return new DeadlineScanner.Due(DeadlineScanner.LEAD, leadId, dueAt);
  }

  private Asked next() {
    return asked.receiveMessage(Duration.ofSeconds(5));
  }

  /** A stand-in lead (spawned before the scanner asks for it: {@code leads} is read by the scanner). */
  private ActorRef<Lead.Command> lead(String leadId) {
    synchronized (leads) {
      return leads.get(leadId);
    }
  }

  private String id(int i) {
    String leadId = String.format("lead-%02d", i);
    synchronized (leads) {
      leads.computeIfAbsent(leadId, id -> testKit.spawn(Behaviors.receiveMessage(cmd -> {
        if (cmd instanceof Lead.Wake wake) asked.ref().tell(new Asked(id, wake.replyTo()));
        return Behaviors.same();
      }), id));
    }
    return leadId;
  }

  private static void insertRow(Database db, String leadId, int step, long dueAt) {
    insertRow(db, DeadlineScanner.LEAD, leadId, step, dueAt);
  }

  private static void insertRow(Database db, String entity, String id, int step, long dueAt) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO deadline_index (entity, lead_id, step, kind, due_at) VALUES (?, ?, ?, 'REMIND', ?)")) {
      ps.setString(1, entity);
      ps.setString(2, id);
      ps.setInt(3, step);
      ps.setLong(4, dueAt);
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
