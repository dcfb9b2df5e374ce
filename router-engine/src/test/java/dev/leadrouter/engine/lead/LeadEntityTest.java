package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import dev.leadrouter.engine.vocab.Notice;
import static dev.leadrouter.engine.EntityTests.expectDelivery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.EntityTests.Delivery;
import dev.leadrouter.engine.EntityTests.Relay;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.Candidate;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lead entity rule by rule; the pool and the reps it talks to are probes behind sharding. */
class LeadEntityTest {

  private static final String EAST = "华东";
  private static final Duration SHORT = Duration.ofMillis(300);

  private static final OrgChart ORG = new OrgChart(
      List.of(new OrgChart.Region(EAST, "mgr-1")),
      List.of(new OrgChart.Team("team-east", "East", "mgr-1")),
      List.of(
          People.director("dir-1").channels("email", "app").build(),
          People.manager("mgr-1").managedBy("dir-1").team("team-east").channels("wecom").build(),
          People.rep("rep-1").managedBy("mgr-1").team("team-east").regions(EAST).capacity(2)
              .channels("app", "sms").build(),
          People.rep("rep-2").managedBy("mgr-1").team("team-east").regions(EAST).build()));

  private static final CleanLead LEAD = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
      List.of("+8613800138000"), Map.of(), List.of("zhang.san@example.cn"), "苏州精密制造有限公司",
      new RegionInfo(EAST, "江苏省", "苏州市", "CN"), "制造", new Budget(500_000L, 2_000_000L, "CNY", false), "50-200万",
      "normal", LeadInput.Utm.EMPTY, null, Map.of(), List.of(), null);

  /** The default standard policy, plus richer ones picked by priority for the SLA tests below. */
  private static final String POLICIES = """
      {"calendars": [{"name": "office", "zone": "Asia/Shanghai",
                      "hours": {"MON": ["09:00-18:00"], "TUE": ["09:00-18:00"], "WED": ["09:00-18:00"],
                                "THU": ["09:00-18:00"], "FRI": ["09:00-18:00"]}}],
       "policies": [
         {"name": "standard", "steps": [{"after": "15m", "action": "remind"},
            {"after": "30m", "action": "escalate-manager"}, {"after": "60m", "action": "escalate-director"}]},
         {"name": "rich", "match": {"priority": "high"}, "steps": [
            {"after": "10m", "action": "remind", "channels": ["voice"]},
            {"after": "20m", "action": "copy", "person": "dir-1", "channels": ["email"]},
            {"after": "40m", "until": "contacted", "action": "breach"}]},
         {"name": "hot", "match": {"priority": "urgent"}, "steps": [
            {"after": "5m", "action": "remind"}, {"after": "10m", "action": "reassign"}]},
         {"name": "office-hours", "match": {"priority": "low"}, "clock": "business", "calendar": "office",
          "steps": [{"after": "15m", "action": "remind"}]}]}
      """;

  private static final RoutingDecision TO_REP_1 = decision("rep-1", "region+industry+budget", List.of(
      new Candidate("rep-1", true, "chosen: fewest open leads (0/2 open)"),
      new Candidate("rep-2", true, "eligible, not chosen: 0/5 open")));

  private static final RoutingDecision NOBODY = new RoutingDecision(null, "region", List.of(
      new Candidate("rep-1", false, "marked away in the org chart"), new Candidate("rep-2", false, "marked away in the org chart")),
      RoutingDecision.FALLBACK, "leastLoaded", "Sent to queue 'unassigned': rule 'region' had no eligible member of 2.",
      List.of(new RoutingDecision.Step("region", "matched, but no eligible member")), null, "unassigned", 1);

  /** An assignment by the rules (version 1) with a one-step path. */
  private static RoutingDecision decision(String repId, String rule, List<Candidate> candidates) {
    return new RoutingDecision(repId, rule, candidates, RoutingDecision.ASSIGNED, "leastLoaded",
        "Went to " + repId + " by rule '" + rule + "'.", List.of(new RoutingDecision.Step(rule, "matched")), null, null, 1);
  }

  private static final List<Notice> REMINDER = List.of(
      new Notice("rep-1", "rep", "app", Notice.REMINDER), new Notice("rep-1", "rep", "sms", Notice.REMINDER));
  private static final List<Notice> TO_MANAGER = List.of(
      new Notice("mgr-1", "manager", "wecom", Notice.ESCALATION),
      new Notice("dir-1", "director", "email", Notice.ESCALATION_COPY));
  private static final List<Notice> TO_DIRECTOR = List.of(
      new Notice("dir-1", "director", "email", Notice.ESCALATION),
      new Notice("dir-1", "director", "app", Notice.ESCALATION));

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay pools = new Relay();
  private static final Relay reps = new Relay();
  private static final Relay opportunities = new Relay();
  private static EngineDeps deps;

  private TestProbe<Delivery> poolProbe;
  private TestProbe<Delivery> repProbe;
  private TestProbe<Delivery> opportunityProbe;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("LeadEntityTest");
    deps = EntityTests.deps(testKit, clock, directory);
    deps.sla().update(SlaPolicies.parse(POLICIES).compile(1));
    deps.sharding().init(Entity.of(RoutingPool.ENTITY_KEY, ctx -> pools.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> reps.entity(ctx.getEntityId())));
    // Opportunities open at once, except those of leads whose id says "silent" (they never answer).
    deps.sharding().init(Entity.of(OpportunityProtocol.ENTITY_KEY, ctx -> Behaviors.receiveMessage(
        (OpportunityProtocol.Command m) -> {
          opportunities.forward(ctx.getEntityId(), m);
          if (m instanceof OpportunityProtocol.Open open && !ctx.getEntityId().contains("silent")) {
            open.replyTo().tell(new OpportunityProtocol.Opened(ctx.getEntityId(), "qualification"));
          }
          return Behaviors.same();
        })));
    // Earlier leads of returning contacts: each answers that rep-2 owned it.
    deps.sharding().init(Entity.of(Lead.ENTITY_KEY, ctx -> Behaviors.receiveMessage((Lead.Command m) -> {
      if (m instanceof Lead.GetOwner get) get.replyTo().tell(new Lead.OwnerIs(ctx.getEntityId(), "rep-2"));
      return Behaviors.same();
    })));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshProbes() {
    directory.update(ORG);
    poolProbe = testKit.createTestProbe(Delivery.class);
    repProbe = testKit.createTestProbe(Delivery.class);
    opportunityProbe = testKit.createTestProbe(Delivery.class);
    pools.to(poolProbe);
    reps.to(repProbe);
    opportunities.to(opportunityProbe);
  }

  // ---------------------------------------------------------------- receive and route

  @Test
  void receivingANewLeadRecordsItRepliesAcceptedAndAsksTheRegionsPool() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant now = clock.instant();

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.Accepted> result =
        lead.runCommand(replyTo -> new Lead.Receive(LEAD, "call after 6pm", replyTo));

    assertEquals(new Lead.Accepted(id, Lead.Status.RECEIVED), result.reply());
    assertEquals(List.of(new Lead.LeadReceived(id, now, LEAD, "call after 6pm")), result.events());
    assertEquals(Lead.Status.RECEIVED, result.state().status());
    assertEquals(now, result.state().data().receivedAt());
    assertEquals(List.of(new TimelineEntry(now, "RECEIVED", "from web-form")), result.state().timeline());
    assertEquals(new RoutingPool.Route(id, LeadFacts.of(LEAD), now, List.of()),
        expectDelivery(poolProbe, EAST, RoutingPool.Route.class));

    LeadState recovered = lead.restart().state();
    assertEquals(result.state(), recovered);
    // A recovered lead that still has no rep asks its pool again.
    assertEquals(new RoutingPool.Route(id, LeadFacts.of(LEAD), now, List.of()),
        expectDelivery(poolProbe, EAST, RoutingPool.Route.class));
  }

  @Test
  void aReturningContactsLeadAsksItsEarlierLeadWhoOwnedItAndRoutesWithThatOwner() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant now = clock.instant();

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.Accepted> result =
        lead.runCommand(replyTo -> new Lead.Receive(LEAD, null, replyTo, "lead-earlier", true));

    assertEquals(List.of(new Lead.LeadReceived(id, now, LEAD, null), new Lead.ContactReturned(now, "lead-earlier")),
        result.events());
    assertEquals("lead-earlier", result.state().data().previousLeadId());
    assertEquals("RETURNING", last(result.state().timeline()).type());
    RoutingPool.Route route = expectDelivery(poolProbe, EAST, RoutingPool.Route.class);
    assertEquals("rep-2", route.facts().previousOwner());
    assertEquals(LeadFacts.of(LEAD).withPreviousOwner("rep-2"), route.facts());

    assertEquals(result.state(), lead.restart().state());
    assertEquals("rep-2", expectDelivery(poolProbe, EAST, RoutingPool.Route.class).facts().previousOwner());
  }

  @Test
  void aLeadReceivedWithoutRoutingIsRecordedUnroutedNeverAsksAPoolAndIsAssignedOnlyByHand() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant now = clock.instant();

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.Accepted> result =
        lead.runCommand(replyTo -> new Lead.Receive(LEAD, null, replyTo, null, false));

    assertEquals(new Lead.Accepted(id, Lead.Status.UNROUTED), result.reply());
    assertEquals(List.of(new Lead.LeadReceived(id, now, LEAD, null), new Lead.LeadNotRouted(now, "imported without routing")),
        result.events());
    assertEquals(new TimelineEntry(now, "NOT_ROUTED", "imported without routing; waits to be assigned by hand"),
        result.state().timeline().get(1));
    // Neither now, nor after a restart, nor on a wake-up (the deadline scanner's) does it ask for routing.
    LeadState recovered = lead.restart().state();
    assertEquals(result.state(), recovered);
    lead.<Lead.Woken>runCommand(Lead.Wake::new);
    poolProbe.expectNoMessage(SHORT);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> byHand = lead.runCommand(replyTo ->
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(BY_HAND_TO_REP_2, null), replyTo));
    assertEquals(Lead.Status.ASSIGNED, byHand.state().status());
    assertEquals("rep-2", byHand.state().assignment().repId());
    assertEquals(id, expectRep(id, "rep-2", Rep.Reserve.class).leadId());
  }

  @Test
  void receivingAKnownLeadAgainRepliesAcceptedWithTheSameIdAndPersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    clock.advance(Duration.ofMinutes(1));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.Accepted> again =
        lead.runCommand(replyTo -> new Lead.Receive(LEAD, "a retried delivery", replyTo));

    assertEquals(new Lead.Accepted(id, Lead.Status.RECEIVED), again.reply());
    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(1, again.state().timeline().size());
    poolProbe.expectNoMessage(SHORT);
  }

  @Test
  void getOnAnUnknownLeadIsRefusedNotFound() {
    var lead = newLead(newLeadId());

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.GetReply> result =
        lead.runCommand(Lead.Get::new);

    Lead.Refused refused = assertInstanceOf(Lead.Refused.class, result.reply());
    assertEquals(Rejected.Code.NOT_FOUND, refused.rejection().code());
    assertTrue(result.hasNoEvents());
    assertEquals(Lead.Status.NEW, result.state().status());
  }

  @Test
  void getOnAKnownLeadRepliesItsView() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant receivedAt = receive(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.GetReply> result =
        lead.runCommand(Lead.Get::new);

    LeadView view = assertInstanceOf(Lead.Found.class, result.reply()).view();
    assertEquals(id, view.leadId());
    assertEquals("RECEIVED", view.status());
    assertEquals(receivedAt, view.receivedAt());
    assertEquals("NOT_STARTED", view.sla().state());
    assertTrue(result.hasNoEvents());
  }

  // ---------------------------------------------------------------- assignment

  @Test
  void anOfferAssignsTheRepWithThreeDeadlinesFromTheStandardPolicyAndReservesASlot() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    Instant assignedAt = clock.advance(Duration.ofSeconds(2));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(new Lead.Offer(TO_REP_1));

    List<Deadline> deadlines = List.of(
        new Deadline(0, SlaAction.REMIND, assignedAt.plus(Duration.ofMinutes(15))),
        new Deadline(1, SlaAction.ESCALATE_MANAGER, assignedAt.plus(Duration.ofMinutes(30))),
        new Deadline(2, SlaAction.ESCALATE_DIRECTOR, assignedAt.plus(Duration.ofMinutes(60))));
    List<SlaStep> steps = List.of(
        new SlaStep(0, SlaAction.REMIND, SlaStep.ACKNOWLEDGED, "", List.of(), 900_000),
        new SlaStep(1, SlaAction.ESCALATE_MANAGER, SlaStep.ACKNOWLEDGED, "", List.of(), 1_800_000),
        new SlaStep(2, SlaAction.ESCALATE_DIRECTOR, SlaStep.ACKNOWLEDGED, "", List.of(), 3_600_000));
    List<Notice> toldRep = List.of(new Notice("rep-1", "rep", "app", Notice.ASSIGNED),
        new Notice("rep-1", "rep", "sms", Notice.ASSIGNED));
    assertEquals(List.of(new Lead.LeadAssigned(assignedAt, "rep-1", TO_REP_1, "standard", 1, "wall", steps,
        deadlines, toldRep)), result.events());
    LeadState state = result.state();
    assertEquals(Lead.Status.ASSIGNED, state.status());
    assertEquals(new Assignment("rep-1", assignedAt, TO_REP_1), state.assignment());
    assertEquals(deadlines, state.sla().pending());
    assertEquals(0, state.sla().escalationLevel());
    assertEquals(new RoutingPool.LeadTaken(id), expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class));
    assertEquals(new Rep.Reserve(id, 2, EAST), expectRep(id, "rep-1", Rep.Reserve.class));

    LeadState recovered = lead.restart().state();
    assertEquals(state, recovered);
    // After recovery the lead re-confirms its slot with the rep.
    assertEquals(new Rep.Reserve(id, 2, EAST), expectRep(id, "rep-1", Rep.Reserve.class));
  }

  @Test
  void aReservationTheRepDoesNotAnswerIsSentAgainBackingOffUntilItIs() {
    // An overloaded rep drops what it cannot stash: the stand-in rep here never answers by itself.
    String id = newLeadId();
    var lead = newLead(id, retryingReservationsAfter(Duration.ofMillis(500)));
    receive(lead);
    lead.runCommand(new Lead.Offer(TO_REP_1));
    expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class);
    assertEquals(new Rep.Reserve(id, 2, EAST), expectRep(id, "rep-1", Rep.Reserve.class));

    // Asked again after 500 ms (timers are never early), then after twice that.
    assertEquals(0, reservesOf(id, Duration.ofMillis(400)).size(), "too soon");
    long second = reservesOf(id, Duration.ofSeconds(3), 1).get(0);
    long third = reservesOf(id, Duration.ofSeconds(3), 1).get(0);
    assertTrue(third - second >= 900, () -> "backs off: " + (third - second) + " ms");

    // Once the rep answers, it is not asked again (the next attempt would have come 2 s later).
    lead.runCommand(new Lead.ReservationResult("rep-1", true, "reserved"));
    assertEquals(0, reservesOf(id, Duration.ofMillis(3000)).size());
  }

  @Test
  void aReleasedRepIsNotAskedToReserveAgain() {
    String id = newLeadId();
    var lead = newLead(id, retryingReservationsAfter(Duration.ofMillis(300)));
    assign(lead);

    lead.<Lead.CloseReply>runCommand(replyTo -> new Lead.Close("mgr-1", "duplicate", replyTo));

    assertEquals(new Rep.Release(id), expectRep(id, "rep-1", Rep.Release.class));
    assertEquals(0, reservesOf(id, Duration.ofMillis(1000)).size());
  }

  /**
   * The next message to a rep about lead {@code id}: it went to {@code repId} and is a {@code type}.
   * Reserves of other leads are skipped: earlier tests' leads are never acknowledged by a rep, so
   * they keep retrying theirs on the same probe.
   */
  private <T> T expectRep(String id, String repId, Class<T> type) {
    Delivery d = nextToARepAbout(id);
    assertEquals(repId, d.entityId(), () -> "delivered to the wrong rep: " + d);
    return assertInstanceOf(type, d.message(), () -> "unexpected message: " + d);
  }

  private Delivery nextToARepAbout(String id) {
    for (;;) {
      Delivery d = repProbe.receiveMessage();
      if (!(d.message() instanceof Rep.Reserve r) || r.leadId().equals(id)) return d;
    }
  }

  /** When (ms, monotonic) each Reserve of lead {@code id} reached its rep within {@code window}. */
  private List<Long> reservesOf(String id, Duration window) {
    return reservesOf(id, window, Integer.MAX_VALUE);
  }

  /**
   * Like {@link #reservesOf(String, Duration)}, stopping after {@code enough} of them. Deliveries to
   * reps for other leads are skipped: earlier tests' leads still run their timers.
   */
  private List<Long> reservesOf(String id, Duration window, int enough) {
    List<Long> at = new ArrayList<>();
    long end = System.nanoTime() + window.toNanos();
    for (long left; at.size() < enough && (left = end - System.nanoTime()) > 0; ) {
      Delivery d;
      try {
        d = repProbe.receiveMessage(Duration.ofNanos(left));
      } catch (AssertionError timeout) {
        break;
      }
      if (d.message() instanceof Rep.Reserve r && r.leadId().equals(id)) at.add(System.nanoTime() / 1_000_000);
    }
    return at;
  }

  @Test
  void anOfferToALeadThatIsAlreadyAssignedIsDeclinedToThePool() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    RoutingDecision toRep2 = decision("rep-2", "region", List.of());

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(new Lead.Offer(toRep2));

    assertTrue(result.hasNoEvents());
    assertEquals("rep-1", result.state().assignment().repId());
    assertEquals(new RoutingPool.OfferDeclined(id, "rep-2"),
        expectDelivery(poolProbe, EAST, RoutingPool.OfferDeclined.class));
    repProbe.expectNoMessage(SHORT);
  }

  @Test
  void enqueueOnAReceivedLeadQueuesIt() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    Instant queuedAt = clock.advance(Duration.ofSeconds(1));
    List<Notice> fallback = List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK));

    CommandResult<Lead.Command, Lead.Event, LeadState> result =
        lead.runCommand(new Lead.Enqueue(NOBODY, fallback));

    assertEquals(List.of(new Lead.LeadQueued(queuedAt, EAST, NOBODY, fallback)), result.events());
    assertEquals(Lead.Status.QUEUED, result.state().status());
    assertNull(result.state().assignment());
    assertEquals(new TimelineEntry(queuedAt, "QUEUED", NOBODY.summary() + "; told mgr-1"),
        last(result.state().timeline()));

    assertEquals(result.state(), lead.restart().state());
    // A queued lead waits for its pool: recovery asks nobody.
    poolProbe.expectNoMessage(SHORT);
  }

  @Test
  void aLeadWaitingForACandidateIsRecordedAgainOnlyWhenTheWaitEndsInTheFallbackQueue() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    Instant back = clock.instant().plus(Duration.ofHours(1));
    RoutingDecision waiting = new RoutingDecision(null, "region", List.of(), RoutingDecision.WAIT, "leastLoaded",
        "Waiting until 19:00 for the first candidate to return: rep-1 is on vacation until 19:00.", List.of(), back,
        null, 1);
    Instant at = clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of(new Lead.LeadQueued(at, EAST, waiting, List.of())),
        lead.runCommand(new Lead.Enqueue(waiting, List.of())).events());
    assertEquals("WAITING", last(lead.getState().timeline()).type());
    assertTrue(lead.runCommand(new Lead.Enqueue(waiting, List.of())).hasNoEvents(), "told again: nothing new");

    List<Notice> fallback = List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK));
    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(new Lead.Enqueue(NOBODY, fallback));

    assertEquals(1, result.events().size());
    assertEquals(new TimelineEntry(result.state().timeline().get(result.state().timeline().size() - 1).at(), "QUEUED",
        NOBODY.summary() + "; told mgr-1"), last(result.state().timeline()));
    assertTrue(lead.runCommand(new Lead.Enqueue(NOBODY, fallback)).hasNoEvents());
    assertEquals(NOBODY, lead.getState().ownership().queuedBy());
  }

  @Test
  void aDeactivatedRepLosesTheLeadWhichIsRoutedAgainWithoutThemAndTheirManagerIsTold() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(3));

    CommandResult<Lead.Command, Lead.Event, LeadState> result =
        lead.runCommand(new Lead.Withdraw("rep-1", "deactivated in the org chart"));

    assertEquals(List.of(new Lead.AssignmentWithdrawn(now, "rep-1", "deactivated in the org chart",
        List.of(new Notice("mgr-1", "manager", "wecom", Notice.WITHDRAWN)))), result.events());
    assertEquals(Lead.Status.RECEIVED, result.state().status());
    assertEquals(List.of("rep-1"), result.state().ownership().refusedBy());
    assertEquals(new Rep.Release(id), expectRep(id, "rep-1", Rep.Release.class));
    assertEquals(List.of("rep-1"), expectDelivery(poolProbe, EAST, RoutingPool.Route.class).excluded());
    assertEquals("WITHDRAWN", last(result.state().timeline()).type());
    // Told again (the engine repeats it at start): the lead no longer holds that rep.
    assertTrue(lead.runCommand(new Lead.Withdraw("rep-1", "deactivated in the org chart")).hasNoEvents());
  }

  @Test
  void aQueuedLeadTakesAnOfferAndTellsThePoolItLeftTheQueue() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));
    Instant assignedAt = clock.advance(Duration.ofMinutes(20));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(new Lead.Offer(TO_REP_1));

    Lead.LeadAssigned assigned = assertInstanceOf(Lead.LeadAssigned.class, result.event());
    assertEquals(assignedAt, assigned.at());
    assertEquals(assignedAt.plus(Duration.ofMinutes(15)), assigned.deadlines().get(0).dueAt());
    assertEquals(Lead.Status.ASSIGNED, result.state().status());
    assertEquals(new RoutingPool.LeadTaken(id), expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class));
    assertEquals(new Rep.Reserve(id, 2, EAST), expectRep(id, "rep-1", Rep.Reserve.class));

    assertEquals(result.state(), restartHoldingRep(lead, id));
  }

  @Test
  void aRefusedReservationRevokesTheAssignmentAndRoutesAgainWithoutThatRep() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant receivedAt = receive(lead);
    lead.runCommand(new Lead.Offer(TO_REP_1));
    expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class);
    expectRep(id, "rep-1", Rep.Reserve.class);
    Instant refusedAt = clock.advance(Duration.ofSeconds(1));

    CommandResult<Lead.Command, Lead.Event, LeadState> result =
        lead.runCommand(new Lead.ReservationResult("rep-1", false, "at capacity 2/2"));

    assertEquals(List.of(new Lead.AssignmentRevoked(refusedAt, "rep-1", "at capacity 2/2")), result.events());
    LeadState state = result.state();
    assertEquals(Lead.Status.RECEIVED, state.status());
    assertNull(state.assignment());
    assertEquals(List.of(), state.sla().pending());
    assertEquals(List.of("rep-1"), state.ownership().refusedBy());
    RoutingPool.Route expected = new RoutingPool.Route(id, LeadFacts.of(LEAD), receivedAt, List.of("rep-1"));
    assertEquals(expected, expectDelivery(poolProbe, EAST, RoutingPool.Route.class));

    assertEquals(state, lead.restart().state());
    assertEquals(expected, expectDelivery(poolProbe, EAST, RoutingPool.Route.class));
  }

  @Test
  void aConfirmedReservationChangesNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);

    CommandResult<Lead.Command, Lead.Event, LeadState> result =
        lead.runCommand(new Lead.ReservationResult("rep-1", true, "reserved"));

    assertTrue(result.hasNoEvents());
    assertEquals(assigned, result.state());
    poolProbe.expectNoMessage(SHORT);
  }

  // ---------------------------------------------------------------- SLA

  @Test
  void aWakeOfAnUnknownLeadIsAnsweredAndPersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);

    var result = lead.runCommand(Lead.Wake::new);

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(new Lead.Woken(id, 0), result.reply(), "the scanner's slot is freed, not left to time out");
  }

  @Test
  void aWakeBeforeTheFirstDeadlinePersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);
    clock.advance(Duration.ofMinutes(15).minusSeconds(1));

    var result = lead.runCommand(Lead.Wake::new);

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(assigned, result.state());
    assertEquals(new Lead.Woken(id, 0), result.reply());
  }

  @Test
  void pastTheFirstDeadlineAWakeRemindsTheRepOnEachOfTheirChannels() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(15).plusSeconds(1));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(Lead.Wake::new);

    Deadline first = assigned.sla().pending().get(0);
    assertEquals(List.of(new Lead.ReminderSent(now, first, REMINDER)), result.events());
    LeadState state = result.state();
    assertEquals(Lead.Status.ASSIGNED, state.status());
    assertEquals(assigned.sla().pending().subList(1, 3), state.sla().pending());
    assertEquals(0, state.sla().escalationLevel());
    assertEquals(new TimelineEntry(now, "REMINDER", "step 0; told rep-1"), last(state.timeline()));

    assertEquals(state, restartHoldingRep(lead, id));
  }

  @Test
  void aSecondWakeAtTheSameTimePersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    clock.advance(Duration.ofMinutes(31));
    CommandResult<Lead.Command, Lead.Event, LeadState> first = lead.runCommand(Lead.Wake::new);
    assertEquals(2, first.events().size());

    CommandResult<Lead.Command, Lead.Event, LeadState> second = lead.runCommand(Lead.Wake::new);

    assertTrue(second.hasNoEvents(), () -> "persisted " + second.events());
    assertEquals(first.state(), second.state());
  }

  @Test
  void afterDowntimeOneWakeFiresEveryDueStepInOrder() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(61));

    var result = lead.runCommand(Lead.Wake::new);

    assertEquals(new Lead.Woken(id, 3), result.reply(), "answers once the steps are persisted");
    List<Deadline> d = assigned.sla().pending();
    assertEquals(List.of(
            new Lead.ReminderSent(now, d.get(0), REMINDER),
            new Lead.LeadEscalated(now, d.get(1), 1, TO_MANAGER),
            new Lead.LeadEscalated(now, d.get(2), 2, TO_DIRECTOR)),
        result.events());
    LeadState state = result.state();
    assertEquals(Lead.Status.ASSIGNED, state.status());
    assertEquals(List.of(), state.sla().pending());
    assertEquals(2, state.sla().escalationLevel());
    assertEquals(List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED"),
        state.timeline().stream().map(TimelineEntry::type).toList());
    // Escalated before the rep acknowledged: counted once however many steps fired.
    assertEquals(new Rep.AckBreached(id), expectRep(id, "rep-1", Rep.AckBreached.class));

    LeadState recovered = restartHoldingRep(lead, id);
    assertEquals(state, recovered);
    assertEquals(2, recovered.sla().escalationLevel());
  }

  @Test
  void aLeadRecoveredAfterItsDeadlinePassedFiresTheStepItself() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(16));

    restartHoldingRep(lead, id);

    // The wake-up sent by recovery is processed before this read.
    LeadState state = lead.getState();
    assertEquals(assigned.sla().pending().subList(1, 3), state.sla().pending());
    assertEquals(new TimelineEntry(now, "REMINDER", "step 0; told rep-1"), last(state.timeline()));
  }

  @Test
  void escalationTargetsAreResolvedFromTheOrgChartWhenTheStepFires() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);
    // Re-org after the assignment: rep-1 now reports to mgr-2.
    directory.update(new OrgChart(ORG.regions(), ORG.teams(), List.of(
        ORG.people().get(0),
        ORG.people().get(1),
        People.manager("mgr-2").managedBy("dir-1").team("team-east").channels("app", "dingtalk").build(),
        People.of(ORG.people().get(2)).managedBy("mgr-2").build(),
        ORG.people().get(3))));
    Instant now = clock.advance(Duration.ofMinutes(30));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(Lead.Wake::new);

    assertEquals(List.of(
            new Lead.ReminderSent(now, assigned.sla().pending().get(0), REMINDER),
            new Lead.LeadEscalated(now, assigned.sla().pending().get(1), 1, List.of(
                new Notice("mgr-2", "manager", "app", Notice.ESCALATION),
                new Notice("mgr-2", "manager", "dingtalk", Notice.ESCALATION),
                new Notice("dir-1", "director", "email", Notice.ESCALATION_COPY)))),
        result.events());
    assertEquals(1, result.state().sla().escalationLevel());
    assertEquals(List.of(assigned.sla().pending().get(2)), result.state().sla().pending());
    expectRep(id, "rep-1", Rep.AckBreached.class);

    assertEquals(result.state(), restartHoldingRep(lead, id));
  }

  // ---------------------------------------------------------------- acknowledge

  @Test
  void theAssignedRepAcknowledgesWithTheTimeToFirstTouch() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(7).plusMillis(250));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AckReply> result =
        lead.runCommand(replyTo -> new Lead.Acknowledge("rep-1", replyTo));

    long ttf = Duration.ofMinutes(7).plusMillis(250).toMillis();
    assertEquals(new Lead.Acknowledged(id, now, ttf), result.reply());
    assertEquals(List.of(new Lead.LeadAcknowledged(now, "rep-1", ttf)), result.events());
    LeadState state = result.state();
    assertEquals(Lead.Status.ACKNOWLEDGED, state.status());
    assertEquals(now, state.response().acknowledgedAt());
    assertEquals(ttf, state.response().timeToFirstTouchMs());
    assertEquals(List.of(), state.sla().pending());
    // Acknowledged before any escalation: the rep's breach streak ends.
    assertEquals(new Rep.AckInTime(id), expectRep(id, "rep-1", Rep.AckInTime.class));

    assertEquals(state, restartHoldingRep(lead, id));
  }

  @Test
  void anAcknowledgedLeadFiresNoMoreSlaSteps() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    clock.advance(Duration.ofMinutes(1));
    lead.<Lead.AckReply>runCommand(replyTo -> new Lead.Acknowledge("rep-1", replyTo));
    clock.advance(Duration.ofMinutes(90));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(Lead.Wake::new);

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(0, result.state().sla().escalationLevel());
  }

  @Test
  void acknowledgingAgainRepliesTheFirstAcknowledgementAndPersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant ackedAt = clock.advance(Duration.ofMinutes(3));
    lead.<Lead.AckReply>runCommand(replyTo -> new Lead.Acknowledge("rep-1", replyTo));
    clock.advance(Duration.ofMinutes(5));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AckReply> again =
        lead.runCommand(replyTo -> new Lead.Acknowledge("rep-1", replyTo));

    assertEquals(new Lead.Acknowledged(id, ackedAt, Duration.ofMinutes(3).toMillis()), again.reply());
    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
  }

  @Test
  void anotherRepCannotAcknowledge() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState assigned = assign(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AckReply> result =
        lead.runCommand(replyTo -> new Lead.Acknowledge("rep-2", replyTo));

    Lead.Refused refused = assertInstanceOf(Lead.Refused.class, result.reply());
    assertEquals(Rejected.Code.FORBIDDEN, refused.rejection().code());
    assertTrue(result.hasNoEvents());
    assertEquals(assigned, result.state());
  }

  @Test
  void nobodyCanAcknowledgeAQueuedLead() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));

    for (String repId : List.of("rep-1", "rep-2", "mgr-1")) {
      CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AckReply> result =
          lead.runCommand(replyTo -> new Lead.Acknowledge(repId, replyTo));

      Lead.Refused refused = assertInstanceOf(Lead.Refused.class, result.reply(), repId);
      assertEquals(Rejected.Code.FORBIDDEN, refused.rejection().code(), repId);
      assertTrue(result.hasNoEvents(), repId);
      assertEquals(Lead.Status.QUEUED, result.state().status());
    }
  }

  // ---------------------------------------------------------------- assignment by hand

  private static final RoutingDecision BY_HAND_TO_REP_2 = RoutingDecision.manual("rep-2", "mgr-1", "available", 1);

  @Test
  void aQueuedLeadAssignedByHandAsksItsPoolThenTakesTheRepLikeARoutedOffer() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));
    Instant now = clock.advance(Duration.ofMinutes(3));
    TestProbe<Lead.AssignReply> caller = testKit.createTestProbe(Lead.AssignReply.class);

    assertTrue(lead.runCommand(new Lead.Assign("rep-2", "mgr-1", caller.getRef())).hasNoEvents());
    RoutingPool.AssignByHand asked = expectDelivery(poolProbe, EAST, RoutingPool.AssignByHand.class);
    assertEquals(List.of(id, "rep-2", "mgr-1"), List.of(asked.leadId(), asked.repId(), asked.by()));
    asked.replyTo().tell(new RoutingPool.HandAnswer(BY_HAND_TO_REP_2, null));

    assertEquals(new Lead.Assigned(id, "rep-2", now, null), caller.receiveMessage());
    LeadState state = lead.getState();
    assertEquals(Lead.Status.ASSIGNED, state.status());
    assertEquals(new Assignment("rep-2", now, BY_HAND_TO_REP_2), state.assignment());
    assertEquals(now.plus(Duration.ofMinutes(15)), state.sla().pending().get(0).dueAt(), "the SLA clock starts now");
    assertEquals(new TimelineEntry(now, "ASSIGNED", "rep-2 by rule manual (by hand, by mgr-1); SLA policy standard v1 on the"
        + " wall clock" + Timeline.told(Notices.forAssignment(ORG, "rep-2"))), last(state.timeline()));
    LeadView.AssignmentView view = LeadView.of(state, now).assignment();
    assertEquals(List.of("manual", "mgr-1"), List.of(view.rule(), view.by()));
    assertEquals(new RoutingPool.LeadTaken(id), expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class));
    assertEquals(id, expectRep(id, "rep-2", Rep.Reserve.class).leadId());

    assertEquals(state, lead.restart().state());
  }

  @Test
  void theManualAssignmentEventTellsTheRep() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> result = lead.runCommand(replyTo ->
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(BY_HAND_TO_REP_2, null), replyTo));

    Lead.LeadAssigned assigned = assertInstanceOf(Lead.LeadAssigned.class, result.event());
    assertEquals(BY_HAND_TO_REP_2, assigned.decision());
    assertEquals(Notices.forAssignment(ORG, "rep-2"), assigned.notices());
    assertFalse(assigned.notices().isEmpty());
    expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class);
    expectRep(id, "rep-2", Rep.Reserve.class);
  }

  @Test
  void assigningTheLeadToItsRepAgainSucceedsAndPersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    LeadState before = assign(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> again =
        lead.runCommand(replyTo -> new Lead.Assign("rep-1", "mgr-1", replyTo));

    assertEquals(new Lead.Assigned(id, "rep-1", before.assignment().at(), null), again.reply());
    assertTrue(again.hasNoEvents());
    poolProbe.expectNoMessage(SHORT);
  }

  @Test
  void anAssignedLeadNotYetAcknowledgedMovesFromItsRepAsAReassignStepWouldMoveIt() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(5));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> result = lead.runCommand(replyTo ->
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(BY_HAND_TO_REP_2, null), replyTo));

    assertEquals(new Lead.Assigned(id, "rep-2", now, "rep-1"), result.reply());
    assertEquals(new Lead.LeadReassigned(now, "rep-1", null, List.of(
        new Notice("rep-1", "rep", "app", Notice.REASSIGNED), new Notice("rep-1", "rep", "sms", Notice.REASSIGNED))),
        result.events().get(0));
    Lead.LeadAssigned assigned = assertInstanceOf(Lead.LeadAssigned.class, result.events().get(1));
    assertEquals("rep-2", assigned.repId());
    assertEquals(now.plus(Duration.ofMinutes(15)), assigned.deadlines().get(0).dueAt(), "a new clock for the new rep");
    assertTrue(result.state().ownership().ownedBy("rep-2"));
    assertEquals(List.of("rep-1"), result.state().ownership().refusedBy());
    assertEquals("taken from rep-1 by hand; told rep-1", result.state().timeline().get(result.state().timeline().size() - 2).detail());
    // Two reps are two entities: nothing orders what each of them gets.
    List<Delivery> toReps = List.of(nextToARepAbout(id), nextToARepAbout(id));
    assertTrue(toReps.contains(new Delivery("rep-1", new Rep.Release(id))), () -> "rep-1 released: " + toReps);
    assertTrue(toReps.stream().anyMatch(d -> d.entityId().equals("rep-2") && d.message() instanceof Rep.Reserve r
        && r.leadId().equals(id)), () -> "rep-2 reserved: " + toReps);

    LeadState recovered = lead.restart().state();
    assertEquals(result.state(), recovered);
  }

  @Test
  void aRepThePoolRefusesIsNamedWithTheReason() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> result = lead.runCommand(replyTo ->
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(null, "at capacity 5/5"), replyTo));

    Rejected rejection = assertInstanceOf(Lead.Refused.class, result.reply()).rejection();
    assertEquals(Rejected.Code.CONFLICT, rejection.code());
    assertEquals(List.of(new FieldError("/repId", "at capacity 5/5")), rejection.errors());
    assertTrue(result.hasNoEvents());
    assertEquals(Lead.Status.QUEUED, result.state().status());
  }

  @Test
  void anAcknowledgedOrClosedLeadIsNotMovedAndThePoolIsNotAsked() {
    String acked = newLeadId();
    var lead = newLead(acked);
    acknowledged(lead);
    var closed = newLead(newLeadId());
    receive(closed);
    closed.<Lead.CloseReply>runCommand(replyTo -> new Lead.Close("mgr-1", "duplicate", replyTo));

    for (var l : List.of(lead, closed)) {
      CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> result =
          l.runCommand(replyTo -> new Lead.Assign("rep-2", "mgr-1", replyTo));
      assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(Lead.Refused.class, result.reply()).rejection().code());
      assertTrue(result.hasNoEvents());
    }
    expectNothingToPoolsButForgets();
  }

  @Test
  void aLeadClosedWhileThePoolDecidedGivesTheOfferBack() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.<Lead.CloseReply>runCommand(replyTo -> new Lead.Close("mgr-1", "duplicate", replyTo));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.AssignReply> result = lead.runCommand(replyTo ->
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(BY_HAND_TO_REP_2, null), replyTo));

    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(Lead.Refused.class, result.reply()).rejection().code());
    assertTrue(result.hasNoEvents());
    assertEquals(new RoutingPool.OfferDeclined(id, "rep-2"), expectDelivery(poolProbe, EAST, RoutingPool.OfferDeclined.class));
  }

  /** Nothing but {@code Forget} (a closed lead's) reaches the pools for a while. */
  private void expectNothingToPoolsButForgets() {
    long until = System.nanoTime() + SHORT.toNanos();
    while (System.nanoTime() < until) {
      try {
        Delivery d = poolProbe.receiveMessage(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
        assertFalse(d.message() instanceof RoutingPool.AssignByHand, () -> "asked the pool: " + d);
      } catch (AssertionError timeout) {
        if (timeout.getMessage() != null && timeout.getMessage().contains("asked the pool")) throw timeout;
        return;
      }
    }
  }

  // ---------------------------------------------------------------- convert

  @Test
  void anAcknowledgedLeadConvertsOpensItsOpportunityAndRepliesOnceItIsOpen() {
    String id = newLeadId();
    var lead = newLead(id);
    acknowledged(lead);
    Instant now = clock.advance(Duration.ofMinutes(5));
    String opportunityId = OpportunityProtocol.idFor(id);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.ConvertReply> result = lead.runCommand(replyTo ->
        new Lead.Convert("rep-1", "产线改造", new java.math.BigDecimal("1200000"), "CNY", null, replyTo));

    assertEquals(new Lead.Converted(id, opportunityId, "qualification"), result.reply());
    Lead.LeadConverted converted =
        new Lead.LeadConverted(now, "rep-1", opportunityId, "产线改造", new java.math.BigDecimal("1200000"), "CNY", null);
    assertEquals(List.of(converted), result.events());
    assertEquals(Lead.Status.CLOSED, result.state().status());
    assertEquals(new TimelineEntry(now, "CONVERTED", "to opportunity " + opportunityId + " by rep-1"),
        last(result.state().timeline()));
    OpportunityProtocol.Open open = expectDelivery(opportunityProbe, opportunityId, OpportunityProtocol.Open.class);
    assertEquals(LeadConversion.link(result.state()), open.lead());
    assertEquals("rep-1", open.lead().ownerId());
    assertEquals("产线改造", open.name());

    // Recovery opens the same opportunity again (it answers as before) and frees the slot again.
    assertEquals(result.state(), lead.restart().state());
    OpportunityProtocol.Open again = expectDelivery(opportunityProbe, opportunityId, OpportunityProtocol.Open.class);
    assertEquals(open.lead(), again.lead());
    assertEquals(open.amount(), again.amount());
  }

  @Test
  void aConversionFreesTheRepsSlotAndEndsTheSlaSteps() {
    String id = newLeadId();
    var lead = newLead(id);
    acknowledged(lead);

    lead.<Lead.ConvertReply>runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, null, replyTo));
    clock.advance(Duration.ofHours(3));
    CommandResult<Lead.Command, Lead.Event, LeadState> woken = lead.runCommand(Lead.Wake::new);

    assertEquals(new Rep.Release(id), expectRep(id, "rep-1", Rep.Release.class));
    assertEquals(List.of(), woken.state().sla().pending());
    assertTrue(woken.hasNoEvents());
  }

  @Test
  void aLeadNotYetAcknowledgedDoesNotConvert() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.ConvertReply> result =
        lead.runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, null, replyTo));

    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(Lead.Refused.class, result.reply()).rejection().code());
    assertTrue(result.hasNoEvents());
    opportunityProbe.expectNoMessage(SHORT);
  }

  @Test
  void aConvertedLeadDoesNotConvertAgain() {
    String id = newLeadId();
    var lead = newLead(id);
    acknowledged(lead);
    lead.<Lead.ConvertReply>runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, null, replyTo));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.ConvertReply> again =
        lead.runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, null, replyTo));

    Lead.Refused refused = assertInstanceOf(Lead.Refused.class, again.reply());
    assertEquals(Rejected.Code.CONFLICT, refused.rejection().code());
    assertTrue(refused.rejection().message().contains("converted already"), refused.rejection().message());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void anUnknownPipelineIsRefusedBeforeAnythingIsRecorded() {
    String id = newLeadId();
    var lead = newLead(id);
    acknowledged(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.ConvertReply> result =
        lead.runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, "enterprise", replyTo));

    Lead.Refused refused = assertInstanceOf(Lead.Refused.class, result.reply());
    assertEquals("/pipeline", refused.rejection().errors().get(0).field());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void anOpportunityThatDoesNotOpenInTimeIsUnavailableButTheConversionStands() {
    String id = "lead-silent-" + UUID.randomUUID();
    var lead = newLead(id, new EngineDeps(deps.clock(), EngineSettings.fromConfig(ConfigFactory
        .parseString("leadrouter.opportunities.open-timeout = 200ms").withFallback(testKit.system().settings().config())),
        directory, deps.sla(), deps.sources(), deps.routing(), deps.sharding(), deps.orgTopic()));
    acknowledged(lead);

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.ConvertReply> result =
        lead.runCommand(replyTo -> new Lead.Convert("rep-1", null, null, null, null, replyTo));

    assertEquals(Rejected.Code.UNAVAILABLE, assertInstanceOf(Lead.Refused.class, result.reply()).rejection().code());
    assertEquals(1, result.events().size());
    assertEquals(Lead.Status.CLOSED, result.state().status());
  }

  /** Assigns the lead to rep-1 and rep-1 acknowledges it (the rep's messages are consumed). */
  private void acknowledged(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead) {
    String id = assign(lead).leadId();
    clock.advance(Duration.ofMinutes(1));
    lead.<Lead.AckReply>runCommand(replyTo -> new Lead.Acknowledge("rep-1", replyTo));
    expectRep(id, "rep-1", Rep.AckInTime.class);
  }

  // ---------------------------------------------------------------- close

  @Test
  void closingAnAssignedLeadFreesTheRepsSlot() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant now = clock.advance(Duration.ofMinutes(2));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.CloseReply> result =
        lead.runCommand(replyTo -> new Lead.Close("rep-1", "won", replyTo));

    assertEquals(new Lead.Closed(id, now), result.reply());
    assertEquals(List.of(new Lead.LeadClosed(now, "rep-1", "won")), result.events());
    assertEquals(Lead.Status.CLOSED, result.state().status());
    assertEquals(List.of(), result.state().sla().pending());
    assertEquals(new Rep.Release(id), expectRep(id, "rep-1", Rep.Release.class));

    assertEquals(result.state(), lead.restart().state());
    // A closed lead holds no slot: recovery reserves nothing.
    expectNothingToRepsAbout(id);
  }

  @Test
  void closingAClosedLeadRepliesTheFirstCloseAndPersistsNothing() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);
    Instant closedAt = clock.advance(Duration.ofMinutes(2));
    lead.<Lead.CloseReply>runCommand(replyTo -> new Lead.Close("rep-1", "won", replyTo));
    expectRep(id, "rep-1", Rep.Release.class);
    clock.advance(Duration.ofMinutes(2));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.CloseReply> again =
        lead.runCommand(replyTo -> new Lead.Close("rep-1", "won", replyTo));

    assertEquals(new Lead.Closed(id, closedAt), again.reply());
    assertTrue(again.hasNoEvents());
    repProbe.expectNoMessage(SHORT);
  }

  @Test
  void closingAQueuedLeadTakesItOutOfThePoolsQueue() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.runCommand(new Lead.Enqueue(NOBODY, List.of()));
    Instant now = clock.advance(Duration.ofMinutes(2));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.CloseReply> result =
        lead.runCommand(replyTo -> new Lead.Close("mgr-1", "spam", replyTo));

    assertEquals(new Lead.Closed(id, now), result.reply());
    assertEquals(List.of(new Lead.LeadClosed(now, "mgr-1", "spam")), result.events());
    assertEquals(new RoutingPool.Forget(id), expectDelivery(poolProbe, EAST, RoutingPool.Forget.class));
    repProbe.expectNoMessage(SHORT);
  }

  @Test
  void aClosedLeadThatThePoolQueuedAnywayAsksThePoolToForgetIt() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);
    lead.<Lead.CloseReply>runCommand(replyTo -> new Lead.Close("mgr-1", "duplicate", replyTo));

    CommandResult<Lead.Command, Lead.Event, LeadState> result =
        lead.runCommand(new Lead.Enqueue(NOBODY, List.of(new Notice("mgr-1", "manager", "wecom", Notice.FALLBACK))));

    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(Lead.Status.CLOSED, result.state().status());
    assertEquals(new RoutingPool.Forget(id), expectDelivery(poolProbe, EAST, RoutingPool.Forget.class));
  }

  // ---------------------------------------------------------------- SLA policies, hold, contact, reassign

  @Test
  void aHoldStopsTheClockAndResumingKeepsTheTimeEachStepHadLeft() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant assignedAt = assign(lead).assignment().at();
    Instant heldAt = clock.advance(Duration.ofMinutes(10));

    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.SlaReply> held =
        lead.runCommand(r -> new Lead.Hold("mgr-1", "customer travelling", r));

    assertEquals(new Lead.SlaChanged(id, Lead.Status.ASSIGNED, true, heldAt), held.reply());
    assertEquals(List.of(new Lead.LeadHeld(heldAt, "mgr-1", "customer travelling")), held.events());
    clock.advance(Duration.ofHours(3));
    assertTrue(lead.runCommand(Lead.Wake::new).hasNoEvents(), "no step fires on hold");

    Instant resumedAt = clock.instant();
    CommandResultWithReply<Lead.Command, Lead.Event, LeadState, Lead.SlaReply> resumed =
        lead.runCommand(r -> new Lead.Resume("mgr-1", r));

    assertEquals(List.of(resumedAt.plus(Duration.ofMinutes(5)), resumedAt.plus(Duration.ofMinutes(20)),
        resumedAt.plus(Duration.ofMinutes(50))), resumed.state().sla().pending().stream().map(Deadline::dueAt).toList());
    assertEquals(assignedAt.plus(Duration.ofMinutes(15)).plus(Duration.ofHours(3)), resumed.state().sla().pending().get(0).dueAt());
    assertEquals("RESUMED", last(resumed.state().timeline()).type());
    assertEquals(resumed.state(), restartHoldingRep(lead, id));
  }

  @Test
  void holdAndResumeAreRefusedWhereTheyMakeNoSense() {
    String id = newLeadId();
    var lead = newLead(id);
    receive(lead);

    var hold = lead.<Lead.SlaReply>runCommand(r -> new Lead.Hold("mgr-1", "why", r));
    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(Lead.Refused.class, hold.reply()).rejection().code());
    var resume = lead.<Lead.SlaReply>runCommand(r -> new Lead.Resume("mgr-1", r));
    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(Lead.Refused.class, resume.reply()).rejection().code());
    assertTrue(hold.hasNoEvents() && resume.hasNoEvents());
  }

  @Test
  void aStepUntilContactedSurvivesTheAcknowledgementAndTheContactCancelsIt() {
    String id = newLeadId();
    var lead = newLead(id);
    Instant assignedAt = assignWith(lead, "high").assignment().at();
    clock.advance(Duration.ofMinutes(1));
    lead.<Lead.AckReply>runCommand(r -> new Lead.Acknowledge("rep-1", r));
    expectRep(id, "rep-1", Rep.AckInTime.class);

    LeadState acknowledged = lead.getState();
    assertEquals(List.of(new Deadline(2, SlaAction.BREACH, assignedAt.plus(Duration.ofMinutes(40)))),
        acknowledged.sla().pending());

    Instant contactedAt = clock.advance(Duration.ofMinutes(5));
    var contacted = lead.<Lead.SlaReply>runCommand(r -> new Lead.RecordContact("rep-1", r));

    assertEquals(new Lead.SlaChanged(id, Lead.Status.CONTACTED, false, contactedAt), contacted.reply());
    assertEquals(List.of(), contacted.state().sla().pending());
    clock.advance(Duration.ofHours(1));
    assertTrue(lead.runCommand(Lead.Wake::new).hasNoEvents());
    assertEquals(contacted.state(), restartHoldingRep(lead, id));
  }

  @Test
  void onlyTheAssignedRepRecordsAContact() {
    String id = newLeadId();
    var lead = newLead(id);
    assign(lead);

    var other = lead.<Lead.SlaReply>runCommand(r -> new Lead.RecordContact("rep-2", r));

    assertEquals(Rejected.Code.FORBIDDEN, assertInstanceOf(Lead.Refused.class, other.reply()).rejection().code());
  }

  @Test
  void copyAndBreachStepsFireWithTheirChannelsAndMarkTheLeadBreached() {
    String id = newLeadId();
    var lead = newLead(id);
    assignWith(lead, "high");
    Instant late = clock.advance(Duration.ofMinutes(45));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(Lead.Wake::new);

    assertEquals(3, result.events().size());
    assertEquals(List.of(new Notice("rep-1", "rep", "voice", Notice.REMINDER)),
        assertInstanceOf(Lead.ReminderSent.class, result.events().get(0)).notices());
    Lead.SlaStepFired copy = assertInstanceOf(Lead.SlaStepFired.class, result.events().get(1));
    assertEquals(List.of(new Notice("dir-1", "copy", "email", Notice.COPY)), copy.notices());
    assertEquals(SlaAction.BREACH, assertInstanceOf(Lead.SlaStepFired.class, result.events().get(2)).deadline().action());
    assertTrue(result.state().sla().breached());
    assertEquals(late, last(result.state().timeline()).at());
    assertEquals("BREACHED", LeadView.of(result.state(), late).sla().state());
  }

  @Test
  void aReassignStepReleasesTheRepAndRoutesAgainWithoutThem() {
    String id = newLeadId();
    var lead = newLead(id);
    assignWith(lead, "urgent");
    Instant late = clock.advance(Duration.ofMinutes(11));

    CommandResult<Lead.Command, Lead.Event, LeadState> result = lead.runCommand(Lead.Wake::new);

    assertInstanceOf(Lead.ReminderSent.class, result.events().get(0));
    Lead.LeadReassigned reassigned = assertInstanceOf(Lead.LeadReassigned.class, result.events().get(1));
    assertEquals("rep-1", reassigned.fromRepId());
    assertEquals(Lead.Status.RECEIVED, result.state().status());
    assertEquals(List.of("rep-1"), result.state().ownership().refusedBy());
    // Taken away before the rep acknowledged: one more in their breach streak.
    assertEquals(new Rep.AckBreached(id), expectRep(id, "rep-1", Rep.AckBreached.class));
    assertEquals(new Rep.Release(id), expectRep(id, "rep-1", Rep.Release.class));
    assertEquals(List.of("rep-1"), expectDelivery(poolProbe, EAST, RoutingPool.Route.class).excluded());
    assertEquals("REASSIGNED", last(result.state().timeline()).type());
    assertTrue(late.isAfter(result.state().data().receivedAt()));
  }

  @Test
  void aBusinessClockPutsTheFridayNightReminderOnMondayMorning() {
    String id = newLeadId();
    var lead = newLead(id);
    clock.set(Instant.parse("2026-11-27T15:00:00Z")); // Friday 23:00 in Shanghai
    receive(lead, "low");

    LeadState state = lead.runCommand(new Lead.Offer(TO_REP_1)).state();
    expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class);
    expectRep(id, "rep-1", Rep.Reserve.class);

    assertEquals("calendar:office", state.sla().clock());
    assertEquals(Instant.parse("2026-11-30T01:15:00Z"), state.sla().pending().get(0).dueAt()); // Monday 09:15
  }

  @Test
  void aJournalOfFrozenLegacyEventsRecoversThroughTheEventAdapter() throws Exception {
    String id = newLeadId();
    var lead = newLead(id);
    List<Object> old = List.of(golden("LeadReceivedV1", 620), golden("LeadQueuedV1", 621), golden("LeadAssignedV1", 622));
    lead.persistenceTestKit().persistForRecovery(PersistenceId.of(Lead.ENTITY_KEY.name(), id).id(), old);

    LeadState recovered = lead.restart().state();

    LeadState expected = LeadState.empty(id);
    for (Object stored : old) expected = expected.apply(LeadUpcast.toCurrent(stored));
    assertEquals(expected, recovered);
    assertEquals(Lead.Status.ASSIGNED, recovered.status());
    assertEquals(List.of("RECEIVED", "QUEUED", "ASSIGNED"), recovered.timeline().stream().map(TimelineEntry::type).toList());
  }

  // ---------------------------------------------------------------- helpers

  /** Golden bytes of a frozen event, read as the journal reads them: Kryo, manifest = registration id. */
  private static Object golden(String name, int manifest) throws java.io.IOException {
    try (java.io.InputStream in = LeadEntityTest.class.getResourceAsStream("/golden/" + name + ".bin")) {
      return org.apache.pekko.serialization.SerializationExtension.get(
              org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()))
          .deserialize(in.readAllBytes(), dev.leadrouter.engine.serialization.KryoSerializer.IDENTIFIER,
              Integer.toString(manifest)).get();
    }
  }

  private static String newLeadId() {
    return "lead-" + UUID.randomUUID();
  }

  private static EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> newLead(String id) {
    return newLead(id, deps);
  }

  private static EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> newLead(String id, EngineDeps with) {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Lead.create(id, with), EntityTests.KRYO_ROUND_TRIP);
  }

  /** These tests' deps with an unanswered reservation sent again after {@code retry} (elsewhere: an hour). */
  private static EngineDeps retryingReservationsAfter(Duration retry) {
    return new EngineDeps(deps.clock(), EngineSettings.fromConfig(ConfigFactory
        .parseString("leadrouter.routing.reserve-retry = " + retry.toMillis() + "ms")
        .withFallback(testKit.system().settings().config())),
        directory, deps.sla(), deps.sources(), deps.routing(), deps.sharding(), deps.orgTopic());
  }

  /** Receives the lead and consumes its routing request; returns the time it was received. */
  private Instant receive(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead) {
    return receive(lead, LEAD.priority());
  }

  private Instant receive(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead, String priority) {
    Instant now = clock.instant();
    CleanLead withPriority = new CleanLead(LEAD.source(), LEAD.sourceEventId(), LEAD.name(), null, null, null, null, List.of(),
        LEAD.phones(), Map.of(), LEAD.emails(), LEAD.company(), LEAD.region(), LEAD.industry(), LEAD.budget(),
        LEAD.budgetBand(), priority, LEAD.utm(), LEAD.clientIp(), Map.of(), LEAD.flags(), null);
    lead.<Lead.Accepted>runCommand(replyTo -> new Lead.Receive(withPriority, null, replyTo));
    expectDelivery(poolProbe, EAST, RoutingPool.Route.class);
    return now;
  }

  /** Like {@link #assign} for a lead of the given priority (so another SLA policy applies). */
  private LeadState assignWith(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead, String priority) {
    receive(lead, priority);
    clock.advance(Duration.ofSeconds(1));
    LeadState state = lead.runCommand(new Lead.Offer(TO_REP_1)).state();
    expectDelivery(poolProbe, EAST, RoutingPool.LeadTaken.class);
    // A reservation an earlier test's lead sends after that test ended reaches this test's probe
    // (the relays are shared); only this lead's reservation counts here.
    List<Delivery> fished = repProbe.fishForMessage(Duration.ofSeconds(3), d ->
        d.message() instanceof Rep.Reserve r && r.leadId().equals(state.leadId())
            ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
            : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    Delivery reservation = fished.get(fished.size() - 1);
    assertEquals("rep-1", reservation.entityId(), () -> "delivered to the wrong entity: " + reservation);
    Rep.Reserve reserve = (Rep.Reserve) reservation.message();
    assertEquals(state.leadId(), reserve.leadId());
    return state;
  }

  /** Receives the lead and assigns it to rep-1 one second later; returns the assigned state. */
  private LeadState assign(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead) {
    LeadState state = assignWith(lead, LEAD.priority());
    assertEquals(Lead.Status.ASSIGNED, state.status());
    return state;
  }

  /** Restarts a lead that holds a rep; recovery re-confirms the slot with a Reserve (consumed here). */
  private LeadState restartHoldingRep(EventSourcedBehaviorTestKit<Lead.Command, Lead.Event, LeadState> lead, String id) {
    LeadState recovered = lead.restart().state();
    assertEquals(id, expectRep(id, "rep-1", Rep.Reserve.class).leadId());
    return recovered;
  }

  /**
   * No rep entity hears about this lead for a while. Leads of earlier tests still live in this
   * actor system, and their timers may fire (to the rep stand-ins) meanwhile: those are ignored.
   */
  private void expectNothingToRepsAbout(String id) {
    long until = System.nanoTime() + SHORT.toNanos();
    while (System.nanoTime() < until) {
      try {
        Delivery d = repProbe.receiveMessage(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
        assertFalse(d.message().toString().contains(id), () -> "told a rep about " + id + ": " + d);
      } catch (AssertionError timeout) {
        if (timeout.getMessage() != null && timeout.getMessage().contains("told a rep")) throw timeout;
        return;
      }
    }
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
