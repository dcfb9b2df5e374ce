package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.CleanLeadV1;
import dev.leadrouter.engine.intake.CleanLeadV2;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV2;
import dev.leadrouter.engine.lead.legacy.LeadQueuedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV2;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV1;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV2;
import dev.leadrouter.engine.routing.Candidate;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.sla.SlaPolicy;
import dev.leadrouter.engine.sla.SlaStep;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Journals written before {@link CleanLead} kept name parts, extensions and attributes, and before
 * routing decisions kept their rule path and summary, still replay.
 */
class LegacyEventsTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final CleanLeadV1 OLD = new CleanLeadV1("web-form", "evt-1", "张三", List.of("+8613800138000"),
      List.of("z3@example.cn"), "苏州精密", new RegionInfo("华东", "江苏省", "苏州市", "CN"), "SaaS",
      new Budget(100_000L, 500_000L, "CNY", false), "10-50万", "high", LeadInput.Utm.EMPTY, "203.0.113.7",
      List.of("INDUSTRY_MISSING"));

  @Test
  void aLegacyLeadReceivedBecomesTheCurrentEventWithEmptyNewParts() {
    Lead.Event upcast = LeadUpcast.toCurrent(new LeadReceivedV1("lead-1", T0, OLD, "notes"));
    CleanLead expected = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
        List.of("+8613800138000"), Map.of(), List.of("z3@example.cn"), "苏州精密", OLD.region(), "SaaS", OLD.budget(),
        "10-50万", "high", LeadInput.Utm.EMPTY, "203.0.113.7", Map.of(), List.of("INDUSTRY_MISSING"), null);
    assertEquals(new Lead.LeadReceived("lead-1", T0, expected, "notes"), upcast);
    assertEquals(Map.of("name", "web-form", "company", "web-form", "region", "web-form", "industry", "web-form",
        "budget", "web-form", "clientIp", "web-form"), expected.fieldSources(), "every known field from its one source");
  }

  @Test
  void aV2LeadWithoutPriorityOrRegionReplaysWithTheDefaults() {
    // Journals written while a source configured without priority made leads with priority null.
    CleanLeadV2 old = new CleanLeadV2("google-ads", "g-1", "Ann", null, null, null, List.of("+8613800138000"), null,
        List.of(), null, null, null, null, null, null, null, null, null, List.of());
    Lead.Event upcast = LeadUpcast.toCurrent(new LeadReceivedV2("lead-1", T0, old, null));
    CleanLead lead = ((Lead.LeadReceived) upcast).lead();
    assertEquals("normal", lead.priority());
    assertEquals(RegionInfo.NONE, lead.region());
    assertEquals(LeadInput.Utm.EMPTY, lead.utm());
    LeadState state = LeadState.empty("lead-1").apply(LeadUpcast.toCurrent(new LeadReceivedV2("lead-1", T0, old, null)))
        .apply(LeadUpcast.toCurrent(new LeadTouchedV2(T0.plusSeconds(5), old)));
    assertEquals("normal", state.data().lead().priority());
  }

  @Test
  void aJournalOfLegacyEventsReplaysToTheSameStateAsTheCurrentOnes() {
    CleanLeadV1 touch = new CleanLeadV1("meta-lead", "m-9", null, List.of("+8613900139000"), List.of(), null,
        RegionInfo.NONE, null, null, null, "normal", LeadInput.Utm.EMPTY, null, List.of());
    LeadState legacy = LeadState.empty("lead-1")
        .apply(LeadUpcast.toCurrent(new LeadReceivedV1("lead-1", T0, OLD, null)))
        .apply(LeadUpcast.toCurrent(new LeadTouchedV1(T0.plusSeconds(60), touch)));
    LeadState current = LeadState.empty("lead-1")
        .apply(new Lead.LeadReceived("lead-1", T0, OLD.toCurrent(), null))
        .apply(new Lead.LeadTouched(T0.plusSeconds(60), touch.toCurrent(), null));
    assertEquals(current, legacy);
    assertEquals(List.of("+8613800138000", "+8613900139000"), legacy.data().lead().phones());
  }

  @Test
  void decisionsStoredBeforeTheRoutingRulesReplayWithoutPathOrSummary() {
    RoutingDecisionV1 old = new RoutingDecisionV1("rep-1", "region+industry",
        List.of(new Candidate("rep-1", true, "chosen by rule region+industry: 1/5 open")));
    RoutingDecisionV1 nobody = new RoutingDecisionV1(null, "fallback-queue", List.of());
    LeadState state = LeadState.empty("lead-1")
        .apply(LeadUpcast.toCurrent(new LeadReceivedV1("lead-1", T0, OLD, null)))
        .apply(LeadUpcast.toCurrent(new LeadQueuedV1(T0.plusSeconds(1), "华东", nobody, List.of())))
        .apply(LeadUpcast.toCurrent(new LeadAssignedV2(T0.plusSeconds(2), "rep-1", old, "standard", 1, "wall", List.of(), List.of(),
            List.of())));

    RoutingDecision stored = state.assignment().decision();
    assertEquals("rep-1", stored.repId());
    assertEquals("region+industry", stored.rule());
    assertEquals(old.candidates(), stored.candidates());
    assertEquals(RoutingDecision.ASSIGNED, stored.outcome());
    assertEquals(null, stored.summary());
    assertEquals(List.of(), stored.path());
    assertEquals(List.of("RECEIVED", "QUEUED", "ASSIGNED"), state.timeline().stream().map(TimelineEntry::type).toList());
    assertEquals("no eligible rep in 华东; fallback queue", state.timeline().get(1).detail());
    assertEquals(RoutingDecision.FALLBACK,
        ((Lead.LeadQueued) LeadUpcast.toCurrent(new LeadQueuedV1(T0, "华东", nobody, List.of()))).decision().outcome());
  }

  @Test
  void currentEventsPassThroughUnchanged() {
    Lead.Event event = new Lead.LeadTouched(T0, OLD.toCurrent(), OLD.toCurrent());
    assertSame(event, LeadUpcast.toCurrent(event));
    assertSame(event, LeadUpcast.ADAPTER.fromJournal(event, "").events().head());
    assertSame(event, LeadUpcast.ADAPTER.toJournal(event), "written as it is");
  }

  @Test
  void anAssignmentFromBeforeSlaPlansRunsItsDeadlinesAsLegacyStepsOnTheWallClock() {
    Deadline remind = new Deadline(1, SlaAction.REMIND, T0.plusSeconds(900));
    LeadAssignedV1 old = new LeadAssignedV1(T0, "rep-1", new RoutingDecisionV1("rep-1", "region", List.of()),
        "standard", List.of(remind));
    Lead.Event read = LeadUpcast.ADAPTER.fromJournal(old, "").events().head();
    LeadState state = LeadState.empty("lead-1").apply(LeadUpcast.toCurrent(new LeadReceivedV1("lead-1", T0, OLD, null)))
        .apply(read);
    assertEquals("rep-1", state.assignment().repId());
    assertEquals(List.of(SlaStep.legacy(remind)), ((Lead.LeadAssigned) read).steps());
    assertEquals(SlaPolicy.WALL, ((Lead.LeadAssigned) read).clock());
    assertEquals(List.of(remind), state.sla().pending());
    assertEquals("rep-1 by rule region", state.timeline().get(1).detail(), "no plan named");
  }

  @Test
  void somethingElseInTheLeadJournalIsAnErrorNamingItsClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeadUpcast.toCurrent("text"));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }
}
