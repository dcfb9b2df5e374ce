package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.CALENDARS;
import static dev.leadrouter.engine.routing.rules.Fixtures.ORG;
import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static dev.leadrouter.engine.routing.rules.Fixtures.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.org.OrgChart;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingRuleSetTest {

  private static final String DOC = json("""
      {'pools': [{'id': 'p', 'members': [{'person': 'wang', 'weight': 50}, {'person': 'zhao', 'weight': 30}, {'person': 'chen', 'weight': 20}]}],
       'default': {'target': {'pool': 'p'}, 'distribution': 'weighted'}, 'fallbackQueue': 'q'}""");
  private static final Instant MORNING = Instant.parse("2026-11-24T03:00:00Z");

  @Test
  void anInvalidDocumentDoesNotCompileAndSaysWhy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RoutingRuleSet.compile(1, json("{'fallbackQueue': 'q'}"), ORG, CALENDARS));

    assertTrue(e.getMessage().contains("/default"), e.getMessage());
  }

  @Test
  void aRepWhoLeftTheOrgChartDropsOutAndTheOthersKeepTheirCounts() {
    RuleEngine before = new RuleEngine(RoutingRuleSet.compile(1, DOC, ORG, CALENDARS));
    FairnessLedger ledger = FairnessLedger.EMPTY;
    for (int i = 0; i < 10; i++) ledger = before.decide(LeadFacts.of(null, region("上海"), null), Roster.EVERYONE_ACTIVE, Map.of(), ledger, MORNING).ledger();
    assertEquals(5, ledger.group("pool:p").members().get("wang").received());

    OrgChart withoutZhao = new OrgChart(ORG.regions(), ORG.teams(),
        ORG.people().stream().filter(p -> !p.id().equals("zhao")).toList());
    RoutingDocument doc = RoutingDocument.parse(DOC, null, null).orThrow();
    RuleEngine after = new RuleEngine(RoutingRuleSet.compile(2, doc, withoutZhao, CALENDARS));
    Decision d = after.decide(LeadFacts.of(null, region("上海"), null), Roster.EVERYONE_ACTIVE, Map.of(), ledger, MORNING);

    assertTrue(d.repId().equals("wang") || d.repId().equals("chen"), d.summary());
    assertEquals(2, d.candidates().size());
    assertEquals(3, d.ledger().group("pool:p").members().get("zhao").received());
    assertTrue(RoutingDocument.parse(DOC, withoutZhao, null).errors().stream()
        .anyMatch(e -> e.field().equals("/pools/0/members/1/person")));
  }
}
