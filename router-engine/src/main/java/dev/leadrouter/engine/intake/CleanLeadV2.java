package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;
import java.util.Map;

/**
 * The cleaned lead as journals written before the alias, the student's name and the per-field
 * sources were kept hold it (inside {@code legacy.LeadReceivedV2} and {@code legacy.LeadTouchedV2}). Read only;
 * {@link #toCurrent()} upcasts it, and {@link CleanLead}'s constructor heals what such a lead may
 * lack (a null priority from a source configured without one).
 */
public record CleanLeadV2(
    String source,
    String sourceEventId,
    String name,
    String honorific,
    String role,
    List<String> nameTags,
    List<String> phones,
    Map<String, String> phoneExtensions,
    List<String> emails,
    String company,
    RegionInfo region,
    String industry,
    Budget budget,
    String budgetBand,
    String priority,
    LeadInput.Utm utm,
    String clientIp,
    Map<String, String> attributes,
    List<String> flags)
    implements EngineSerializable {

  public CleanLeadV2 {
    nameTags = nameTags == null ? List.of() : List.copyOf(nameTags);
    phones = phones == null ? List.of() : List.copyOf(phones);
    phoneExtensions = phoneExtensions == null ? Map.of() : Map.copyOf(phoneExtensions);
    emails = emails == null ? List.of() : List.copyOf(emails);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** The same lead as a {@link CleanLead}: no alias, no student, every field from its one source. */
  public CleanLead toCurrent() {
    return new CleanLead(source, sourceEventId, name, honorific, role, null, null, nameTags, phones, phoneExtensions,
        emails, company, region, industry, budget, budgetBand, priority, utm, clientIp, attributes, flags, null);
  }
}
