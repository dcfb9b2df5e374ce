package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.vocab.BudgetBand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cleans a canonical lead (pure): the one entry point, composing the field cleaners — phones
 * ({@link PhoneCleaner}: E.164, several per field, mainland China by default, masked numbers
 * flagged and never completed), e-mails ({@link EmailCleaner}), the name ({@link NameCleaner}:
 * honorific, role and tags split off), industry ({@link IndustryTaxonomy}), region
 * ({@link RegionResolver}, from the phone when the text gives none) and budget
 * ({@link BudgetParser}). Every problem is a data-quality flag, never a rejection.
 */
public final class LeadCleaner {

  public static final String PHONE_MASKED = "PHONE_MASKED";
  public static final String PHONE_INVALID = "PHONE_INVALID";
  /** A number came with an extension ({@code 转123}, {@code ext. 12}); it is kept apart from the number. */
  public static final String PHONE_EXTENSION = "PHONE_EXTENSION";
  public static final String EMAIL_INVALID = "EMAIL_INVALID";
  /** The name field held only a role or honorific ({@code 老师}, {@code 先生}): no name. */
  public static final String NAME_ROLE_ONLY = "NAME_ROLE_ONLY";
  public static final String REGION_MISSING = "REGION_MISSING";
  /** The region text gave none; the region is where the first mainland phone is registered (or 境外). */
  public static final String REGION_FROM_PHONE = "REGION_FROM_PHONE";
  /** Neither the region text nor a phone placed the lead; the client IP did (an IP database is configured). */
  public static final String REGION_FROM_IP = "REGION_FROM_IP";
  public static final String INDUSTRY_MISSING = "INDUSTRY_MISSING";
  public static final String BUDGET_UNPARSED = "BUDGET_UNPARSED";
  /**
   * The budget names no currency; it is CNY because of how the amount is written ({@code 50万},
   * {@code 五十万}, {@code 3000元}, {@code 30W}), not because the text says so ({@code ¥}, {@code 人民币}).
   */
  public static final String CURRENCY_ASSUMED = "CURRENCY_ASSUMED";
  /** The platform marked it a test submission (attribute {@code test=true}). */
  public static final String TEST_LEAD = "TEST_LEAD";

  private LeadCleaner() {}

  /** Cleans with the demo industry taxonomy ({@link IndustryTaxonomy#DEFAULT}) and no IP database. */
  public static CleanLead clean(LeadInput in) {
    return clean(in, IndustryTaxonomy.DEFAULT, IpRegions.NONE);
  }

  /**
   * Cleans with the configured industry taxonomy ({@code leadrouter.intake.industries}) and IP
   * database ({@code leadrouter.intake.ip-database}).
   */
  public static CleanLead clean(LeadInput in, IndustryTaxonomy industries, IpRegions ips) {
    List<String> flags = new ArrayList<>();
    PhoneCleaner.Phones phones = PhoneCleaner.clean(in.phone());
    flags.addAll(phones.flags());
    EmailCleaner.Emails emails = EmailCleaner.clean(in.email());
    if (emails.invalid()) flags.add(EMAIL_INVALID);
    NameCleaner.ParsedName name = NameCleaner.parse(in.name());
    if (name.titleOnly()) flags.add(NAME_ROLE_ONLY);
    RegionInfo region = RegionResolver.resolve(in.region()).orElse(null);
    if (region == null) {
      Optional<RegionInfo> fromPhone = RegionResolver.fromPhones(phones.numbers());
      Optional<RegionInfo> fromIp = fromPhone.isPresent() ? Optional.empty() : ips.locate(in.clientIp());
      region = fromPhone.or(() -> fromIp).orElse(RegionInfo.NONE);
      flags.add(fromPhone.isPresent() ? REGION_FROM_PHONE : fromIp.isPresent() ? REGION_FROM_IP : REGION_MISSING);
    }
    String industry = industries.canonical(in.industry());
    if (industry == null) flags.add(INDUSTRY_MISSING);
    Optional<BudgetParser.Parsed> parsed = BudgetParser.read(in.budget());
    Optional<Budget> budget = parsed.map(BudgetParser.Parsed::budget);
    if (in.budget() != null && budget.isEmpty()) flags.add(BUDGET_UNPARSED);
    if (parsed.filter(BudgetParser.Parsed::currencyAssumed).isPresent()) flags.add(CURRENCY_ASSUMED);
    if ("true".equals(in.attributes().get("test"))) flags.add(TEST_LEAD);
    String band = budget
        // Bands are CNY: a bare number ("500000", "50-100": yuan? 万?) or another currency gets none.
        .filter(b -> b.negotiable() || "CNY".equals(b.currency()))
        .flatMap(b -> BudgetBand.of(b.min(), b.max(), b.negotiable()))
        .map(BudgetBand::label)
        .orElse(null);
    return new CleanLead(in.source(), in.sourceEventId(), name.name(), name.honorific(), name.role(), name.alias(), name.student(),
        name.tags(), phones.numbers(), phones.extensions(), emails.addresses(), in.company(), region, industry,
        budget.orElse(null), band, in.priority(), in.utm(), in.clientIp(), in.attributes(), flags, null);
  }

  /** The one number a text holds, in E.164 (default region CN), as intake cleans it; empty when none, several, masked or invalid. */
  public static Optional<String> e164(String raw) {
    return PhoneCleaner.e164(raw);
  }
}
