package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Missing;
import dev.leadrouter.engine.sla.SlaClock;
import dev.leadrouter.engine.sla.SlaPolicySet;
import dev.leadrouter.engine.sla.SlaSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an opportunity's pipeline decides, pure: whether an action counts as progress, what a stage
 * move lacks, when the idle and silent deadlines fall, where an idle opportunity is moved back to,
 * and whether a snooze is allowed. The {@link Opportunity} entity only persists what these decide.
 */
public final class OpportunityRules {

  private OpportunityRules() {}

  /** Action types that never count as progress, whatever a pipeline lists. */
  static final Set<String> NEVER_COUNT = Set.of("note", "call_attempt");

  /** {@code note}, {@code call_attempt} and automated messages ({@code auto...}) never count as progress. */
  public static boolean neverCounts(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return NEVER_COUNT.contains(t) || t.startsWith("auto");
  }

  // ---------------------------------------------------------------- time

  /**
   * The clock a pipeline counts on ({@code wall}, or a working calendar of the SLA document: wall
   * time when that calendar is gone), with the durations divided by the SLA time-scale.
   */
  public record Timing(SlaClock clock, double timeScale) {
    public static Timing of(Pipeline pipeline, SlaPolicySet sla, double timeScale) {
      return new Timing(sla.clockNamed(pipeline.clock()).clock(), timeScale);
    }

    public Instant plus(Instant start, Duration amount) {
      return clock.plus(start, scaled(amount));
    }

    public Duration scaled(Duration amount) {
      return SlaSchedule.scale(amount, timeScale);
    }
  }

  // ---------------------------------------------------------------- actions

  /** Whether an action counts as progress, and why (or why not). */
  public record Validity(boolean valid, String reason) {}

  /** A type the pipeline lists counts; {@code note}, {@code call_attempt} and automated messages never do. */
  public static Validity validity(Pipeline pipeline, String type) {
    if (neverCounts(type)) return new Validity(false, "'" + type + "' never counts as progress");
    if (!pipeline.validActions().contains(type)) {
      return new Validity(false, "'" + type + "' is not a valid action of pipeline '" + pipeline.id() + "' (valid: "
          + String.join(", ", pipeline.validActions()) + ")");
    }
    return new Validity(true, "'" + type + "' is a valid action of pipeline '" + pipeline.id() + "'");
  }

  /** An action that cannot be recorded: no type, a time in the future, an evidence item without a kind. */
  public static Optional<Rejected> refuseAction(ActionInput action, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    if (blank(action.type())) errors.add(new FieldError("/type", "the action type is required"));
    if (action.at() != null && action.at().isAfter(now)) {
      errors.add(new FieldError("/at", "an action cannot happen in the future (now is " + now + ")"));
    }
    for (int i = 0; i < action.evidence().size(); i++) {
      if (action.evidence().get(i) == null || blank(action.evidence().get(i).kind())) {
        errors.add(new FieldError("/evidence/" + i + "/kind", "the evidence kind is required, e.g. recording"));
      }
    }
    if (errors.isEmpty()) return Optional.empty();
    return Optional.of(new Rejected(Rejected.Code.INVALID, errors.get(0).message(), errors));
  }

  /**
   * The idle deadline after a valid action that happened at {@code at}: the clock restarts from it,
   * but a backdated action never brings the deadline forward (nor ends a snooze).
   */
  public static Instant idleAfterValidAction(Instant current, Pipeline pipeline, String stage, Instant at, Timing timing) {
    Instant restarted = idleDeadline(pipeline, stage, at, timing);
    if (restarted == null) return null;
    return current != null && current.isAfter(restarted) ? current : restarted;
  }

  // ---------------------------------------------------------------- stage moves

  /** What a stage move comes to. */
  public sealed interface Move {}

  /** The move may be recorded. {@code backward}: to an earlier stage (a manager's correction). */
  public record Allowed(boolean backward) implements Move {}

  /** Already in that stage: nothing to record. */
  public record Same() implements Move {}

  /** Evidence or checklist items are missing (409 listing each). */
  public record Lacking(List<Missing> missing) implements Move {
    public Lacking {
      missing = List.copyOf(missing);
    }
  }

  public record Refused(Rejected rejection) implements Move {}

  /**
   * A move from {@code from} to {@code to}. Forward (skipping stages is fine): the target's entry
   * evidence from valid recorded actions, and the exit checklist of the stage left, ticked in the move;
   * a reason-required stage ({@code lost}) needs only the reason. Backward (to an earlier non-final
   * stage): only a manager, with a reason. Nothing leaves a final stage.
   */
  public static Move move(Pipeline pipeline, String from, String to, List<String> checklist, String reason,
      boolean manager, List<OpportunityView.Action> actions) {
    Optional<Pipeline.Stage> target = pipeline.stage(to);
    if (target.isEmpty()) {
      return invalid("/to", "unknown stage '" + to + "' of pipeline '" + pipeline.id() + "' (stages: "
          + String.join(", ", pipeline.stages().stream().map(Pipeline.Stage::id).toList()) + ")");
    }
    Optional<Pipeline.Stage> current = pipeline.stage(from);
    if (current.isPresent() && current.get().finalStage()) {
      return new Refused(Rejected.of(Rejected.Code.CONFLICT, "the opportunity is " + from + ": a final stage, nothing moves from it"));
    }
    if (to.equals(from)) return new Same();
    boolean backward = !target.get().finalStage() && pipeline.indexOf(to) < pipeline.indexOf(from);
    if (backward) {
      if (!manager) {
        return new Refused(Rejected.of(Rejected.Code.FORBIDDEN, "only the owner's manager moves an opportunity back"));
      }
      if (blank(reason)) return invalid("/reason", "moving back to " + to + " needs a reason");
      return new Allowed(true);
    }
    if (target.get().reasonRequired() && blank(reason)) return invalid("/reason", "moving to " + to + " needs a reason");
    List<Missing> missing = new ArrayList<>(missingEvidence(target.get(), actions));
    if (!target.get().reasonRequired() && current.isPresent()) {
      List<String> ticked = checklist == null ? List.of() : checklist;
      current.get().exitChecklist().stream().filter(item -> !ticked.contains(item)).map(Missing::checklist)
          .forEach(missing::add);
    }
    return missing.isEmpty() ? new Allowed(false) : new Lacking(missing);
  }

