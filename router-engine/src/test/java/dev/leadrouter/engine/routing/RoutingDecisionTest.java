package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.leadrouter.engine.routing.rules.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingDecisionTest {

  private static Decision.Candidate c(int i, boolean eligible, boolean chosen) {
    return new Decision.Candidate("r" + i, "Rep " + i, eligible, chosen, chosen ? "chosen" : eligible ? "eligible" : "away");
  }

  private static List<String> ids(List<Decision.Candidate> cs) {
    return cs.stream().map(Decision.Candidate::personId).toList();
  }

  @Test
  void aSmallRuleKeepsEveryCandidate() {
    List<Decision.Candidate> all = List.of(c(0, false, false), c(1, true, true), c(2, true, false));
    assertSame(all, RoutingDecision.stored(all));
  }

  @Test
  void aBigPoolKeepsTheChosenThenEligibleThenTheRestInRuleOrder() {
    List<Decision.Candidate> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) all.add(c(i, i % 4 == 0, i == 28)); // eligible: 0, 4, …, 28; chosen: 28
    List<Decision.Candidate> kept = RoutingDecision.stored(all);
    assertEquals(RoutingDecision.STORED_CANDIDATES, kept.size());
    // the chosen 28, the seven other eligible (0 … 24), then the first two not eligible (1, 2)
    assertEquals(List.of("r0", "r1", "r2", "r4", "r8", "r12", "r16", "r20", "r24", "r28"), ids(kept));
  }

  @Test
  void nobodyEligibleKeepsTheFirstReasons() {
    List<Decision.Candidate> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) all.add(c(i, false, false));
    assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"), ids(RoutingDecision.stored(all)));
  }
}
