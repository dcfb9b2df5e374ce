package dev.leadrouter.engine.rep;

import static dev.leadrouter.engine.EntityTests.expectDelivery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.EntityTests.Delivery;
import dev.leadrouter.engine.EntityTests.Relay;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.LocalDate;
import dev.leadrouter.engine.routing.RoutingPool;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Rep entity: capacity is enforced here, daily counts and the breach streak are kept here, and
 * every change is reported to the lead and to the pool of every region.
 */
class RepEntityTest {

  private static final String EAST = "华东";
  private static final String SOUTH = "华南";
  private static final Duration SHORT = Duration.ofMillis(300);


  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay leads = new Relay();
  private static final Relay pools = new Relay();
  private static EngineDeps deps;

  private TestProbe<Delivery> leadProbe;
  private TestProbe<Delivery> poolProbe;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("RepEntityTest");
    deps = EntityTests.deps(testKit, clock, directory);
    deps.sharding().init(Entity.of(Lead.ENTITY_KEY, ctx -> leads.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(RoutingPool.ENTITY_KEY, ctx -> pools.entity(ctx.getEntityId())));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshProbes() {
    directory.update(OrgChart.empty());
    leadProbe = testKit.createTestProbe(Delivery.class);
    poolProbe = testKit.createTestProbe(Delivery.class);
    leads.to(leadProbe);
    pools.to(poolProbe);
  }

  @Test
  void aReservationUnderCapacityIsRecordedAndReportedToTheLeadAndThePool() {
    String repId = newRepId();
    var rep = newRep(repId);
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResult<Rep.Command, Rep.Event, Rep.Live> result = rep.runCommand(new Rep.Reserve("lead-a", 2, EAST));

    assertEquals(List.of(new Rep.LeadReservedV2("lead-a", now, EAST, day(now))), result.events());
    Rep.StateV2 state = result.state().snapshot();
    assertEquals(new Rep.StateV2(List.of(new Rep.OpenLead("lead-a", EAST)), now.toEpochMilli(), day(now), 1, 0, List.of(),
        null, null), state);
    assertEquals(new Lead.ReservationResult(repId, true, "reserved"),
        expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-a", load(1, now), false),
        report(EAST));

    assertEquals(state, rep.restart().state().snapshot());
  }

  @Test
  void reservingALeadAlreadyHeldConfirmsItPersistsNothingAndTellsOnlyTheLeadsPool() {
    String repId = newRepId();
    var rep = newRep(repId);
    Instant reservedAt = reserve(rep, "lead-a", 1, EAST);
    clock.advance(Duration.ofMinutes(1));

    CommandResult<Rep.Command, Rep.Event, Rep.Live> again = rep.runCommand(new Rep.Reserve("lead-a", 1, EAST));

    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(new Lead.ReservationResult(repId, true, "already held"),
        expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-a", load(1, reservedAt), false),
        onlyToTheLeadsRegion(EAST));
  }

  @Test
  void aReservationAtCapacityIsRefusedPersistsNothingAndTellsOnlyTheLeadsPool() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 2, EAST);
    Instant lastAt = reserve(rep, "lead-b", 2, EAST);

    CommandResult<Rep.Command, Rep.Event, Rep.Live> result = rep.runCommand(new Rep.Reserve("lead-c", 2, EAST));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-a", "lead-b"), result.state().snapshot().open().stream().map(Rep.OpenLead::leadId).toList());
    assertEquals(new Lead.ReservationResult(repId, false, "at capacity 2/2"),
        expectDelivery(leadProbe, "lead-c", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-c", load(2, lastAt), true),
        onlyToTheLeadsRegion(EAST));
  }

  @Test
  void aReleaseFreesTheSlotAndIsReportedToThePoolOfTheLeadsRegion() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-east", 3, EAST);
    Instant southAt = reserve(rep, "lead-south", 3, SOUTH);
    Instant now = clock.advance(Duration.ofMinutes(5));

    CommandResult<Rep.Command, Rep.Event, Rep.Live> result = rep.runCommand(new Rep.Release("lead-south"));

    assertEquals(List.of(new Rep.LeadReleased("lead-south", now)), result.events());
    assertEquals(List.of(new Rep.OpenLead("lead-east", EAST)), result.state().snapshot().open());
    assertEquals(southAt.toEpochMilli(), result.state().lastAssignedAtMillis());
    assertEquals(new RoutingPool.RepChanged(repId, "lead-south", load(1, southAt, 2), false),
        report(SOUTH));
    leadProbe.expectNoMessage(SHORT);

