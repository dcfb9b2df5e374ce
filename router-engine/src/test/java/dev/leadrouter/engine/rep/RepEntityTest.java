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
import dev.leadrouter.engine.routing.RepLoad;
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

/** The Rep entity: capacity is enforced here, and every change is reported to the lead and the pool. */
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

    CommandResult<Rep.Command, Rep.Event, Rep.State> result = rep.runCommand(new Rep.Reserve("lead-a", 2, EAST));

    assertEquals(List.of(new Rep.LeadReserved("lead-a", now, EAST)), result.events());
    Rep.State state = result.state();
    assertEquals(new Rep.State(List.of(new Rep.OpenLead("lead-a", EAST)), now.toEpochMilli()), state);
    assertEquals(new Lead.ReservationResult(repId, true, "reserved"),
        expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-a", new RepLoad(1, now.toEpochMilli())),
        expectDelivery(poolProbe, EAST, RoutingPool.RepChanged.class));

    assertEquals(state, rep.restart().state());
  }

  @Test
  void reservingALeadAlreadyHeldConfirmsItAndPersistsNothing() {
    String repId = newRepId();
    var rep = newRep(repId);
    Instant reservedAt = reserve(rep, "lead-a", 1, EAST);
    clock.advance(Duration.ofMinutes(1));

    CommandResult<Rep.Command, Rep.Event, Rep.State> again = rep.runCommand(new Rep.Reserve("lead-a", 1, EAST));

    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(new Lead.ReservationResult(repId, true, "already held"),
        expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-a", new RepLoad(1, reservedAt.toEpochMilli())),
        expectDelivery(poolProbe, EAST, RoutingPool.RepChanged.class));
  }

  @Test
  void aReservationAtCapacityIsRefusedAndPersistsNothing() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 2, EAST);
    Instant lastAt = reserve(rep, "lead-b", 2, EAST);

    CommandResult<Rep.Command, Rep.Event, Rep.State> result = rep.runCommand(new Rep.Reserve("lead-c", 2, EAST));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-a", "lead-b"), result.state().open().stream().map(Rep.OpenLead::leadId).toList());
    assertEquals(new Lead.ReservationResult(repId, false, "at capacity 2/2"),
        expectDelivery(leadProbe, "lead-c", Lead.ReservationResult.class));
    assertEquals(new RoutingPool.RepChanged(repId, "lead-c", new RepLoad(2, lastAt.toEpochMilli())),
        expectDelivery(poolProbe, EAST, RoutingPool.RepChanged.class));
  }

  @Test
  void aReleaseFreesTheSlotAndIsReportedToThePoolOfTheLeadsRegion() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-east", 3, EAST);
    Instant southAt = reserve(rep, "lead-south", 3, SOUTH);
    Instant now = clock.advance(Duration.ofMinutes(5));

    CommandResult<Rep.Command, Rep.Event, Rep.State> result = rep.runCommand(new Rep.Release("lead-south"));

    assertEquals(List.of(new Rep.LeadReleased("lead-south", now)), result.events());
    assertEquals(new Rep.State(List.of(new Rep.OpenLead("lead-east", EAST)), southAt.toEpochMilli()), result.state());
    assertEquals(new RoutingPool.RepChanged(repId, "lead-south", new RepLoad(1, southAt.toEpochMilli())),
        expectDelivery(poolProbe, SOUTH, RoutingPool.RepChanged.class));
    leadProbe.expectNoMessage(SHORT);

    assertEquals(result.state(), rep.restart().state());
  }

  @Test
  void releasingALeadTheRepDoesNotHoldDoesNothing() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-a", 2, EAST);

    CommandResult<Rep.Command, Rep.Event, Rep.State> result = rep.runCommand(new Rep.Release("lead-unknown"));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(1, result.state().open().size());
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
    expectDelivery(poolProbe, EAST, RoutingPool.RepChanged.class);

    CommandResultWithReply<Rep.Command, Rep.Event, Rep.State, RepLoad> result = rep.runCommand(Rep.GetLoad::new);

    assertEquals(new RepLoad(2, lastReservation.toEpochMilli()), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aNewRepHasNoLoad() {
    var rep = newRep(newRepId());

    CommandResultWithReply<Rep.Command, Rep.Event, Rep.State, RepLoad> result = rep.runCommand(Rep.GetLoad::new);

    assertEquals(RepLoad.NONE, result.reply());
  }

  @Test
  void aRestartKeepsTheOpenLeadsAndTheirCapacity() {
    String repId = newRepId();
    var rep = newRep(repId);
    reserve(rep, "lead-b", 2, SOUTH);
    Instant lastAt = reserve(rep, "lead-a", 2, EAST);

    Rep.State recovered = rep.restart().state();

    assertEquals(new Rep.State(
        List.of(new Rep.OpenLead("lead-a", EAST), new Rep.OpenLead("lead-b", SOUTH)), lastAt.toEpochMilli()), recovered);
    assertEquals(new RepLoad(2, lastAt.toEpochMilli()), rep.<RepLoad>runCommand(Rep.GetLoad::new).reply());
    // Still full after the restart.
    CommandResult<Rep.Command, Rep.Event, Rep.State> result = rep.runCommand(new Rep.Reserve("lead-c", 2, EAST));
    assertTrue(result.hasNoEvents());
    assertEquals(new Lead.ReservationResult(repId, false, "at capacity 2/2"),
        expectDelivery(leadProbe, "lead-c", Lead.ReservationResult.class));
    expectDelivery(poolProbe, EAST, RoutingPool.RepChanged.class);
  }

  @Test
  void aLoadChangeIsReportedToThePoolOfEveryRegionTheRepIsTaggedWith() {
    String repId = newRepId();
    directory.update(new OrgChart(
        List.of(new OrgChart.Region(EAST, "mgr-1"), new OrgChart.Region(SOUTH, "mgr-1")), List.of(),
        List.of(People.director("dir-1").build(), People.manager("mgr-1").managedBy("dir-1").build(),
            People.rep(repId).managedBy("mgr-1").regions(EAST, SOUTH).capacity(1).build())));
    var rep = newRep(repId);
    Instant now = clock.advance(Duration.ofSeconds(1));

    rep.runCommand(new Rep.Reserve("lead-a", 1, EAST));

    expectDelivery(leadProbe, "lead-a", Lead.ReservationResult.class);
    RoutingPool.RepChanged full = new RoutingPool.RepChanged(repId, "lead-a", new RepLoad(1, now.toEpochMilli()));
    Map<String, Object> told = new HashMap<>();
    poolProbe.receiveSeveralMessages(2).forEach(d -> told.put(d.entityId(), d.message()));
    assertEquals(Map.of(EAST, full, SOUTH, full), told);
  }

  private static String newRepId() {
    return "rep-" + UUID.randomUUID();
  }

  private static EventSourcedBehaviorTestKit<Rep.Command, Rep.Event, Rep.State> newRep(String repId) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Rep.create(repId, deps), EntityTests.KRYO_ROUND_TRIP);
  }

  /** Reserves a lead a second after the previous step and consumes the reports; returns the time. */
  private Instant reserve(
      EventSourcedBehaviorTestKit<Rep.Command, Rep.Event, Rep.State> rep, String leadId, int capacity, String region) {
    Instant at = clock.advance(Duration.ofSeconds(1));
    assertEquals(1, rep.runCommand(new Rep.Reserve(leadId, capacity, region)).events().size());
    assertTrue(expectDelivery(leadProbe, leadId, Lead.ReservationResult.class).reserved());
    expectDelivery(poolProbe, region, RoutingPool.RepChanged.class);
    return at;
  }
}
