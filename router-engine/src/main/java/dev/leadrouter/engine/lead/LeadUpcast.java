package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV2;
import dev.leadrouter.engine.lead.legacy.LeadQueuedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV2;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV1;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV2;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV3;
import dev.leadrouter.engine.sla.SlaPolicy;
import dev.leadrouter.engine.sla.SlaStep;
import java.util.List;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;

/**
 * Old journals' events in their current form. Everything that reads the lead journal goes through
 * {@link #toCurrent}: the entity (its event adapter) and the read-model projection. Pure.
 */
public final class LeadUpcast {

  private LeadUpcast() {}

  /** The entity's event adapter: writes events as they are, reads them through {@link #toCurrent}. */
  static final EventAdapter<Lead.Event, Object> ADAPTER = new EventAdapter<>() {
    @Override
    public Object toJournal(Lead.Event event) {
      return event;
    }

    @Override
    public String manifest(Lead.Event event) {
      return "";
    }

    @Override
    public EventSeq<Lead.Event> fromJournal(Object stored, String manifest) {
      return EventSeq.single(toCurrent(stored));
    }
  };

  /** The current form of an event as stored: a legacy event upcast, a current one as it is. */
  public static Lead.Event toCurrent(Object stored) {
    if (stored instanceof Lead.Event e) return e;
    if (stored instanceof LeadReceivedV1 e) return new Lead.LeadReceived(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (stored instanceof LeadReceivedV2 e) return new Lead.LeadReceived(e.leadId(), e.at(), e.lead().toCurrent(), e.notes());
    if (stored instanceof LeadTouchedV1 e) return new Lead.LeadTouched(e.at(), e.touch().toCurrent(), null);
    if (stored instanceof LeadTouchedV2 e) return new Lead.LeadTouched(e.at(), e.touch().toCurrent(), null);
    if (stored instanceof LeadTouchedV3 e) return new Lead.LeadTouched(e.at(), e.touch(), null);
    if (stored instanceof LeadQueuedV1 e) return new Lead.LeadQueued(e.at(), e.region(), e.decision().toCurrent(), e.notices());
    if (stored instanceof LeadAssignedV2 e) {
      return new Lead.LeadAssigned(e.at(), e.repId(), e.decision().toCurrent(), e.policy(), e.policyVersion(), e.clock(),
          e.steps(), e.deadlines(), e.notices());
    }
    if (stored instanceof LeadAssignedV1 e) {
      // Before SLA plans were copied into the lead (ADR 0006): its deadlines become legacy steps on
      // the wall clock, and no policy version is known.
      return new Lead.LeadAssigned(e.at(), e.repId(), e.decision().toCurrent(), e.policy(), Lead.LeadAssigned.NO_PLAN,
          SlaPolicy.WALL, e.deadlines().stream().map(SlaStep::legacy).toList(), e.deadlines(), List.of());
    }
    throw new IllegalArgumentException("not an event of the lead journal: "
        + (stored == null ? "null" : stored.getClass().getName()));
  }
}
