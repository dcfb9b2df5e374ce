package dev.leadrouter.engine.opportunity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Missing;
import dev.leadrouter.engine.opportunity.OpportunityRules.Timing;
import dev.leadrouter.engine.sla.SlaClock;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.sla.SlaPolicySet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pipeline's rules, one test each, on the built-in {@code default} pipeline. */
class OpportunityRulesTest {

  private static final Pipeline DEFAULT = Pipelines.compile(1, Pipelines.builtIn()).pipelineOrDefault("default");
  private static final Instant NOW = Instant.parse("2026-03-06T10:00:00Z");
  private static final Timing WALL = new Timing(SlaClock.WALL, 1);

  private static OpportunityView.Action action(String type, boolean valid, Evidence... evidence) {
    return new OpportunityView.Action("act-1", type, NOW, NOW, "rep-1", null, null, List.of(evidence), valid, "");
  }

  private static Evidence evidence(String kind, String status) {
    return new Evidence(kind, "https://files.example.cn/x", null, status, null);
  }

  private static ActionInput input(String type, Instant at, Evidence... evidence) {
    return new ActionInput(type, at, null, null, List.of(evidence));
  }

  // ---------------------------------------------------------------- actions

  @Test
  void aTypeThePipelineListsCounts() {
    assertTrue(OpportunityRules.validity(DEFAULT, "quote_sent").valid());
  }

  @Test
  void aTypeThePipelineDoesNotListDoesNotCountAndSaysWhich() {
    OpportunityRules.Validity v = OpportunityRules.validity(DEFAULT, "lunch");

    assertFalse(v.valid());
    assertTrue(v.reason().contains("not a valid action of pipeline 'default'"), v.reason());
  }

  @Test
  void notesCallAttemptsAndAutomatedMessagesNeverCountEvenWhenListed() {
    Pipeline listing = new Pipeline("p", true, Duration.ofHours(48), "wall", Duration.ofDays(7),
        List.of("note", "call_attempt", "auto_email"), DEFAULT.stages());

    for (String type : List.of("note", "call_attempt", "auto_email", "automated_message")) {
      OpportunityRules.Validity v = OpportunityRules.validity(listing, type);
      assertFalse(v.valid(), type);
      assertTrue(v.reason().contains("never counts"), v.reason());
    }
  }

  @Test
  void anActionInTheFutureIsRefusedNamingAt() {
    Rejected r = OpportunityRules.refuseAction(input("site_visit", NOW.plusSeconds(60)), NOW).orElseThrow();

    assertEquals(Rejected.Code.INVALID, r.code());
    assertEquals("/at", r.errors().get(0).field());
  }

  @Test
  void anActionWithoutATypeOrWithAnEvidenceItemWithoutKindIsRefused() {
    Rejected r = OpportunityRules.refuseAction(input(" ", null, evidence(null, null)), NOW).orElseThrow();

    assertEquals(List.of("/type", "/evidence/0/kind"), r.errors().stream().map(FieldError::field).toList());
  }

  @Test
  void unknownEvidenceKindsAndPastActionsAreFine() {
    assertTrue(OpportunityRules.refuseAction(input("site_visit", NOW.minusSeconds(3600), evidence("photo", null)), NOW).isEmpty());
  }

  // ---------------------------------------------------------------- moves

  @Test
  void aForwardMoveNeedsTheTargetsEntryEvidenceFromAValidAction() {
    var move = OpportunityRules.move(DEFAULT, "qualification", "solution_demo", List.of(), null, false, List.of());

    assertEquals(new OpportunityRules.Lacking(List.of(Missing.evidence("solution_demo", "recording"))), move);
  }

  @Test
  void anInvalidActionDoesNotProvideEvidence() {
    var move = OpportunityRules.move(DEFAULT, "qualification", "solution_demo", List.of(), null, false,
        List.of(action("solution_demo", false, evidence("recording", null))));

    assertInstanceOf(OpportunityRules.Lacking.class, move);
  }

  @Test
  void aValidActionWithTheEvidenceKindLetsTheMoveSkipStages() {
    var move = OpportunityRules.move(DEFAULT, "qualification", "quote", List.of(), null, false,
        List.of(action("quote_sent", true, evidence("document", null))));

    assertEquals(new OpportunityRules.Allowed(false), move);
  }

