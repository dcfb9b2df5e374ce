package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.routing.BudgetBand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks an org chart before it replaces the current one; every error names its JSON Pointer. */
public final class OrgChartValidator {

  private static final Set<String> ROLES = Set.of(OrgChart.REP, OrgChart.MANAGER, OrgChart.DIRECTOR);
  private static final Set<String> AVAILABILITIES = Set.of(OrgChart.AVAILABLE, OrgChart.AWAY);
  private static final Set<String> CHANNELS = Set.of("app", "email", "sms", "voice", "webhook", "wecom", "dingtalk", "feishu");

  private OrgChartValidator() {}

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
      errors.add(new FieldError(at + "/role", "role must be one of rep, manager, director"));
    }
    if (p.managerId() != null) {
      if (chart.person(p.managerId()).isEmpty()) {
        errors.add(new FieldError(at + "/managerId", "unknown manager '" + p.managerId() + "'"));
      } else if (inCycle(chart, p.id())) {
        errors.add(new FieldError(at + "/managerId", "manager chain of '" + p.id() + "' forms a cycle"));
      } else if (chart.person(p.managerId()).map(m -> OrgChart.REP.equals(m.role())).orElse(false)) {
        errors.add(new FieldError(at + "/managerId", "manager '" + p.managerId() + "' is a rep"));
      }
    } else if (!OrgChart.DIRECTOR.equals(p.role())) {
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
      errors.add(new FieldError(at + "/availability", "availability must be available or away"));
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
