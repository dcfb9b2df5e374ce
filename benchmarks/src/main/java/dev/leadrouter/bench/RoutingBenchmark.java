package dev.leadrouter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.intake.RegionResolver;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.rules.Decision;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import dev.leadrouter.engine.routing.rules.RuleEngine;
import dev.leadrouter.engine.sla.WorkingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision over 500 reps (20 teams of 25, a third on a working calendar, some away,
 * some full) and 100 rules (region + industry + source conditions, targets pools of 25 reps or
 * teams, all three distributions), against a ledger that already holds every group.
 * {@code lateRule}: the lead passes 90 rules and matches the 91st; {@code defaultRule}: it passes
 * all 100 and the default distributes over a team; {@code returningOwner}: the previous owner is
 * eligible.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingBenchmark {

  private static final String[] MACROS = {"华北", "东北", "华东", "华中", "华南", "西南", "西北"};
  private static final String[] INDUSTRIES = {"SaaS", "K12教育", "工业自动化", "新能源电池", "医疗", "零售", "物流", "金融", "制造", "游戏"};
  private static final String[] SOURCES = {"web-form", "douyin", "wecom", "hubspot", "google-ads"};

  private RuleEngine engine;
  private FairnessLedger ledger;
  private Map<String, RepWorkload> loads;
  private Roster roster;
  private Instant now;
  private LeadFacts lateLead;
  private LeadFacts defaultLead;
  private LeadFacts ownerLead;

  @Setup
  public void setUp() throws Exception {
    StringBuilder org = new StringBuilder("{\"teams\": [");
    for (int t = 0; t < 20; t++) org.append(t == 0 ? "" : ",").append("{\"id\": \"team-").append(t).append("\", \"name\": \"T").append(t).append("\"}");
    org.append("], \"people\": [");
    for (int i = 0; i < 500; i++) {
      org.append(i == 0 ? "" : ",").append("{\"id\": \"rep-").append(i).append("\", \"name\": \"Rep ").append(i)
          .append("\", \"role\": \"rep\", \"team\": \"team-").append(i / 25).append("\", \"regions\": [\"").append(MACROS[i % 7])
          .append("\"], \"industries\": [\"").append(INDUSTRIES[i % 10]).append("\"], \"capacity\": 20")
          .append(i % 3 == 0 ? ", \"calendar\": \"cn-office\"" : "").append(i % 50 == 7 ? ", \"availability\": \"away\"" : "").append("}");
    }
    org.append("]}");
    OrgChart chart = ConfigJson.read(org.toString(), OrgChart.class);

    StringBuilder rules = new StringBuilder("{\"pools\": [");
    for (int p = 0; p < 40; p++) {
      rules.append(p == 0 ? "" : ",").append("{\"id\": \"pool-").append(p).append("\", \"members\": [");
      for (int m = 0; m < 25; m++) {
        rules.append(m == 0 ? "" : ",").append("{\"person\": \"rep-").append((p * 12 + m) % 500).append("\", \"weight\": 4}");
      }
      rules.append("]}");
    }
    rules.append("], \"people\": {\"rep-1\": {\"maxNewPerDay\": 10, \"absences\": [{\"from\": \"2026-11-20\", \"to\": \"2026-11-30\", \"reason\": \"vacation\"}]}},");
    rules.append("\"rules\": [");
    String[] distributions = {"roundRobin", "weighted", "leastLoaded"};
    for (int r = 0; r < 100; r++) {
      String target = r % 2 == 0 ? "{\"pool\": \"pool-" + (r / 2 % 40) + "\"}" : "{\"team\": \"team-" + (r % 20) + "\"}";
      String distribution = r % 2 == 0 ? distributions[r % 3] : (r % 3 == 1 ? "weighted" : distributions[r % 3]);
      if (r % 2 == 1 && distribution.equals("weighted")) distribution = "roundRobin";
      rules.append(r == 0 ? "" : ",").append("{\"id\": \"rule-").append(r).append("\", \"when\": [")
          .append("{\"field\": \"region\", \"op\": \"region\", \"value\": [\"").append(MACROS[r % 7]).append("\"]},")
          .append("{\"field\": \"industry\", \"op\": \"in\", \"value\": [\"").append(INDUSTRIES[r % 10]).append("\", \"").append(INDUSTRIES[(r + 3) % 10]).append("\"]},")
          .append("{\"field\": \"source\", \"op\": \"equals\", \"value\": \"").append(SOURCES[r % 5]).append("\"},")
          .append("{\"field\": \"utm.campaign\", \"op\": \"prefix\", \"value\": \"c").append(r).append("\"}")
          .append("], \"target\": ").append(target).append(", \"distribution\": \"").append(distribution).append("\"}");
    }
    rules.append("], \"default\": {\"target\": {\"team\": \"team-3\"}, \"distribution\": \"roundRobin\"},")
        .append("\"fallbackQueue\": \"unassigned\", \"whenAllAway\": {\"policy\": \"wait\", \"maxWait\": \"PT2H\"}, \"breachStreakLimit\": 3}");

    WorkingCalendar calendar = WorkingCalendar.of(new ObjectMapper().readValue(
        "{\"name\": \"cn-office\", \"zone\": \"Asia/Shanghai\", \"hours\": {\"MON\": [\"09:00-12:00\", \"13:00-18:00\"],"
            + " \"TUE\": [\"09:00-12:00\", \"13:00-18:00\"], \"WED\": [\"09:00-12:00\", \"13:00-18:00\"],"
            + " \"THU\": [\"09:00-12:00\", \"13:00-18:00\"], \"FRI\": [\"09:00-12:00\", \"13:00-18:00\"]}}",
        WorkingCalendar.Spec.class));
    RoutingRuleSet set = RoutingRuleSet.compile(1, rules.toString(), chart, Map.of("cn-office", calendar));
    engine = new RuleEngine(set);
    now = Instant.parse("2026-11-24T03:00:00Z");
    loads = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      loads.put("rep-" + i, new RepWorkload(i % 11 == 0 ? 20 : i % 17, i * 1000L, LocalDate.parse("2026-11-24"), i % 5, i % 13 == 0 ? 3 : 0));
    }
    roster = new Roster(Set.of("rep-42", "rep-99"), Set.of("rep-5"));
    RegionInfo east = RegionResolver.resolve("苏州").orElseThrow();
    // rule-90: region MACROS[90 % 7] = 华南? compute: the late lead is built to match rule 90 exactly
    int late = 90;
    RegionInfo lateRegion = RegionResolver.resolve(MACROS[late % 7]).orElseThrow();
    lateLead = new LeadFacts(SOURCES[late % 5], "normal", INDUSTRIES[late % 10], lateRegion, new Budget(500_000L, 1_000_000L, "CNY", false),
        "50-200万", "某某科技有限公司", List.of("expo"), Map.of("campaign", "c" + late + "-winter"), Map.of("employees", "120"), null);
    defaultLead = new LeadFacts("web-form", "normal", "SaaS", east, null, null, "某某科技", List.of(), Map.of("campaign", "none"), Map.of(), null);
    ownerLead = defaultLead.withPreviousOwner("rep-10");
    // a ledger that already holds every group, as after a day of routing
    FairnessLedger warm = FairnessLedger.EMPTY;
    for (int r = 0; r < 100; r++) {
      RegionInfo region = RegionResolver.resolve(MACROS[r % 7]).orElseThrow();
      LeadFacts lead = new LeadFacts(SOURCES[r % 5], null, INDUSTRIES[r % 10], region, null, null, null, List.of(),
          Map.of("campaign", "c" + r), Map.of(), null);
      warm = engine.decide(lead, roster, loads, warm, now).ledger();
    }
    ledger = warm;
    Decision check = engine.decide(lateLead, roster, loads, ledger, now);
    if (!"rule-90".equals(check.ruleId()) || check.outcome() != Decision.Outcome.ASSIGNED) {
      throw new IllegalStateException("the late lead should be assigned by rule-90: " + check.summary());
    }
    Decision fallback = engine.decide(defaultLead, roster, loads, ledger, now);
    if (!"default".equals(fallback.ruleId())) throw new IllegalStateException("expected the default: " + fallback.summary());
  }

  @Benchmark
  public Decision lateRule() {
    return engine.decide(lateLead, roster, loads, ledger, now);
  }

  @Benchmark
  public Decision defaultRule() {
    return engine.decide(defaultLead, roster, loads, ledger, now);
  }

  @Benchmark
  public Decision returningOwner() {
    return engine.decide(ownerLead, roster, loads, ledger, now);
  }
}
