package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.routing.rules.Decision.Outcome;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import dev.leadrouter.engine.routing.rules.RuleEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing desk of a pool: round robin over r1 and r2 (capacity 1 each) in 华东. */
class RoutingDeskTest {

  private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
  private static final String RULES = """
      {"pools": [{"id": "p", "members": ["r1", "r2"]}],
       "default": {"target": {"pool": "p"}, "distribution": "roundRobin"}, "fallbackQueue": "unassigned"}""";
  private static final LeadFacts FACTS = LeadFacts.of("制造", new RegionInfo("华东", "上海市", "上海市", "中国"), "50-200万");
  private static final RuleEngine BOTH = engine(rep("r1"), rep("r2"));
  private static final RuleEngine AWAY = engine(rep("r1").availability(OrgChart.AWAY), rep("r2").availability(OrgChart.AWAY));

  private static People rep(String id) {
    return People.rep(id).managedBy("mgr-1").regions("华东").capacity(1);
  }

  private static RuleEngine engine(People... reps) {
    List<OrgChart.Person> people = new ArrayList<>(List.of(People.manager("mgr-1").build()));
    for (People rep : reps) people.add(rep.build());
    OrgChart chart = new OrgChart(List.of(new OrgChart.Region("华东", "mgr-1")), List.of(), people);
    return new RuleEngine(RoutingRuleSet.compile(1, RULES, chart, Map.of()));
  }

  private static RoutingDesk desk() {
    return RoutingDesk.start(WorkloadBook.EMPTY.reported("r1", RepWorkload.NONE).reported("r2", RepWorkload.NONE),
        FairnessLedger.EMPTY);
  }

  private static RoutingPool.QueuedLeadV2 queued(String leadId) {
    return new RoutingPool.QueuedLeadV2(leadId, FACTS, NOW, NOW, List.of());
  }

  @Test
  void aRoutedLeadIsOfferedItsOfferGoesInFlightAndMovesTheLedger() {
    RoutingDesk.Step step = desk().route("lead-1", FACTS, List.of(), BOTH, NOW);

    RoutingDesk.Answer answer = step.answers().get(0);
    assertEquals(Outcome.ASSIGNED, answer.decision().outcome());
    assertEquals("r1", answer.decision().repId());
    assertTrue(step.next().book().isOffered("lead-1"));
    assertEquals(1, step.next().book().effective(NOW, r -> java.time.ZoneOffset.UTC).get("r1").openLeads());
    assertEquals("r1", step.next().ledger().group("pool:p").lastChosen());
  }

  @Test
  void theNextDecisionCountsTheOffersInFlight() {
    RoutingDesk afterOne = desk().route("lead-1", FACTS, List.of(), BOTH, NOW).next();

    RoutingDesk.Step second = afterOne.route("lead-2", FACTS, List.of("r2"), BOTH, NOW);

    assertEquals(Outcome.FALLBACK, second.answers().get(0).decision().outcome(), "r1 is full with the offer in flight");
  }

  @Test
  void aLeadNobodyCanTakeIsToldWhereItWaitsAndTheDeskRemembers() {
    RoutingDesk.Step step = desk().route("lead-1", FACTS, List.of(), AWAY, NOW);

    assertEquals(Outcome.FALLBACK, step.answers().get(0).decision().outcome());
    assertTrue(step.answers().get(0).tell());
    assertEquals(Map.of("lead-1", Outcome.FALLBACK), step.next().told());
    assertSame(desk().ledger(), step.next().ledger());
  }

  @Test
  void aDrainOffersQueuedLeadsOldestFirstEachCountingTheOffersBefore() {
    RoutingDesk.Step step = desk().drain(List.of(queued("lead-a"), queued("lead-b"), queued("lead-c")), BOTH, NOW);

    assertEquals(List.of("lead-a", "lead-b", "lead-c"), step.answers().stream().map(RoutingDesk.Answer::leadId).toList());
    assertEquals("r1", step.answers().get(0).decision().repId());
    assertEquals("r2", step.answers().get(1).decision().repId());
    assertEquals(Outcome.FALLBACK, step.answers().get(2).decision().outcome(), "both full with offers in flight");
  }

  @Test
  void aDrainSkipsALeadWithAnOfferInFlight() {
    RoutingDesk offered = desk().route("lead-a", FACTS, List.of(), BOTH, NOW).next();

    RoutingDesk.Step step = offered.drain(List.of(queued("lead-a")), BOTH, NOW);

    assertEquals(List.of(), step.answers());
  }

  @Test
  void aDrainDoesNotTellALeadWhatItWasToldAlready() {
    RoutingDesk told = desk().route("lead-a", FACTS, List.of(), AWAY, NOW).next();

    assertEquals(List.of(), told.drain(List.of(queued("lead-a")), AWAY, NOW).answers());
    RoutingDesk.Step back = told.drain(List.of(queued("lead-a")), BOTH, NOW);
    assertEquals(Outcome.ASSIGNED, back.answers().get(0).decision().outcome());
    assertEquals(Map.of(), back.next().told(), "an offered lead has nothing told to remember");
  }

  @Test
  void anOfferNotKeptGivesItsCountBackAndAConfirmedOneKeepsIt() {
    RoutingDesk offered = desk().route("lead-a", FACTS, List.of(), BOTH, NOW).next();

    RoutingDesk refused = offered.settled("r1", "lead-a", true);
    assertFalse(refused.book().isOffered("lead-a"));
    assertEquals(0, refused.ledger().group("pool:p").members().get("r1").received());
    assertEquals("r1", refused.ledger().group("pool:p").lastChosen(), "the rotation position stays");

    RoutingDesk confirmed = offered.settled("r1", "lead-a", false);
    assertFalse(confirmed.book().isOffered("lead-a"));
    assertSame(offered.ledger(), confirmed.ledger());
  }

  @Test
  void aDequeuedLeadIsForgotten() {
    RoutingDesk told = desk().route("lead-a", FACTS, List.of(), AWAY, NOW).next();

    assertEquals(Map.of(), told.dequeued("lead-a").told());
    assertSame(told, told.dequeued("lead-z"));
    assertNotSame(told, told.dequeued("lead-a"));
  }

  @Test
  void aHandAssignmentPutsItsOfferInFlightWithoutMovingTheLedger() {
    RoutingDesk.ByHand byHand = desk().byHand("lead-1", "r2", "mgr-1", BOTH, 1, NOW);

    assertTrue(byHand.verdict().allowed());
    assertEquals("manual", byHand.verdict().decision().rule());
    assertTrue(byHand.next().book().isOffered("lead-1"));
    assertEquals(1, byHand.next().book().effective(NOW, r -> java.time.ZoneOffset.UTC).get("r2").openLeads());
    assertSame(desk().ledger(), byHand.next().ledger(), "no rule chose the rep: no fairness count moves");
  }

  @Test
  void aHandAssignmentCountsTheOffersInFlight() {
    RoutingDesk offered = desk().route("lead-1", FACTS, List.of(), BOTH, NOW).next();

    RoutingDesk.ByHand byHand = offered.byHand("lead-2", "r1", "mgr-1", BOTH, 1, NOW);

    assertFalse(byHand.verdict().allowed());
    assertEquals("at capacity 1/1", byHand.verdict().refusal());
    assertSame(offered, byHand.next());
  }
}
