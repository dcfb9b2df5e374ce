package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionTest {

  private static final LeadFacts LEAD = new LeadFacts("web-form", "high", "SaaS", region("江苏省苏州市工业园区"),
      new Budget(500_000L, 2_000_000L, "CNY", false), "50-200万", "苏州精密制造有限公司", List.of("vip", "expo-2026"),
      Map.of("source", "baidu", "campaign", "Spring-Sale"), Map.of("employees", "250", "plan", "Pro"), null);

  private static Arguments row(Condition c, LeadFacts lead, boolean expected) {
    return Arguments.of(c, lead, expected);
  }

  private static LeadFacts withRegion(RegionInfo r) {
    return new LeadFacts(null, null, null, r, null, null, null, List.of(), Map.of(), Map.of(), null);
  }

  private static LeadFacts withBudget(Long min, Long max, boolean negotiable) {
    return new LeadFacts(null, null, null, null, new Budget(min, max, null, negotiable), null, null, List.of(), Map.of(), Map.of(), null);
  }

  static Stream<Arguments> rows() {
    LeadFacts empty = LeadFacts.of(null, null, null);
    return Stream.of(
        // equals / in: trimmed, case-insensitive; a missing field meets nothing
        row(Condition.of("industry", "equals", List.of("saas")), LEAD, true),
        row(Condition.of("industry", "equals", List.of(" SaaS ")), LEAD, true),
        row(Condition.of("industry", "equals", List.of("K12教育")), LEAD, false),
        row(Condition.of("industry", "in", List.of("K12教育", "SaaS")), LEAD, true),
        row(Condition.of("industry", "in", List.of("K12教育")), empty, false),
        row(Condition.of("source", "equals", List.of("web-form")), LEAD, true),
        row(Condition.of("priority", "in", List.of("high", "urgent")), LEAD, true),
        row(Condition.of("budgetBand", "equals", List.of(">200万")), LEAD, false),
        row(Condition.of("utm.source", "equals", List.of("BAIDU")), LEAD, true),
        row(Condition.of("utm.medium", "equals", List.of("cpc")), LEAD, false),
        row(Condition.of("attributes.plan", "in", List.of("pro", "enterprise")), LEAD, true),
        row(Condition.of("attributes.missing", "equals", List.of("x")), LEAD, false),
        // prefix
        row(Condition.of("company", "prefix", List.of("苏州")), LEAD, true),
        row(Condition.of("company", "prefix", List.of("上海", "苏州精密")), LEAD, true),
        row(Condition.of("company", "prefix", List.of("精密")), LEAD, false),
        row(Condition.of("utm.campaign", "prefix", List.of("spring")), LEAD, true),
        // tags
        row(Condition.of("tags", "tag", List.of("VIP")), LEAD, true),
        row(Condition.of("tags", "tag", List.of("partner", "expo-2026")), LEAD, true),
        row(Condition.of("tags", "in", List.of("partner")), LEAD, false),
        row(Condition.of("tags", "tag", List.of("vip")), empty, false),
        // range on an attribute: bounds included, not a number → no
        row(Condition.range("attributes.employees", 250.0, null), LEAD, true),
        row(Condition.range("attributes.employees", null, 249.0), LEAD, false),
        row(Condition.range("attributes.employees", 100.0, 500.0), LEAD, true),
        row(Condition.range("attributes.plan", 0.0, null), LEAD, false),
        // range on budget: overlap of [min ?: 0, max ?: ∞] with the rule's bounds
        row(Condition.range("budget", 2_000_000.0, null), LEAD, true),
        row(Condition.range("budget", 2_000_001.0, null), LEAD, false),
        row(Condition.range("budget", null, 500_000.0), LEAD, true),
        row(Condition.range("budget", null, 499_999.0), LEAD, false),
        row(Condition.range("budget", 5_000_000.0, null), withBudget(2_000_000L, null, false), true),
        row(Condition.range("budget", null, 100_000.0), withBudget(null, 500_000L, false), true),
        row(Condition.range("budget", 0.0, null), withBudget(null, null, true), false),
        row(Condition.range("budget", 0.0, null), empty, false),
        // region hierarchy
        row(Condition.of("region", "region", List.of("华东")), withRegion(region("上海")), true),
        row(Condition.of("region", "region", List.of("华东")), withRegion(region("江苏")), true),
        row(Condition.of("region", "region", List.of("华东")), withRegion(region("苏州")), true),
        row(Condition.of("region", "region", List.of("华东")), withRegion(region("深圳")), false),
        row(Condition.of("region", "region", List.of("江苏")), withRegion(region("苏州")), true),
        row(Condition.of("region", "region", List.of("江苏省")), withRegion(region("南京")), true),
        row(Condition.of("region", "region", List.of("江苏")), withRegion(region("杭州")), false),
        row(Condition.of("region", "region", List.of("江苏")), withRegion(region("华东")), false),
        row(Condition.of("region", "region", List.of("苏州")), withRegion(region("苏州")), true),
        row(Condition.of("region", "region", List.of("苏州")), withRegion(region("南京")), false),
        row(Condition.of("region", "region", List.of("上海")), withRegion(region("上海市浦东新区")), true),
        row(Condition.of("region", "in", List.of("华南", "华东")), withRegion(region("苏州")), true),
        row(Condition.of("region", "equals", List.of("华东")), withRegion(region("苏州")), true),
        // unknown region matches only a condition that says so; outside the mainland only 境外
        row(Condition.of("region", "region", List.of("华东")), withRegion(RegionInfo.NONE), false),
        row(Condition.of("region", "region", List.of("华东")), withRegion(null), false),
        row(Condition.of("region", "region", List.of("未知")), withRegion(RegionInfo.NONE), true),
        row(Condition.of("region", "region", List.of("unknown")), withRegion(null), true),
        row(Condition.of("region", "region", List.of("未知")), withRegion(region("苏州")), false),
        row(Condition.of("region", "region", List.of("境外")), withRegion(region("香港")), true),
        row(Condition.of("region", "region", List.of("华南")), withRegion(region("香港")), false));
  }

  @ParameterizedTest(name = "[{index}] {0} on {1} → {2}")
  @MethodSource("rows")
  void eachConditionTypeMatchesAsDocumented(Condition condition, LeadFacts lead, boolean expected) {
    assertEquals(expected, condition.test(lead));
  }

  @Test
  void explanationsNameTheLeadValueAndWhatTheRuleWants() {
    LeadFacts k12 = LeadFacts.of("K12教育", region("苏州"), null);

    assertEquals("industry is K12教育, rule wants SaaS", Condition.of("industry", "equals", List.of("SaaS")).explain(k12));
    assertEquals("industry is K12教育, rule wants one of [SaaS, 制造]",
        Condition.of("industry", "in", List.of("SaaS", "制造")).explain(k12));
    assertEquals("region is 苏州市, rule wants 华南", Condition.of("region", "region", List.of("华南")).explain(k12));
    assertEquals("budget is missing, rule wants 500000..…", Condition.range("budget", 500_000.0, null).explain(k12));
    assertEquals("company is missing, rule wants prefix 苏州", Condition.of("company", "prefix", List.of("苏州")).explain(k12));
  }

  @Test
  void conditionsCompareByMeaningForTheReachabilityCheck() {
    assertEquals(Condition.of("industry", "in", List.of("SaaS", "制造")), Condition.of("industry", "in", List.of("制造", "saas")));
    assertEquals(Condition.of("industry", "equals", List.of("SaaS")), Condition.of("industry", "in", List.of("SaaS")));
    assertNotEquals(Condition.of("industry", "prefix", List.of("SaaS")), Condition.of("industry", "in", List.of("SaaS")));
  }
}
