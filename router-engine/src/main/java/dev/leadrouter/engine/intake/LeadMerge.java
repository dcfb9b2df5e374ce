package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.vocab.Priorities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Another delivery of the same person merged into the lead they already are (pure). Per field the
 * better value wins, whichever delivery brought it first, so a merge does not depend on arrival
 * order beyond ties:
 *
 * <ol>
 *   <li>a known value beats an unknown one (null, blank, {@code 未知}, {@code OTHER}, an empty region);
 *   <li>a more precise value beats a vaguer one: a name or company that extends the other
 *       ({@code 张} → {@code 张伟}, {@code 华为} → {@code 华为技术有限公司}), a budget with amounts
 *       beats {@code 面议}, a region read from the lead's text beats one derived from its phone or IP
 *       (a guess), and a region with a city beats the same province without one;
 *   <li>the higher priority wins;
 *   <li>otherwise the lead keeps what it had.
 * </ol>
 *
 * Contacts (phones, e-mails, name tags) are united, first ones first; honorific and role stay with
 * the name unless the chosen name came without them. {@link CleanLead#fieldSources()} records which
 * source gave each chosen value. Flags about missing data that the new delivery supplied are dropped.
 */
public final class LeadMerge {

  private LeadMerge() {}

  public static CleanLead merge(CleanLead base, CleanLead touch) {
    Map<String, String> from = new HashMap<>(base.fieldSources());
    // A region read from the lead's text beats one derived from its phone, which beats none.
    boolean touchRegion = regionRank(touch) > regionRank(base)
        || (regionRank(touch) == regionRank(base) && refines(base.region(), touch.region()));
    CleanLead regionFrom = touchRegion ? touch : base;
    pick(from, "region", touchRegion, touch);
    boolean touchIndustry = better(base.industry(), touch.industry(), "industry");
    String industry = pick(from, "industry", touchIndustry, touch) ? touch.industry() : base.industry();
    List<String> flags = new ArrayList<>(base.flags());
    if (regionFrom == touch) {
      flags.remove(LeadCleaner.REGION_MISSING);
      flags.remove(LeadCleaner.REGION_FROM_PHONE);
      flags.remove(LeadCleaner.REGION_FROM_IP);
      if (touch.flags().contains(LeadCleaner.REGION_FROM_PHONE)) flags.add(LeadCleaner.REGION_FROM_PHONE);
      if (touch.flags().contains(LeadCleaner.REGION_FROM_IP)) flags.add(LeadCleaner.REGION_FROM_IP);
    }
    if (CleanLead.isKnown("industry", industry)) flags.remove(LeadCleaner.INDUSTRY_MISSING);
    boolean touchName = better(base.name(), touch.name(), "name");
    CleanLead nameFrom = pick(from, "name", touchName, touch) ? touch : base;
    if (nameFrom.name() != null) flags.remove(LeadCleaner.NAME_ROLE_ONLY);
    CleanLead honorificFrom = nameFrom.honorific() != null ? nameFrom : base.honorific() != null ? base : touch;
    String honorific = honorificFrom.honorific();
    pick(from, "honorific", honorificFrom == touch && honorific != null, touch);
    String role = nameFrom.role() != null ? nameFrom.role() : first(base.role(), touch.role());
    String alias = pick(from, "alias", better(base.alias(), touch.alias(), "alias"), touch) ? touch.alias() : base.alias();
    String student = pick(from, "student", better(base.student(), touch.student(), "student"), touch)
        ? touch.student() : base.student();
    String company = pick(from, "company", better(base.company(), touch.company(), "company"), touch)
        ? touch.company() : base.company();
    boolean touchBudget = budgetRank(touch.budget()) > budgetRank(base.budget());
    CleanLead budgetFrom = pick(from, "budget", touchBudget, touch) ? touch : base;
    if (budgetFrom.budget() != null) flags.remove(LeadCleaner.BUDGET_UNPARSED);
    if (budgetFrom == touch) {
      // Whether the currency was assumed belongs to the budget kept.
      flags.remove(LeadCleaner.CURRENCY_ASSUMED);
      if (touch.flags().contains(LeadCleaner.CURRENCY_ASSUMED)) flags.add(LeadCleaner.CURRENCY_ASSUMED);
    }
    boolean touchUtm = isEmpty(base.utm()) && !isEmpty(touch.utm());
    boolean touchIp = base.clientIp() == null && touch.clientIp() != null;
    pick(from, "utm", touchUtm, touch);
    pick(from, "clientIp", touchIp, touch);
    String priority = Priorities.rank(touch.priority()) > Priorities.rank(base.priority()) ? touch.priority() : base.priority();
    Map<String, String> extensions = new LinkedHashMap<>(touch.phoneExtensions());
    extensions.putAll(base.phoneExtensions());
    Map<String, String> attributes = new LinkedHashMap<>(touch.attributes());
    attributes.putAll(base.attributes());
    return new CleanLead(base.source(), base.sourceEventId(), nameFrom.name(), honorific, role, alias, student,
        union(base.nameTags(), touch.nameTags()), union(base.phones(), touch.phones()), extensions,
        union(base.emails(), touch.emails()), company, regionFrom.region(), industry, budgetFrom.budget(),
        budgetFrom.budgetBand(), priority, touchUtm ? touch.utm() : base.utm(),
        touchIp ? touch.clientIp() : base.clientIp(), attributes, flags, from);
  }

  /** Records the touch's source for a field when the touch's value was chosen; returns the choice. */
  private static boolean pick(Map<String, String> from, String field, boolean touchWins, CleanLead touch) {
    if (touchWins) from.put(field, touch.source());
    return touchWins;
  }

  /** Whether the new text value is better: known where the old is not, or a longer form of the old one. */
  private static boolean better(String old, String fresh, String field) {
    if (!CleanLead.isKnown(field, fresh)) return false;
    if (!CleanLead.isKnown(field, old)) return true;
    String o = old.strip();
    String f = fresh.strip();
    return f.length() > o.length() && f.regionMatches(true, 0, o, 0, o.length());
  }

  /** Same province, and the new one names a city the old one lacks. */
  private static boolean refines(RegionInfo old, RegionInfo fresh) {
    return old.province() != null && old.province().equals(fresh.province()) && old.city() == null
        && fresh.city() != null;
  }

  /** 2 when the region came from the lead's text, 1 from its phone or IP (a guess), 0 when unknown. */
  private static int regionRank(CleanLead lead) {
    if (!CleanLead.isKnown("region", lead.region())) return 0;
    return lead.flags().contains(LeadCleaner.REGION_FROM_PHONE) || lead.flags().contains(LeadCleaner.REGION_FROM_IP) ? 1 : 2;
  }

  /** 2 with an amount, 1 negotiable (面议) only, 0 none. */
  private static int budgetRank(Budget b) {
    if (b == null) return 0;
    return b.min() != null || b.max() != null ? 2 : 1;
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
