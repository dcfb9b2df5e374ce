package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.vocab.BudgetBand;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an org chart before it replaces the current one; every error names its JSON Pointer.
 * {@link #check} also normalizes what it accepts (mobiles to E.164, locales to {@code zh-CN} or
 * {@code en}): store the chart it returns, or {@link #normalize} the chart before it is sent to the
 * {@link OrgChartDocument} store (which checks it again, normalized, and refuses nothing more).
 */
public final class OrgChartValidator {

  private static final Set<String> ROLES = Set.of(OrgChart.REP, OrgChart.MANAGER, OrgChart.DIRECTOR, OrgChart.ADMIN);
  private static final Set<String> AVAILABILITIES = Set.of(OrgChart.AVAILABLE, OrgChart.AWAY, OrgChart.DEACTIVATED);
  /** Every channel a person or an SLA step may name. */
  public static final Set<String> CHANNELS = Set.of("app", "email", "sms", "voice", "webhook", "wecom", "dingtalk", "feishu");
  private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

  private OrgChartValidator() {}

  /** The chart as it is to be stored (mobiles in E.164) and what is wrong with it (empty: valid). */
  public record Checked(OrgChart chart, List<FieldError> errors) {
    public Checked {
      errors = List.copyOf(errors);
    }
  }

  public static Checked check(OrgChart chart) {
    OrgChart normalized = normalize(chart);
    return new Checked(normalized, validate(normalized));
  }

  /**
   * Mobiles that libphonenumber accepts, in E.164 (mainland China when no country code is given);
   * supported locales as {@link Locales#SUPPORTED} spells them ({@code en-US} → {@code en}).
   */
  public static OrgChart normalize(OrgChart chart) {
    List<OrgChart.Person> people = chart.people().stream()
        .map(p -> p.mobile() == null ? p : LeadCleaner.e164(p.mobile())
            .map(e164 -> new OrgChart.Person(p.id(), p.name(), p.role(), p.managerId(), p.team(), p.regions(),
                p.industries(), p.budgetBands(), p.capacity(), p.availability(), p.email(), p.channels(), e164,
                p.quietHours(), p.calendar(), p.locale()))
            .orElse(p))
        .map(p -> Locales.supported(p.locale()).map(p::withLocale).orElse(p))
        .toList();
    return new OrgChart(chart.regions(), chart.teams(), people);
  }

  public static List<FieldError> validate(OrgChart chart) {
    List<FieldError> errors = new ArrayList<>();
    if (chart.people().stream().noneMatch(OrgChart.Person::isRep)) {
      errors.add(new FieldError("/people", "the org chart needs at least one rep"));
    }
    Map<String, Integer> indexById = new HashMap<>();
    for (int i = 0; i < chart.people().size(); i++) {
      OrgChart.Person p = chart.people().get(i);
      String at = "/people/" + i;
      if (blank(p.id())) {
        errors.add(new FieldError(at + "/id", "id is required"));
      } else if (indexById.putIfAbsent(p.id(), i) != null) {
        errors.add(new FieldError(at + "/id", "duplicate person id '" + p.id() + "'"));
      }
    }
    Set<String> regionNames = new HashSet<>();
    for (int i = 0; i < chart.regions().size(); i++) {
      OrgChart.Region r = chart.regions().get(i);
      String at = "/regions/" + i;
      if (blank(r.name())) errors.add(new FieldError(at + "/name", "name is required"));
      else if (!regionNames.add(r.name())) errors.add(new FieldError(at + "/name", "duplicate region '" + r.name() + "'"));
      requireManager(chart, r.managerId(), at + "/managerId", errors);
    }
    Set<String> teamIds = new HashSet<>();
    for (int i = 0; i < chart.teams().size(); i++) {
      OrgChart.Team t = chart.teams().get(i);
      String at = "/teams/" + i;
      if (blank(t.id())) errors.add(new FieldError(at + "/id", "id is required"));
      else if (!teamIds.add(t.id())) errors.add(new FieldError(at + "/id", "duplicate team '" + t.id() + "'"));
      requireManager(chart, t.managerId(), at + "/managerId", errors);
    }
    for (int i = 0; i < chart.people().size(); i++) {
      validatePerson(chart, i, regionNames, teamIds, errors);
    }
    return errors;
  }

  private static void validatePerson(
      OrgChart chart, int i, Set<String> regionNames, Set<String> teamIds, List<FieldError> errors) {
    OrgChart.Person p = chart.people().get(i);
    String at = "/people/" + i;
    if (blank(p.name())) errors.add(new FieldError(at + "/name", "name is required"));
    if (p.role() == null || !ROLES.contains(p.role())) {
      errors.add(new FieldError(at + "/role", "role must be one of rep, manager, director, admin"));
    }
    if (p.managerId() != null && OrgChart.ADMIN.equals(p.role())) {
      // A manager above an admin could hand out an admin's login link and set their availability.
      errors.add(new FieldError(at + "/managerId", "an admin has no manager: admins stand outside the chain"));
    } else if (p.managerId() != null) {
      if (chart.person(p.managerId()).isEmpty()) {
        errors.add(new FieldError(at + "/managerId", "unknown manager '" + p.managerId() + "'"));
      } else if (inCycle(chart, p.id())) {
        errors.add(new FieldError(at + "/managerId", "manager chain of '" + p.id() + "' forms a cycle"));
      } else if (chart.person(p.managerId()).map(m -> OrgChart.REP.equals(m.role())).orElse(false)) {
        errors.add(new FieldError(at + "/managerId", "manager '" + p.managerId() + "' is a rep"));
      } else if (chart.person(p.managerId()).map(m -> OrgChart.ADMIN.equals(m.role())).orElse(false)) {
        errors.add(new FieldError(at + "/managerId", "manager '" + p.managerId()
            + "' is an admin: escalations go up a chain of managers and directors"));
      }
    } else if (!OrgChart.DIRECTOR.equals(p.role()) && !OrgChart.ADMIN.equals(p.role())) {
      errors.add(new FieldError(at + "/managerId", "a " + (p.role() == null ? "person" : p.role()) + " needs a manager"));
    }
    if (p.team() != null && !teamIds.contains(p.team())) {
      errors.add(new FieldError(at + "/team", "unknown team '" + p.team() + "'"));
    }
    if (p.capacity() != null && p.capacity() < 0) {
      errors.add(new FieldError(at + "/capacity", "capacity must be 0 or more"));
    }
    if (OrgChart.REP.equals(p.role()) && p.capacity() == null) {
      errors.add(new FieldError(at + "/capacity", "a rep needs a capacity (max open leads)"));
    }
    if (p.availability() != null && !AVAILABILITIES.contains(p.availability())) {
      errors.add(new FieldError(at + "/availability", "availability must be available, away or deactivated"));
    }
    for (int j = 0; j < p.regions().size(); j++) {
      if (!regionNames.contains(p.regions().get(j))) {
        errors.add(new FieldError(at + "/regions/" + j, "unknown region '" + p.regions().get(j) + "'"));
      }
    }
    for (int j = 0; j < p.budgetBands().size(); j++) {
      if (BudgetBand.fromLabel(p.budgetBands().get(j)).isEmpty()) {
        errors.add(new FieldError(at + "/budgetBands/" + j,
            "unknown budget band '" + p.budgetBands().get(j) + "' (use " + BudgetBand.labels() + ")"));
      }
    }
    for (int j = 0; j < p.channels().size(); j++) {
      if (!CHANNELS.contains(p.channels().get(j))) {
        errors.add(new FieldError(at + "/channels/" + j, "unknown channel '" + p.channels().get(j) + "'"));
      }
    }
    if (p.mobile() != null && LeadCleaner.e164(p.mobile()).isEmpty()) {
      errors.add(new FieldError(at + "/mobile",
          "mobile '" + p.mobile() + "' is not a valid phone number (E.164, e.g. +8613800138000)"));
    }
    if (p.quietHours() != null) validateQuietHours(p.quietHours(), at + "/quietHours", errors);
    if (p.locale() != null && Locales.supported(p.locale()).isEmpty()) {
      errors.add(new FieldError(at + "/locale", "locale '" + p.locale() + "' is not supported (use one of "
          + String.join(", ", Locales.SUPPORTED) + "; en-US, en-GB … read as en)"));
    }
  }

  private static void validateQuietHours(QuietHours q, String at, List<FieldError> errors) {
    boolean fromOk = q.from() != null && HH_MM.matcher(q.from()).matches();
    boolean toOk = q.to() != null && HH_MM.matcher(q.to()).matches();
    if (!fromOk) errors.add(new FieldError(at + "/from", "from must be a time HH:mm, e.g. 22:00"));
    if (!toOk) errors.add(new FieldError(at + "/to", "to must be a time HH:mm, e.g. 08:00"));
    if (fromOk && toOk && q.from().equals(q.to())) {
      errors.add(new FieldError(at + "/to", "quiet hours must end at another time than they start"));
    }
    if (q.zone() == null || q.zone().isBlank()) {
      errors.add(new FieldError(at + "/zone", "zone is required (a time zone id, e.g. Asia/Shanghai)"));
    } else {
      try {
        ZoneId.of(q.zone());
      } catch (DateTimeException e) {
        errors.add(new FieldError(at + "/zone", "unknown time zone '" + q.zone() + "'"));
      }
    }
  }

  private static void requireManager(OrgChart chart, String managerId, String field, List<FieldError> errors) {
    if (managerId == null) {
      errors.add(new FieldError(field, "managerId is required"));
    } else if (chart.person(managerId).filter(p -> !p.isRep()).isEmpty()) {
      errors.add(new FieldError(field, "unknown manager '" + managerId + "'"));
    }
  }

  /** Does the manager chain starting above {@code personId} come back to them? */
  private static boolean inCycle(OrgChart chart, String personId) {
    Set<String> seen = new HashSet<>();
    String current = chart.person(personId).map(OrgChart.Person::managerId).orElse(null);
    while (current != null && seen.add(current)) {
      if (current.equals(personId)) return true;
      current = chart.person(current).map(OrgChart.Person::managerId).orElse(null);
    }
    return false;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
