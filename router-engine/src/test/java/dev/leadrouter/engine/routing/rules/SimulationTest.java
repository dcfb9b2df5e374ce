package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.CALENDARS;
import static dev.leadrouter.engine.routing.rules.Fixtures.ORG;
import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static dev.leadrouter.engine.routing.rules.Fixtures.region;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.routing.rules.Simulation.LeadShift;
import dev.leadrouter.engine.routing.rules.Simulation.PastLead;
import dev.leadrouter.engine.routing.rules.Simulation.RepShift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

  /** The draft: SaaS leads in 华东 now go to a pool of 王芳 and 李雷 by rotation; everything else to 陈静. */
  static final RoutingRuleSet DRAFT = RoutingRuleSet.compile(2, json("""
      {'pools': [{'id': 'saas', 'members': ['wang', 'li']}],
       'people': {'chen': {'maxNewPerDay': 2}},
       'rules': [{'id': 'east-saas', 'when': [{'field': 'region', 'op': 'region', 'value': '华东'},
                                               {'field': 'industry', 'op': 'equals', 'value': 'SaaS'}], 'target': {'pool': 'saas'}}],
       'default': {'target': {'rep': 'chen'}}, 'fallbackQueue': 'unassigned'}"""), ORG, CALENDARS);

  static final Instant MORNING = Instant.parse("2026-11-24T02:00:00Z");

  @Test
  void eachLeadIsReplayedInOrderAndEachRepsShiftIsCounted() {
    List<PastLead> past = new ArrayList<>();
    // then: every lead went to 赵敏
    for (int i = 0; i < 4; i++) {
      past.add(new PastLead("saas-" + i, LeadFacts.of("SaaS", region("上海"), null), MORNING.plus(Duration.ofMinutes(i)), "zhao"));
    }
    for (int i = 0; i < 3; i++) {
      past.add(new PastLead("k12-" + i, LeadFacts.of("K12教育", region("深圳"), null), MORNING.plus(Duration.ofMinutes(10 + i)), "zhao"));
    }
    past.add(new PastLead("queued", LeadFacts.of("SaaS", region("杭州"), null), MORNING.plus(Duration.ofMinutes(20)), "queue:unassigned"));
    FairnessLedger live = FairnessLedger.EMPTY;

    Simulation.Result result = Simulation.replay(DRAFT, Roster.EVERYONE_ACTIVE, Map.of(), live, past);

    assertEquals(List.of("wang", "li", "wang", "li", "chen", "chen", "queue:unassigned", "wang"),
        result.leads().stream().map(LeadShift::now).toList());
    LeadShift third = result.leads().get(6);
    assertEquals("default", third.ruleId());
    assertEquals("Sent to queue 'unassigned': rule 'default' had no eligible member of 1 (陈静 hit the daily limit 2/2).", third.summary());
    assertEquals(8, result.changed());
    assertEquals(List.of(
        new RepShift("zhao", "赵敏", 7, 0, -7),
        new RepShift("wang", "王芳", 0, 3, 3),
        new RepShift("chen", "陈静", 0, 2, 2),
        new RepShift("li", "李雷", 0, 2, 2)), result.reps());
    assertEquals(FairnessLedger.EMPTY, live);
  }

  @Test
  void aLeadThatWouldGoTheSameWayIsNotCountedAsChanged() {
    List<PastLead> past = List.of(
        new PastLead("a", LeadFacts.of("SaaS", region("上海"), null), MORNING, "wang"),
        new PastLead("b", LeadFacts.of("SaaS", region("上海"), null), MORNING.plusSeconds(60), "wang"));

    Simulation.Result result = Simulation.replay(DRAFT, Roster.EVERYONE_ACTIVE, Map.of(), FairnessLedger.EMPTY, past);

    assertEquals(List.of(false, true), result.leads().stream().map(LeadShift::changed).toList());
    assertEquals(1, result.changed());
    assertEquals(List.of(new RepShift("li", "李雷", 0, 1, 1), new RepShift("wang", "王芳", 2, 1, -1)), result.reps());
  }
}
