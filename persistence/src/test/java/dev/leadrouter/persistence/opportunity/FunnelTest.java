package dev.leadrouter.persistence.opportunity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The funnel's rules, one test each, on stage logs written by hand. */
class FunnelTest {

  private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-31T00:00:00Z");
  private static final Funnel.Stages STAGES = OpportunityReadModelTest.DEFAULT;

  private static Funnel.Entry entry(String opp, int seq, String stage, int enteredDay, Integer leftDay, String leftHow) {
    return new Funnel.Entry(opp, seq, stage, FROM.plusSeconds(enteredDay * 86_400L), seq == 1 ? "open" : "move",
        leftDay == null ? null : FROM.plusSeconds(leftDay * 86_400L), leftHow);
  }

  private static Funnel.StageReport stage(List<Funnel.StageReport> report, String stage) {
    return report.stream().filter(r -> r.stage().equals(stage)).findFirst().orElseThrow();
  }

  @Test
  void anOpportunityThatEnteredAStageTwiceCountsOnce() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(entry("a", 1, "qualification", 1, 2, "move"),
        entry("a", 2, "solution_demo", 2, 3, "downgrade"), entry("a", 3, "qualification", 3, null, null)),
        FROM, TO, Optional.of(STAGES));
    assertEquals(1, stage(r, "qualification").entered());
  }

  @Test
  void skippingStagesConvertsAndLosingDoesNot() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(
        entry("a", 1, "qualification", 1, 2, "move"), entry("a", 2, "negotiation", 2, null, null),
        entry("b", 1, "qualification", 1, 2, "move"), entry("b", 2, "lost", 2, null, null)),
        FROM, TO, Optional.of(STAGES));
    assertEquals(1, stage(r, "qualification").converted());
    assertEquals(0.5, stage(r, "qualification").conversion());
  }

  @Test
  void entriesOutsideTheWindowAreNotInTheCohortButLaterProgressCounts() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(
        entry("a", 1, "qualification", -5, 1, "move"), entry("a", 2, "solution_demo", 1, 40, "move"),
        entry("a", 3, "quote", 40, null, null)), FROM, TO, Optional.of(STAGES));
    assertEquals(0, stage(r, "qualification").entered());
    assertEquals(1, stage(r, "solution_demo").converted(), "moved on after the window: still a conversion");
    assertEquals(0, stage(r, "quote").entered());
  }

  @Test
  void theMedianTimeInStageIsOfTheEntriesThatLeft() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(
        entry("a", 1, "qualification", 1, 2, "move"), entry("b", 1, "qualification", 1, 4, "move"),
        entry("c", 1, "qualification", 1, null, null)), FROM, TO, Optional.of(STAGES));
    assertEquals(2 * 86_400_000L, stage(r, "qualification").medianMsInStage(), "mean of the middle two: 1 and 3 days");
    assertEquals(5L, Funnel.median(List.of(9L, 5L, 1L)));
    assertNull(Funnel.median(List.of()));
  }

  @Test
  void downgradesCountTheEntriesLeftByADowngrade() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(
        entry("a", 1, "solution_demo", 1, 3, "downgrade"), entry("a", 2, "qualification", 3, 4, "move"),
        entry("a", 3, "solution_demo", 4, 6, "downgrade")), FROM, TO, Optional.of(STAGES));
    assertEquals(2, stage(r, "solution_demo").downgrades());
  }

  @Test
  void withoutThePipelinesOrderStagesAreListedByNameAndConversionIsUnknown() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(entry("a", 1, "quote", 1, 2, "move"),
        entry("a", 2, "demo", 2, null, null)), FROM, TO, Optional.empty());
    assertEquals(List.of("demo", "quote"), r.stream().map(Funnel.StageReport::stage).toList());
    assertNull(r.get(1).conversion());
    assertNull(r.get(1).converted());
  }

  @Test
  void aStageTheOrderNoLongerHasComesAfterTheOrderedOnes() {
    List<Funnel.StageReport> r = Funnel.compute(List.of(entry("a", 1, "old_stage", 1, null, null)), FROM, TO,
        Optional.of(STAGES));
    assertEquals("old_stage", r.get(r.size() - 1).stage());
    assertNull(r.get(r.size() - 1).conversion());
  }
}