  @Test
  void anESignatureCountsOnlyInAnAllowedStatus() {
    List<String> ticked = List.of("payment_terms_agreed", "invoice_type_confirmed", "delivery_date_agreed");
    var pending = OpportunityRules.move(DEFAULT, "negotiation", "won", ticked, null, false,
        List.of(action("contract_signed", true, evidence("e_signature", "sent"))));
    var signed = OpportunityRules.move(DEFAULT, "negotiation", "won", ticked, null, false,
        List.of(action("contract_signed", true, evidence("e_signature", "signed"))));

    assertEquals(new OpportunityRules.Lacking(List.of(Missing.evidence("contract_signed", "e_signature"))), pending);
    assertEquals(new OpportunityRules.Allowed(false), signed);
  }

  @Test
  void leavingAStageForwardNeedsItsExitChecklistTicked() {
    var move = OpportunityRules.move(DEFAULT, "negotiation", "won", List.of("payment_terms_agreed"), null, false,
        List.of(action("contract_signed", true, evidence("e_signature", "completed"))));

    assertEquals(new OpportunityRules.Lacking(List.of(Missing.checklist("invoice_type_confirmed"),
        Missing.checklist("delivery_date_agreed"))), move);
  }

  @Test
  void lostNeedsOnlyAReason() {
    var without = OpportunityRules.move(DEFAULT, "negotiation", "lost", List.of(), null, false, List.of());
    var with = OpportunityRules.move(DEFAULT, "negotiation", "lost", List.of(), "budget cut", false, List.of());

    Rejected r = assertInstanceOf(OpportunityRules.Refused.class, without).rejection();
    assertEquals("/reason", r.errors().get(0).field());
    assertEquals(new OpportunityRules.Allowed(false), with);
  }

  @Test
  void onlyAManagerMovesBackwards() {
    var rep = OpportunityRules.move(DEFAULT, "quote", "qualification", List.of(), "wrong stage", false, List.of());
    var manager = OpportunityRules.move(DEFAULT, "quote", "qualification", List.of(), "wrong stage", true, List.of());

    assertEquals(Rejected.Code.FORBIDDEN, assertInstanceOf(OpportunityRules.Refused.class, rep).rejection().code());
    assertEquals(new OpportunityRules.Allowed(true), manager);
  }

  @Test
  void aBackwardMoveNeedsAReason() {
    var move = OpportunityRules.move(DEFAULT, "quote", "qualification", List.of(), " ", true, List.of());

    assertEquals("/reason", assertInstanceOf(OpportunityRules.Refused.class, move).rejection().errors().get(0).field());
  }

