package dev.leadrouter.engine.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.routing.RoutingDecision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which leads a manager may move by hand, and how a refused rep is named. */
class ManualAssignmentTest {

  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
  private static final RoutingDecision TO_REP_1 = RoutingDecision.manual("rep-1", "mgr-1", "available", 1);

  private static LeadState lead(Status status, String repId) {
    Ownership ownership = repId == null ? Ownership.NONE : Ownership.NONE.withAssignment(new Assignment(repId, AT, TO_REP_1));
    return LeadState.empty("lead-1").withStatus(status).withOwnership(ownership);
  }

  @Test
  void aQueuedOrRoutingLeadAsksThePoolWithNobodyToTakeItFrom() {
    assertEquals(new ManualAssignment.Ask(null), ManualAssignment.check(lead(Status.QUEUED, null), "rep-2"));
    assertEquals(new ManualAssignment.Ask(null), ManualAssignment.check(lead(Status.RECEIVED, null), "rep-2"));
  }

  @Test
  void anAssignedLeadNotYetAcknowledgedIsTakenFromItsRep() {
    assertEquals(new ManualAssignment.Ask("rep-1"), ManualAssignment.check(lead(Status.ASSIGNED, "rep-1"), "rep-2"));
  }

  @Test
  void theRepWhoHasItAlreadyIsAnsweredAsBefore() {
    assertEquals(new ManualAssignment.Already(new Lead.Assigned("lead-1", "rep-1", AT, null)),
        ManualAssignment.check(lead(Status.ASSIGNED, "rep-1"), "rep-1"));
    assertEquals(new ManualAssignment.Already(new Lead.Assigned("lead-1", "rep-1", AT, null)),
        ManualAssignment.check(lead(Status.ACKNOWLEDGED, "rep-1"), "rep-1"));
  }

  @Test
  void anAcknowledgedWorkedOrClosedLeadIsNotMoved() {
    for (Status s : List.of(Status.ACKNOWLEDGED, Status.CONTACTED, Status.CLOSED)) {
      var refuse = assertInstanceOf(ManualAssignment.Refuse.class, ManualAssignment.check(lead(s, "rep-1"), "rep-2"));
      assertEquals(Rejected.Code.CONFLICT, refuse.rejection().code(), s.name());
    }
    var unknown = assertInstanceOf(ManualAssignment.Refuse.class, ManualAssignment.check(lead(Status.NEW, null), "rep-2"));
    assertEquals(Rejected.Code.NOT_FOUND, unknown.rejection().code());
  }

  @Test
  void aRefusedRepIsNamedAtRepIdWithRoutingsReason() {
    Rejected r = ManualAssignment.repRefused("rep-2", "at capacity 5/5");

    assertEquals(Rejected.Code.CONFLICT, r.code());
    assertEquals("rep-2 cannot take the lead now: at capacity 5/5", r.message());
    assertEquals(List.of(new FieldError("/repId", "at capacity 5/5")), r.errors());
  }
}
