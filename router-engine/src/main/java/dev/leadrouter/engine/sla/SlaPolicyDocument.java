package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.vocab.Priorities;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.org.OrgChartValidator;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SLA policy document as sales ops write it (JSON over {@code PUT /api/v1/sla-policies}, or the
 * seed in configuration): working calendars, the at-risk share and the named policies. {@link
 * #validate()} names every error by JSON Pointer; {@link #compile(int)} turns a valid document into
 * the {@link SlaPolicySet} leads run on. See docs/sla.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SlaPolicyDocument(Double atRiskShare, List<WorkingCalendar.Spec> calendars, List<PolicySpec> policies) {

  /** {@code lead_index.policy} is VARCHAR(64). */
  static final int MAX_POLICY_NAME = 64;
  /** {@code lead_index.sla_clock} is VARCHAR(80) and holds {@code calendar:<name>}. */
  static final int MAX_CALENDAR_NAME = 80 - "calendar:".length();


  public static final double DEFAULT_AT_RISK_SHARE = 0.75;

  public SlaPolicyDocument {
    calendars = calendars == null ? List.of() : List.copyOf(calendars);
    policies = policies == null ? List.of() : List.copyOf(policies);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PolicySpec(String name, MatchSpec match, String clock, String calendar, List<StepSpec> steps) {
    public PolicySpec {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    SlaPolicy.Match compiledMatch() {
      return match == null ? SlaPolicy.Match.ANY : new SlaPolicy.Match(match.priority(), match.region(), match.team());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MatchSpec(String priority, String region, String team) {}

  /** {@code after} is a duration: {@code 15m}, {@code 2h}, {@code 1d}, {@code 90s} or ISO-8601 {@code PT15M}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StepSpec(String after, String action, String until, String role, String person, List<String> channels) {
    public StepSpec {
      channels = channels == null ? List.of() : List.copyOf(channels);
    }
  }

  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (atRiskShare != null && !(atRiskShare > 0 && atRiskShare < 1)) {
      errors.add(new FieldError("/atRiskShare", "must be between 0 and 1 (exclusive), e.g. 0.75"));
    }
    Set<String> calendarNames = new HashSet<>();
    for (int i = 0; i < calendars.size(); i++) {
      WorkingCalendar.Spec spec = calendars.get(i);
      String at = "/calendars/" + i;
      if (spec == null) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      errors.addAll(WorkingCalendar.validate(spec, at));
      if (spec.name() != null && spec.name().length() > MAX_CALENDAR_NAME) {
        errors.add(new FieldError(at + "/name", "at most " + MAX_CALENDAR_NAME + " characters (the lead index stores it)"));
      }
      if (spec.name() != null && !calendarNames.add(spec.name())) {
        errors.add(new FieldError(at + "/name", "duplicate calendar name '" + spec.name() + "'"));
      }
    }
    if (policies.isEmpty()) errors.add(new FieldError("/policies", "at least one policy is required"));
    Set<String> names = new HashSet<>();
    Map<SlaPolicy.Match, Integer> byMatch = new HashMap<>();
    for (int i = 0; i < policies.size(); i++) {
      PolicySpec p = policies.get(i);
      String at = "/policies/" + i;
      if (p == null) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      if (blank(p.name())) errors.add(new FieldError(at + "/name", "name is required"));
      else if (p.name().length() > MAX_POLICY_NAME) {
        errors.add(new FieldError(at + "/name", "at most " + MAX_POLICY_NAME + " characters (the lead index stores it)"));
      }
      else if (!names.add(p.name())) errors.add(new FieldError(at + "/name", "duplicate policy name '" + p.name() + "'"));
      if (p.match() != null && p.match().priority() != null
          && !Priorities.ALL.contains(p.match().priority())) {
        errors.add(new FieldError(at + "/match/priority", "unknown priority '" + p.match().priority()
            + "' (use low, normal, high or urgent)"));
      }
      Integer same = byMatch.putIfAbsent(p.compiledMatch(), i);
      if (same != null) {
        errors.add(new FieldError(at + "/match", "same match as /policies/" + same + ": which one applies would be ambiguous"));
      }
      String clock = p.clock() == null ? SlaPolicy.WALL : p.clock();
      if (!clock.equals(SlaPolicy.WALL) && !clock.equals(SlaPolicy.BUSINESS)) {
        errors.add(new FieldError(at + "/clock", "unknown clock '" + clock + "' (use wall or business)"));
      } else if (clock.equals(SlaPolicy.BUSINESS) && blank(p.calendar())) {
        errors.add(new FieldError(at + "/calendar", "a business clock needs a calendar (used when the rep names none)"));
      } else if (clock.equals(SlaPolicy.WALL) && p.calendar() != null) {
        errors.add(new FieldError(at + "/calendar", "only a business clock uses a calendar"));
      }
      if (p.calendar() != null && !blank(p.calendar()) && !calendarNames.contains(p.calendar())) {
        errors.add(new FieldError(at + "/calendar", "unknown calendar '" + p.calendar() + "'"));
      }
      validateSteps(p, at, errors);
    }
    if (!policies.isEmpty() && policies.stream().noneMatch(p -> p != null && p.compiledMatch().specificity() == 0)) {
      errors.add(new FieldError("/policies", "one policy must have no match (the default for every other lead)"));
    }
    return errors;
  }

  private static void validateSteps(PolicySpec p, String at, List<FieldError> errors) {
    if (p.steps().isEmpty()) errors.add(new FieldError(at + "/steps", "a policy needs at least one step"));
    Duration previous = Duration.ZERO;
    Integer reassignAt = null;
    for (int j = 0; j < p.steps().size(); j++) {
      StepSpec s = p.steps().get(j);
      String sat = at + "/steps/" + j;
      if (s == null) {
        errors.add(new FieldError(sat, "must be an object"));
        continue;
      }
      if (reassignAt != null) {
        errors.add(new FieldError(sat, "unreachable: the lead is reassigned at step " + reassignAt
            + " and starts a new clock with the new rep"));
      }
      Optional<Duration> after = parseDuration(s.after());
      if (after.isEmpty() || after.get().isNegative() || after.get().isZero()) {
        errors.add(new FieldError(sat + "/after", "a positive duration is required, e.g. 15m, 2h, 1d or PT15M"));
      } else if (after.get().compareTo(previous) < 0) {
        errors.add(new FieldError(sat + "/after", "steps must be in order of time: this one is earlier than the step before"));
      } else {
        previous = after.get();
      }
      SlaAction action = null;
      try {
        if (s.action() == null) errors.add(new FieldError(sat + "/action", "action is required"));
        else action = SlaAction.parse(s.action());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(sat + "/action", "unknown action '" + s.action()
            + "' (use remind, escalate-manager, escalate-director, escalate-role, copy, reassign or breach)"));
      }
      if (s.until() != null && !s.until().equals(SlaStep.ACKNOWLEDGED) && !s.until().equals(SlaStep.CONTACTED)) {
        errors.add(new FieldError(sat + "/until", "unknown condition '" + s.until() + "' (use acknowledged or contacted)"));
      }
      if (action == SlaAction.ESCALATE_ROLE && blank(s.role())) {
        errors.add(new FieldError(sat + "/role", "escalate-role needs the role to escalate to, e.g. director"));
      }
      if (action == SlaAction.COPY && blank(s.person())) {
        errors.add(new FieldError(sat + "/person", "copy needs the id of the person to copy"));
      }
      if (s.role() != null && action != SlaAction.ESCALATE_ROLE) {
        errors.add(new FieldError(sat + "/role", "only escalate-role uses a role"));
      }
      if (s.person() != null && action != SlaAction.COPY) {
        errors.add(new FieldError(sat + "/person", "only copy uses a person"));
      }
      for (int k = 0; k < s.channels().size(); k++) {
        String channel = s.channels().get(k);
        if (!OrgChartValidator.CHANNELS.contains(channel)) {
          errors.add(new FieldError(sat + "/channels/" + k, "unknown channel '" + channel + "' (use "
              + String.join(", ", OrgChartValidator.CHANNELS.stream().sorted().toList()) + ")"));
        }
      }
      if (action == SlaAction.REASSIGN) reassignAt = j;
    }
  }

  /** The compiled policies of a document that validated. */
  public SlaPolicySet compile(int version) {
    List<FieldError> errors = validate();
    if (!errors.isEmpty()) throw new IllegalArgumentException("invalid SLA policy document: " + errors);
    Map<String, WorkingCalendar> compiledCalendars = new LinkedHashMap<>();
    calendars.forEach(c -> compiledCalendars.put(c.name(), WorkingCalendar.of(c)));
    List<SlaPolicy> compiled = policies.stream().map(p -> {
      List<SlaStep> steps = new ArrayList<>();
      for (int j = 0; j < p.steps().size(); j++) {
        StepSpec s = p.steps().get(j);
        SlaAction action = SlaAction.parse(s.action());
        String target = action == SlaAction.ESCALATE_ROLE ? s.role() : action == SlaAction.COPY ? s.person() : "";
        steps.add(new SlaStep(j, action, s.until() == null ? SlaStep.ACKNOWLEDGED : s.until(), target, s.channels(),
            parseDuration(s.after()).orElseThrow().toMillis()));
      }
      return new SlaPolicy(p.name(), p.compiledMatch(), p.clock() == null ? SlaPolicy.WALL : p.clock(),
          p.calendar(), steps);
    }).toList();
    return new SlaPolicySet(version, atRiskShare == null ? DEFAULT_AT_RISK_SHARE : atRiskShare, compiled,
        compiledCalendars);
  }

  /** {@code 15m}, {@code 2 hours}, {@code 1d} (HOCON duration syntax) or ISO-8601 {@code PT15M}. */
  static Optional<Duration> parseDuration(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String t = text.trim();
    try {
      if (t.startsWith("P") || t.startsWith("p")) return Optional.of(Duration.parse(t.toUpperCase(java.util.Locale.ROOT)));
      if (!t.matches("[0-9.]+\\s*[a-zA-Z]*")) return Optional.empty();
      return Optional.of(ConfigFactory.parseString("d = \"" + t + "\"").getDuration("d"));
    } catch (DateTimeParseException | ConfigException e) {
      return Optional.empty();
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
