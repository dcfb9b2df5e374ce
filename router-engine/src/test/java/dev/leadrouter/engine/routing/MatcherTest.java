package dev.leadrouter.engine.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {

  private static final String EAST = "华东";
  private static final String SOUTH = "华南";
  private static final String MID_BAND = BudgetBand.FROM_500K_TO_2M.label();
  private static final String SMALL_BAND = BudgetBand.UNDER_500K.label();
  private static final RoutingCriteria FULL_LEAD = new RoutingCriteria(EAST, "制造", MID_BAND);

  private static final Matcher MATCHER = new Matcher(Matcher.DEFAULT_RULES);

  private static Person rep(String id, List<String> regions, List<String> industries, List<String> bands,
      int capacity, String availability) {
    return new Person(id, id, OrgChart.REP, "mgr", null, regions, industries, bands, capacity,
        availability, null, null, null, null, null);
  }

  private static Person rep(String id, List<String> regions, List<String> industries, List<String> bands) {
    return rep(id, regions, industries, bands, 10, OrgChart.AVAILABLE);
  }

  private static Person untagged(String id, int capacity) {
    return rep(id, List.of(), List.of(), List.of(), capacity, OrgChart.AVAILABLE);
  }

  private static RoutingDecision decide(RoutingCriteria lead, List<Person> roster, Map<String, RepLoad> loads) {
    return MATCHER.decide(lead, roster, loads, Set.of());
  }

  private static Map<String, Candidate> byRep(RoutingDecision decision) {
    return decision.candidates().stream().collect(Collectors.toMap(Candidate::repId, Function.identity()));
  }

  // ------------------------------------------------------------------ rule order

  private static final Person FULL_MATCH = rep("full", List.of(EAST), List.of("制造"), List.of(MID_BAND));
  private static final Person NO_BUDGET_MATCH = rep("nobudget", List.of(EAST), List.of("制造"), List.of(SMALL_BAND));
  private static final Person REGION_ONLY = rep("regiononly", List.of(EAST), List.of("零售"), List.of(SMALL_BAND));
  private static final Person OTHER_REGION = rep("south", List.of(SOUTH), List.of("制造"), List.of(MID_BAND));

  static Stream<Arguments> ruleOrder() {
    return Stream.of(
        Arguments.of(List.of(REGION_ONLY, NO_BUDGET_MATCH, FULL_MATCH, OTHER_REGION), "full", "region+industry+budget"),
        Arguments.of(List.of(REGION_ONLY, NO_BUDGET_MATCH, OTHER_REGION), "nobudget", "region+industry"),
        Arguments.of(List.of(REGION_ONLY, OTHER_REGION), "regiononly", "region"),
        Arguments.of(List.of(OTHER_REGION), null, "fallback-queue"));
  }

  @ParameterizedTest(name = "[{index}] winner {1} by {2}")
  @MethodSource("ruleOrder")
  void theFirstRuleWithAnEligibleRepWinsEvenAgainstLessLoadedReps(List<Person> roster, String winner, String rule) {
    // The better-matching rep carries more load, so only the rule order can make it win.
    Map<String, RepLoad> loads = Map.of(
        "full", new RepLoad(3, 300), "nobudget", new RepLoad(2, 200), "regiononly", new RepLoad(0, 0),
        "south", new RepLoad(0, 0));

    RoutingDecision decision = decide(FULL_LEAD, roster, loads);

    assertEquals(winner, decision.repId());
    assertEquals(rule, decision.rule());
  }

  @Test
  void aLeadWithoutAnAttributeMatchesAnyTagForIt() {
    Person tagged = rep("tagged", List.of(EAST), List.of("零售"), List.of(SMALL_BAND));

    RoutingDecision decision = decide(new RoutingCriteria(EAST, null, null), List.of(tagged), Map.of());

    assertEquals("tagged", decision.repId());
    assertEquals("region+industry+budget", decision.rule());
  }

  @Test
  void aLeadWithoutAnyAttributeMatchesEveryRep() {
    Person tagged = rep("tagged", List.of(SOUTH), List.of("零售"), List.of(SMALL_BAND));

    RoutingDecision decision = decide(new RoutingCriteria(null, null, null), List.of(tagged), Map.of());

    assertEquals("tagged", decision.repId());
    assertEquals("region+industry+budget", decision.rule());
  }

  @Test
  void aRepWithEmptyTagListsMatchesAnyLead() {
    RoutingDecision decision = decide(FULL_LEAD, List.of(untagged("generalist", 5)), Map.of());

    assertEquals("generalist", decision.repId());
    assertEquals("region+industry+budget", decision.rule());
  }

  // ------------------------------------------------------------------ never chosen

  private static final Person AWAY = rep("away", List.of(EAST), List.of(), List.of(), 5, OrgChart.AWAY);
  private static final Person CAPPED = rep("capped", List.of(EAST), List.of(), List.of(), 5, OrgChart.AVAILABLE);
  private static final Person REFUSED = rep("refused", List.of(EAST), List.of(), List.of(), 5, OrgChart.AVAILABLE);
  private static final Map<String, RepLoad> BLOCKED_LOADS =
      Map.of("away", RepLoad.NONE, "capped", new RepLoad(5, 100), "refused", RepLoad.NONE);

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @CsvSource({
      "away,    away",
      "capped,  at capacity 5/5",
      "refused, refused the offer",
  })
  void blockedRepsAreNeverChosenAndSayWhy(String repId, String reason) {
    Person busy = rep("busy", List.of(EAST), List.of(), List.of(), 10, OrgChart.AVAILABLE);
    Map<String, RepLoad> loads = new HashMap<>(BLOCKED_LOADS);
    loads.put("busy", new RepLoad(9, 999));

    RoutingDecision decision = MATCHER.decide(FULL_LEAD, List.of(AWAY, CAPPED, REFUSED, busy), loads, Set.of("refused"));

    assertEquals("busy", decision.repId());
    Candidate candidate = byRep(decision).get(repId);
    assertFalse(candidate.eligible());
    assertTrue(candidate.reason().startsWith(reason), candidate.reason());
  }

  @Test
  void onlyBlockedRepsSendTheLeadToTheFallbackQueue() {
    RoutingDecision decision = MATCHER.decide(FULL_LEAD, List.of(AWAY, CAPPED, REFUSED), BLOCKED_LOADS, Set.of("refused"));

    assertNull(decision.repId());
    assertTrue(decision.chosen().isEmpty());
    assertEquals("fallback-queue", decision.rule());
    assertTrue(decision.candidates().stream().noneMatch(Candidate::eligible));
  }

  @Test
  void aRepWithCapacityZeroIsAtCapacity() {
    Person none = untagged("none", 0);

    RoutingDecision decision = decide(FULL_LEAD, List.of(none), Map.of());

    assertNull(decision.repId());
    assertEquals("at capacity 0/0", byRep(decision).get("none").reason());
  }

  @Test
  void aRepWithoutALoadReportCountsAsEmpty() {
    RoutingDecision decision = decide(FULL_LEAD, List.of(untagged("fresh", 1)), Map.of());

    assertEquals("fresh", decision.repId());
  }

  @Test
  void noRepsAtAllIsTheFallbackQueue() {
    RoutingDecision decision = decide(FULL_LEAD, List.of(), Map.of());

    assertNull(decision.repId());
    assertEquals("fallback-queue", decision.rule());
    assertTrue(decision.candidates().isEmpty());
  }

  // ------------------------------------------------------------------ tie-breaks

  @ParameterizedTest(name = "[{index}] b={0}/{1} a={2}/{3} → {4}")
  @CsvSource({
      // openB, lastB, openA, lastA, winner   (roster order: rep-b before rep-a)
      "1, 100, 2, 0,   rep-b",   // fewest open leads first, whatever the last assignment
      "2, 0,   1, 100, rep-a",
      "1, 200, 1, 100, rep-a",   // then the oldest last assignment
      "1, 100, 1, 200, rep-b",
      "1, 100, 1, 0,   rep-a",   // never assigned (0) beats any assignment
      "0, 0,   0, 1,   rep-b",
      "1, 100, 1, 100, rep-a",   // then the smaller id, not the roster order
      "0, 0,   0, 0,   rep-a",
  })
  void tiesGoToFewestOpenLeadsThenOldestAssignmentThenSmallerId(
      int openB, long lastB, int openA, long lastA, String winner) {
    List<Person> roster = List.of(untagged("rep-b", 10), untagged("rep-a", 10));
    Map<String, RepLoad> loads = Map.of("rep-b", new RepLoad(openB, lastB), "rep-a", new RepLoad(openA, lastA));

    assertEquals(winner, decide(FULL_LEAD, roster, loads).repId());
  }

  // ------------------------------------------------------------------ candidates

  static Stream<Arguments> scenarios() {
    Person busy = rep("busy", List.of(EAST), List.of(), List.of(), 10, OrgChart.AVAILABLE);
    return Stream.of(
        Arguments.of("every rule level", List.of(REGION_ONLY, NO_BUDGET_MATCH, FULL_MATCH, OTHER_REGION, AWAY, CAPPED, busy)),
        Arguments.of("second rule", List.of(REGION_ONLY, NO_BUDGET_MATCH, OTHER_REGION, CAPPED)),
        Arguments.of("fallback", List.of(OTHER_REGION, AWAY, CAPPED)),
        Arguments.of("single", List.of(busy)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("scenarios")
  void everyRosterRepAppearsExactlyOnceAmongTheCandidatesInRosterOrder(String name, List<Person> roster) {
    RoutingDecision decision = decide(FULL_LEAD, roster, Map.of("capped", new RepLoad(5, 100)));

    assertEquals(roster.stream().map(Person::id).toList(),
        decision.candidates().stream().map(Candidate::repId).toList());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("scenarios")
  void theWinnersCandidateIsEligibleAndNamesTheRule(String name, List<Person> roster) {
    RoutingDecision decision = decide(FULL_LEAD, roster, Map.of("capped", new RepLoad(5, 100)));

    decision.chosen().ifPresentOrElse(
        winner -> {
          Candidate candidate = byRep(decision).get(winner);
          assertTrue(candidate.eligible());
          assertTrue(candidate.reason().startsWith("chosen by rule " + decision.rule()), candidate.reason());
          assertEquals(1, decision.candidates().stream().filter(c -> c.reason().startsWith("chosen")).count());
        },
        () -> assertTrue(decision.candidates().stream().noneMatch(c -> c.reason().startsWith("chosen"))));
  }

  @Test
  void repsFailingTheWinningRuleSayWhichAttributeMissed() {
    RoutingDecision decision = decide(FULL_LEAD, List.of(FULL_MATCH, NO_BUDGET_MATCH, REGION_ONLY, OTHER_REGION), Map.of());

    Map<String, Candidate> candidates = byRep(decision);
    assertEquals("full", decision.repId());
    assertTrue(candidates.get("nobudget").reason().startsWith("budget mismatch"), candidates.get("nobudget").reason());
    assertTrue(candidates.get("regiononly").reason().startsWith("industry mismatch"), candidates.get("regiononly").reason());
    assertTrue(candidates.get("south").reason().startsWith("region mismatch"), candidates.get("south").reason());
    assertFalse(candidates.get("nobudget").eligible());
  }

  @Test
  void anEligibleRepThatLostIsListedAsEligibleNotChosen() {
    Person a = untagged("a", 10);
    Person b = untagged("b", 10);

    RoutingDecision decision = decide(FULL_LEAD, List.of(a, b), Map.of("a", new RepLoad(1, 10), "b", new RepLoad(3, 10)));

    Candidate loser = byRep(decision).get("b");
    assertEquals("a", decision.repId());
    assertTrue(loser.eligible());
    assertTrue(loser.reason().startsWith("eligible, not chosen: 3/10 open"), loser.reason());
  }

  @Test
  void aMatcherNeedsAtLeastOneRule() {
    assertThrows(IllegalArgumentException.class, () -> new Matcher(List.of()));
  }

  @Test
  void aRuleWithoutAttributesMatchesEveryAvailableRep() {
    Matcher anyone = new Matcher(List.of(new Matcher.Rule("anyone", Set.of())));
    Person south = rep("south", List.of(SOUTH), List.of("零售"), List.of(SMALL_BAND));

    RoutingDecision decision = anyone.decide(FULL_LEAD, List.of(south), Map.of(), Set.of());

    assertEquals("south", decision.repId());
    assertEquals("anyone", decision.rule());
  }

  // ------------------------------------------------------------------ fairness property

  @ParameterizedTest(name = "[{index}] {0} reps of capacity {1}")
  @CsvSource({
      "7, 2000",   // room for every lead
      "8, 1250",   // exactly full at the end
      "6, 1000",   // 4,000 leads find no room and go to the fallback queue
  })
  void equalRepsShareTenThousandLeadsWithinOneAndNeverExceedCapacity(int reps, int capacity) {
    List<Person> roster = IntStream.range(0, reps).mapToObj(i -> untagged("rep-" + i, capacity)).toList();
    Map<String, RepLoad> loads = new HashMap<>();
    Random random = new Random(42);
    String[] regions = {EAST, SOUTH, null};
    String[] industries = {"制造", "零售", null};
    String[] bands = {MID_BAND, SMALL_BAND, null};
    int fallback = 0;

    for (int n = 1; n <= 10_000; n++) {
      RoutingCriteria lead = new RoutingCriteria(
          regions[random.nextInt(3)], industries[random.nextInt(3)], bands[random.nextInt(3)]);
      RoutingDecision decision = decide(lead, roster, loads);
      if (decision.repId() == null) {
        fallback++;
        assertEquals("fallback-queue", decision.rule());
        continue;
      }
      RepLoad before = loads.getOrDefault(decision.repId(), RepLoad.NONE);
      RepLoad after = new RepLoad(before.openLeads() + 1, n);
      assertTrue(after.openLeads() <= capacity, "assignment " + n + " overfills " + decision.repId());
      loads.put(decision.repId(), after);
      List<Integer> counts = roster.stream().map(p -> loads.getOrDefault(p.id(), RepLoad.NONE).openLeads()).toList();
      int spread = counts.stream().mapToInt(Integer::intValue).max().orElseThrow()
          - counts.stream().mapToInt(Integer::intValue).min().orElseThrow();
      assertTrue(spread <= 1, "after assignment " + n + " the counts are " + counts);
    }

    int total = loads.values().stream().mapToInt(RepLoad::openLeads).sum();
    assertEquals(Math.min(10_000, reps * capacity), total);
    assertEquals(Math.max(0, 10_000 - reps * capacity), fallback);
  }

  @Test
  void equalRepsAreServedRoundRobinByLastAssignment() {
    List<Person> roster = List.of(untagged("c", 100), untagged("a", 100), untagged("b", 100));
    Map<String, RepLoad> loads = new HashMap<>();
    List<String> order = new ArrayList<>();

    for (int n = 1; n <= 6; n++) {
      String winner = decide(FULL_LEAD, roster, loads).repId();
      order.add(winner);
      // Every lead is closed at once: open counts stay equal, only the last assignment differs.
      loads.put(winner, new RepLoad(0, n));
    }

    assertEquals(List.of("a", "b", "c", "a", "b", "c"), order);
  }
}