  @Test
  void nothingMovesFromAFinalStage() {
    var move = OpportunityRules.move(DEFAULT, "won", "negotiation", List.of(), "oops", true, List.of());

    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(OpportunityRules.Refused.class, move).rejection().code());
  }

  @Test
  void anUnknownStageIsRefusedNamingTo() {
    var move = OpportunityRules.move(DEFAULT, "quote", "demo", List.of(), null, false, List.of());

    Rejected r = assertInstanceOf(OpportunityRules.Refused.class, move).rejection();
    assertEquals(Rejected.Code.INVALID, r.code());
    assertEquals("/to", r.errors().get(0).field());
  }

  @Test
  void aMoveToTheCurrentStageIsNothingToRecord() {
    assertEquals(new OpportunityRules.Same(), OpportunityRules.move(DEFAULT, "quote", "quote", null, null, false, List.of()));
  }

  // ---------------------------------------------------------------- deadlines

  @Test
  void theIdleDeadlineIsIdleAfterOnThePipelinesClockScaledByTheTimeScale() {
    assertEquals(NOW.plus(Duration.ofHours(48)), OpportunityRules.idleDeadline(DEFAULT, "quote", NOW, WALL));
    assertEquals(NOW.plus(Duration.ofMinutes(48)), OpportunityRules.idleDeadline(DEFAULT, "quote", NOW, new Timing(SlaClock.WALL, 60)));
  }

  @Test
  void aCalendarClockCountsOnlyWorkingHours() {
    SlaPolicySet sla = SlaPolicies.compile(1, """
        {"calendars": [{"name": "office", "zone": "UTC", "hours": {"MON": ["09:00-17:00"], "TUE": ["09:00-17:00"],
          "WED": ["09:00-17:00"], "THU": ["09:00-17:00"], "FRI": ["09:00-17:00"]}}],
         "policies": [{"name": "p", "steps": [{"after": "1h", "action": "remind"}]}]}""");
    Pipeline office = new Pipeline("office", true, Duration.ofHours(16), "calendar:office", Duration.ofDays(7),
        DEFAULT.validActions(), DEFAULT.stages());

    // Friday 10:00 + 16 working hours: Friday 7 h, Monday 8 h, Tuesday 1 h.
    assertEquals(Instant.parse("2026-03-10T10:00:00Z"),
        OpportunityRules.idleDeadline(office, "quote", NOW, Timing.of(office, sla, 1)));
  }

  @Test
  void thereIsNoIdleDeadlineWhereNothingWouldMoveBack() {
    Pipeline off = new Pipeline("off", false, Duration.ofHours(48), "wall", Duration.ofDays(7), DEFAULT.validActions(),
        DEFAULT.stages());

    assertNull(OpportunityRules.idleDeadline(DEFAULT, "qualification", NOW, WALL));
    assertNull(OpportunityRules.idleDeadline(DEFAULT, "won", NOW, WALL));
    assertNull(OpportunityRules.idleDeadline(off, "quote", NOW, WALL));
  }

  @Test
  void aBackdatedValidActionNeverBringsTheIdleDeadlineForward() {
    Instant current = NOW.plus(Duration.ofHours(40));

    assertEquals(current, OpportunityRules.idleAfterValidAction(current, DEFAULT, "quote", NOW.minus(Duration.ofHours(20)), WALL));
    assertEquals(NOW.plus(Duration.ofHours(48)), OpportunityRules.idleAfterValidAction(current, DEFAULT, "quote", NOW, WALL));
  }

  @Test
  void theDowngradeTargetIsThePreviousNonFinalStageNeverBelowTheFirst() {
    assertEquals("quote", DEFAULT.downgradeTarget("negotiation").orElseThrow().id());
    assertTrue(DEFAULT.downgradeTarget("qualification").isEmpty());
    assertTrue(DEFAULT.downgradeTarget("lost").isEmpty());
  }

  @Test
  void theSilentWarningComesAfterTheSilentPeriodThenEverySilentRepeat() {
    assertEquals(NOW.plus(Duration.ofDays(7)), OpportunityRules.silentDeadline(DEFAULT, "solution_demo", NOW, WALL));
    assertEquals(NOW.plus(Duration.ofDays(1)), OpportunityRules.nextSilentDeadline(DEFAULT, "solution_demo", NOW, WALL));
    assertNull(OpportunityRules.silentDeadline(DEFAULT, "quote", NOW, WALL));
  }

  @Test
  void aDueIdleDeadlineDowngradesBeforeADueSilentWarning() {
    assertEquals(OpportunityRules.Due.DOWNGRADE, OpportunityRules.due(DEFAULT, "solution_demo", NOW, NOW, NOW));
    assertEquals(OpportunityRules.Due.SILENT_WARNING, OpportunityRules.due(DEFAULT, "solution_demo", NOW.plusSeconds(1), NOW, NOW));
    assertEquals(OpportunityRules.Due.NOTHING, OpportunityRules.due(DEFAULT, "solution_demo", NOW.plusSeconds(1), null, NOW));
  }

  // ---------------------------------------------------------------- snooze

  @Test
  void aSnoozeMustEndInTheFuture() {
    Rejected r = OpportunityRules.refuseSnooze(DEFAULT, "quote", NOW, false, NOW, WALL).orElseThrow();

    assertEquals("/until", r.errors().get(0).field());
  }

  @Test
  void aSnoozeLongerThanTheLimitNeedsTheManager() {
    Instant eightDays = NOW.plus(Duration.ofDays(8));

    assertEquals(Rejected.Code.FORBIDDEN, OpportunityRules.refuseSnooze(DEFAULT, "quote", eightDays, false, NOW, WALL)
        .orElseThrow().code());
    assertTrue(OpportunityRules.refuseSnooze(DEFAULT, "quote", eightDays, true, NOW, WALL).isEmpty());
    assertTrue(OpportunityRules.refuseSnooze(DEFAULT, "quote", NOW.plus(Duration.ofDays(7)), false, NOW, WALL).isEmpty());
  }

  @Test
  void aFinalStageCannotBeSnoozed() {
    assertEquals(Rejected.Code.CONFLICT, OpportunityRules.refuseSnooze(DEFAULT, "won", NOW.plusSeconds(60), true, NOW, WALL)
        .orElseThrow().code());
  }

  @Test
  void theBuiltInDocumentIsValid() {
    assertEquals(List.of(), Pipelines.errors(Pipelines.builtIn(), Set.of()));
  }
}
