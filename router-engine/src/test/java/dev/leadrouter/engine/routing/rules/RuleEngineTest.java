package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.CALENDARS;
import static dev.leadrouter.engine.routing.rules.Fixtures.ORG;
import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static dev.leadrouter.engine.routing.rules.Fixtures.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.routing.rules.Decision.Candidate;
import dev.leadrouter.engine.routing.rules.Decision.Outcome;
import dev.leadrouter.engine.routing.rules.Decision.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 李雷 works cn-office hours; 王芳, 赵敏 and 陈静 always work. 2026-11-24 is a Tuesday. */
class RuleEngineTest {

  static final String RULES = """
      {'pools': [{'id': 'east-saas', 'members': ['wang', 'li']}],
       'rules': [
         {'id': 'vip', 'when': [{'field': 'tags', 'op': 'tag', 'value': 'vip'}], 'target': {'rep': 'chen'}},
         {'id': 'east-saas', 'when': [{'field': 'region', 'op': 'region', 'value': '华东'}, {'field': 'industry', 'op': 'equals', 'value': 'SaaS'}],
          'target': {'pool': 'east-saas'}},
         {'id': 'east-any', 'when': [{'field': 'region', 'op': 'region', 'value': '华东'}],
          'target': {'team': 'team-east', 'matchTags': ['industry']}, 'distribution': 'leastLoaded'},
         {'id': 'unknown-region', 'when': [{'field': 'region', 'op': 'region', 'value': '未知'}], 'target': {'team': 'team-south'}}],
       'default': {'target': {'team': 'team-south'}},
       'fallbackQueue': 'unassigned', %s}""";

  static RuleEngine engine(String policy) {
    return new RuleEngine(RoutingRuleSet.compile(1, json(RULES.formatted(policy)), ORG, CALENDARS));
  }

  static final RuleEngine WAIT_2H = engine("'whenAllAway': {'policy': 'wait', 'maxWait': 'PT2H'}");
  static final RuleEngine FALLBACK = engine("'whenAllAway': {'policy': 'fallback'}");

  static final Instant MORNING = Instant.parse("2026-11-24T03:00:00Z");
  static final Instant LUNCH = Instant.parse("2026-11-24T04:30:00Z");
  static final Instant EVENING = Instant.parse("2026-11-24T11:00:00Z");

  static LeadFacts lead(String industry, String where) {
    return LeadFacts.of(industry, region(where), null);
  }

  static Decision decide(RuleEngine engine, LeadFacts lead, Map<String, RepWorkload> loads, Instant at) {
    return engine.decide(lead, Roster.EVERYONE_ACTIVE, loads, FairnessLedger.EMPTY, at);
  }

  @Test
  void theRulePathSaysWhyEachEarlierRuleDidNotApply() {
    Decision d = decide(WAIT_2H, lead("制造", "苏州"), Map.of(), MORNING);

    assertEquals(Outcome.ASSIGNED, d.outcome());
    assertEquals("zhao", d.repId());
    assertEquals(List.of(
        new Step("vip", "conditions not met: tags is empty, rule wants tag vip"),
        new Step("east-saas", "conditions not met: industry is 制造, rule wants SaaS"),
        new Step("east-any", "matched: least loaded, 1 eligible of 1, went to 赵敏")), d.path());
    assertEquals(List.of(
        new Candidate("wang", "王芳", false, false, "industry mismatch: covers [SaaS]"),
        new Candidate("li", "李雷", false, false, "industry mismatch: covers [SaaS]"),
        new Candidate("zhao", "赵敏", true, true, "chosen: fewest open leads (0/20 open)")), d.candidates());
    assertEquals("Went to 赵敏 by rule 'east-any' (least loaded, 1 eligible of 1).", d.summary());
  }

