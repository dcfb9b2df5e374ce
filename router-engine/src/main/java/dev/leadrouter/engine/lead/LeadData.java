package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadMerge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lead is: the cleaned lead as merged from every delivery of the person, when it arrived,
 * each delivery ({@code touches}) and the lead its contact belonged to before (a returning contact),
 * or null. Part of {@link LeadState}.
 */
public record LeadData(Instant receivedAt, CleanLead lead, List<LeadView.SourceTouch> touches, String previousLeadId)
    implements EngineSerializable {

  public static final LeadData NONE = new LeadData(null, null, List.of(), null);

  public LeadData {
    touches = List.copyOf(touches);
  }

  /** A lead that just arrived: its first delivery is its one touch. */
  public static LeadData received(Instant at, CleanLead lead) {
    return new LeadData(at, lead, List.of(new LeadView.SourceTouch(lead.source(), lead.sourceEventId(), at)), null);
  }

  /**
   * Another delivery recorded as a touch, the lead becoming {@code merged} (null, from an old journal:
   * merged here, known values stay, gaps are filled).
   */
  public LeadData withTouch(Instant at, CleanLead touch, CleanLead merged) {
    List<LeadView.SourceTouch> more = new ArrayList<>(touches);
    more.add(new LeadView.SourceTouch(touch.source(), touch.sourceEventId(), at));
    return new LeadData(receivedAt, merged != null ? merged : LeadMerge.merge(lead, touch), more, previousLeadId);
  }

  public LeadData withPreviousLeadId(String leadId) {
    return new LeadData(receivedAt, lead, touches, leadId);
  }

  /** Whether this delivery (source and event id) was recorded already. */
  public boolean seen(CleanLead delivery) {
    return delivery.sourceEventId() != null && touches.stream().anyMatch(t ->
        delivery.source().equals(t.source()) && delivery.sourceEventId().equals(t.sourceEventId()));
  }
}
