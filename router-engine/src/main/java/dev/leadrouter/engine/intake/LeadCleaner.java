package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.routing.BudgetBand;
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
  /** A number came with an extension ({@code 转123}, {@code ext. 12}); the number is kept without it. */
  public static final String PHONE_EXTENSION = "PHONE_EXTENSION";
  public static final String EMAIL_INVALID = "EMAIL_INVALID";
  /** The name field held only a role or honorific ({@code 老师}, {@code 先生}): no name. */
  public static final String NAME_ROLE_ONLY = "NAME_ROLE_ONLY";
  public static final String REGION_MISSING = "REGION_MISSING";
  /** The region text gave none; the region is where the first mainland phone is registered (or 境外). */
  public static final String REGION_FROM_PHONE = "REGION_FROM_PHONE";
  public static final String INDUSTRY_MISSING = "INDUSTRY_MISSING";
  public static final String BUDGET_UNPARSED = "BUDGET_UNPARSED";
  /** The platform marked it a test submission (attribute {@code test=true}). */
  public static final String TEST_LEAD = "TEST_LEAD";

  private LeadCleaner() {}

  public static CleanLead clean(LeadInput in) {
    List<String> flags = new ArrayList<>();
    PhoneCleaner.Phones phones = PhoneCleaner.clean(in.phone());
    flags.addAll(phones.flags());
    EmailCleaner.Emails emails = EmailCleaner.clean(in.email());
    if (emails.invalid()) flags.add(EMAIL_INVALID);
    NameCleaner.ParsedName name = NameCleaner.parse(in.name());
    if (name.titleOnly()) flags.add(NAME_ROLE_ONLY);
    RegionInfo region = RegionResolver.resolve(in.region()).orElse(null);
    if (region == null) {
      region = RegionResolver.fromPhones(phones.numbers()).orElse(RegionInfo.NONE);
      flags.add(region == RegionInfo.NONE ? REGION_MISSING : REGION_FROM_PHONE);
    }
    String industry = IndustryTaxonomy.classify(in.industry());
    if (industry == null) flags.add(INDUSTRY_MISSING);
    Optional<Budget> budget = BudgetParser.parse(in.budget());
    if (in.budget() != null && budget.isEmpty()) flags.add(BUDGET_UNPARSED);
    if ("true".equals(in.attributes().get("test"))) flags.add(TEST_LEAD);
    String band = budget
        .filter(b -> b.currency() == null || "CNY".equals(b.currency()))
        .flatMap(b -> BudgetBand.of(b.min(), b.max(), b.negotiable()))
        .map(BudgetBand::label)
        .orElse(null);
    return new CleanLead(in.source(), in.sourceEventId(), name.name(), phones.numbers(), emails.addresses(),
        in.company(), region, industry, budget.orElse(null), band, in.priority(), in.utm(), in.clientIp(), flags);
  }

  /** The one number a text holds, in E.164 (default region CN), as intake cleans it; empty when none, several, masked or invalid. */
  public static Optional<String> e164(String raw) {
    return PhoneCleaner.e164(raw);
  }
}
