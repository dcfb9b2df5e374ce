package dev.leadrouter.engine.opportunity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One compiled pipeline: its stages in order, the action types that count as progress, and its idle
 * clock ({@code idleAfter} on {@code clock}: {@code wall} or {@code calendar:<name>} of the SLA
 * document; {@code idleDowngrade} off: no downgrade). Immutable; pure.
 */
public record Pipeline(String id, boolean idleDowngrade, Duration idleAfter, String clock, Duration snoozeLimit,
    List<String> validActions, List<Stage> stages) {

  public Pipeline {
    validActions = List.copyOf(validActions);
    stages = List.copyOf(stages);
  }

  /**
   * One stage. {@code silentPeriod}: how long it may be held before a warning (null: never), repeated
   * every {@code silentRepeat} (null: once). {@code reasonRequired}: moving here needs a reason and
   * no exit checklist (a {@code lost}-style end).
   */
  public record Stage(String id, boolean finalStage, List<EntryEvidence> entry, List<String> exitChecklist,
      Duration silentPeriod, Duration silentRepeat, boolean reasonRequired) {
    public Stage {
      entry = List.copyOf(entry);
      exitChecklist = List.copyOf(exitChecklist);
    }
  }

  /** Entering a stage needs a valid action of type {@code action} with an evidence item of kind {@code evidence} (in one of {@code statuses}, when any are named). */
  public record EntryEvidence(String action, String evidence, List<String> statuses) {
    public EntryEvidence {
      statuses = List.copyOf(statuses);
    }
  }

  public Stage first() {
    return stages.get(0);
  }

  public Optional<Stage> stage(String stageId) {
    return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
  }

  /** The stage's position in the list, or -1 for a stage this pipeline does not have (any more). */
  public int indexOf(String stageId) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).id().equals(stageId)) return i;
    }
    return -1;
  }

  /**
   * Where an idle opportunity in {@code stageId} is moved back to: the previous non-final stage;
   * none from the first stage, from a final stage, from a stage the pipeline lacks, or when the
   * pipeline does not downgrade.
   */
  public Optional<Stage> downgradeTarget(String stageId) {
    int at = indexOf(stageId);
    if (!idleDowngrade || at <= 0 || stages.get(at).finalStage()) return Optional.empty();
    for (int i = at - 1; i >= 0; i--) {
      if (!stages.get(i).finalStage()) return Optional.of(stages.get(i));
    }
    return Optional.empty();
  }
}
