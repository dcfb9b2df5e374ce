package dev.leadrouter.engine.routing.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.vocab.BudgetBand;
import dev.leadrouter.engine.routing.LegacyMatcher;
import dev.leadrouter.engine.routing.LegacyMatcher.RepLoad;
import dev.leadrouter.engine.routing.RoutingCriteria;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.routing.rules.RoutingDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built-in default rules and the demo rule set against the demo org chart, compared with the
 * Matcher that routed before the routing rules ({@link LegacyMatcher}, DEFAULT_RULES).
 */
class DemoRoutingTest {

  private static final String DEMO_RULES = read("../http-api/src/main/resources/demo-routing.json");
  /** A Tuesday, 10:00 in Shanghai: 赵敏 (cn-office) is at work. */
  private static final Instant WORKING = Instant.parse("2026-11-24T02:00:00Z");

  private static OrgChart demoOrg() throws IOException {
    return ConfigJson.read(read("../http-api/src/main/resources/demo-org.json"), OrgChart.class);
  }

  /** The demo files live with the engine's main program (http-api), read from this module's directory. */
  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theDemoRuleSetValidatesAgainstTheDemoOrgChart() throws IOException {
    assertEquals(List.of(), RoutingDocument.parse(DEMO_RULES, demoOrg(), Set.of("cn-office")).errors());
  }

