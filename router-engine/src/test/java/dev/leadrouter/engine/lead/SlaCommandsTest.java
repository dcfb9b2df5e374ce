package dev.leadrouter.engine.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaPolicySet;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may acknowledge, hold and record a contact, what a repeat answers, and what a refusal says. */
class SlaCommandsTest {

  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  private static final Instant LATER = T0.plusSeconds(120);
  private static final CleanLead LEAD = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
      List.of("+8613800138000"), Map.of(), List.of(), null, new RegionInfo("华东", "江苏省", "苏州市", "CN"), null,
      new Budget(null, null, null, false), null, "normal", LeadInput.Utm.EMPTY, null, Map.of(), List.of(), null);
  private static final LeadState RECEIVED = LeadState.empty("lead-1").apply(new Lead.LeadReceived("lead-1", T0, LEAD, null));
  private static final LeadState ASSIGNED = RECEIVED.apply(new Lead.LeadAssigned(T0, "rep-1",
      new RoutingDecision("rep-1", "region", List.of(), RoutingDecision.ASSIGNED, "leastLoaded", null, List.of(), null,
          null, 1),
      "standard", 1, "wall", List.of(new SlaStep(0, SlaAction.REMIND, SlaStep.ACKNOWLEDGED, "", List.of(), 60_000)),
      List.of(new Deadline(0, SlaAction.REMIND, T0.plusSeconds(60))), List.of()));

  private static Rejected rejection(Object reply) {
    return ((Lead.Refused) reply).rejection();
  }

  @Test
  void theAssignedRepAcknowledgesWithTheTimeSinceAssignment() {
    var decision = SlaCommands.acknowledge(ASSIGNED, "rep-1", LATER);

    assertEquals(new Lead.LeadAcknowledged(LATER, "rep-1", 120_000), decision.event());
    assertNull(decision.reply());
  }

  @Test
  void aRepeatedAcknowledgementAnswersAsTheFirstAndPersistsNothing() {
    LeadState acknowledged = ASSIGNED.apply(new Lead.LeadAcknowledged(LATER, "rep-1", 120_000));

    var decision = SlaCommands.acknowledge(acknowledged, "rep-1", LATER.plusSeconds(5));

    assertNull(decision.event());
    assertEquals(new Lead.Acknowledged("lead-1", LATER, 120_000), decision.reply());
  }

  @Test
  void anotherRepOrAnUnassignedLeadIsRefused() {
    assertEquals(Rejected.Code.FORBIDDEN, rejection(SlaCommands.acknowledge(ASSIGNED, "rep-2", LATER).reply()).code());
    Rejected unassigned = rejection(SlaCommands.acknowledge(RECEIVED, "rep-1", LATER).reply());
    assertEquals(Rejected.Code.FORBIDDEN, unassigned.code());
    assertEquals("lead is received and not assigned to rep-1", unassigned.message());
    LeadState closed = ASSIGNED.apply(new Lead.LeadClosed(LATER, "mgr-1", null));
    assertEquals(Rejected.Code.CONFLICT, rejection(SlaCommands.acknowledge(closed, "rep-1", LATER).reply()).code());
  }

  @Test
  void onlyALeadARepHoldsGoesOnHoldAndAHoldRepeatsAsBefore() {
    assertEquals(new Lead.LeadHeld(LATER, "mgr-1", "travelling"),
        SlaCommands.hold(ASSIGNED, "mgr-1", "travelling", LATER).event());
    assertEquals(Rejected.Code.CONFLICT, rejection(SlaCommands.hold(RECEIVED, "mgr-1", "x", LATER).reply()).code());

    LeadState held = ASSIGNED.apply(new Lead.LeadHeld(LATER, "mgr-1", "travelling"));
    assertEquals(new Lead.SlaChanged("lead-1", Lead.Status.ASSIGNED, true, LATER),
        SlaCommands.hold(held, "mgr-1", "again", LATER.plusSeconds(9)).reply());
    assertTrue(SlaCommands.refuseResume(held).isEmpty());
    assertEquals(Rejected.Code.CONFLICT, SlaCommands.refuseResume(ASSIGNED).orElseThrow().rejection().code());
  }

  @Test
  void theRepHoldingTheLeadRecordsAContactOnce() {
    assertEquals(new Lead.LeadContacted(LATER, "rep-1"), SlaCommands.contact(ASSIGNED, "rep-1", LATER).event());
    assertEquals(Rejected.Code.FORBIDDEN, rejection(SlaCommands.contact(ASSIGNED, "rep-2", LATER).reply()).code());

    LeadState contacted = ASSIGNED.apply(new Lead.LeadContacted(LATER, "rep-1"));
    assertEquals(new Lead.SlaChanged("lead-1", Lead.Status.CONTACTED, false, LATER),
        SlaCommands.contact(contacted, "rep-1", LATER.plusSeconds(9)).reply());
    assertEquals(Rejected.Code.CONFLICT, rejection(SlaCommands.hold(contacted, "mgr-1", "x", LATER).reply()).code());
  }

  @Test
  void aLeadOnHoldResumesWithEachStepMovedByTheTimeOnHoldAndAnyOtherIsRefused() {
    SlaPolicySet policies = new SlaPolicySet(1, 0.8, List.of(), Map.of());
    LeadState held = ASSIGNED.apply(new Lead.LeadHeld(T0.plusSeconds(30), "mgr-1", "travelling"));

    var decision = SlaCommands.resume(held, "mgr-1", LATER, policies);

    // Held at 30 s with the reminder due at 60 s: 30 s were left, counted from the resume.
    assertEquals(new Lead.LeadResumed(LATER, "mgr-1", List.of(new Deadline(0, SlaAction.REMIND, LATER.plusSeconds(30)))),
        decision.event());
    assertNull(decision.reply());
    assertEquals(Rejected.Code.CONFLICT, rejection(SlaCommands.resume(ASSIGNED, "mgr-1", LATER, policies).reply()).code());
  }
}
