package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;

/** A lead after cleaning: what routing, SLA and the view work from. Notes and raw input stay out. */
public record CleanLead(
    String source,
    String sourceEventId,
    String name,
    List<String> phones,
    List<String> emails,
    String company,
    RegionInfo region,
    String industry,
    Budget budget,
    String budgetBand,
    String priority,
    LeadInput.Utm utm,
    String clientIp,
    List<String> flags)
    implements EngineSerializable {

  public CleanLead {
    phones = List.copyOf(phones);
    emails = List.copyOf(emails);
    flags = List.copyOf(flags);
  }
}
