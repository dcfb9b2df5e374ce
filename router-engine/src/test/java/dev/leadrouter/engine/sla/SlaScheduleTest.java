package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.vocab.Deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.EngineSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlaScheduleTest {

  private static final Instant ASSIGNED = Instant.parse("2026-11-24T10:15:30.123Z");
  static final List<SlaStep> STANDARD = List.of(
      step(0, SlaAction.REMIND, 15),
      step(1, SlaAction.ESCALATE_MANAGER, 30),
      step(2, SlaAction.ESCALATE_DIRECTOR, 60));
  private static final List<Deadline> DEADLINES = SlaSchedule.deadlines(STANDARD, ASSIGNED, 1, SlaClock.WALL);

  static SlaStep step(int index, SlaAction action, int minutes) {
    return new SlaStep(index, action, SlaStep.ACKNOWLEDGED, "", List.of(), Duration.ofMinutes(minutes).toMillis());
  }

  @Test
  void deadlinesAreTheStepOffsetsFromTheAssignment() {
    assertEquals(List.of(
        new Deadline(0, SlaAction.REMIND, Instant.parse("2026-11-24T10:30:30.123Z")),
        new Deadline(1, SlaAction.ESCALATE_MANAGER, Instant.parse("2026-11-24T10:45:30.123Z")),
        new Deadline(2, SlaAction.ESCALATE_DIRECTOR, Instant.parse("2026-11-24T11:15:30.123Z"))),
        DEADLINES);
  }

  @Test
  void timeScaleSixtyTurnsMinutesIntoSeconds() {
    List<Deadline> demo = SlaSchedule.deadlines(STANDARD, ASSIGNED, 60, SlaClock.WALL);

    assertEquals(List.of(ASSIGNED.plusSeconds(15), ASSIGNED.plusSeconds(30), ASSIGNED.plusSeconds(60)),
        demo.stream().map(Deadline::dueAt).toList());
  }

  @ParameterizedTest(name = "[{index}] {0} / {1} = {2}")
  @CsvSource({
      "PT15M, 60,  PT15S",
      "PT15M, 1,   PT15M",
      "PT1H,  3600, PT1S",
      "PT1S,  3,   PT0.333333333S",
      "PT10M, 0.5, PT20M",
  })
  void scaleDividesADuration(Duration d, double scale, Duration expected) {
    assertEquals(expected, SlaSchedule.scale(d, scale));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, -60})
  void scaleRefusesAScaleThatIsNotPositive(double scale) {
    assertThrows(IllegalArgumentException.class, () -> SlaSchedule.scale(Duration.ofMinutes(15), scale));
  }

  @Test
  void aStepIsDueAtExactlyItsInstant() {
    Instant remindAt = ASSIGNED.plus(Duration.ofMinutes(15));

    assertEquals(List.of(DEADLINES.get(0)), SlaSchedule.due(DEADLINES, remindAt));
  }

  @Test
  void aStepIsNeverDueEarly() {
    Instant justBefore = ASSIGNED.plus(Duration.ofMinutes(15)).minusMillis(1);

    assertEquals(List.of(), SlaSchedule.due(DEADLINES, justBefore));
  }

  @Test
  void afterDowntimeEveryOverdueStepIsDueInOrder() {
    Instant muchLater = ASSIGNED.plus(Duration.ofHours(5));

    assertEquals(DEADLINES, SlaSchedule.due(DEADLINES, muchLater));
  }

  @Test
  void dueOfNothingPendingIsNothing() {
    assertEquals(List.of(), SlaSchedule.due(List.of(), ASSIGNED.plus(Duration.ofDays(1))));
  }

  @Test
  void nextIsTheEarliestPendingDeadlineWhateverTheListOrder() {
    List<Deadline> shuffled = List.of(DEADLINES.get(2), DEADLINES.get(0), DEADLINES.get(1));

    assertEquals(Optional.of(DEADLINES.get(0)), SlaSchedule.next(shuffled));
    assertEquals(Optional.of(DEADLINES.get(1)), SlaSchedule.next(List.of(DEADLINES.get(2), DEADLINES.get(1))));
    assertEquals(Optional.empty(), SlaSchedule.next(List.of()));
  }

  @Test
  void aPolicyRefusesAnEmptyStepList() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SlaPolicy("empty", SlaPolicy.Match.ANY, SlaPolicy.WALL, null, List.of()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void theShippedDefaultPolicyIsFifteenThirtySixtyOnTheWallClock() {
    EngineSettings settings = EngineSettings.fromConfig(ConfigFactory.defaultReference());
    SlaPolicySet seed = settings.seedPolicies();

    SlaPolicy normal = seed.select("normal", "华东", "team-east");
    assertEquals("standard", normal.name());
    assertEquals(STANDARD, normal.steps());
    assertEquals(SlaPolicySet.NamedClock.WALL, seed.clockFor(normal, "cn-office"));
    assertEquals("urgent", seed.select("urgent", "华东", null).name());
    assertEquals(1.0, settings.timeScale());
  }

  @Test
  void aResumedDeadlineKeepsTheTimeItHadLeftWhenTheHoldBegan() {
    Instant heldAt = ASSIGNED.plus(Duration.ofMinutes(10));
    Instant resumedAt = heldAt.plus(Duration.ofHours(3));

    List<Deadline> moved = SlaSchedule.resumed(DEADLINES, heldAt, resumedAt, SlaClock.WALL);

    assertEquals(List.of(resumedAt.plus(Duration.ofMinutes(5)), resumedAt.plus(Duration.ofMinutes(20)),
        resumedAt.plus(Duration.ofMinutes(50))), moved.stream().map(Deadline::dueAt).toList());
  }

  @Test
  void aDeadlineAlreadyPassedWhenTheHoldBeganIsDueAtOnceOnResumption() {
    Instant heldAt = ASSIGNED.plus(Duration.ofMinutes(20));
    Instant resumedAt = heldAt.plus(Duration.ofHours(1));

    List<Deadline> moved = SlaSchedule.resumed(List.of(DEADLINES.get(0)), heldAt, resumedAt, SlaClock.WALL);

    assertEquals(resumedAt, moved.get(0).dueAt());
  }

  @ParameterizedTest
  @CsvSource({"remind, REMIND", "escalate-manager, ESCALATE_MANAGER", "' Escalate-Director ', ESCALATE_DIRECTOR"})
  void actionsParseFromConfigSpelling(String text, SlaAction action) {
    assertEquals(action, SlaAction.parse(text));
  }

  @Test
  void escalationLevelsRiseWithTheActions() {
    assertEquals(List.of(0, 1, 2), List.of(SlaAction.REMIND.escalationLevel(),
        SlaAction.ESCALATE_MANAGER.escalationLevel(), SlaAction.ESCALATE_DIRECTOR.escalationLevel()));
  }
}
