package dev.leadrouter.persistence.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report arithmetic on a fixed set of leads with known first-touch times (docs/reports.md). */
class LeadReportsTest {

  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  /** A lead received at T0 + i min, assigned {@code assignMs} later, acknowledged {@code touchMs} after that (null: never). */
  private static LeadReports.Facts lead(int i, String rep, long assignMs, Long touchMs, int reminders, int level) {
    Instant received = T0.plusSeconds(60L * i);
    Instant assigned = received.plusMillis(assignMs);
    List<LeadReports.Step> steps = List.of(new LeadReports.Step(0, "REMIND", assigned.plusSeconds(600)),
        new LeadReports.Step(1, "ESCALATE_MANAGER", assigned.plusSeconds(1800)));
    return new LeadReports.Facts("lead-" + i, rep, "华东", "web", null, received, assigned, steps,
        touchMs == null ? null : assigned.plusMillis(touchMs), touchMs, reminders, level, 0, 0, i % 3, 50 + i,
        i % 2 == 0, i <= 4 ? "opp-" + i : null, i <= 2,
        // leads 1-4 became opportunities: a valid action 1 h, 2 h, 80 h after the touch; lead 4 none
        i <= 3 && touchMs != null ? assigned.plusMillis(touchMs).plusSeconds(3600L * new int[] {1, 2, 80}[i - 1]) : null);
  }

  @Test
  void medianP90AndSharesOfKnownTimes() {
    // first touch 1..10 minutes: median (5 + 6) / 2 = 5.5 min, p90 nearest rank = the 9th = 9 min
    List<LeadReports.Facts> facts = new ArrayList<>();
    for (int i = 1; i <= 10; i++) facts.add(lead(i, i <= 5 ? "rep-a" : "rep-b", i <= 8 ? 2_000 : 90_000, i * 60_000L, 0, 0));
    facts.add(lead(11, "rep-b", 1_000, null, 1, 2));
    LeadReports.FirstTouch t = LeadReports.firstTouch("all", facts);
    assertEquals(11, t.leads());
    assertEquals(10, t.acknowledged());
    assertEquals(330_000L, t.medianMs());
    assertEquals(540_000L, t.p90Ms());
    // within the first step (10 min): 1..9 min, of the 11 assigned with a step
    assertEquals(9, t.withinFirstStep());
    assertEquals(0.818, t.withinFirstStepShare());
    // assigned within 1 minute: all but leads 9 and 10
    assertEquals(9, t.assignedWithin1m());

    LeadReports.Sla sla = LeadReports.sla("all", facts);
    assertEquals(10, sla.steps().get(0).attained() + 1, "the 10-minute touch is not before the 10-minute step");
    assertEquals(10, sla.steps().get(1).attained());
    assertEquals(11, sla.steps().get(1).leads());
    assertEquals(1, sla.reminders());
    assertEquals(Map.of("1", 1, "2", 1), sla.escalations());

    List<LeadReports.FirstTouch> byRep = LeadReports.firstTouch(facts, LeadReports.Facts::repId);
    assertEquals(List.of("rep-a", "rep-b"), byRep.stream().map(LeadReports.FirstTouch::group).toList());
    assertEquals(180_000L, byRep.get(0).medianMs());
    assertEquals(480_000L, byRep.get(1).medianMs());
  }

  @Test
  void sourcesOfKnownLeads() {
    List<LeadReports.Facts> facts = new ArrayList<>();
    for (int i = 1; i <= 10; i++) facts.add(lead(i, "rep-a", 1_000, 60_000L, 0, 0));
    LeadReports.SourceNumbers n = LeadReports.sources("web", facts);
    assertEquals("web", n.source());
    assertNull(n.campaign());
    assertEquals(10, n.leads());
    assertEquals(1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0 + 1, n.mergedDuplicates());
    assertEquals(55.5, n.averageHealth());
    assertEquals(5, n.contactComplete());
    assertEquals(0.5, n.contactCompleteShare());
    assertEquals(4, n.opportunities());
    assertEquals(0.2, n.wonShare());
  }

  @Test
  void followUpWithin72HoursOfTheTouch() {
    List<LeadReports.Facts> facts = new ArrayList<>();
    for (int i = 1; i <= 5; i++) facts.add(lead(i, "rep-a", 1_000, 60_000L, 0, 0));
    facts.add(lead(6, "rep-a", 1_000, null, 0, 0));
    // long after: 1 h and 2 h count, 80 h is late, leads 4 and 5 have none
    LeadReports.FollowUp later = LeadReports.followUp("all", facts, T0.plusSeconds(86_400 * 10));
    assertEquals(5, later.acknowledged());
    assertEquals(2, later.followedUp());
    assertEquals(0, later.pending());
    assertEquals(0.4, later.share());
    assertEquals(5_400_000L, later.medianMsToValidAction());
    // a day after: 3, 4 and 5 may still be followed up
    LeadReports.FollowUp soon = LeadReports.followUp("all", facts, T0.plusSeconds(86_400));
    assertEquals(3, soon.pending());
    assertEquals(1.0, soon.share());
  }

  @Test
  void noLeadsNoNumbers() {
    LeadReports.FirstTouch t = LeadReports.firstTouch("all", List.of());
    assertNull(t.medianMs());
    assertNull(t.p90Ms());
    assertNull(t.withinFirstStepShare());
    assertEquals(List.of(), LeadReports.Step.parse(null));
    assertEquals(List.of(new LeadReports.Step(0, "REMIND", Instant.ofEpochMilli(5))), LeadReports.Step.parse("0:REMIND:5;x"));
  }
}
