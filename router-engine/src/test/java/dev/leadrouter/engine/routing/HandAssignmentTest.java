package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may be given a lead by hand: routing's eligibility checks (docs/routing.md §4), reasons in its words. */
class HandAssignmentTest {

  private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");
  private static final RoutingRuleSet RULES = RoutingRuleSet.compile(3, """
      {"pools": [{"id": "p", "members": ["r1"]}], "breachStreakLimit": 2,
       "default": {"target": {"pool": "p"}}, "fallbackQueue": "unassigned"}""",
      new OrgChart(List.of(new OrgChart.Region("华东", "mgr-1")), List.of(), List.of(
          People.manager("mgr-1").build(),
          People.rep("r1").managedBy("mgr-1").regions("华东").capacity(2).build(),
          People.rep("south").managedBy("mgr-1").regions("华南").capacity(2).build(),
          People.rep("away").managedBy("mgr-1").capacity(2).availability(OrgChart.AWAY).build(),
          People.rep("gone").managedBy("mgr-1").capacity(2).availability(OrgChart.DEACTIVATED).build())),
      Map.of());

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("at capacity", "r1", RepWorkload.open(2), "at capacity 2/2"),
        Arguments.of("out of rotation", "r1", new RepWorkload(0, 0, null, 0, 2), "out of rotation after 2 breaches in a row"),
        Arguments.of("marked away", "away", RepWorkload.NONE, "marked away in the org chart"),
        Arguments.of("deactivated", "gone", RepWorkload.NONE, "deactivated"),
        Arguments.of("a manager", "mgr-1", RepWorkload.NONE, "not a rep in the org chart"),
        Arguments.of("unknown", "nobody", RepWorkload.NONE, "not a rep in the org chart"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aRepWhoCannotTakeALeadNowIsRefusedWithRoutingsReason(String case_, String repId, RepWorkload load, String reason) {
    HandAssignment.Verdict v = HandAssignment.decide(RULES, 3, repId, "mgr-1", Map.of(repId, load), NOW);

    assertFalse(v.allowed());
    assertNull(v.decision());
    assertEquals(reason, v.refusal());
  }

  @Test
  void anAvailableRepGetsAManualDecisionNamingWhoMadeIt() {
    HandAssignment.Verdict v = HandAssignment.decide(RULES, 3, "r1", "mgr-1", Map.of("r1", RepWorkload.open(1)), NOW);

    assertTrue(v.allowed());
    RoutingDecision d = v.decision();
    assertEquals("r1", d.repId());
    assertEquals(RoutingDecision.MANUAL, d.rule());
    assertEquals(RoutingDecision.ASSIGNED, d.outcome());
    assertEquals("mgr-1", d.assignedBy());
    assertEquals(3, d.rulesVersion());
    assertEquals(List.of(new Candidate("r1", true, "assigned by hand by mgr-1: available")), d.candidates());
  }

  @Test
  void tagsDoNotMatterTheManagerChooses() {
    assertTrue(HandAssignment.decide(RULES, 3, "south", "mgr-1", Map.of(), NOW).allowed(),
        "a rep outside the rules' target and region may still be given a lead by hand");
  }

  @Test
  void aDecisionOfTheRulesHasNobodyWhoAssignedIt() {
    RoutingDecision routed = new RoutingDecision("r1", "default", List.of(), RoutingDecision.ASSIGNED, null, "s",
        List.of(new RoutingDecision.Step("default", "chosen")), null, null, 3);

    assertNull(routed.assignedBy());
  }
}