  /**
   * The entry evidence of {@code stage} no valid action provides: a valid action of the type with an
   * evidence item of the kind (and, when the stage names statuses, one of them, e.g. an e-signature
   * {@code signed}).
   */
  public static List<Missing> missingEvidence(Pipeline.Stage stage, List<OpportunityView.Action> actions) {
    return stage.entry().stream()
        .filter(needed -> actions.stream().noneMatch(a -> a.valid() && a.type().equals(needed.action())
            && a.evidence().stream().anyMatch(e -> needed.evidence().equals(e.kind())
                && (needed.statuses().isEmpty() || needed.statuses().contains(e.status())))))
        .map(needed -> Missing.evidence(needed.action(), needed.evidence()))
        .toList();
  }

  // ---------------------------------------------------------------- deadlines

  /**
   * The idle deadline of an opportunity in {@code stage} whose idle clock (re)starts at {@code from}:
   * {@code idleAfter} later on the pipeline's clock; null where an idle opportunity would not move
   * (first or final stage, downgrade off).
   */
  public static Instant idleDeadline(Pipeline pipeline, String stage, Instant from, Timing timing) {
    return pipeline.downgradeTarget(stage).isPresent() ? timing.plus(from, pipeline.idleAfter()) : null;
  }

  /** The first silent warning of a stage entered at {@code enteredAt}; null for a stage without a silent period. */
  public static Instant silentDeadline(Pipeline pipeline, String stage, Instant enteredAt, Timing timing) {
    return pipeline.stage(stage).filter(s -> s.silentPeriod() != null)
        .map(s -> timing.plus(enteredAt, s.silentPeriod())).orElse(null);
  }

  /** The next silent warning after one fired at {@code firedAt}: every {@code silentRepeat}; null when it does not repeat. */
  public static Instant nextSilentDeadline(Pipeline pipeline, String stage, Instant firedAt, Timing timing) {
    return pipeline.stage(stage).filter(s -> s.silentPeriod() != null && s.silentRepeat() != null)
        .map(s -> timing.plus(firedAt, s.silentRepeat())).orElse(null);
  }

  /** What a wake-up at {@code now} fires. */
  public enum Due { NOTHING, DOWNGRADE, SILENT_WARNING }

  /**
   * The idle downgrade when its deadline passed and the pipeline still has a stage to move back to;
   * else the silent warning when its deadline passed. One at a time: a downgrade enters a new stage,
   * which starts its own silent period.
   */
  public static Due due(Pipeline pipeline, String stage, Instant idleDeadline, Instant silentDeadline, Instant now) {
    if (idleDeadline != null && !idleDeadline.isAfter(now) && pipeline.downgradeTarget(stage).isPresent()) {
      return Due.DOWNGRADE;
    }
    if (silentDeadline != null && !silentDeadline.isAfter(now)) return Due.SILENT_WARNING;
    return Due.NOTHING;
  }

  /** The earliest deadline still to fire (an idle one only while a downgrade is possible), or null. */
  public static Instant nextDeadline(Pipeline pipeline, String stage, Instant idleDeadline, Instant silentDeadline) {
    Instant idle = pipeline.downgradeTarget(stage).isPresent() ? idleDeadline : null;
    if (idle == null) return silentDeadline;
    return silentDeadline == null || idle.isBefore(silentDeadline) ? idle : silentDeadline;
  }

  // ---------------------------------------------------------------- snooze

  /**
   * A snooze must end in the future and not in a final stage; one longer than the pipeline's
   * {@code snoozeLimit} (scaled like every pipeline duration) needs the owner's manager.
   */
  public static Optional<Rejected> refuseSnooze(Pipeline pipeline, String stage, Instant until, boolean manager,
      Instant now, Timing timing) {
    if (until == null || !until.isAfter(now)) return Optional.of(invalid("/until", "a snooze must end in the future").rejection());
    if (pipeline.stage(stage).map(Pipeline.Stage::finalStage).orElse(false)) {
      return Optional.of(Rejected.of(Rejected.Code.CONFLICT, "the opportunity is " + stage + ": a final stage has no idle clock"));
    }
    if (!manager && Duration.between(now, until).compareTo(timing.scaled(pipeline.snoozeLimit())) > 0) {
      return Optional.of(new Rejected(Rejected.Code.FORBIDDEN, "a snooze longer than " + pipeline.snoozeLimit()
          + " needs the owner's manager", List.of(new FieldError("/until", "longer than the snooze limit " + pipeline.snoozeLimit()))));
    }
    return Optional.empty();
  }

  private static Refused invalid(String field, String message) {
    return new Refused(new Rejected(Rejected.Code.INVALID, message, List.of(new FieldError(field, message))));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
