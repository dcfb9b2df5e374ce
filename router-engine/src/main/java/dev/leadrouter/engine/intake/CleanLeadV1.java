package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;
import java.util.Map;

/**
 * The cleaned lead as journals written before name parts, phone extensions and attributes were kept
 * hold it (inside the lead's {@code legacy.LeadReceivedV1} and {@code legacy.LeadTouchedV1}). Read
 * only; {@link #toCurrent()} upcasts it.
 */
public record CleanLeadV1(
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

  public CleanLeadV1 {
    phones = List.copyOf(phones);
    emails = List.copyOf(emails);
    flags = List.copyOf(flags);
  }

  /** The same lead as a {@link CleanLead}: the parts it never had are empty. */
  public CleanLead toCurrent() {
    return new CleanLead(source, sourceEventId, name, null, null, null, null, List.of(), phones, Map.of(), emails,
        company, region, industry, budget, budgetBand, priority, utm, clientIp, Map.of(), flags, null);
  }
}
