package dev.leadrouter.engine.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.leadrouter.engine.routing.BudgetBand;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cleans a canonical lead: phones to E.164 (libphonenumber, mainland China by default; masked
 * numbers flagged, never completed), e-mail lower-cased and checked, region and budget parsed, and
 * every problem recorded as a data-quality flag instead of a rejection.
 */
public final class LeadCleaner {

  public static final String PHONE_MASKED = "PHONE_MASKED";
  public static final String PHONE_INVALID = "PHONE_INVALID";
  public static final String EMAIL_INVALID = "EMAIL_INVALID";
  public static final String REGION_MISSING = "REGION_MISSING";
  public static final String INDUSTRY_MISSING = "INDUSTRY_MISSING";
  public static final String BUDGET_UNPARSED = "BUDGET_UNPARSED";
  /** The platform marked it a test submission (attribute {@code test=true}). */
  public static final String TEST_LEAD = "TEST_LEAD";

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern MASK = Pattern.compile("[*xX×]{2,}");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private LeadCleaner() {}

  public static CleanLead clean(LeadInput in) {
    List<String> flags = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    if (in.phone() != null) {
      String phone = Normalizer.normalize(in.phone(), Normalizer.Form.NFKC);
      if (MASK.matcher(phone).find()) flags.add(PHONE_MASKED);
      else e164(phone).ifPresentOrElse(phones::add, () -> flags.add(PHONE_INVALID));
    }
    List<String> emails = new ArrayList<>();
    if (in.email() != null) {
      String email = Normalizer.normalize(in.email(), Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
      if (EMAIL.matcher(email).matches()) emails.add(email);
      else flags.add(EMAIL_INVALID);
    }
    RegionInfo region = RegionResolver.resolve(in.region()).orElse(RegionInfo.NONE);
    if (region == RegionInfo.NONE) flags.add(REGION_MISSING);
    if (in.industry() == null) flags.add(INDUSTRY_MISSING);
    Optional<Budget> budget = BudgetParser.parse(in.budget());
    if (in.budget() != null && budget.isEmpty()) flags.add(BUDGET_UNPARSED);
    if ("true".equals(in.attributes().get("test"))) flags.add(TEST_LEAD);
    String band = budget
        .filter(b -> b.currency() == null || "CNY".equals(b.currency()))
        .flatMap(b -> BudgetBand.of(b.min(), b.max(), b.negotiable()))
        .map(BudgetBand::label)
        .orElse(null);
    return new CleanLead(in.source(), in.sourceEventId(), in.name(), phones, emails, in.company(),
        region, in.industry(), budget.orElse(null), band, in.priority(), in.utm(), in.clientIp(), flags);
  }

  /** The number in E.164 if libphonenumber finds it valid (default region CN). */
  public static Optional<String> e164(String raw) {
    try {
      Phonenumber.PhoneNumber number = PHONES.parse(raw, "CN");
      if (!PHONES.isValidNumber(number)) return Optional.empty();
      return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