  /**
   * Every lead of a grid (regions incl. unknown and abroad × industries × bands) under 300 random
   * load pictures: wherever the Matcher assigns, the rule set assigns the same rep by the same
   * rule; where the Matcher gives up, the rule set only differs by placing unknown-region leads.
   */
  @Test
  void itRoutesEveryLeadTheMatcherRoutesTheSameWayAndPlacesMore() throws IOException {
    OrgChart org = demoOrg();
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(1, DEMO_RULES, org, Map.of("cn-office", Fixtures.CN_OFFICE)));
    LegacyMatcher matcher = new LegacyMatcher(LegacyMatcher.DEFAULT_RULES);
    List<Person> reps = org.people().stream().filter(Person::isRep).toList();
    List<String> regions = List.of("苏州", "上海", "北京", "深圳", "成都", "香港", "");
    List<String> industries = Arrays.asList("工业自动化", "新能源电池", "SaaS", "K12教育", "其他", null);
    List<String> bands = new ArrayList<>(BudgetBand.labels());
    bands.add(null);
    Random random = new Random(5);
    int same = 0;
    int placedMore = 0;
    for (int picture = 0; picture < 300; picture++) {
      Map<String, RepLoad> matcherLoads = new HashMap<>();
      Map<String, RepWorkload> loads = new HashMap<>();
      for (Person rep : reps) {
        int open = random.nextInt(5) == 0 ? rep.capacityOrZero() : random.nextInt(rep.capacityOrZero());
        long last = random.nextInt(3) * 1000L;
        matcherLoads.put(rep.id(), new RepLoad(open, last));
        loads.put(rep.id(), new RepWorkload(open, last, null, 0, 0));
      }
      for (String where : regions) {
        RegionInfo region = where.isEmpty() ? RegionInfo.NONE : Fixtures.region(where);
        for (String industry : industries) {
          for (String band : bands) {
            RoutingDecisionV1 old = matcher.decide(new RoutingCriteria(region.macro(), industry, band), reps, matcherLoads, Set.of());
            Decision now = engine.decide(LeadFacts.of(industry, region, band), Roster.EVERYONE_ACTIVE, loads, FairnessLedger.EMPTY, WORKING);
            if (old.repId() != null) {
              assertEquals(old.repId(), now.repId(), () -> where + "/" + industry + "/" + band + ": " + now.summary());
              assertEquals(old.rule(), now.ruleId());
              same++;
            } else if (now.outcome() == Decision.Outcome.ASSIGNED) {
              assertEquals("unplaced", now.ruleId(), now::summary);
              placedMore++;
            } else {
              assertEquals("queue:unassigned", now.destination());
            }
          }
        }
      }
    }
    assertTrue(same > 10_000, "compared too few: " + same);
    assertTrue(placedMore > 0);
  }

  /**
   * The rules that route while none are published decide exactly as the Matcher did: the same rep
   * by the same rule, or the fallback queue where it gave up — over a grid of leads (unknown and
   * abroad included) under 300 random pictures of loads, reps marked away, and reps the lead was
   * refused by.
   */
  @Test
  void theBuiltInDefaultRoutesExactlyAsTheMatcherDid() throws IOException {
    OrgChart demo = demoOrg();
    Random random = new Random(11);
    LegacyMatcher matcher = new LegacyMatcher(LegacyMatcher.DEFAULT_RULES);
    List<String> regions = List.of("苏州", "上海", "北京", "深圳", "成都", "香港", "");
    List<String> industries = Arrays.asList("工业自动化", "新能源电池", "SaaS", "K12教育", "其他", null);
    List<String> bands = new ArrayList<>(BudgetBand.labels());
    bands.add(null);
    int assigned = 0;
    int queued = 0;
    for (int picture = 0; picture < 300; picture++) {
      List<Person> people = new ArrayList<>();
      for (Person p : demo.people()) {
        boolean away = p.isRep() && random.nextInt(6) == 0;
        people.add(!away ? p : new Person(p.id(), p.name(), p.role(), p.managerId(), p.team(), p.regions(), p.industries(),
            p.budgetBands(), p.capacity(), OrgChart.AWAY, p.email(), p.channels(), p.mobile(), p.quietHours(), null));
      }
      OrgChart org = new OrgChart(demo.regions(), demo.teams(), people);
      RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(0, RoutingDefaults.document(org), org, Map.of()));
      List<Person> reps = org.people().stream().filter(Person::isRep).toList();
      Map<String, RepLoad> matcherLoads = new HashMap<>();
      Map<String, RepWorkload> loads = new HashMap<>();
      Set<String> refused = new java.util.HashSet<>();
      for (Person rep : reps) {
        int open = random.nextInt(5) == 0 ? rep.capacityOrZero() : random.nextInt(rep.capacityOrZero());
        long last = random.nextInt(3) * 1000L;
        matcherLoads.put(rep.id(), new RepLoad(open, last));
        loads.put(rep.id(), new RepWorkload(open, last, null, 0, 0));
        if (random.nextInt(8) == 0) refused.add(rep.id());
      }
      Roster roster = new Roster(Set.of(), Set.of(), refused);
      for (String where : regions) {
        RegionInfo region = where.isEmpty() ? RegionInfo.NONE : Fixtures.region(where);
        for (String industry : industries) {
          for (String band : bands) {
            RoutingDecisionV1 old = matcher.decide(new RoutingCriteria(region.macro(), industry, band), reps, matcherLoads, refused);
            Decision now = engine.decide(LeadFacts.of(industry, region, band), roster, loads, FairnessLedger.EMPTY, WORKING);
            String lead = where + "/" + industry + "/" + band;
            if (old.repId() == null) {
              assertEquals("queue:" + RoutingDefaults.FALLBACK_QUEUE, now.destination(), () -> lead + ": " + now.summary());
              queued++;
            } else {
              assertEquals(old.repId(), now.repId(), () -> lead + ": " + now.summary());
              assertEquals(old.rule(), now.ruleId());
              assigned++;
            }
          }
        }
      }
    }
    assertTrue(assigned > 10_000 && queued > 1_000, "compared too few: " + assigned + " assigned, " + queued + " queued");
  }

  @Test
  void outsideWorkingHoursItSkipsTheRepWhoIsOffWhereTheMatcherWouldNot() throws IOException {
    OrgChart org = demoOrg();
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(1, DEMO_RULES, org, Map.of("cn-office", Fixtures.CN_OFFICE)));
    Instant saturday = Instant.parse("2026-11-28T02:00:00Z");
    LeadFacts northSaas = LeadFacts.of("SaaS", Fixtures.region("北京"), null);

    Decision d = engine.decide(northSaas, Roster.EVERYONE_ACTIVE, Map.of(), FairnessLedger.EMPTY, saturday);

    RoutingDecisionV1 old = new LegacyMatcher(LegacyMatcher.DEFAULT_RULES).decide(new RoutingCriteria("华北", "SaaS", null),
        org.people().stream().filter(Person::isRep).toList(), Map.of(), Set.of());
    assertEquals("rep-east-3", old.repId());
    assertEquals("rep-north-1", d.repId());
    assertEquals("Went to 孙磊 by rule 'region' (least loaded, 1 eligible of 2); 赵敏 is away until 2026-11-30 09:00.", d.summary());
  }
}
