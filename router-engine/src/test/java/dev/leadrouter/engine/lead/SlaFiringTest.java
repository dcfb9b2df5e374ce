package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.Notice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which event each due SLA step becomes, with whom it tells, and when a rep's streak breaks. */
class SlaFiringTest {

  private static final String EAST = "华东";
  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final Instant NOW = T0.plusSeconds(3600);
  private static final OrgChart ORG = new OrgChart(
      List.of(new OrgChart.Region(EAST, "mgr-1")),
      List.of(new OrgChart.Team("team-east", "East", "mgr-1")),
      List.of(
          People.director("dir-1").channels("email").build(),
          People.manager("mgr-1").managedBy("dir-1").team("team-east").channels("wecom").build(),
          People.rep("rep-1").managedBy("mgr-1").team("team-east").regions(EAST).channels("app").build()));
  private static final CleanLead LEAD = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
      List.of("+8613800138000"), Map.of(), List.of(), null, new RegionInfo(EAST, "江苏省", "苏州市", "CN"), null,
      new Budget(null, null, null, false), null, "normal", LeadInput.Utm.EMPTY, null, Map.of(), List.of(), null);

  private static final SlaStep REMIND = step(0, SlaAction.REMIND);
  private static final SlaStep ESCALATE = step(1, SlaAction.ESCALATE_MANAGER);
  private static final SlaStep REASSIGN = step(2, SlaAction.REASSIGN);
  private static final SlaStep BREACH = new SlaStep(3, SlaAction.BREACH, SlaStep.CONTACTED, "", List.of("email"), 0);

  private static SlaStep step(int index, SlaAction action) {
    return new SlaStep(index, action, SlaStep.ACKNOWLEDGED, "", List.of(), 0);
  }

  private static Deadline due(SlaStep step) {
    return new Deadline(step.index(), step.action(), T0.plusSeconds(60L * (step.index() + 1)));
  }

  private static LeadState assignedWith(List<SlaStep> plan) {
    RoutingDecision decision = new RoutingDecision("rep-1", "region", List.of(), RoutingDecision.ASSIGNED, "leastLoaded",
        null, List.of(), null, null, 1);
    return LeadState.empty("lead-1")
        .apply(new Lead.LeadReceived("lead-1", T0, LEAD, null))
        .apply(new Lead.LeadAssigned(T0, "rep-1", decision, "standard", 1, "wall", plan,
            plan.stream().map(SlaFiringTest::due).toList(), List.of()));
  }

  @Test
  void aReminderTellsTheRepOnTheirOwnChannels() {
    LeadState state = assignedWith(List.of(REMIND, ESCALATE));

    SlaFiring.Fired fired = SlaFiring.fire(state, List.of(due(REMIND)), NOW, ORG);

    assertEquals(List.of(new Lead.ReminderSent(NOW, due(REMIND), List.of(new Notice("rep-1", "rep", "app", Notice.REMINDER)))),
        fired.events());
    assertFalse(fired.reassigned());
    assertFalse(fired.breachesAcknowledgement(), "a reminder does not break the rep's streak");
  }

  @Test
  void anEscalationCarriesTheLevelItReachesAndBreaksTheStreakOfAnUnacknowledgedLead() {
    LeadState state = assignedWith(List.of(REMIND, ESCALATE));

    SlaFiring.Fired fired = SlaFiring.fire(state, List.of(due(REMIND), due(ESCALATE)), NOW, ORG);

    assertEquals(2, fired.events().size());
    Lead.LeadEscalated escalated = (Lead.LeadEscalated) fired.events().get(1);
    assertEquals(1, escalated.level());
    assertEquals("mgr-1", escalated.notices().get(0).recipientId());
    assertTrue(fired.breachesAcknowledgement());
  }

  @Test
  void aReassignStepEndsTheFiringAndTheStepsAfterItAreNotFired() {
    LeadState state = assignedWith(List.of(REMIND, REASSIGN, BREACH));

    SlaFiring.Fired fired = SlaFiring.fire(state, List.of(due(REMIND), due(REASSIGN), due(BREACH)), NOW, ORG);

    assertEquals(List.of(Lead.ReminderSent.class, Lead.LeadReassigned.class),
        fired.events().stream().map(Object::getClass).toList());
    assertEquals("rep-1", ((Lead.LeadReassigned) fired.events().get(1)).fromRepId());
    assertTrue(fired.reassigned());
  }

  @Test
  void aBreachStepIsAStepFiredThatTellsTheManagerOnlyOnTheChannelsItNames() {
    LeadState state = assignedWith(List.of(BREACH));

    SlaFiring.Fired fired = SlaFiring.fire(state, List.of(due(BREACH)), NOW, ORG);

    assertEquals(List.of(new Lead.SlaStepFired(NOW, due(BREACH), List.of(new Notice("mgr-1", "manager", "email",
        Notice.BREACHED)))), fired.events());
  }

  @Test
  void anAcknowledgedLeadsStepsDoNotBreakTheStreak() {
    LeadState state = assignedWith(List.of(ESCALATE, BREACH))
        .apply(new Lead.LeadAcknowledged(T0.plusSeconds(10), "rep-1", 10_000));

    SlaFiring.Fired fired = SlaFiring.fire(state, List.of(due(BREACH)), NOW, ORG);

    assertEquals(1, fired.events().size());
    assertFalse(fired.breachesAcknowledgement());
  }
}
