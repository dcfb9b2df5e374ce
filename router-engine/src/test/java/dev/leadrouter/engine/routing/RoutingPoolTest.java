package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RoutingDefaults;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import static dev.leadrouter.engine.EntityTests.expectDelivery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.EntityTests.Delivery;
import dev.leadrouter.engine.EntityTests.Relay;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
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
  private static final String EAST = "华东";

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay leads = new Relay();
  private static final Relay reps = new Relay();
  /** What each stub Rep entity answers to GetLoad. */
  private static final Map<String, RepWorkload> LOADS = new ConcurrentHashMap<>();
  private static final AtomicInteger regions = new AtomicInteger();
  private static EngineDeps deps;

  private TestProbe<Delivery> leadProbe;
  private TestProbe<Delivery> repProbe;
  /** This test's pool: a region key of its own (the pool's persistence id), with its own manager. */
  private String region;
  /** A lead from 华东 (where the reps work) in this test's industry and band. */
  private final LeadFacts facts = LeadFacts.of(INDUSTRY, new RegionInfo(EAST, "上海市", "上海市", "中国"), BAND);
  /** This test's rules: the built-in default unless a test publishes a document. */
  private RoutingDirectory routing;
  private EngineDeps poolDeps;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("RoutingPoolTest");
    deps = EntityTests.deps(testKit, clock, directory);
    deps.sharding().init(Entity.of(Lead.ENTITY_KEY, ctx -> leads.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> repStub(ctx.getEntityId())));
    RoutingLedger.init(testKit.system(), deps.sharding());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshRegion() {
    LOADS.clear();
    region = "pool-" + regions.incrementAndGet();
    routing = new RoutingDirectory(directory, deps.sla());
    poolDeps = new EngineDeps(deps.clock(), deps.settings(), directory, deps.sla(), deps.sources(), routing,
        deps.sharding(), deps.orgTopic());
    leadProbe = testKit.createTestProbe(Delivery.class);
    repProbe = testKit.createTestProbe(Delivery.class);
    leads.to(leadProbe);
    reps.to(repProbe);
  }

  private static Behavior<Rep.Command> repStub(String repId) {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Rep.GetLoad get) get.replyTo().tell(LOADS.getOrDefault(repId, RepWorkload.NONE));
      else reps.forward(repId, m);
      return Behaviors.same();
    });
  }

  // ---------------------------------------------------------------- routing

  @Test
  void aRouteIsAnsweredWithAnOfferOfTheLeastLoadedMatchingRep() {
    LOADS.put("r1", open(3));
    LOADS.put("r2", open(1));
    var pool = newPool(chart(
        rep("r1").industries(INDUSTRY).bands(BAND),
        rep("r2").industries(INDUSTRY).bands(BAND),
        rep("r3").industries("零售")));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(route("lead-1", List.of()));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r2", decision.repId());
    assertEquals("region+industry+budget", decision.rule());
    assertEquals(List.of(
            new Candidate("r1", true, "eligible, not chosen: 3/5 open"),
            new Candidate("r2", true, "chosen: fewest open leads (1/5 open)"),
            new Candidate("r3", false, "industry mismatch: covers [零售]")),
        decision.candidates());
    assertEquals(RoutingDecision.ASSIGNED, decision.outcome());
    assertEquals("leastLoaded", decision.distribution());
    assertEquals("Went to Person r2 by rule 'region+industry+budget' (least loaded, 2 eligible of 2).", decision.summary());
    assertEquals(0, decision.rulesVersion());
  }

  @Test
  void aRouteSkipsTheRepsTheLeadExcludes() {
    var pool = newPool(chart(rep("r1"), rep("r2")));

    pool.runCommand(route("lead-1", List.of("r1")));

    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r2", decision.repId());
    assertEquals(new Candidate("r1", false, "had this lead before (refused it or it was taken from them)"),
        decision.candidates().get(0));
  }

  @Test
  void whenEveryRepIsAwayTheLeadIsQueuedAndTheRegionManagerIsTold() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY), rep("r2").availability(OrgChart.AWAY)));
    Instant receivedAt = clock.instant();
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.Route("lead-1", facts, receivedAt, List.of()));

    RoutingPool.QueuedLeadV2 queued = new RoutingPool.QueuedLeadV2("lead-1", facts, receivedAt, now, List.of());
    assertEquals(List.of(new RoutingPool.LeadEnqueuedV2(queued)), result.events());
    assertEquals(new RoutingPool.StateV2(List.of(queued)), result.state());
    Lead.Enqueue enqueue = expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    RoutingDecision decision = enqueue.decision();
    assertEquals(RoutingDecision.FALLBACK, decision.outcome());
    assertEquals("unassigned", decision.queue());
    assertEquals("region", decision.rule());
    assertEquals(List.of(new Candidate("r1", false, "marked away in the org chart"),
        new Candidate("r2", false, "marked away in the org chart")), decision.candidates());
    assertEquals(3, decision.path().size(), () -> "every tier tried: " + decision.path());
    assertEquals(List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK)), enqueue.notices());

    assertEquals(result.state(), pool.restart().state());
  }

  @Test
  void getQueueListsTheQueuedLeadsOldestFirstAndSurvivesARestart() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    Instant older = clock.instant().minus(Duration.ofMinutes(5));
    Instant newer = clock.instant().minus(Duration.ofMinutes(1));
    pool.runCommand(new RoutingPool.Route("lead-new", facts, newer, List.of()));
    pool.runCommand(new RoutingPool.Route("lead-old", facts, older, List.of("r9")));
    // Two stand-in lead entities: no order between their deliveries.
    assertEquals(Set.of("lead-new", "lead-old"),
        leadProbe.receiveSeveralMessages(2).stream().map(Delivery::entityId).collect(Collectors.toSet()));
    Instant now = clock.instant();

    CommandResultWithReply<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2, RoutingPool.QueueView> result =
        pool.runCommand(RoutingPool.GetQueue::new);

    RoutingPool.QueueView expected = new RoutingPool.QueueView(region, List.of(
        new RoutingPool.QueuedLeadV2("lead-old", facts, older, now, List.of("r9")),
        new RoutingPool.QueuedLeadV2("lead-new", facts, newer, now, List.of())));
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

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> again =
        pool.runCommand(route("lead-1", List.of()));

    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(1, again.state().queue().size());
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
  }

  // ---------------------------------------------------------------- draining the queue

  @Test
  void aRepChangeThatMakesRoomOffersTheQueuedLeadWhichStaysQueuedUntilItTakesTheOffer() {
    LOADS.put("r1", open(1));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", open(0), false));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-1"), queued(result.state()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aRepWhoRefusedALeadAtCapacityIsOfferedItFromTheQueueOnceTheyHaveRoom() {
    LOADS.put("r1", open(1));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of("r1")));
    Lead.Enqueue queued = expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    assertEquals("had this lead before (refused it or it was taken from them)", queued.decision().candidates().get(0).reason());

    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", open(0), false));

    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadLeavesTheQueueWhenItReportsItTookAnOffer() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    Instant now = clock.advance(Duration.ofMinutes(3));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.LeadTaken("lead-1"));

    assertEquals(List.of(new RoutingPool.LeadDequeued("lead-1", now)), result.events());
    assertEquals(List.of(), result.state().queue());
    assertEquals(new RoutingPool.StateV2(List.of()), pool.restart().state());
    // Taken again (a repeated report): nothing left to do.
    assertTrue(pool.runCommand(new RoutingPool.LeadTaken("lead-1")).hasNoEvents());
  }

  @Test
  void aHandAssignmentIsCheckedOverTheLoadsWithOffersInFlightAndTheLeadStaysQueuedUntilItReportsTaken() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY), rep("r2").regions("华南").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    CommandResultWithReply<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2, RoutingPool.HandAnswer> byHand =
        pool.runCommand(replyTo -> new RoutingPool.AssignByHand("lead-1", "r2", "mgr-1", replyTo));

    assertEquals(new RoutingPool.HandAnswer(RoutingDecision.manual("r2", "mgr-1", "available", 0), null), byHand.reply());
    assertTrue(byHand.hasNoEvents());
    assertEquals(List.of("lead-1"), queued(byHand.state()), "queued until the lead reports it took the rep");
    assertEquals(new RoutingPool.HandAnswer(null, "at capacity 1/1"), pool.<RoutingPool.HandAnswer>runCommand(
        replyTo -> new RoutingPool.AssignByHand("lead-2", "r2", "mgr-1", replyTo)).reply(), "the offer in flight counts");
    assertEquals(new RoutingPool.HandAnswer(null, "marked away in the org chart"), pool.<RoutingPool.HandAnswer>runCommand(
        replyTo -> new RoutingPool.AssignByHand("lead-1", "r1", "mgr-1", replyTo)).reply());
    assertEquals(List.of(), queued(pool.runCommand(new RoutingPool.LeadTaken("lead-1")).state()));
  }

  @Test
  void aLeadThatWasNotQueuedTakingAnOfferChangesNothing() {
    var pool = newPool(chart(rep("r1")));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.LeadTaken("lead-1"));

    assertTrue(result.hasNoEvents());
    assertEquals(List.of(), result.state().queue());
  }

  @Test
  void anOrgChangeThatMakesRoomOffersTheQueuedLead() {
    var pool = newPool(chart(rep("r1").availability(OrgChart.AWAY)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);

    OrgChart back = chart(rep("r1"));
    directory.update(back);
    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.OrgChanged(back));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(List.of("lead-1"), queued(result.state()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadHasOneOfferAtATime() {
    LOADS.put("r1", open(1));
    LOADS.put("r2", open(1));
    var pool = newPool(chart(rep("r1").capacity(1), rep("r2").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", open(0), false));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());

    pool.runCommand(new RoutingPool.RepChanged("r2", "lead-9", open(0), false));

    leadProbe.expectNoMessage(SHORT);
  }

  @Test
  void anOfferLostOnTheWayIsMadeAgainOnceItTimesOut() {
    LOADS.put("r1", open(1));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", open(0), false));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);

    pool.runCommand(new RoutingPool.Tick());
    leadProbe.expectNoMessage(SHORT);
    clock.advance(deps.settings().offerTimeout().plusSeconds(1));
    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.Tick());

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
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

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.OfferDeclined("lead-a", "r1"));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals("r1", expectDelivery(leadProbe, "lead-b", Lead.Offer.class).decision().repId());
  }

  @Test
  void aQueuedLeadThatDeclinesAnOfferNoLongerWaitsAndLeavesTheQueue() {
    LOADS.put("r1", open(1));
    var pool = newPool(chart(rep("r1").capacity(1)));
    pool.runCommand(route("lead-1", List.of()));
    expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-0", open(0), false));
    expectDelivery(leadProbe, "lead-1", Lead.Offer.class);
    Instant now = clock.advance(Duration.ofSeconds(2));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(new RoutingPool.OfferDeclined("lead-1", "r1"));

    assertEquals(new RoutingPool.LeadDequeued("lead-1", now), result.events().get(0));
    // The offer it did not keep gives its count back.
    assertEquals(0, storedLedger(pool).group("pool:" + RoutingDefaults.POOL).members().get("r1").received());

    assertEquals(List.of(), result.state().queue());
  }

  @Test
  void aRepsConfirmationReplacesItsInFlightOfferInsteadOfAddingToIt() {
    var pool = newPool(chart(rep("r1").capacity(2)));
    pool.runCommand(route("lead-a", List.of()));
    expectDelivery(leadProbe, "lead-a", Lead.Offer.class);
    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-a", open(1), false));

    pool.runCommand(route("lead-b", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-b", Lead.Offer.class).decision().repId());
    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> third =
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

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
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
      CommandResultWithReply<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2, RoutingDecision> result =
          pool.runCommand(replyTo -> new RoutingPool.Preview(facts, replyTo));

      assertEquals("r1", result.reply().repId());
      assertTrue(result.hasNoEvents());
    }
    leadProbe.expectNoMessage(SHORT);
    pool.runCommand(route("lead-1", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  // ---------------------------------------------------------------- the routing rules in force

  @Test
  void roundRobinKeepsItsPlaceInAPersistedLedgerAndOffersOnlyOnceItIsWritten() {
    publish("""
        {"pools": [{"id": "p", "members": ["r1", "r2", "r3"]}],
         "default": {"target": {"pool": "p"}, "distribution": "roundRobin"}, "fallbackQueue": "unassigned"}""");
    var pool = newPool(chart(rep("r1"), rep("r2"), rep("r3")));

    List<String> chosen = new ArrayList<>();
    for (String lead : List.of("lead-a", "lead-b", "lead-c")) {
      assertTrue(pool.runCommand(route(lead, List.of())).hasNoEvents(), "the ledger is saved elsewhere");
      chosen.add(expectDelivery(leadProbe, lead, Lead.Offer.class).decision().repId());
    }
    assertEquals(List.of("r1", "r2", "r3"), chosen);

    FairnessLedger ledger = storedLedger(pool);
    pool.restart();
    assertEquals(ledger, storedLedger(pool), "loaded again after the restart");
    assertEquals(Set.of("r1", "r2", "r3"), ledger.group("pool:p").members().keySet());
    ledger.group("pool:p").members().values().forEach(m -> assertEquals(1, m.received()));
    pool.runCommand(route("lead-d", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-d", Lead.Offer.class).decision().repId(),
        "the rotation goes on after a restart");
  }

  @Test
  void aStoppingPoolSavesTheLedgersLastMovesBeforeItStops() {
    publish("""
        {"pools": [{"id": "p", "members": ["r1", "r2"]}],
         "default": {"target": {"pool": "p"}, "distribution": "roundRobin"}, "fallbackQueue": "unassigned"}""");
    // Saves wait an hour here: only the stop can have saved the move.
    poolDeps = new EngineDeps(deps.clock(), EngineSettings.fromConfig(com.typesafe.config.ConfigFactory
        .parseString("leadrouter.routing.ledger-save-delay = 1h").withFallback(testKit.system().settings().config())),
        directory, deps.sla(), deps.sources(), routing, deps.sharding(), deps.orgTopic());
    directory.update(chart(rep("r1"), rep("r2")));
    // Spawned, not under EventSourcedBehaviorTestKit: its runCommand asks for the state after each
    // command, and a pool that has saved and stopped by then never answers.
    var pool = testKit.spawn(RoutingPool.create(region, poolDeps, new dev.leadrouter.engine.boot.PoolPort(poolDeps)));
    pool.tell(route("lead-a", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-a", Lead.Offer.class).decision().repId());

    // Sharding's stop message (passivation, hand-off, shutdown): the move is saved first.
    pool.tell(new RoutingPool.Stop());
    testKit.createTestProbe().expectTerminated(pool);

    TestProbe<RoutingLedger.Loaded> loaded = testKit.createTestProbe();
    loaded.awaitAssert(Duration.ofSeconds(5), () -> {
      deps.sharding().entityRefFor(RoutingLedger.ENTITY_KEY, region).tell(new RoutingLedger.Load(loaded.getRef()));
      String json = loaded.receiveMessage().ledgerJson();
      assertTrue(json != null && json.contains("\"lastChosen\":\"r1\""), String.valueOf(json));
      return null;
    });
  }

  @Test
  void anOfferTheRepRefusedOrTheLeadDeclinedGivesItsCountBack() {
    publish("""
        {"pools": [{"id": "p", "members": ["r1", "r2"]}],
         "default": {"target": {"pool": "p"}, "distribution": "roundRobin"}, "fallbackQueue": "unassigned"}""");
    var pool = newPool(chart(rep("r1"), rep("r2")));
    pool.runCommand(route("lead-a", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-a", Lead.Offer.class).decision().repId());
    pool.runCommand(route("lead-b", List.of()));
    assertEquals("r2", expectDelivery(leadProbe, "lead-b", Lead.Offer.class).decision().repId());

    pool.runCommand(new RoutingPool.RepChanged("r1", "lead-a", open(5), true));
    pool.runCommand(new RoutingPool.OfferDeclined("lead-b", "r2"));

    FairnessLedger ledger = storedLedger(pool);
    ledger.group("pool:p").members().values().forEach(m -> assertEquals(0, m.received(), ledger::toString));
    assertEquals("r2", ledger.group("pool:p").lastChosen(), "the rotation position stays");
    pool.restart();
    assertEquals(ledger, storedLedger(pool), "stored");
  }

  @Test
  void aRepWhoseBreachStreakReachedTheLimitIsOutOfRotation() {
    publish("""
        {"pools": [{"id": "p", "members": ["r1", "r2"]}], "breachStreakLimit": 2,
         "default": {"target": {"pool": "p"}, "distribution": "roundRobin"}, "fallbackQueue": "unassigned"}""");
    LOADS.put("r1", new RepWorkload(0, 0L, null, 0, 2));
    var pool = newPool(chart(rep("r1"), rep("r2")));

    pool.runCommand(route("lead-1", List.of()));

    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r2", decision.repId());
    assertEquals(new Candidate("r1", false, "out of rotation after 2 breaches in a row"), decision.candidates().get(0));

    pool.runCommand(new RoutingPool.RepChanged("r1", null, RepWorkload.NONE, false));
    pool.runCommand(route("lead-2", List.of()));
    assertEquals("r1", expectDelivery(leadProbe, "lead-2", Lead.Offer.class).decision().repId(), "restored");
  }

  @Test
  void aRepAtTheirDailyLimitIsSkippedAndADeactivatedRepNeverChosen() {
    publish("""
        {"people": {"r1": {"maxNewPerDay": 1}},
         "default": {"target": {"team": "t"}, "distribution": "leastLoaded"}, "fallbackQueue": "unassigned"}""");
    java.time.LocalDate today = clock.instant().atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
    LOADS.put("r1", new RepWorkload(0, 0L, today, 1, 0));
    var pool = newPool(chart(rep("r1").team("t"), rep("r2").team("t").availability(OrgChart.DEACTIVATED),
        rep("r3").team("t").capacity(1)));
    LOADS.put("r3", open(0));

    pool.runCommand(route("lead-1", List.of()));

    RoutingDecision decision = expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision();
    assertEquals("r3", decision.repId());
    assertEquals(List.of(new Candidate("r1", false, "daily limit 1/1 reached"), new Candidate("r2", false, "deactivated"),
        new Candidate("r3", true, "chosen: fewest open leads (0/1 open)")), decision.candidates());
  }

  @Test
  void whenEveryCandidateIsAwayForAWhileTheLeadWaitsAndIsOfferedWhenTheyReturn() {
    Instant back = clock.instant().plus(Duration.ofHours(1));
    publish("""
        {"people": {"r1": {"absences": [{"from": "%s", "to": "%s", "reason": "lunch"}]}},
         "default": {"target": {"rep": "r1"}}, "fallbackQueue": "unassigned",
         "whenAllAway": {"policy": "wait", "maxWait": "PT2H"}}""".formatted(clock.instant().minusSeconds(60), back));
    var pool = newPool(chart(rep("r1")));

    CommandResult<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> result =
        pool.runCommand(route("lead-1", List.of()));

    assertEquals(1, result.events().size());
    Lead.Enqueue enqueue = expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    assertTrue(enqueue.decision().waits());
    assertEquals(back, enqueue.decision().waitUntil());
    assertEquals(List.of(), enqueue.notices(), "nobody is told about a wait");

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    pool.runCommand(new RoutingPool.Tick());
    assertEquals("r1", expectDelivery(leadProbe, "lead-1", Lead.Offer.class).decision().repId());
  }

  @Test
  void aWaitThatCanNoLongerEndGoesToTheFallbackQueueAndTheManagerIsToldOnce() {
    Instant back = clock.instant().plus(Duration.ofHours(1));
    publish("""
        {"people": {"r1": {"absences": [{"from": "%s", "to": "%s"}]}},
         "default": {"target": {"rep": "r1"}}, "fallbackQueue": "unassigned",
         "whenAllAway": {"policy": "wait", "maxWait": "PT2H"}}""".formatted(clock.instant().minusSeconds(60), back));
    var pool = newPool(chart(rep("r1")));
    pool.runCommand(route("lead-1", List.of()));
    assertTrue(expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class).decision().waits());

    OrgChart away = chart(rep("r1").availability(OrgChart.AWAY));
    directory.update(away);
    pool.runCommand(new RoutingPool.OrgChanged(away));

    Lead.Enqueue fallback = expectDelivery(leadProbe, "lead-1", Lead.Enqueue.class);
    assertEquals(RoutingDecision.FALLBACK, fallback.decision().outcome());
    assertEquals(List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK)), fallback.notices());
    pool.runCommand(new RoutingPool.Tick());
    leadProbe.expectNoMessage(SHORT);
  }

  @Test
  void snapshotsAndQueuesWrittenBeforeTheRulesStillLoad() {
    Instant at = Instant.parse("2026-03-01T08:00:00Z");
    RoutingPool.State old = new RoutingPool.State(List.of(
        new RoutingPool.QueuedLead("lead-1", new RoutingCriteria(EAST, INDUSTRY, BAND), at, at)));

    RoutingPool.StateV2 now = old.toV2();

    RoutingPool.QueuedLeadV2 lead = now.queue().get(0);
    assertEquals(EAST, lead.facts().region().macro());
    assertEquals(INDUSTRY, lead.facts().industry());
    assertEquals(BAND, lead.facts().budgetBand());
  }

  /** The pool's ledger once every move made so far is stored in its {@link RoutingLedger}. */
  private static FairnessLedger storedLedger(EventSourcedBehaviorTestKit<RoutingPool.Command, RoutingPool.Event,
      RoutingPool.StateV2> pool) {
    java.util.concurrent.atomic.AtomicReference<RoutingPool.LedgerView> view = new java.util.concurrent.atomic.AtomicReference<>();
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      RoutingPool.LedgerView v = pool.<RoutingPool.LedgerView>runCommand(RoutingPool.GetLedger::new).reply();
      assertEquals(dev.leadrouter.engine.common.ConfigJson.read(v.ledgerJson(), FairnessLedger.class).version(),
          v.storedVersion(), "stored");
      view.set(v);
      return null;
    });
    return dev.leadrouter.engine.common.ConfigJson.read(view.get().ledgerJson(), FairnessLedger.class);
  }

  private void publish(String json) {
    routing.publish(1, json);
  }

  // ---------------------------------------------------------------- helpers

  private People rep(String id) {
    return People.rep(id).managedBy("mgr-1").regions(EAST);
  }

  private OrgChart chart(People... reps) {
    List<OrgChart.Person> people = new ArrayList<>(List.of(
        People.director("dir-1").channels("email").build(),
        People.manager("mgr-1").managedBy("dir-1").channels("wecom").build()));
    for (People rep : reps) people.add(rep.build());
    return new OrgChart(List.of(new OrgChart.Region(region, "mgr-1")), List.of(new OrgChart.Team("t", "T", "mgr-1")), people);
  }

  private static List<String> queued(RoutingPool.StateV2 state) {
    return state.queue().stream().map(RoutingPool.QueuedLeadV2::leadId).toList();
  }

  private RoutingPool.Route route(String leadId, List<String> excluded) {
    return new RoutingPool.Route(leadId, facts, clock.instant(), excluded);
  }

  private static RepWorkload open(int leads) {
    return RepWorkload.open(leads);
  }

  /** A pool for this test's region that has its reps' loads (a preview is answered only once it has). */
  private EventSourcedBehaviorTestKit<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> newPool(
      OrgChart chart) {
    directory.update(chart);
    EventSourcedBehaviorTestKit<RoutingPool.Command, RoutingPool.Event, RoutingPool.StateV2> pool =
        EventSourcedBehaviorTestKit.create(testKit.system(), RoutingPool.create(region, poolDeps, new dev.leadrouter.engine.boot.PoolPort(poolDeps)),
            EntityTests.KRYO_ROUND_TRIP);
    pool.<RoutingDecision>runCommand(replyTo -> new RoutingPool.Preview(facts, replyTo));
    return pool;
  }
}
