package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.vocab.SlaAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of a {@link Lead}: its status, what the lead is ({@link LeadData}), who holds it
 * ({@link Ownership}), its SLA ({@link LeadSla}), the rep's response ({@link Response}) and
 * the timeline. Not persisted (a lead takes no snapshots; it is rebuilt from its events), so its
 * shape may change; it is registered with Kryo only because the entity tests verify that it
 * serializes.
 */
public record LeadState(
    String leadId,
    Status status,
    LeadData data,
    Ownership ownership,
    LeadSla sla,
    Response response,
    List<TimelineEntry> timeline)
    implements EngineSerializable {

  public LeadState {
    timeline = List.copyOf(timeline);
  }

  public static LeadState empty(String leadId) {
    return new LeadState(leadId, Status.NEW, LeadData.NONE, Ownership.NONE, LeadSla.NONE, Response.NONE, List.of());
  }

  public LeadState withStatus(Status next) {
    return new LeadState(leadId, next, data, ownership, sla, response, timeline);
  }

  public LeadState withData(LeadData next) {
    return new LeadState(leadId, status, next, ownership, sla, response, timeline);
  }

  public LeadState withOwnership(Ownership next) {
    return new LeadState(leadId, status, data, next, sla, response, timeline);
  }

  public LeadState withSla(LeadSla next) {
    return new LeadState(leadId, status, data, ownership, next, response, timeline);
  }

  public LeadState withResponse(Response next) {
    return new LeadState(leadId, status, data, ownership, sla, next, timeline);
  }

  /** The timeline with one more line. */
  public LeadState withEntry(TimelineEntry entry) {
    List<TimelineEntry> longer = new ArrayList<>(timeline);
    longer.add(entry);
    return new LeadState(leadId, status, data, ownership, sla, response, longer);
  }

  /** The current assignment, or null. */
  public Assignment assignment() {
    return ownership.assignment();
  }

  public boolean holdsRep() {
    return (status == Status.ASSIGNED || status == Status.ACKNOWLEDGED || status == Status.CONTACTED)
        && ownership.assignment() != null;
  }

  /** Assigned (acknowledged or not) with SLA steps still to fire and not on hold. */
  public boolean clockRunning() {
    return (status == Status.ASSIGNED || status == Status.ACKNOWLEDGED) && !sla.onHold() && !sla.pending().isEmpty();
  }

  /** The lead's macro-region: the routing pool it belongs to. */
  public String region() {
    return data.lead().region().macro();
  }

  /** The state after {@code event} (upcast: {@link LeadUpcast}), with its timeline line ({@link Timeline}). */
  public LeadState apply(Lead.Event event) {
    return next(event).withEntry(Timeline.entry(event, this));
  }

  private LeadState next(Lead.Event event) {
    if (event instanceof Lead.LeadReceived e) {
      return new LeadState(e.leadId(), Status.RECEIVED, LeadData.received(e.at(), e.lead()), Ownership.NONE,
          LeadSla.NONE, Response.NONE, timeline);
    } else if (event instanceof Lead.LeadQueued e) {
      return unassigned(Status.QUEUED).withOwnership(ownership.withQueuedBy(e.decision()));
    } else if (event instanceof Lead.LeadAssigned e) {
      return assigned(new Assignment(e.repId(), e.at(), e.decision()),
          LeadSla.started(e.policy(), e.steps(), e.clock(), e.deadlines()));
    } else if (event instanceof Lead.AssignmentRevoked e) {
      return lost(e.repId());
    } else if (event instanceof Lead.AssignmentWithdrawn e) {
      return lost(e.repId());
    } else if (event instanceof Lead.LeadReassigned e) {
      return lost(e.fromRepId());
    } else if (event instanceof Lead.ReminderSent e) {
      return withSla(sla.withFired(e.deadline()));
    } else if (event instanceof Lead.LeadEscalated e) {
      return withSla(sla.withFired(e.deadline()).withEscalation(e.level()));
    } else if (event instanceof Lead.SlaStepFired e) {
      LeadSla fired = sla.withFired(e.deadline());
      return withSla(e.deadline().action() == SlaAction.BREACH ? fired.withBreached() : fired);
    } else if (event instanceof Lead.LeadAcknowledged e) {
      return withStatus(Status.ACKNOWLEDGED).withResponse(response.withAcknowledged(e.at(), e.timeToFirstTouchMs()))
          .withSla(sla.acknowledged());
    } else if (event instanceof Lead.LeadContacted e) {
      return withStatus(Status.CONTACTED).withResponse(response.withContacted(e.at(), assignment().at()))
          .withSla(sla.withPending(List.of()));
    } else if (event instanceof Lead.LeadHeld e) {
      return withSla(sla.withHold(e.at(), e.reason()));
    } else if (event instanceof Lead.LeadResumed e) {
      return withSla(sla.withHold(null, null).withPending(e.deadlines()));
    } else if (event instanceof Lead.LeadTouched e) {
      return withData(data.withTouch(e.at(), e.touch(), e.merged()));
    } else if (event instanceof Lead.LeadNotRouted) {
      return withStatus(Status.UNROUTED);
    } else if (event instanceof Lead.ContactReturned e) {
      return withData(data.withPreviousLeadId(e.previousLeadId()));
    } else if (event instanceof Lead.LeadClosed) {
      // The hold ends with the lead; its reason stays for the view.
      return withStatus(Status.CLOSED).withSla(sla.withPending(List.of()).withHold(null, sla.holdReason()));
    } else if (event instanceof Lead.LeadConverted e) {
      // Followed up as an opportunity from now on: closed for the lead's read models and SLA.
      return withStatus(Status.CLOSED).withSla(sla.withPending(List.of()).withHold(null, sla.holdReason()))
          .withResponse(response.withConverted(e));
    }
    throw new IllegalStateException("unknown event " + event);
  }

  private LeadState assigned(Assignment assignment, LeadSla clock) {
    return withStatus(Status.ASSIGNED).withOwnership(ownership.withAssignment(assignment)).withSla(clock);
  }

  /** Back to routing (or the queue): no rep, no clock, no acknowledgement. */
  private LeadState unassigned(Status next) {
    return withStatus(next).withOwnership(ownership.withoutAssignment())
        .withSla(sla.stopped()).withResponse(response.withoutAcknowledgement());
  }

  /** The rep lost the lead: routed again without them. */
  private LeadState lost(String repId) {
    return unassigned(Status.RECEIVED).withOwnership(ownership.withoutRep(repId));
  }
}
