package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.SlaAction;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The wording of the lead's timeline: one line per (upcast) event, as people read it. Pure. */
public final class Timeline {

  private Timeline() {}

  /** The line for {@code event}, applied to a lead in state {@code before}. */
  public static TimelineEntry entry(Lead.Event event, LeadState before) {
    if (event instanceof Lead.LeadReceived e) {
      return new TimelineEntry(e.at(), "RECEIVED", "from " + e.lead().source());
    } else if (event instanceof Lead.LeadQueued e) {
      String why = e.decision().summary() != null ? e.decision().summary()
          : "no eligible rep in " + e.region() + "; fallback queue";
      return new TimelineEntry(e.at(), e.decision().waits() ? "WAITING" : "QUEUED", why + told(e.notices()));
    } else if (event instanceof Lead.LeadAssigned e && e.policyVersion() == Lead.LeadAssigned.NO_PLAN) {
      return new TimelineEntry(e.at(), "ASSIGNED", e.repId() + " by rule " + e.decision().rule());
    } else if (event instanceof Lead.LeadAssigned e) {
      String byHand = e.decision().assignedBy() == null ? "" : " (by hand, by " + e.decision().assignedBy() + ")";
      return new TimelineEntry(e.at(), "ASSIGNED", e.repId() + " by rule " + e.decision().rule() + byHand + "; SLA policy "
          + e.policy() + " v" + e.policyVersion() + " on the " + e.clock() + " clock" + told(e.notices()));
    } else if (event instanceof Lead.AssignmentRevoked e) {
      return new TimelineEntry(e.at(), "REVOKED", e.repId() + ": " + e.reason());
    } else if (event instanceof Lead.AssignmentWithdrawn e) {
      return new TimelineEntry(e.at(), "WITHDRAWN", "taken from " + e.repId() + " (" + e.reason()
          + "); routing again without them" + told(e.notices()));
    } else if (event instanceof Lead.LeadReassigned e && e.deadline() == null) {
      return new TimelineEntry(e.at(), "REASSIGNED", "taken from " + e.fromRepId() + " by hand" + told(e.notices()));
    } else if (event instanceof Lead.LeadReassigned e) {
      return new TimelineEntry(e.at(), "REASSIGNED", "taken from " + e.fromRepId() + " at step " + e.deadline().step()
          + "; routing again without them" + told(e.notices()));
    } else if (event instanceof Lead.ReminderSent e) {
      return new TimelineEntry(e.at(), "REMINDER", "step " + e.deadline().step() + told(e.notices()));
    } else if (event instanceof Lead.LeadEscalated e) {
      return new TimelineEntry(e.at(), "ESCALATED", "level " + e.level() + told(e.notices()));
    } else if (event instanceof Lead.SlaStepFired e) {
      boolean breach = e.deadline().action() == SlaAction.BREACH;
      return new TimelineEntry(e.at(), breach ? "BREACHED" : "COPIED", "step " + e.deadline().step() + told(e.notices()));
    } else if (event instanceof Lead.LeadAcknowledged e) {
      return new TimelineEntry(e.at(), "ACKNOWLEDGED", "by " + e.repId() + " after " + e.timeToFirstTouchMs() + " ms");
    } else if (event instanceof Lead.LeadContacted e) {
      return new TimelineEntry(e.at(), "CONTACTED", "by " + e.repId());
    } else if (event instanceof Lead.LeadHeld e) {
      return new TimelineEntry(e.at(), "ON_HOLD", "by " + e.by() + ": " + e.reason());
    } else if (event instanceof Lead.LeadResumed e) {
      return new TimelineEntry(e.at(), "RESUMED", "by " + e.by() + " after "
          + Duration.between(before.sla().heldAt(), e.at()).toSeconds() + " s on hold");
    } else if (event instanceof Lead.LeadTouched e) {
      return new TimelineEntry(e.at(), "TOUCHED", "again from " + e.touch().source());
    } else if (event instanceof Lead.LeadNotRouted e) {
      return new TimelineEntry(e.at(), "NOT_ROUTED", e.reason() + "; waits to be assigned by hand");
    } else if (event instanceof Lead.ContactReturned e) {
      return new TimelineEntry(e.at(), "RETURNING", "the contact was lead " + e.previousLeadId() + " before");
    } else if (event instanceof Lead.LeadClosed e) {
      return new TimelineEntry(e.at(), "CLOSED", "by " + e.by() + (e.reason() == null ? "" : ": " + e.reason()));
    } else if (event instanceof Lead.LeadConverted e) {
      return new TimelineEntry(e.at(), "CONVERTED", "to opportunity " + e.opportunityId() + " by " + e.by());
    }
    throw new IllegalStateException("unknown event " + event);
  }

  /** "; told a, b" naming each person notified once, in order; empty when nobody was. */
  static String told(List<Notice> notices) {
    Set<String> who = new LinkedHashSet<>();
    notices.forEach(n -> who.add(n.recipientId()));
    return who.isEmpty() ? "" : "; told " + String.join(", ", who);
  }
}
