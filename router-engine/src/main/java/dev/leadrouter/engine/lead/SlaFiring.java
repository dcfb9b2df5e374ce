package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SLA steps due now do to a lead a rep holds: one event per step (with its notices, resolved
 * from the org chart as it is now), in order, up to and including a reassign step (the later steps
 * belonged to this rep's clock; the next rep gets a new one). Pure.
 */
public final class SlaFiring {

  private SlaFiring() {}

  /**
   * The events to persist. {@code reassigned}: the last one takes the lead from the rep.
   * {@code breachesAcknowledgement}: the rep had not acknowledged and a due step escalates, marks a
   * breach or takes the lead away (one more in their streak).
   */
  public record Fired(List<Lead.Event> events, boolean reassigned, boolean breachesAcknowledgement) {
    public Fired {
      events = List.copyOf(events);
    }
  }

  /** Fires {@code due} (the lead's pending deadlines that are due, in order) at {@code now}. */
  public static Fired fire(LeadState state, List<Deadline> due, Instant now, OrgChart org) {
    String repId = state.assignment().repId();
    boolean breach = state.status() == Lead.Status.ASSIGNED
        && due.stream().anyMatch(d -> state.sla().step(d).action().breachesAcknowledgement());
    List<Lead.Event> events = new ArrayList<>(due.size());
    for (Deadline d : due) {
      Lead.Event event = event(state.sla().step(d), d, now, org, repId, state.region());
      events.add(event);
      if (event instanceof Lead.LeadReassigned) return new Fired(events, true, breach);
    }
    return new Fired(events, false, breach);
  }

  /** The event of one step: a reminder, an escalation (with its level), a reassignment, or a copy or breach. */
  public static Lead.Event event(SlaStep step, Deadline d, Instant now, OrgChart org, String repId, String region) {
    List<Notice> notices = Notices.forStep(org, step, repId, region);
    return switch (step.action()) {
      case REMIND -> new Lead.ReminderSent(now, d, notices);
      case ESCALATE_MANAGER, ESCALATE_DIRECTOR, ESCALATE_ROLE ->
          new Lead.LeadEscalated(now, d, Notices.escalationLevel(org, step, repId), notices);
      case REASSIGN -> new Lead.LeadReassigned(now, repId, d, notices);
      default -> new Lead.SlaStepFired(now, d, notices);
    };
  }
}
