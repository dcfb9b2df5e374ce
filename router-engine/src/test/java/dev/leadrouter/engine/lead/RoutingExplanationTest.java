package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.routing.Candidate;
import dev.leadrouter.engine.routing.RoutingDecision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingExplanationTest {

  private static final Instant T = Instant.parse("2026-11-24T02:00:00Z");
  private static final OrgChart ORG = new OrgChart(List.of(), List.of(), List.of(
      person("rep-1", "王芳"), person("rep-2", "李雷"), person("rep-3", null)));

  private static OrgChart.Person person(String id, String name) {
    return new OrgChart.Person(id, name, "rep", null, null, null, null, null, 10, null, null, null, null, null, null);
  }

  private static LeadView view(String status, LeadView.AssignmentView assignment) {
    return new LeadView("lead-1", status, T, null, new RegionInfo("华东", "上海市", "上海市", "CN"), null, null, null,
        "normal", null, null, List.of(), List.of(), Map.of(), null, List.of(), Map.of(), assignment, null, null, List.of());
  }

  @Test
  void aDecisionOfTheRoutingRulesCarriesItsOwnSentence() {
    RoutingDecision d = new RoutingDecision("rep-1", "east", List.of(), RoutingDecision.ASSIGNED, "roundRobin",
        "Went to 王芳 by rule 'east' (round robin, 2 eligible of 3); 李雷 is on vacation until 2026-12-03.", List.of(),
        null, null, 3);
    LeadView view = new LeadView("lead-1", "ASSIGNED", T, null, RegionInfo.NONE, null, null, null, "normal", null, null,
        List.of(), List.of(), Map.of(), null, List.of(), Map.of(), new LeadView.AssignmentView("rep-1", T, "east", List.of()), d,
        null, List.of());

    assertEquals(d.summary(), RoutingExplanation.summary(view, ORG));
    LeadView closedAfterAssignment = new LeadView("lead-1", "CLOSED", T, null, RegionInfo.NONE, null, null, null, "normal",
        null, null, List.of(), List.of(), Map.of(), null, List.of(), Map.of(), view.assignment(), d, null, List.of());
    assertEquals(d.summary(), RoutingExplanation.summary(closedAfterAssignment, ORG), "closed later: still why it went there");
    LeadView closedWhileQueued = new LeadView("lead-1", "CLOSED", T, null, RegionInfo.NONE, null, null, null, "normal",
        null, null, List.of(), List.of(), Map.of(), null, List.of(), Map.of(), null, d, null, List.of());
    assertEquals("Closed before it was assigned to anyone.", RoutingExplanation.summary(closedWhileQueued, ORG));
  }

  @Test
  void anAssignedLeadSaysWhoByWhichRuleAndWhoWasNotEligible() {
    LeadView.AssignmentView a = new LeadView.AssignmentView("rep-1", T, "region+industry", List.of(
        new Candidate("rep-1", true, "chosen by rule region+industry: 3/10 open"),
        new Candidate("rep-2", false, "at capacity 10/10"),
        new Candidate("rep-3", false, "away")));

    assertEquals("Went to 王芳 (rep-1) by rule \"region+industry\" (3/10 open), chosen from 1 eligible of 3 reps;"
        + " not 李雷 (rep-2) (at capacity 10/10), rep-3 (away).", RoutingExplanation.summary(view("ASSIGNED", a), ORG));
  }

  @Test
  void moreThanThreeIneligibleRepsAreCounted() {
    List<Candidate> candidates = new java.util.ArrayList<>(List.of(new Candidate("rep-1", true, "chosen by rule r: 0/10 open")));
    for (int i = 0; i < 5; i++) candidates.add(new Candidate("x-" + i, false, "away"));

    String summary = RoutingExplanation.summary(view("ASSIGNED", new LeadView.AssignmentView("rep-1", T, "r", candidates)), ORG);

    assertEquals("Went to 王芳 (rep-1) by rule \"r\" (0/10 open), chosen from 1 eligible of 6 reps;"
        + " not x-0 (away), x-1 (away), x-2 (away) and 2 more.", summary);
  }

  @Test
  void aLeadNotAssignedSaysWhereItIs() {
    assertEquals("Waiting in the 华东 fallback queue: no eligible rep when it was routed; it goes to the first who can"
        + " take it.", RoutingExplanation.summary(view("QUEUED", null), ORG));
    assertEquals("Closed before it was assigned to anyone.", RoutingExplanation.summary(view("CLOSED", null), ORG));
    assertEquals("Not routed yet: the lead is on its way to its region's routing pool.",
        RoutingExplanation.summary(view("RECEIVED", null), ORG));
  }
}
