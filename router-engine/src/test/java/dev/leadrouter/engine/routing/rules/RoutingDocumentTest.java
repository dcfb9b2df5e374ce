package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.ORG;
import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutingDocumentTest {

  private static final String POOLS = "'pools': [{'id': 'saas', 'members': [{'person': 'wang', 'weight': 60}, {'person': 'li', 'weight': 40}]},"
      + " {'id': 'east', 'members': ['wang', 'li', 'zhao']}]";
  private static final String GOOD_RULE = "{'id': 'east-saas', 'when': [{'field': 'industry', 'op': 'equals', 'value': 'SaaS'}],"
      + " 'target': {'pool': 'saas'}, 'distribution': 'weighted'}";
  private static final String DEFAULT = "'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'unassigned'";

  static RoutingDocument.Parsed parse(String singleQuoted) {
    return RoutingDocument.parse(json(singleQuoted), ORG, Set.of("cn-office", "ny"));
  }

  /** A document with the good rule first and {@code rule} second. */
  static List<FieldError> errorsWithRule(String rule) {
    return parse("{" + POOLS + ", 'rules': [" + GOOD_RULE + ", " + rule + "], " + DEFAULT + "}").errors();
  }

  @Test
  void aCompleteDocumentParses() {
    RoutingDocument doc = parse("{" + POOLS + ", 'people': {'wang': {'maxNewPerDay': 15, 'calendar': 'ny',"
        + " 'absences': [{'from': '2026-12-01', 'to': '2026-12-03', 'reason': 'vacation'}]}},"
        + " 'rules': [" + GOOD_RULE + "], " + DEFAULT + ", 'whenAllAway': {'policy': 'wait', 'maxWait': 'PT2H'},"
        + " 'breachStreakLimit': 3}").orThrow();

    assertEquals(1, doc.rules().size());
    assertEquals("default", doc.defaultRule().id());
    assertEquals(Duration.ofHours(2), doc.whenAllAway().maxWait());
    assertEquals(15, doc.people().get("wang").maxNewPerDay());
    assertEquals(3, doc.breachStreakLimit());
    assertTrue(doc.existingOwnerFirst());
  }

  /** One bad second rule: the pointer and a fragment of the message. */
  @ParameterizedTest(name = "[{index}] {1} ~ {2}")
  @CsvSource(delimiter = '|', value = {
      "{'id': 'x', 'target': {'team': 'team-east'}, 'colour': 'red'}                                   | /rules/1/colour | unknown field 'colour'",
      "{'id': 'east-saas', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/id | duplicate rule id",
      "{'id': 'default', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/id | id of the default rule",
      "{'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}}   | /rules/1/id | id is required",
      "{'id': 'x', 'when': [{'field': 'colour', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/field | unknown field 'colour'",
      "{'id': 'x', 'when': [{'field': 'utm.keyword', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/field | unknown field",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'like', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/op | unknown operator 'like'",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a', 'not': true}], 'target': {'team': 'team-east'}} | /rules/1/when/0/not | unknown field",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals'}], 'target': {'team': 'team-east'}}      | /rules/1/when/0/value | required",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': ['a']}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value | use in for a list",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'in', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value | in takes a list",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'in', 'value': []}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value | at least one",
      "{'id': 'x', 'when': [{'field': 'priority', 'op': 'in', 'value': ['high', 'vip']}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value/1 | unknown priority 'vip'",
      "{'id': 'x', 'when': [{'field': 'budgetBand', 'op': 'equals', 'value': 'lots'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value | unknown budget band",
      "{'id': 'x', 'when': [{'field': 'region', 'op': 'region', 'value': ['华东', 'Atlantis']}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value/1 | unknown region 'Atlantis'",
      "{'id': 'x', 'when': [{'field': 'budget', 'op': 'range', 'value': {'min': 5, 'max': 1}}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value/max | not be below min",
      "{'id': 'x', 'when': [{'field': 'budget', 'op': 'range', 'value': {}}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value | give min, max or both",
      "{'id': 'x', 'when': [{'field': 'budget', 'op': 'range', 'value': {'min': 'lots'}}], 'target': {'team': 'team-east'}} | /rules/1/when/0/value/min | must be a number",
      "{'id': 'x', 'when': [{'field': 'budget', 'op': 'equals', 'value': '5'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/op | use range",
      "{'id': 'x', 'when': [{'field': 'industry', 'op': 'range', 'value': {'min': 1}}], 'target': {'team': 'team-east'}} | /rules/1/when/0/op | range applies to budget",
      "{'id': 'x', 'when': [{'field': 'industry', 'op': 'tag', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/op | tag applies to tags only",
      "{'id': 'x', 'when': [{'field': 'industry', 'op': 'region', 'value': '华东'}], 'target': {'team': 'team-east'}} | /rules/1/when/0/op | region field only",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}]}                           | /rules/1/target | target is required",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east', 'rep': 'wang'}} | /rules/1/target | exactly one",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-west'}} | /rules/1/target/team | unknown team 'team-west'",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-empty'}} | /rules/1/target/team | has no reps",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'pool': 'vip'}} | /rules/1/target/pool | unknown pool 'vip'",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'rep': 'nobody'}} | /rules/1/target/rep | unknown person 'nobody'",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'rep': 'mgr'}} | /rules/1/target/rep | not a rep",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'existingOwner': false}} | /rules/1/target/existingOwner | takes true",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east', 'matchTags': ['colour']}} | /rules/1/target/matchTags/0 | unknown tag kind",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}, 'distribution': 'random'} | /rules/1/distribution | unknown distribution 'random'",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}, 'distribution': 'weighted'} | /rules/1/distribution | needs a pool target",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'pool': 'east'}, 'distribution': 'weighted'} | /rules/1/distribution | no member weights",
      "{'id': 'x', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}, 'fallThrough': 'yes'} | /rules/1/fallThrough | true or false",
      "{'id': 'x', 'when': [{'field': 'industry', 'op': 'in', 'value': ['saas']}], 'target': {'team': 'team-east'}} | /rules/1/when | same conditions as /rules/0",
      "{'id': 'x', 'when': [{'field': 'industry', 'op': 'equals', 'value': 'SaaS'}, {'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-east'}} | /rules/1/when | subset of these conditions",
  })
  void eachMistakeInARuleIsNamedByItsPointer(String rule, String pointer, String message) {
    List<FieldError> errors = errorsWithRule(rule.replace('\'', '"'));

    assertTrue(errors.stream().anyMatch(e -> e.field().equals(pointer) && e.message().contains(message)),
        () -> "expected " + pointer + " ~ " + message + " in " + errors);
  }

  /** Mistakes outside the rules, each in a whole document. */
  @ParameterizedTest(name = "[{index}] {1} ~ {2}")
  @CsvSource(delimiter = '|', value = {
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'owner': 'me'} | /owner | unknown field 'owner'",
      "{'rules': [], 'fallbackQueue': 'q'}                                                              | /default | default rule is required",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}}                                       | /fallbackQueue | required",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}, 'when': []}, 'fallbackQueue': 'q'}    | /default/when | unknown field 'when'",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'zone': 'Mars/Base'} | /zone | unknown time zone",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'breachStreakLimit': 0} | /breachStreakLimit | positive whole number",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'whenAllAway': {'policy': 'pray'}} | /whenAllAway/policy | unknown policy",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'whenAllAway': {'policy': 'wait'}} | /whenAllAway/maxWait | required",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'whenAllAway': {'policy': 'wait', 'maxWait': '2 hours'}} | /whenAllAway/maxWait | ISO-8601",
      "{'rules': [], 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'whenAllAway': {'policy': 'fallback', 'maxWait': 'PT1H'}} | /whenAllAway/maxWait | only the wait policy",
      "{'pools': [{'id': 'p', 'members': []}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members | empty pool",
      "{'pools': [{'id': 'p', 'members': ['wang']}, {'id': 'p', 'members': ['li']}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/1/id | duplicate pool id",
      "{'pools': [{'id': 'p', 'members': ['wang', 'ghost']}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members/1 | unknown person 'ghost'",
      "{'pools': [{'id': 'p', 'members': ['wang', 'wang']}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members/1 | in the pool twice",
      "{'pools': [{'id': 'p', 'members': [{'person': 'mgr'}]}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members/0/person | not a rep",
      "{'pools': [{'id': 'p', 'members': [{'person': 'wang', 'weight': 60}, {'person': 'li', 'weight': 30}]}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members | sum to 100, not 90",
      "{'pools': [{'id': 'p', 'members': [{'person': 'wang', 'weight': 60}, 'li']}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members | every member or to none",
      "{'pools': [{'id': 'p', 'members': [{'person': 'wang', 'weight': 0}]}], 'default': {'target': {'pool': 'p'}}, 'fallbackQueue': 'q'} | /pools/0/members/0/weight | from 1 to 100",
      "{'people': {'ghost': {}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'}     | /people/ghost | unknown person 'ghost'",
      "{'people': {'wang': {'calendar': 'mars'}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/calendar | unknown calendar 'mars'",
      "{'people': {'wang': {'maxNewPerDay': -1}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/maxNewPerDay | positive whole number",
      "{'people': {'wang': {'absences': [{'from': '2026-12-05', 'to': '2026-12-01'}]}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/absences/0/to | after from",
      "{'people': {'wang': {'absences': [{'from': 'soon', 'to': '2026-12-01'}]}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/absences/0/from | bad date",
      "{'people': {'wang': {'absences': [{'from': '2026-12-01', 'to': '2026-12-01', 'why': 'x'}]}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/absences/0/why | unknown field",
      "{'people': {'wang': {'vacation': true}}, 'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q'} | /people/wang/vacation | unknown field",
  })
  void eachMistakeInTheDocumentIsNamedByItsPointer(String doc, String pointer, String message) {
    List<FieldError> errors = parse(doc).errors();

    assertTrue(errors.stream().anyMatch(e -> e.field().equals(pointer) && e.message().contains(message)),
        () -> "expected " + pointer + " ~ " + message + " in " + errors);
  }

  @Test
  void aRuleAfterOneWithoutConditionsIsUnreachableUnlessThatOneFallsThrough() {
    String catchAll = "{'id': 'all', 'target': {'team': 'team-east'}}";
    String later = "{'id': 'later', 'when': [{'field': 'source', 'op': 'equals', 'value': 'a'}], 'target': {'team': 'team-south'}}";

    List<FieldError> errors = parse("{'rules': [" + catchAll + ", " + later + "], " + DEFAULT + "}").errors();
    assertEquals(List.of("/rules/1"), errors.stream().map(FieldError::field).toList());
    assertTrue(errors.get(0).message().contains("no conditions"), errors::toString);

    String fallingThrough = "{'id': 'all', 'target': {'team': 'team-east'}, 'fallThrough': true}";
    assertEquals(List.of(), parse("{'rules': [" + fallingThrough + ", " + later + "], " + DEFAULT + "}").errors());
  }

  @Test
  void everyErrorIsReportedNotJustTheFirst() {
    List<FieldError> errors = parse("{'rules': [{'id': 'a', 'when': [{'field': 'x', 'op': 'y'}], 'target': {}}], 'extra': 1}").errors();

    assertEquals(List.of("/extra", "/rules/0/when/0/field", "/rules/0/when/0/op", "/rules/0/target", "/default", "/fallbackQueue"),
        errors.stream().map(FieldError::field).toList());
  }

  @Test
  void withoutAnOrgChartReferencesAreNotChecked() {
    RoutingDocument.Parsed parsed = RoutingDocument.parse(json("{'default': {'target': {'team': 'anything'}}, 'fallbackQueue': 'q'}"), null, null);

    assertEquals(List.of(), parsed.errors());
  }

  @Test
  void badJsonIsOneErrorAtTheRoot() {
    List<FieldError> errors = RoutingDocument.parse("{not json", ORG, null).errors();

    assertEquals(1, errors.size());
    assertEquals("", errors.get(0).field());
  }
}
