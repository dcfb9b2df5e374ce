package dev.leadrouter.engine.opportunity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipelines document as sales ops write it ({@code PUT /api/v1/pipelines}, or the seed file):
 * each pipeline's stages in order with their entry evidence, exit checklist and silent period, the
 * action types that count as progress, and its idle clock. {@link #validate} names every error by
 * JSON Pointer; {@link #compile} turns a valid document into the {@link PipelineSet} opportunities
 * run on. See docs/opportunities.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineDocument(List<PipelineSpec> pipelines) {

  /** The pipeline every opportunity runs on unless its conversion names another. */
  public static final String DEFAULT = "default";
  /** Opportunity read models store pipeline and stage ids in VARCHAR(64) columns. */
  static final int MAX_ID = 64;
  static final String WALL = "wall";
  static final String CALENDAR = "calendar:";
  static final Duration DEFAULT_IDLE_AFTER = Duration.ofHours(48);
  static final Duration DEFAULT_SNOOZE_LIMIT = Duration.ofDays(7);
  static final List<String> DEFAULT_VALID_ACTIONS =
      List.of("customer_replied", "site_visit", "solution_demo", "quote_sent", "contract_signed");

  public PipelineDocument {
    pipelines = pipelines == null ? List.of() : copy(pipelines);
  }

  /** One pipeline; absent fields take the defaults (downgrade on, PT48H, wall clock, P7D, the five actions). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PipelineSpec(String id, Boolean idleDowngrade, String idleAfter, String clock, String snoozeLimit,
      List<String> validActions, List<StageSpec> stages) {
    public PipelineSpec {
      validActions = validActions == null ? null : copy(validActions);
      stages = stages == null ? List.of() : copy(stages);
    }
  }

  /** One stage; {@code final} marks a {@code won}/{@code lost}-style end. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageSpec(String id, @JsonProperty("final") Boolean finalStage, List<EvidenceSpec> entry,
      List<String> exitChecklist, String silentPeriod, String silentRepeat, Boolean reasonRequired) {
    public StageSpec {
      entry = entry == null ? List.of() : copy(entry);
      exitChecklist = exitChecklist == null ? List.of() : copy(exitChecklist);
    }

    boolean isFinal() {
      return Boolean.TRUE.equals(finalStage);
    }
  }

  /** Entry evidence: a valid action of this type with an evidence item of this kind (and one of these statuses). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EvidenceSpec(String action, String evidence, List<String> status) {
    public EvidenceSpec {
      status = status == null ? List.of() : copy(status);
    }
  }

  /**
   * Every error by JSON Pointer. {@code calendarNames}: the working calendars of the SLA document in
   * force, which {@code calendar:<name>} clocks must name.
   */
  public List<FieldError> validate(Set<String> calendarNames) {
    List<FieldError> errors = new ArrayList<>();
    if (pipelines.isEmpty()) errors.add(new FieldError("/pipelines", "at least one pipeline is required"));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < pipelines.size(); i++) {
      PipelineSpec p = pipelines.get(i);
      String at = "/pipelines/" + i;
      if (p == null) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      checkId(p.id(), at + "/id", ids, "pipeline", errors);
      checkDuration(p.idleAfter(), at + "/idleAfter", errors);
      checkDuration(p.snoozeLimit(), at + "/snoozeLimit", errors);
      checkClock(p.clock(), at + "/clock", calendarNames, errors);
      List<String> valid = validActions(p);
      for (int k = 0; k < valid.size(); k++) {
        String type = valid.get(k);
        String kat = at + "/validActions/" + k;
        if (blank(type)) errors.add(new FieldError(kat, "an action type is required"));
        else if (OpportunityRules.neverCounts(type)) {
          errors.add(new FieldError(kat, "'" + type + "' never counts as progress (notes, call attempts and automated messages)"));
        } else if (valid.indexOf(type) < k) errors.add(new FieldError(kat, "duplicate action type '" + type + "'"));
      }
      validateStages(p, at, valid, errors);
    }
    if (pipelines.stream().noneMatch(p -> p != null && DEFAULT.equals(p.id()))) {
      errors.add(new FieldError("/pipelines", "a pipeline with id 'default' is required (conversions without a pipeline use it)"));
    }
    return errors;
  }

  private static void validateStages(PipelineSpec p, String at, List<String> validActions, List<FieldError> errors) {
    if (p.stages().stream().noneMatch(s -> s != null && !s.isFinal())) {
      errors.add(new FieldError(at + "/stages", "at least one stage that is not final is required"));
    }
    if (p.stages().stream().noneMatch(s -> s != null && s.isFinal())) {
      errors.add(new FieldError(at + "/stages", "at least one final stage (\"final\": true, like won or lost) is required"));
    }
    Set<String> ids = new HashSet<>();
    boolean finalSeen = false;
    for (int j = 0; j < p.stages().size(); j++) {
      StageSpec s = p.stages().get(j);
      String sat = at + "/stages/" + j;
      if (s == null) {
        errors.add(new FieldError(sat, "must be an object"));
        continue;
      }
      checkId(s.id(), sat + "/id", ids, "stage", errors);
      if (j == 0 && s.isFinal()) errors.add(new FieldError(sat + "/final", "the first stage cannot be final"));
      if (finalSeen && !s.isFinal()) {
        errors.add(new FieldError(sat, "final stages come last: this stage follows a final one"));
      }
      finalSeen |= s.isFinal();
      for (int k = 0; k < s.entry().size(); k++) {
        EvidenceSpec e = s.entry().get(k);
        String eat = sat + "/entry/" + k;
        if (e == null) {
          errors.add(new FieldError(eat, "must be an object"));
          continue;
        }
        if (blank(e.action())) errors.add(new FieldError(eat + "/action", "the action type is required"));
        else if (!validActions.contains(e.action())) {
          errors.add(new FieldError(eat + "/action", "'" + e.action() + "' is not one of this pipeline's validActions"));
        }
        if (blank(e.evidence())) errors.add(new FieldError(eat + "/evidence", "the evidence kind is required, e.g. recording"));
        for (int m = 0; m < e.status().size(); m++) {
          if (blank(e.status().get(m))) errors.add(new FieldError(eat + "/status/" + m, "a status is required"));
        }
      }
      for (int k = 0; k < s.exitChecklist().size(); k++) {
        String item = s.exitChecklist().get(k);
        String cat = sat + "/exitChecklist/" + k;
        if (blank(item)) errors.add(new FieldError(cat, "a checklist item is required"));
        else if (s.exitChecklist().indexOf(item) < k) errors.add(new FieldError(cat, "duplicate item '" + item + "'"));
      }
      if (s.isFinal() && !s.exitChecklist().isEmpty()) {
        errors.add(new FieldError(sat + "/exitChecklist", "nothing leaves a final stage"));
      }
      checkDuration(s.silentPeriod(), sat + "/silentPeriod", errors);
      checkDuration(s.silentRepeat(), sat + "/silentRepeat", errors);
      if (s.silentRepeat() != null && s.silentPeriod() == null) {
        errors.add(new FieldError(sat + "/silentRepeat", "a repeat needs a silentPeriod"));
      }
      if (s.isFinal() && s.silentPeriod() != null) {
        errors.add(new FieldError(sat + "/silentPeriod", "a final stage has no silent period"));
      }
    }
  }

  private static void checkId(String id, String at, Set<String> seen, String what, List<FieldError> errors) {
    if (blank(id)) errors.add(new FieldError(at, "the " + what + " id is required"));
    else if (id.length() > MAX_ID) errors.add(new FieldError(at, "at most " + MAX_ID + " characters"));
    else if (!seen.add(id)) errors.add(new FieldError(at, "duplicate " + what + " id '" + id + "'"));
  }

  private static void checkDuration(String text, String at, List<FieldError> errors) {
    if (text == null) return;
    Optional<Duration> d = parseDuration(text);
    if (d.isEmpty() || d.get().isZero() || d.get().isNegative()) {
      errors.add(new FieldError(at, "a positive ISO-8601 duration is required, e.g. PT48H or P7D"));
    }
  }

  private static void checkClock(String clock, String at, Set<String> calendarNames, List<FieldError> errors) {
    if (clock == null || clock.equals(WALL)) return;
    if (!clock.startsWith(CALENDAR)) {
      errors.add(new FieldError(at, "unknown clock '" + clock + "' (use wall or calendar:<name of an SLA calendar>)"));
    } else if (!calendarNames.contains(clock.substring(CALENDAR.length()))) {
      errors.add(new FieldError(at, "unknown calendar '" + clock.substring(CALENDAR.length())
          + "' (the calendars are those of the SLA document: " + String.join(", ", calendarNames.stream().sorted().toList()) + ")"));
    }
  }

  /** The compiled pipelines of a document that validated against {@code calendarNames}. */
  public PipelineSet compile(int version, Set<String> calendarNames) {
    List<FieldError> errors = validate(calendarNames);
    if (!errors.isEmpty()) throw new IllegalArgumentException("invalid pipelines document: " + errors);
    return compileUnchecked(version);
  }

  /**
   * The compiled pipelines without the calendar check: a document stored against an older SLA
   * document still compiles (a clock naming a calendar that is gone counts wall time, like leads).
   */
  PipelineSet compileUnchecked(int version) {
    Map<String, Pipeline> compiled = new LinkedHashMap<>();
    for (PipelineSpec p : pipelines) {
      List<Pipeline.Stage> stages = p.stages().stream().map(s -> new Pipeline.Stage(s.id(), s.isFinal(),
          s.entry().stream().map(e -> new Pipeline.EntryEvidence(e.action(), e.evidence(), e.status())).toList(),
          s.exitChecklist(), duration(s.silentPeriod(), null), duration(s.silentRepeat(), null),
          Boolean.TRUE.equals(s.reasonRequired()))).toList();
      compiled.put(p.id(), new Pipeline(p.id(), !Boolean.FALSE.equals(p.idleDowngrade()),
          duration(p.idleAfter(), DEFAULT_IDLE_AFTER), p.clock() == null ? WALL : p.clock(),
          duration(p.snoozeLimit(), DEFAULT_SNOOZE_LIMIT), validActions(p), stages));
    }
    return new PipelineSet(version, compiled);
  }

  private static List<String> validActions(PipelineSpec p) {
    return p.validActions() == null ? DEFAULT_VALID_ACTIONS : p.validActions();
  }

  private static Duration duration(String text, Duration otherwise) {
    return text == null ? otherwise : parseDuration(text).orElseThrow();
  }

  /** An ISO-8601 duration ({@code PT48H}, {@code P7D}). */
  static Optional<Duration> parseDuration(String text) {
    try {
      return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A list as read (nulls kept, so validation can point at them). */
  private static <T> List<T> copy(List<T> list) {
    return java.util.Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
