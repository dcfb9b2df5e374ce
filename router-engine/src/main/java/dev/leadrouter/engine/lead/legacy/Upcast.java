package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.lead.Lead;

/**
 * Old journals' events in their current form. Everything that reads the lead journal (the entity and
 * the read-model projection) goes through {@link #toCurrent}. Pure.
 */
public final class Upcast {

  private Upcast() {}

  /**
   * The current form of {@link LeadReceivedV1}, {@link LeadReceivedV2}, {@link LeadTouchedV1},
   * {@link LeadTouchedV2}, {@link LeadQueuedV1} and {@link LeadAssignedV2}; any other event (also
   * {@link LeadAssignedV1}, which readers handle themselves) as it is.
   */
  public static Lead.Event toCurrent(Lead.Event event) {
    if (event instanceof LeadReceivedV1 e) return new Lead.LeadReceived(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (event instanceof LeadReceivedV2 e) return new Lead.LeadReceived(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (event instanceof LeadTouchedV1 e) return new Lead.LeadTouched(e.at(), e.touch().toCurrent());
    if (event instanceof LeadTouchedV2 e) return new Lead.LeadTouched(e.at(), e.touch().toCurrent());
    if (event instanceof LeadQueuedV1 e) return new Lead.LeadQueued(e.at(), e.region(), e.decision().toCurrent(), e.notices());
    if (event instanceof LeadAssignedV2 e) {
      return new Lead.LeadAssigned(e.at(), e.repId(), e.decision().toCurrent(), e.policy(), e.policyVersion(), e.clock(),
          e.steps(), e.deadlines(), e.notices());
    }
    return event;
  }
}
