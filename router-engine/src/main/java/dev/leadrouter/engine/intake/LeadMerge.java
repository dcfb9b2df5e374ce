package dev.leadrouter.engine.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Another delivery of the same person merged into the lead they already are (pure): what the lead
 * lacked is filled from the new delivery, contacts are united, nothing the lead knew is overwritten
 * (a region derived from the phone or IP is a guess, not knowledge: a region the new delivery states
 * replaces it). Flags about missing data that the new delivery supplied are dropped.
 */
public final class LeadMerge {

  private LeadMerge() {}

  public static CleanLead merge(CleanLead base, CleanLead touch) {
    // A region read from the lead's text beats one derived from its phone, which beats none.
    boolean touchRegion = regionRank(touch) > regionRank(base) || (base.region() == null && touch.region() != null);
    CleanLead regionFrom = touchRegion ? touch : base;
    RegionInfo region = regionFrom.region();
    String industry = first(base.industry(), touch.industry());
    boolean budgetKnown = base.budget() != null;
    List<String> flags = new ArrayList<>(base.flags());
    if (regionFrom == touch) {
      flags.remove(LeadCleaner.REGION_MISSING);
      flags.remove(LeadCleaner.REGION_FROM_PHONE);
      flags.remove(LeadCleaner.REGION_FROM_IP);
      if (touch.flags().contains(LeadCleaner.REGION_FROM_PHONE)) flags.add(LeadCleaner.REGION_FROM_PHONE);
      if (touch.flags().contains(LeadCleaner.REGION_FROM_IP)) flags.add(LeadCleaner.REGION_FROM_IP);
    }
    if (industry != null) flags.remove(LeadCleaner.INDUSTRY_MISSING);
    boolean nameKnown = base.name() != null;
    CleanLead nameFrom = nameKnown ? base : touch;
    if (nameFrom.name() != null) flags.remove(LeadCleaner.NAME_ROLE_ONLY);
    Map<String, String> extensions = new LinkedHashMap<>(touch.phoneExtensions());
    extensions.putAll(base.phoneExtensions());
    Map<String, String> attributes = new LinkedHashMap<>(touch.attributes());
    attributes.putAll(base.attributes());
    return new CleanLead(base.source(), base.sourceEventId(), nameFrom.name(), nameFrom.honorific(), nameFrom.role(),
        union(base.nameTags(), touch.nameTags()), union(base.phones(), touch.phones()), extensions,
        union(base.emails(), touch.emails()), first(base.company(), touch.company()), region, industry,
        budgetKnown ? base.budget() : touch.budget(), budgetKnown ? base.budgetBand() : touch.budgetBand(),
        base.priority(), isEmpty(base.utm()) ? touch.utm() : base.utm(), first(base.clientIp(), touch.clientIp()),
        attributes, flags);
  }

  /** 2 when the region came from the lead's text, 1 from its phone or IP (a guess), 0 when unknown. */
  private static int regionRank(CleanLead lead) {
    if (lead.region() == null || RegionInfo.NONE.equals(lead.region())) return 0;
    return lead.flags().contains(LeadCleaner.REGION_FROM_PHONE) || lead.flags().contains(LeadCleaner.REGION_FROM_IP) ? 1 : 2;
  }

  private static boolean isEmpty(LeadInput.Utm utm) {
    return utm == null || LeadInput.Utm.EMPTY.equals(utm);
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static List<String> union(List<String> a, List<String> b) {
    LinkedHashSet<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