    assertEquals(result.state(), rep.restart().state());
  }

  @Test
  void releasingALeadTheRepDoesNotHoldDoesNothing() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 2, EAST);

    CommandResult<Rep.Command, Rep.Event, Rep.Live> result = rep.runCommand(new Rep.Release("lead-unknown"));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(1, result.state().snapshot().open().size());
    poolProbe.expectNoMessage(SHORT);
    leadProbe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void getLoadRepliesTheOpenLeadsAndTheTimeOfTheLastReservation() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 5, EAST);
    reserve(rep, "lead-b", 5, EAST);
    Instant lastReservation = reserve(rep, "lead-c", 5, SOUTH);
    clock.advance(Duration.ofMinutes(1));
    rep.runCommand(new Rep.Release("lead-a"));
    report(EAST);

    CommandResultWithReply<Rep.Command, Rep.Event, Rep.Live, RepWorkload> result = rep.runCommand(Rep.GetLoad::new);

    assertEquals(load(2, lastReservation, 3), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aNewRepHasNoLoad() {
    var rep = newRep(newRepId());

    CommandResultWithReply<Rep.Command, Rep.Event, Rep.Live, RepWorkload> result = rep.runCommand(Rep.GetLoad::new);

    assertEquals(RepWorkload.NONE, result.reply());
  }

  @Test
  void aRestartKeepsTheOpenLeadsAndTheirCapacity() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-b", 2, SOUTH);
    Instant lastAt = reserve(rep, "lead-a", 2, EAST);
    assertEquals(day(lastAt), day(clock.instant().minusSeconds(1)), "both on one day");

    Rep.StateV2 recovered = rep.restart().state().snapshot();

    assertEquals(List.of(new Rep.OpenLead("lead-a", EAST), new Rep.OpenLead("lead-b", SOUTH)), recovered.open());
    assertEquals(new Rep.StateV2(recovered.open(), lastAt.toEpochMilli(), day(lastAt), 2, 0, List.of(), null, null), recovered);
    assertEquals(load(2, lastAt), rep.<RepWorkload>runCommand(Rep.GetLoad::new).reply());
    // Still full after the restart.
    CommandResult<Rep.Command, Rep.Event, Rep.Live> result = rep.runCommand(new Rep.Reserve("lead-c", 2, EAST));
    assertTrue(result.hasNoEvents());
    assertEquals(new Lead.ReservationResult(repId, false, "at capacity 2/2"),
        expectDelivery(leadProbe, "lead-c", Lead.ReservationResult.class));
    onlyToTheLeadsRegion(EAST);
  }

  @Test
  void aLoadChangeIsReportedToThePoolOfEveryRegion() {
    String repId = newRepId();
    directory.update(new OrgChart(
        List.of(new OrgChart.Region(EAST, "mgr-1"), new OrgChart.Region(SOUTH, "mgr-1")), List.of(),
        List.of(People.director("dir-1").build(), People.manager("mgr-1").managedBy("dir-1").build(),
            People.rep(repId).managedBy("mgr-1").regions(EAST, SOUTH).capacity(1).build())));
    var rep = newRep(repId);
    Instant now = clock.advance(Duration.ofSeconds(1));

    rep.runCommand(new Rep.Reserve("lead-a", 1, EAST));

    expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class);
    RoutingPool.RepChanged full = new RoutingPool.RepChanged(repId, "lead-a", load(1, now), false);
    Map<String, Object> told = new HashMap<>();
    java.util.Set<String> regions = directory.current().poolRegions();
    poolProbe.receiveSeveralMessages(regions.size()).forEach(d -> told.put(d.entityId(), d.message()));
    assertEquals(regions, told.keySet());
    assertTrue(regions.containsAll(List.of(EAST, SOUTH, "西南", "未知", "境外")), regions::toString);
    told.values().forEach(m -> assertEquals(full, m));
  }

  @Test
  void newLeadsAreCountedPerDayInTheRepsZone() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 9, EAST);
    reserve(rep, "lead-b", 9, EAST);
    // The next midnight in Shanghai (the rules' zone): a new day.
    Instant midnight = day(clock.instant()).plusDays(1).atStartOfDay(SHANGHAI).toInstant();
    clock.advance(Duration.between(clock.instant(), midnight).minusSeconds(1));
    reserve(rep, "lead-c", 9, EAST);

    RepWorkload load = rep.<RepWorkload>runCommand(Rep.GetLoad::new).reply();
    assertEquals(day(midnight), load.day());
    assertEquals(1, load.newOnDay());
    assertEquals(3, load.openLeads());
    assertEquals(load, rep.restart().state().workload());
  }

  @Test
  void breachesInARowMakeAStreakThatAnAcknowledgementInTimeEnds() {
    String repId = newRepId();
    var rep = newRep(repId);

    assertEquals(1, rep.runCommand(new Rep.AckBreached("lead-a")).events().size());
    reports(null);
    assertTrue(rep.runCommand(new Rep.AckBreached("lead-a")).hasNoEvents(), "the same lead counts once");
    rep.runCommand(new Rep.AckBreached("lead-b"));
    RoutingPool.RepChanged told = reports(null);
    assertEquals(2, told.load().breachStreak());
    assertEquals(List.of("lead-a", "lead-b"), rep.restart().state().streakLeads());

    rep.runCommand(new Rep.AckInTime("lead-c"));
    assertEquals(0, reports(null).load().breachStreak());
    assertTrue(rep.runCommand(new Rep.AckInTime("lead-d")).hasNoEvents(), "no streak to end");
  }

  @Test
  void aManagerRestoresARepToRotation() {
    String repId = newRepId();
    var rep = newRep(repId);
    rep.runCommand(new Rep.AckBreached("lead-a"));
    reports(null);
    Instant now = clock.advance(Duration.ofMinutes(3));

    CommandResultWithReply<Rep.Command, Rep.Event, Rep.Live, Rep.Status> result =
        rep.runCommand(replyTo -> new Rep.RestoreRotation("mgr-1", replyTo));

    assertEquals(List.of(new Rep.RotationRestored("mgr-1", now)), result.events());
    assertEquals(new Rep.Status(repId, 0, null, 0, 0, List.of(), "mgr-1", now), result.reply());
    assertEquals(0, reports(null).load().breachStreak());
  }

  @Test
  void aDeactivatedRepTellsEachOpenLeadToLeave() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 5, EAST);
    reserve(rep, "lead-b", 5, SOUTH);

    assertTrue(rep.runCommand(new Rep.Deactivate("deactivated in the org chart")).hasNoEvents());

    Map<String, Object> told = new HashMap<>();
    leadProbe.receiveSeveralMessages(2).forEach(d -> told.put(d.entityId(), d.message()));
    Lead.Withdraw withdraw = new Lead.Withdraw(repId, "deactivated in the org chart");
    assertEquals(Map.of("lead-a", withdraw, "lead-b", withdraw), told);
  }

  @Test
  void journalsWrittenBeforeDailyCountsStillReplay() {
    Instant at = Instant.parse("2026-03-01T08:00:00Z");
    Rep.Live state = new Rep.State(List.of(), 0L).toV2().toLive()
        .apply(new Rep.LeadReserved("lead-a", at, EAST));
    assertEquals(List.of(new Rep.OpenLead("lead-a", EAST)), state.snapshot().open());
    assertEquals(null, state.day());
    assertEquals(0, state.workload().newOn(LocalDate.parse("2026-03-01")));
    assertEquals(at.toEpochMilli(), state.lastAssignedAtMillis());
  }

  private static final java.time.ZoneId SHANGHAI = java.time.ZoneId.of("Asia/Shanghai");

  private static LocalDate day(Instant at) {
    return at.atZone(SHANGHAI).toLocalDate();
  }

  /** A workload whose reservations all fell on one day: {@code open} open of {@code open} new that day. */
  private static RepWorkload load(int open, Instant last) {
    return load(open, last, open);
  }

  private static RepWorkload load(int open, Instant last, int newToday) {
    return new RepWorkload(open, last.toEpochMilli(), day(last), newToday, 0);
  }

  /** A change that concerns only the pool of the lead's region: told there and nowhere else. */
  private RoutingPool.RepChanged onlyToTheLeadsRegion(String region) {
    RoutingPool.RepChanged told = expectDelivery(poolProbe, region, RoutingPool.RepChanged.class);
    poolProbe.expectNoMessage(SHORT);
    return told;
  }

  /** The change reported to every region's pool; returns the one sent to {@code region} (or any, for null). */
  private RoutingPool.RepChanged report(String region) {
    return reports(region);
  }

  private RoutingPool.RepChanged reports(String region) {
    java.util.Set<String> regions = directory.current().poolRegions();
    Map<String, RoutingPool.RepChanged> told = new HashMap<>();
    poolProbe.receiveSeveralMessages(regions.size())
        .forEach(d -> told.put(d.entityId(), (RoutingPool.RepChanged) d.message()));
    assertEquals(regions, told.keySet());
    return told.get(region == null ? regions.iterator().next() : region);
  }

  private static String newRepId() {
    return "rep-" + UUID.randomUUID();
  }

  private static EventSourcedBehaviorTestKit<Rep.Command, Rep.Event, Rep.Live> newRep(String repId) {
    // The state in memory (Rep.Live) is never written: snapshots go through Rep.SNAPSHOTS as StateV2,
    // whose bytes GoldenBytesTest guards and RepStateTest round-trips.
    return EventSourcedBehaviorTestKit.create(testKit.system(), Rep.create(repId, deps, new dev.leadrouter.engine.boot.RepPort(deps)),
        EntityTests.KRYO_ROUND_TRIP.withVerifyState(false));
  }

  /** Reserves a lead a second after the previous step and consumes the reports; returns the time. */
  private Instant reserve(
      EventSourcedBehaviorTestKit<Rep.Command, Rep.Event, Rep.Live> rep, String leadId, int capacity, String region) {
    Instant at = clock.advance(Duration.ofSeconds(1));
    assertEquals(1, rep.runCommand(new Rep.Reserve(leadId, capacity, region)).events().size());
    assertTrue(expectDelivery(leadProbe, leadId, Lead.ReservationResult.class).reserved());
    report(region);
    return at;
  }
}
