package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import dev.leadrouter.engine.vocab.Notice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline's wording, one line per event. */
class TimelineTest {

  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final Instant T1 = T0.plusSeconds(90);
  private static final CleanLead LEAD = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
      List.of("+8613800138000"), Map.of(), List.of(), null, new RegionInfo("华东", "江苏省", "苏州市", "CN"), null,
      new Budget(null, null, null, false), null, "normal", LeadInput.Utm.EMPTY, null, Map.of(), List.of(), null);
  private static final LeadState NEW = LeadState.empty("lead-1");
  private static final Deadline STEP_2 = new Deadline(2, SlaAction.BREACH, T1);
  private static final List<Notice> TWICE_TO_MGR = List.of(new Notice("mgr-1", "manager", "email", Notice.ESCALATION),
      new Notice("mgr-1", "manager", "wecom", Notice.ESCALATION), new Notice("dir-1", "director", "email",
          Notice.ESCALATION_COPY));

  private static String detail(Lead.Event event, LeadState before) {
    return Timeline.entry(event, before).detail();
  }

  @Test
  void eachPersonToldIsNamedOnceInOrder() {
    assertEquals("level 1; told mgr-1, dir-1", detail(new Lead.LeadEscalated(T1, STEP_2, 1, TWICE_TO_MGR), NEW));
    assertEquals("step 2", detail(new Lead.ReminderSent(T1, STEP_2, List.of()), NEW), "nobody told: nothing added");
  }

  @Test
  void aQueuedLeadShowsTheDecisionsSummaryOrTheFallbackQueue() {
    RoutingDecision summarized = new RoutingDecision(null, "region", List.of(), RoutingDecision.FALLBACK, "leastLoaded",
        "Sent to queue 'unassigned'.", List.of(), null, "unassigned", 1);
    RoutingDecision waiting = new RoutingDecision(null, "region", List.of(), RoutingDecision.WAIT, "leastLoaded",
        null, List.of(), T1, null, 1);

    assertEquals(new TimelineEntry(T0, "QUEUED", "Sent to queue 'unassigned'."),
        Timeline.entry(new Lead.LeadQueued(T0, "华东", summarized, List.of()), NEW));
    assertEquals(new TimelineEntry(T0, "WAITING", "no eligible rep in 华东; fallback queue"),
        Timeline.entry(new Lead.LeadQueued(T0, "华东", waiting, List.of()), NEW));
  }

  @Test
  void anAssignmentNamesTheRuleAndTheSlaPlanItRunsOn() {
    RoutingDecision decision = new RoutingDecision("rep-1", "region+industry", List.of(), RoutingDecision.ASSIGNED,
        "leastLoaded", null, List.of(), null, null, 1);
    assertEquals("rep-1 by rule region+industry; SLA policy standard v3 on the calendar:cn-office clock; told rep-1",
        detail(new Lead.LeadAssigned(T0, "rep-1", decision, "standard", 3, "calendar:cn-office", List.of(), List.of(),
            List.of(new Notice("rep-1", "rep", "app", Notice.ASSIGNED))), NEW));
    assertEquals("rep-1 by rule region", detail(LeadUpcast.toCurrent(new LeadAssignedV1(T0, "rep-1",
        new RoutingDecisionV1("rep-1", "region", List.of()), "standard", List.of())), NEW), "old journals: no plan named");
  }

  @Test
  void aBreachAndACopyAreToldApart() {
    assertEquals("BREACHED", Timeline.entry(new Lead.SlaStepFired(T1, STEP_2, List.of()), NEW).type());
    assertEquals("COPIED", Timeline.entry(new Lead.SlaStepFired(T1, new Deadline(2, SlaAction.COPY, T1), List.of()),
        NEW).type());
  }

  @Test
  void aResumeCountsTheTimeOnHoldFromTheStateBefore() {
    LeadState held = NEW.apply(new Lead.LeadReceived("lead-1", T0, LEAD, null))
        .apply(new Lead.LeadHeld(T0, "mgr-1", "travelling"));

    assertEquals(new TimelineEntry(T1, "RESUMED", "by mgr-1 after 90 s on hold"),
        Timeline.entry(new Lead.LeadResumed(T1, "mgr-1", List.of()), held));
    assertEquals("by mgr-1: travelling", held.timeline().get(1).detail());
  }

  @Test
  void closingWithoutAReasonSaysWhoClosed() {
    assertEquals("by rep-1", detail(new Lead.LeadClosed(T1, "rep-1", null), NEW));
    assertEquals("by rep-1: won", detail(new Lead.LeadClosed(T1, "rep-1", "won"), NEW));
  }
}
