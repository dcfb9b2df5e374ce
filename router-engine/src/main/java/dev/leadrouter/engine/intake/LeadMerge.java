package dev.leadrouter.engine.intake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Another delivery of the same person merged into the lead they already are (pure): what the lead
 * lacked is filled from the new delivery, contacts are united, nothing the lead knew is overwritten.
 * Flags about missing data that the new delivery supplied are dropped.
 */
public final class LeadMerge {

  private LeadMerge() {}

  public static CleanLead merge(CleanLead base, CleanLead touch) {
    boolean regionKnown = base.region() != null && !RegionInfo.NONE.equals(base.region());
    RegionInfo region = regionKnown || touch.region() == null ? base.region() : touch.region();
    String industry = first(base.industry(), touch.industry());
    boolean budgetKnown = base.budget() != null;
    List<String> flags = new ArrayList<>(base.flags());
    if (region != null && !RegionInfo.NONE.equals(region)) flags.remove(LeadCleaner.REGION_MISSING);
    if (industry != null) flags.remove(LeadCleaner.INDUSTRY_MISSING);
    return new CleanLead(base.source(), base.sourceEventId(), first(base.name(), touch.name()),
        union(base.phones(), touch.phones()), union(base.emails(), touch.emails()),
        first(base.company(), touch.company()), region, industry,
        budgetKnown ? base.budget() : touch.budget(), budgetKnown ? base.budgetBand() : touch.budgetBand(),
        base.priority(), isEmpty(base.utm()) ? touch.utm() : base.utm(), first(base.clientIp(), touch.clientIp()), flags);
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
