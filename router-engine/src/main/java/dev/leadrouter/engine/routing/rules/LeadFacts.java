package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import java.util.List;
import java.util.Map;

/**
 * What a routing decision reads about a lead: its canonical fields, tags, UTM parameters, free
 * attributes, and the rep who owned the contact before (null for a new contact). Any field may be
 * null; collections are never null.
 *
 * @param utm keys {@code source medium campaign term content}
 * @param previousOwner the rep id that owned this contact when it was last seen, or null
 */
public record LeadFacts(
    String source,
    String priority,
    String industry,
    RegionInfo region,
    Budget budget,
    String budgetBand,
    String company,
    List<String> tags,
    Map<String, String> utm,
    Map<String, String> attributes,
    String previousOwner) implements dev.leadrouter.engine.common.EngineSerializable {

  public LeadFacts {
    tags = tags == null ? List.of() : List.copyOf(tags);
    utm = utm == null ? Map.of() : Map.copyOf(utm);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A lead with only the fields routing most often uses; the others empty. */
  public static LeadFacts of(String industry, RegionInfo region, String budgetBand) {
    return new LeadFacts(null, null, industry, region, null, budgetBand, null, List.of(), Map.of(), Map.of(), null);
  }

  /** What routing reads of a cleaned lead (no previous owner). */
  public static LeadFacts of(CleanLead lead) {
    return new LeadFacts(lead.source(), lead.priority(), lead.industry(), lead.region(), lead.budget(),
        lead.budgetBand(), lead.company(), lead.tags(), utm(lead.utm()), lead.attributes(), null);
  }

  /** The UTM parameters by key ({@code source medium campaign term content}), only those present. */
  public static Map<String, String> utm(LeadInput.Utm utm) {
    if (utm == null) return Map.of();
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (utm.source() != null) out.put("source", utm.source());
    if (utm.medium() != null) out.put("medium", utm.medium());
    if (utm.campaign() != null) out.put("campaign", utm.campaign());
    if (utm.content() != null) out.put("content", utm.content());
    if (utm.term() != null) out.put("term", utm.term());
    return out;
  }

  public LeadFacts withPreviousOwner(String repId) {
    return new LeadFacts(source, priority, industry, region, budget, budgetBand, company, tags, utm, attributes, repId);
  }
}
