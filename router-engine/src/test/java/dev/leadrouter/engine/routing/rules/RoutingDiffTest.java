package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.routing.rules.RoutingDiff.Change;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingDiffTest {

  private static final String A = json("""
      {'pools': [{'id': 'saas', 'members': ['wang', 'li']}],
       'rules': [{'id': 'east', 'when': [{'field': 'region', 'op': 'region', 'value': '华东'}], 'target': {'team': 'team-east'}},
                 {'id': 'south', 'when': [{'field': 'region', 'op': 'region', 'value': '华南'}], 'target': {'team': 'team-south'}}],
       'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'unassigned', 'breachStreakLimit': 3}""");

  private static List<String> summary(List<Change> changes) {
    return changes.stream().map(c -> c.op() + " " + c.path() + (c.from() == null ? "" : " from " + c.from())).toList();
  }

  @Test
  void identicalDocumentsHaveNoChanges() {
    assertEquals(List.of(), RoutingDiff.between(A, A));
  }

  @Test
  void valuesAndFieldsAreReportedByPointer() {
    String b = A.replace("\"unassigned\"", "\"triage\"").replace(", \"breachStreakLimit\": 3", "")
        .replace("'wang', 'li'".replace('\'', '"'), "\"wang\", \"li\", \"zhao\"")
        .replace("\"fallbackQueue\"", "\"whenAllAway\": {\"policy\": \"fallback\"}, \"fallbackQueue\"");

    List<Change> changes = RoutingDiff.between(A, b);

    assertEquals(List.of("added /pools/0/members/2", "changed /fallbackQueue", "removed /breachStreakLimit", "added /whenAllAway"),
        summary(changes));
    Change queue = changes.get(1);
    assertEquals("unassigned", queue.before().asText());
    assertEquals("triage", queue.after().asText());
  }

  @Test
  void rulesAreMatchedByIdSoAnInsertedRuleIsOneAdditionNotEveryRuleChanged() {
    String vip = "{\"id\": \"vip\", \"when\": [{\"field\": \"tags\", \"op\": \"tag\", \"value\": \"vip\"}], \"target\": {\"rep\": \"chen\"}}, ";
    String b = A.replace("\"rules\": [", "\"rules\": [" + vip).replace("\"value\": \"华南\"", "\"value\": [\"华南\", \"西南\"]");

    assertEquals(List.of("added /rules/0", "moved /rules/1 from /rules/0", "moved /rules/2 from /rules/1",
        "changed /rules/2/when/0/value"), summary(RoutingDiff.between(A, b)));
  }

  @Test
  void aRemovedRuleIsNamedByItsOldPlace() {
    String b = A.replaceAll("\\{\"id\": \"east\".*?\\}\\},\\s*", "");

    assertEquals(List.of("removed /rules/0", "moved /rules/0 from /rules/1"), summary(RoutingDiff.between(A, b)));
  }
}