  @Test
  void theSummaryNamesWhoWasAwayAndUntilWhen() {
    Decision d = decide(WAIT_2H, lead("SaaS", "上海"), Map.of(), LUNCH);

    assertEquals("wang", d.repId());
    assertEquals("east-saas", d.ruleId());
    assertEquals("Went to 王芳 by rule 'east-saas' (round robin, 1 eligible of 2); 李雷 is away until 13:00.", d.summary());
    assertEquals(new Candidate("li", "李雷", false, false, "away until 13:00"), d.candidates().get(1));
  }

  @Test
  void roundRobinAlternatesAndTheLedgerRemembers() {
    FairnessLedger ledger = FairnessLedger.EMPTY;
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      Decision d = WAIT_2H.decide(lead("SaaS", "杭州"), Roster.EVERYONE_ACTIVE, Map.of(), ledger, MORNING);
      order.append(d.repId()).append(' ');
      ledger = d.ledger();
    }
    assertEquals("wang li wang li ", order.toString());
    assertEquals(4, ledger.version());
    assertEquals(2, ledger.group("pool:east-saas").members().get("li").received());
  }

  @Test
  void anEligiblePreviousOwnerWinsBeforeAnyRule() {
    Decision d = decide(WAIT_2H, lead("SaaS", "上海").withPreviousOwner("zhao"), Map.of(), MORNING);

    assertEquals("zhao", d.repId());
    assertEquals(List.of(new Step("existing owner", "previous owner 赵敏 is available")), d.path());
    assertEquals("Went to 赵敏, the contact's previous owner.", d.summary());
    assertEquals(FairnessLedger.EMPTY, d.ledger());
  }

  @Test
  void anUnavailablePreviousOwnerIsPassedOverAndTheSummarySaysWhy() {
    Decision d = decide(WAIT_2H, lead("SaaS", "上海").withPreviousOwner("li"), Map.of(), LUNCH);

    assertEquals("wang", d.repId());
    assertEquals(new Step("existing owner", "passed over: 李雷 is away until 13:00"), d.path().get(0));
    assertTrue(d.summary().endsWith("; previous owner 李雷 was passed over: away until 13:00."), d.summary());
  }

  @Test
  void aPreviousOwnerWhoLeftTheOrgChartIsPassedOver() {
    Decision d = decide(WAIT_2H, lead("SaaS", "上海").withPreviousOwner("left-2025"), Map.of(), MORNING);

    assertEquals(new Step("existing owner", "passed over: left-2025 is no longer a rep"), d.path().get(0));
    assertTrue(Set.of("wang", "li").contains(d.repId()));
  }

  @Test
  void existingOwnerFirstCanBeTurnedOffAndUsedAsARuleTarget() {
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(1, json("""
        {'existingOwnerFirst': false,
         'rules': [{'id': 'returning', 'when': [{'field': 'tags', 'op': 'tag', 'value': 'returning'}], 'target': {'existingOwner': true}, 'fallThrough': true}],
         'default': {'target': {'team': 'team-south'}}, 'fallbackQueue': 'q'}"""), ORG, CALENDARS));
    LeadFacts returning = new LeadFacts(null, null, null, region("上海"), null, null, null, List.of("returning"), Map.of(), Map.of(), "zhao");

    Decision toOwner = decide(engine, returning, Map.of(), MORNING);
    assertEquals("zhao", toOwner.repId());
    assertEquals("returning", toOwner.ruleId());
    Decision notTagged = decide(engine, lead("SaaS", "上海").withPreviousOwner("zhao"), Map.of(), MORNING);
    assertEquals("chen", notTagged.repId());
    Decision ownerAway = decide(engine, returning.withPreviousOwner("li"), Map.of(), EVENING);
    assertEquals("chen", ownerAway.repId());
    assertEquals(new Step("returning", "matched, but no eligible member: 李雷 away until 2026-11-25 09:00"), ownerAway.path().get(0));
  }

  @Test
  void whenAllAreAwayTheWaitPolicyWaitsForTheFirstToReturn() {
    Map<String, RepWorkload> wangFull = Map.of("wang", RepWorkload.open(20));

    Decision d = decide(WAIT_2H, lead("SaaS", "上海"), wangFull, LUNCH);

    assertEquals(Outcome.WAIT, d.outcome());
    assertEquals(Instant.parse("2026-11-24T05:00:00Z"), d.waitUntil());
    assertNull(d.repId());
    assertEquals(new Step("east-saas", "matched, but no eligible member: 王芳 at capacity 20/20; 李雷 away until 13:00"), d.path().get(1));
    assertEquals("Waiting until 13:00 for the first candidate to return: rule 'east-saas' had no eligible member of 2"
        + " (王芳 is at capacity 20/20, 李雷 is away until 13:00).", d.summary());
    assertEquals(FairnessLedger.EMPTY, d.ledger());
  }

  @Test
  void aWaitLongerThanMaxWaitGoesToTheFallbackQueue() {
    Decision d = decide(WAIT_2H, lead("SaaS", "上海"), Map.of("wang", RepWorkload.open(20)), EVENING);

    assertEquals(Outcome.FALLBACK, d.outcome());
    assertEquals("unassigned", d.queue());
    assertEquals("queue:unassigned", d.destination());
    assertTrue(d.summary().startsWith("Sent to queue 'unassigned': rule 'east-saas' had no eligible member of 2"), d.summary());
    assertTrue(d.summary().endsWith("; nobody returns within PT2H."), d.summary());
  }

  @Test
  void theFallbackPolicyDoesNotWait() {
    Decision d = decide(FALLBACK, lead("SaaS", "上海"), Map.of("wang", RepWorkload.open(20)), LUNCH);

    assertEquals(Outcome.FALLBACK, d.outcome());
    assertEquals("Sent to queue 'unassigned': rule 'east-saas' had no eligible member of 2"
        + " (王芳 is at capacity 20/20, 李雷 is away until 13:00).", d.summary());
  }

  @Test
  void aRuleThatFallsThroughLetsTheNextRuleTry() {
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(1, json("""
        {'pools': [{'id': 'east-saas', 'members': ['wang', 'li']}],
         'rules': [{'id': 'east-saas', 'when': [{'field': 'industry', 'op': 'equals', 'value': 'SaaS'}], 'target': {'pool': 'east-saas'}, 'fallThrough': true}],
         'default': {'target': {'team': 'team-south'}}, 'fallbackQueue': 'q'}"""), ORG, CALENDARS));

    Decision d = decide(engine, lead("SaaS", "上海"), Map.of("wang", RepWorkload.open(20)), LUNCH);

    assertEquals("chen", d.repId());
    assertEquals("default", d.ruleId());
    assertEquals(List.of("east-saas", "default"), d.path().stream().map(Step::ruleId).toList());
  }

  @Test
  void aLeadWithAnUnknownRegionMatchesOnlyARuleThatSaysSo() {
    Decision unknown = decide(WAIT_2H, LeadFacts.of("SaaS", RegionInfo.NONE, null), Map.of(), MORNING);
    assertEquals("unknown-region", unknown.ruleId());
    Decision south = decide(WAIT_2H, lead("SaaS", "深圳"), Map.of(), MORNING);
    assertEquals("default", south.ruleId());
    assertEquals("region is 深圳市, rule wants 未知", south.path().get(3).result().replace("conditions not met: ", ""));
  }

  @Test
  void aRepTargetGoesToThatRep() {
    LeadFacts vip = new LeadFacts(null, null, "SaaS", region("上海"), null, null, null, List.of("VIP"), Map.of(), Map.of(), null);

    Decision d = decide(WAIT_2H, vip, Map.of(), MORNING);

    assertEquals("chen", d.repId());
    assertEquals("Went to 陈静 by rule 'vip' (the rule's rep, 1 eligible of 1).", d.summary());
  }

  /**
   * 王芳 (34%) is on vacation for a week while leads arrive every 30 minutes. Back, she rejoins at
   * the floor: her share of the next leads is her weight (one lead of rounding at most), never a run.
   */
  @Test
  void aRepBackFromAWeeksVacationIsNotFlooded() {
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(1, json("""
        {'pools': [{'id': 'p', 'members': [{'person': 'wang', 'weight': 34}, {'person': 'zhao', 'weight': 33}, {'person': 'chen', 'weight': 33}]}],
         'people': {'wang': {'absences': [{'from': '2026-11-16', 'to': '2026-11-22', 'reason': 'vacation'}]}},
         'default': {'target': {'pool': 'p'}, 'distribution': 'weighted'}, 'fallbackQueue': 'q'}"""), ORG, CALENDARS));
    FairnessLedger ledger = FairnessLedger.EMPTY;
    Instant at = Instant.parse("2026-11-14T00:00:00Z");
    Instant back = Instant.parse("2026-11-22T16:00:00Z");
    List<String> afterReturn = new java.util.ArrayList<>();
    while (at.isBefore(Instant.parse("2026-11-25T00:00:00Z"))) {
      Decision d = engine.decide(lead(null, "上海"), Roster.EVERYONE_ACTIVE, Map.of(), ledger, at);
      ledger = d.ledger();
      boolean away = !at.isBefore(Instant.parse("2026-11-15T16:00:00Z")) && at.isBefore(back);
      if (away) assertFalse(d.repId().equals("wang"), d::summary);
      if (!at.isBefore(back)) afterReturn.add(d.repId());
      at = at.plus(Duration.ofMinutes(30));
    }
    for (int i = 2; i < afterReturn.size(); i++) {
      List<String> run = afterReturn.subList(i - 2, i + 1);
      assertFalse(run.stream().allMatch("wang"::equals), "three in a row at " + i);
    }
    long inFirst30 = afterReturn.subList(0, 30).stream().filter("wang"::equals).count();
    assertTrue(inFirst30 <= 11, "her 34% of 30 is 10.2, at most one more: " + inFirst30);
    long wang = afterReturn.stream().filter("wang"::equals).count();
    assertTrue(Math.abs(wang - afterReturn.size() * 0.34) <= 2, wang + " of " + afterReturn.size());
  }

  /** 10,000 decisions with random roster states and times: every assignment goes to an eligible rep. */
  @Test
  void noLeadEverGoesToAnInactiveAwayFullOrBenchedRep() {
    Random random = new Random(7);
    List<String> reps = List.of("wang", "li", "zhao", "chen", "gone");
    List<LeadFacts> leads = List.of(lead("SaaS", "上海"), lead("制造", "苏州"), lead("SaaS", "深圳"), lead(null, "北京"),
        LeadFacts.of("SaaS", RegionInfo.NONE, null), lead("SaaS", "杭州").withPreviousOwner("li"));
    Availability availability = new Availability(WAIT_2H.rules());
    FairnessLedger ledger = FairnessLedger.EMPTY;
    int assigned = 0;
    for (int i = 0; i < 10_000; i++) {
      Set<String> deactivated = new HashSet<>();
      Set<String> benched = new HashSet<>();
      Map<String, RepWorkload> loads = new HashMap<>();
      for (String rep : reps) {
        int roll = random.nextInt(10);
        if (roll == 0) deactivated.add(rep);
        else if (roll == 1) benched.add(rep);
        loads.put(rep, new RepWorkload(random.nextInt(10) == 0 ? 20 : random.nextInt(20), 0, LocalDate.parse("2026-11-24"), 0,
            random.nextInt(10) == 0 ? 5 : 0));
      }
      Roster roster = new Roster(deactivated, benched);
      Instant at = MORNING.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 14)));
      Decision d = WAIT_2H.decide(leads.get(random.nextInt(leads.size())), roster, loads, ledger, at);
      ledger = d.ledger();
      if (d.outcome() != Outcome.ASSIGNED) {
        assertFalse(d.candidates().stream().anyMatch(Candidate::eligible), d::toString);
        continue;
      }
      assigned++;
      assertFalse(deactivated.contains(d.repId()) || benched.contains(d.repId()), d::summary);
      assertTrue(availability.check(d.repId(), roster, loads, at).eligible(), d::summary);
    }
    assertTrue(assigned > 5_000, "too few assignments to prove anything: " + assigned);
  }
}
