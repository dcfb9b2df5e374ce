package dev.leadrouter.engine.routing;

import static dev.leadrouter.engine.EntityTests.expectDelivery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.EntityTests.Delivery;
import dev.leadrouter.engine.EntityTests.Relay;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notice;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.rep.Rep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing pool of one region. Each test runs a pool for a fresh region; the Rep entities it asks
 * for loads at start are stubs answering from {@link #LOADS}, and the leads it answers are probes.
 */
class RoutingPoolTest {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String INDUSTRY = "制造";
  private static final String BAND = "50-200万";

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay leads = new Relay();
  private static final Relay reps = new Relay();
  /** What each stub Rep entity answers to GetLoad. */
  private static final Map<String, RepLoad> LOADS = new ConcurrentHashMap<>();
  private static final AtomicInteger regions = new AtomicInteger();
  private static EngineDeps deps;

  private TestProbe<Delivery> leadProbe;
  private TestProbe<Delivery> repProbe;
  private String region;
  private RoutingCriteria criteria;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("RoutingPoolTest");
    deps = EntityTests.deps(testKit, clock, directory);
    deps.sharding().init(Entity.of(Lead.ENTITY_KEY, ctx -> leads.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> repStub(ctx.getEntityId())));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshRegion() {
    LOADS.clear();
    region = "华东-" + regions.incrementAndGet();
    criteria = new RoutingCriteria(region, INDUSTRY, BAND);
    leadProbe = testKit.createTestProbe(Delivery.class);
    repProbe = testKit.createTestProbe(Delivery.class);
    leads.to(leadProbe);
    reps.to(repProbe);
  }

  private static Behavior<Rep.Command> repStub(String repId) {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Rep.GetLoad get) get.replyTo().tell(LOADS.getOrDefault(repId, RepLoad.NONE));
      else reps.forward(repId, m);
      return Behaviors.same();
    });
  }

  // ---------------------------------------------------------------- routing

  @Test
  void aRouteIsAnsweredWithAnOfferOfTheLeastLoadedMatchingRep() {
    LOADS.put("r1", new RepLoad(3, 0));
    LOADS.put("r2", new RepLoad(1, 0));
    var pool = newPool(chart(
        rep("r1").industries(INDUSTRY).bands(BAND),
        rep("r2").industries(INDUSTRY).bands(BAND),
        rep("r3").industries("零售")));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(route("lead-1", List.of()));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r2", decision.repId());
    assertEquals("region+industry+budget", decision.rule());
    assertEquals(List.of(
            new Candidate("r1", true, "eligible, not chosen: 3/5 open"),
            new Candidate("r2", true, "chosen by rule region+industry+budget: 1/5 open"),
            new Candidate("r3", false, "industry mismatch: covers [零售]")),
        decision.candidates());
  }

  @Test
  void aRouteSkipsTheRepsTheLeadExcludes() {
    var pool = newPool(chart(rep("r1"), rep("r2")));

    pool.runCommand(route("lead-1", List.of("r1")));

    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r2", decision.repId());
    assertEquals(new Candidate("r1", false, "refused the offer: at capacity"), decision.candidates().get(0));
  }

  @Test
  void whenEveryRepIsAwayTheLeadIsQueuedAndTheRegionManagerIsTold() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY), rep("r2").availability(OrgChart.AWAY)));
    Instant receivedAt = clock.instant();
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.Route("lead-1", criteria, receivedAt, List.of()));

    RoutingPool.QueuedLead queued = new RoutingPool.QueuedLead("lead-1", criteria, receivedAt, now);
    assertEquals(List.of(new RoutingPool.LeadEnqueued(queued)), result.events());
    assertEquals(new RoutingPool.State(List.of(queued)), result.state());
    Lead.Enqueue enqueue = expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    assertEquals(new RoutingDecision(null, "fallback-queue",
            List.of(new Candidate("r1", false, "away"), new Candidate("r2", false, "away"))),
        enqueue.decision());
    assertEquals(List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK)), enqueue.notices());

    assertEquals(result.state(), pool.restart().state());
  }

  @Test
  void getQueueListsTheQueuedLeadsOldestFirstAndSurvivesARestart() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    Instant older = clock.instant().minus(Duration.ofMinutes(5));
    Instant newer = clock.instant().minus(Duration.ofMinutes(1));
    pool.runCommand(new RoutingPool.Route("lead-new", criteria, newer, List.of()));
    pool.runCommand(new RoutingPool.Route("lead-old", criteria, older, List.of()));
    // Two stand-in lead entities: no order between their deliveries.
    assertEquals(Set.of("lead-new", "lead-old"),
        leadProbe.receiveSeveralMessages(2).stream().map(Delivery::entityId).collect(Collectors.toSet()));
    Instant now = clock.instant();

    CommandResultWithReply<RoutingPool.Command, RoutingPool.Event, RoutingPool.State, RoutingPool.QueueView> result =
        pool.runCommand(RoutingPool.GetQueue::new);

    RoutingPool.QueueView expected = new RoutingPool.QueueView(region, List.of(
        new RoutingPool.QueuedLead("lead-old", criteria, older, now),
        new RoutingPool.QueuedLead("lead-new", criteria, newer, now)));
    assertEquals(expected, result.reply());
    assertTrue(result.hasNoEvents());

    pool.restart();
    assertEquals(expected, pool.<RoutingPool.QueueView>runCommand(RoutingPool.GetQueue::new).reply());
  }

  @Test
  void routingAQueuedLeadAgainKeepsOneEntryAndTellsTheLeadAgain() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> again =
        pool.runCommand(route("lead-1", List.of()));

    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(1, again.state().queue().size());
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
  }

  // ---------------------------------------------------------------- draining the queue

  @Test
  void aRepChangeThatMakesRoomOffersTheQueuedLeadWhichStaysQueuedUntilItTakesTheOffer() {
    LOADS.put("r1", new RepLoad(1, 0));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", new RepLoad(0, 0)));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-1"), queued(result.state()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadLeavesTheQueueWhenItReportsItTookAnOffer() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    Instant now = clock.advance(Duration.ofMinutes(3));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.LeadTaken("lead-1"));

    assertEquals(List.of(new RoutingPool.LeadDequeued("lead-1", now)), result.events());
    assertEquals(List.of(), result.state().queue());
    assertEquals(new RoutingPool.State(List.of()), pool.restart().state());
    // Taken again (a repeated report): nothing left to do.
    assertTrue(pool.runCommand(new RoutingPool.LeadTaken("lead-1")).hasNoEvents());
  }

  @Test
  void aLeadThatWasNotQueuedTakingAnOfferChangesNothing() {
    var pool = newPool(chart(rep("r1")));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.LeadTaken("lead-1"));

    assertTrue(result.hasNoEvents());
    assertEquals(List.of(), result.state().queue());
  }

  @Test
  void anOrgChangeThatMakesRoomOffersTheQueuedLead() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.OrgChanged(chart(rep("r1"))));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-1"), queued(result.state()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadHasOneOfferAtATime() {
    LOADS.put("r1", new RepLoad(1, 0));
    LOADS.put("r2", new RepLoad(1, 0));
    var pool = newPool(chart(rep("r1").capacity(1), rep("r2").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", new RepLoad(0, 0)));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());

    pool.runCommand(new RoutingPool.RepChanged("r2", "lead-9", new RepLoad(0, 0)));

    leadProbe.expectNoMessage(SHORT);
  }

  @Test
  void anOfferLostOnTheWayIsMadeAgainOnceItTimesOut() {
    LOADS.put("r1", new RepLoad(1, 0));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", new RepLoad(0, 0)));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);

    pool.runCommand(new RoutingPool.Tick());
    leadProbe.expectNoMessage(SHORT);
    clock.advance(deps.settings().offerTimeout().plusSeconds(1));
    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.Tick());

    assertTrue(result.hasNoEvents());
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aDeclinedOfferFreesTheRepsInFlightSlotForTheQueue() {
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-a", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-a", Lead.Offer.class).decision().repId());
    // The offer to lead-a is in flight: r1 counts as full.
    assertEquals(1, pool.runCommand(route("lead-b", List.of())).events().size());
    expectDelivery(leadProbe, "lead-b", Lead.Enqueue.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.OfferDeclined("lead-a", "r1"));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals("r1", expectDelivery(leadProbe, "lead-b", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadThatDeclinesAnOfferNoLongerWaitsAndLeavesTheQueue() {
    LOADS.put("r1", new RepLoad(1, 0));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", new RepLoad(0, 0)));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);
    Instant now = clock.advance(Duration.ofSeconds(2));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.OfferDeclined("lead-1", "r1"));

    assertEquals(List.of(new RoutingPool.LeadDequeued("lead-1", now)), result.events());
    assertEquals(List.of(), result.state().queue());
  }

  @Test
  void aRepsConfirmationReplacesItsInFlightOfferInsteadOfAddingToIt() {
    var pool = newPool(chart(rep("r1").capacity(2)));
    pool.runCommand(route("lead-a", List.of()));
    expectDelivery(leadProbe, "lead-a", Lead.Offer.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-a", new RepLoad(1, clock.millis())));

    pool.runCommand(route("lead-b", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-b", Lead.Offer.class).decision().repId());
    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> third =
        pool.runCommand(route("lead-c", List.of()));

    assertEquals(1, third.events().size(), "one confirmed + one in flight = full");
    expectDelivery(leadProbe, "lead-c", Lead.Enqueue.class);
  }

  @Test
  void forgetTakesAQueuedLeadOutOfTheQueue() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    Instant now = clock.advance(Duration.ofMinutes(1));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> result =
        pool.runCommand(new RoutingPool.Forget("lead-1"));

    assertEquals(List.of(new RoutingPool.LeadDequeued("lead-1", now)), result.events());
    assertEquals(List.of(), result.state().queue());
    assertTrue(pool.runCommand(new RoutingPool.Forget("lead-1")).hasNoEvents());
  }

  // ---------------------------------------------------------------- preview

  @Test
  void aPreviewAnswersTheDecisionWithoutPersistingOfferingOrCountingIt() {
    var pool = newPool(chart(rep("r1").capacity(1)));

    for (int i = 0; i < 2; i++) {
      CommandResultWithReply<RoutingPool.Command, RoutingPool.Event, RoutingPool.State, RoutingDecision> result =
          pool.runCommand(replyTo -> new RoutingPool.Preview(criteria, replyTo));

      assertEquals("r1", result.reply().repId());
      assertTrue(result.hasNoEvents());
    }
    leadProbe.expectNoMessage(SHORT);
    pool.runCommand(route("lead-1", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  // ---------------------------------------------------------------- helpers

  private People rep(String id) {
    return People.rep(id).managedBy("mgr-1").regions(region);
  }

  private OrgChart chart(People... reps) {
    List<OrgChart.Person> people = new ArrayList<>(List.of(
        People.director("dir-1").channels("email").build(),
        People.manager("mgr-1").managedBy("dir-1").channels("wecom").build()));
    for (People rep : reps) people.add(rep.build());
    return new OrgChart(List.of(new OrgChart.Region(region, "mgr-1")), List.of(), people);
  }

  private static List<String> queued(RoutingPool.State state) {
    return state.queue().stream().map(RoutingPool.QueuedLead::leadId).toList();
  }

  private RoutingPool.Route route(String leadId, List<String> excluded) {
    return new RoutingPool.Route(leadId, criteria, clock.instant(), excluded);
  }

  /** A pool for this test's region that has its reps' loads (a preview is answered only once it has). */
  private EventSourcedBehaviorTestKit<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> newPool(
      OrgChart chart) {
    directory.update(chart);
    EventSourcedBehaviorTestKit<RoutingPool.Command, RoutingPool.Event, RoutingPool.State> pool =
        EventSourcedBehaviorTestKit.create(testKit.system(), RoutingPool.create(region, deps),
            EntityTests.KRYO_ROUND_TRIP);
    pool.<RoutingDecision>runCommand(replyTo -> new RoutingPool.Preview(criteria, replyTo));
    return pool;
  }
}
