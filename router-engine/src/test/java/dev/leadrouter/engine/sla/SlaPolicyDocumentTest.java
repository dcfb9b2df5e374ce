package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.vocab.SlaAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SlaPolicyDocumentTest {

  private static final String CALENDAR = """
      {"name": "office", "zone": "Asia/Shanghai", "hours": {"MON": ["09:00-18:00"], "FRI": ["09:00-18:00"]}}""";

  private static SlaPolicyDocument doc(String policies) {
    return SlaPolicies.parse("{\"calendars\": [" + CALENDAR + "], \"policies\": [" + policies + "]}");
  }

  private static final String DEFAULT = "{\"name\": \"standard\", \"steps\": [{\"after\": \"15m\", \"action\": \"remind\"}]}";

  /** One bad policy (next to a valid default): the pointer and a fragment of the message. */
  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "{'name': '', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind'}]}                 | /policies/1/name | required",
      "{'name': 'standard', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind'}]}         | /policies/1/name | duplicate policy name",
      "{'name': 'x', 'match': {'priority': 'vip'}, 'steps': [{'after': '1m', 'action': 'remind'}]}          | /policies/1/match/priority | unknown priority",
      "{'name': 'x', 'steps': [{'after': '1m', 'action': 'remind'}]}                                        | /policies/1/match | same match as /policies/0",
      "{'name': 'x', 'match': {'team': 't'}, 'clock': 'lunar', 'steps': [{'after': '1m', 'action': 'remind'}]} | /policies/1/clock | unknown clock",
      "{'name': 'x', 'match': {'team': 't'}, 'clock': 'business', 'steps': [{'after': '1m', 'action': 'remind'}]} | /policies/1/calendar | needs a calendar",
      "{'name': 'x', 'match': {'team': 't'}, 'clock': 'business', 'calendar': 'home', 'steps': [{'after': '1m', 'action': 'remind'}]} | /policies/1/calendar | unknown calendar",
      "{'name': 'x', 'match': {'team': 't'}, 'calendar': 'office', 'steps': [{'after': '1m', 'action': 'remind'}]} | /policies/1/calendar | only a business clock",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': []}                                                   | /policies/1/steps | at least one step",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': 'soon', 'action': 'remind'}]}              | /policies/1/steps/0/after | positive duration",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '0s', 'action': 'remind'}]}                | /policies/1/steps/0/after | positive duration",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '5m', 'action': 'remind'}, {'after': '2m', 'action': 'remind'}]} | /policies/1/steps/1/after | in order of time",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m'}]}                                    | /policies/1/steps/0/action | required",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'call-mum'}]}              | /policies/1/steps/0/action | unknown action",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind', 'until': 'won'}]} | /policies/1/steps/0/until | unknown condition",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'escalate-role'}]}         | /policies/1/steps/0/role | needs the role",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'copy'}]}                  | /policies/1/steps/0/person | needs the id",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind', 'role': 'ceo'}]} | /policies/1/steps/0/role | only escalate-role",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind', 'person': 'p'}]} | /policies/1/steps/0/person | only copy",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind', 'channels': ['pager']}]} | /policies/1/steps/0/channels/0 | unknown channel",
      "{'name': 'x', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'reassign'}, {'after': '2m', 'action': 'remind'}]} | /policies/1/steps/1 | unreachable",
      "{'name': 'ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp', 'match': {'team': 't'}, 'steps': [{'after': '1m', 'action': 'remind'}]} | /policies/1/name | at most 64 characters",
  })
  void eachMistakeIsNamedByItsPointer(String policy, String pointer, String message) {
    List<FieldError> errors = doc(DEFAULT + ", " + policy.replace('\'', '"')).validate();

    assertTrue(errors.stream().anyMatch(e -> e.field().equals(pointer) && e.message().contains(message)),
        () -> "expected " + pointer + " ~ " + message + " in " + errors);
  }

  @Test
  void aDocumentWithoutADefaultPolicyOrWithABadShareIsRefused() {
    SlaPolicyDocument noDefault = SlaPolicies.parse("{\"atRiskShare\": 1.5, \"policies\": [{\"name\": \"x\","
        + " \"match\": {\"team\": \"t\"}, \"steps\": [{\"after\": \"1m\", \"action\": \"remind\"}]}]}");

    List<String> fields = noDefault.validate().stream().map(FieldError::field).toList();
    assertEquals(List.of("/atRiskShare", "/policies"), fields);
    assertEquals("/policies", SlaPolicies.parse("{}").validate().get(0).field());
    assertThrows(IllegalArgumentException.class, () -> noDefault.compile(1));
  }

  @Test
  void aCalendarMistakeIsNamedUnderItsIndex() {
    SlaPolicyDocument bad = SlaPolicies.parse("{\"calendars\": [{\"name\": \"x\", \"zone\": \"Mars/Base\","
        + " \"hours\": {\"MON\": [\"09:00-18:00\"]}}], \"policies\": [" + DEFAULT + "]}");

    assertEquals(List.of("/calendars/0/zone"), bad.validate().stream().map(FieldError::field).toList());
  }

  @Test
  void theMostSpecificMatchingPolicyWinsAndTheFirstBreaksATie() {
    SlaPolicySet set = doc(DEFAULT + """
        , {"name": "urgent", "match": {"priority": "urgent"}, "steps": [{"after": "5m", "action": "remind"}]}
        , {"name": "east", "match": {"region": "华东"}, "steps": [{"after": "5m", "action": "remind"}]}
        , {"name": "urgent-east", "match": {"priority": "urgent", "region": "华东"}, "steps": [{"after": "1m", "action": "remind"}]}
        , {"name": "team", "match": {"team": "t1"}, "steps": [{"after": "1m", "action": "remind"}]}
        """).compile(7);

    assertEquals("standard", set.select("normal", "华南", "t2").name());
    assertEquals("urgent", set.select("urgent", "华南", null).name());
    assertEquals("urgent-east", set.select("urgent", "华东", "t1").name());
    assertEquals("east", set.select("normal", "华东", "t1").name(), "region and team tie: the first wins");
    assertEquals("team", set.select("normal", "华南", "t1").name());
    assertEquals(7, set.version());
    assertEquals(SlaPolicyDocument.DEFAULT_AT_RISK_SHARE, set.atRiskShare());
  }

  @Test
  void compiledStepsCarryTheirConditionTargetChannelsAndCountedTime() {
    SlaPolicy policy = doc("""
        {"name": "p", "clock": "business", "calendar": "office", "steps": [
          {"after": "PT15M", "action": "escalate-role", "role": "director", "channels": ["voice"]},
          {"after": "2h", "action": "copy", "person": "ops-1", "until": "contacted"}]}""").compile(1).policy("p");

    assertEquals(List.of(
        new SlaStep(0, SlaAction.ESCALATE_ROLE, SlaStep.ACKNOWLEDGED, "director", List.of("voice"), 900_000),
        new SlaStep(1, SlaAction.COPY, SlaStep.CONTACTED, "ops-1", List.of(), 7_200_000)), policy.steps());
    assertTrue(policy.business());
  }

  @Test
  void theRepsOwnCalendarWinsOverThePolicysAndAnUnknownOneFallsBack() {
    SlaPolicySet set = SlaPolicies.parse("{\"calendars\": [" + CALENDAR + ", "
        + CALENDAR.replace("office", "night").replace("09:00-18:00", "20:00-24:00") + "], \"policies\": ["
        + "{\"name\": \"p\", \"clock\": \"business\", \"calendar\": \"office\", \"steps\": [{\"after\": \"1m\", \"action\": \"remind\"}]}]}")
        .compile(1);
    SlaPolicy p = set.policy("p");

    assertEquals("calendar:night", set.clockFor(p, "night").name());
    assertEquals("calendar:office", set.clockFor(p, "no-such-calendar").name());
    assertEquals("calendar:office", set.clockFor(p, null).name());
    assertEquals(set.clockFor(p, "night").clock(), set.clockNamed("calendar:night").clock());
    assertEquals(SlaPolicySet.NamedClock.WALL, set.clockNamed("calendar:removed"));
    // Friday 2026-11-27 23:00 Shanghai on the office calendar: +15 min is Monday 09:15.
    assertEquals(Instant.parse("2026-11-30T01:15:00Z"),
        set.clockFor(p, null).clock().plus(Instant.parse("2026-11-27T15:00:00Z"), Duration.ofMinutes(15)));
  }

  @ParameterizedTest
  @CsvSource({"15m, PT15M", "2h, PT2H", "1d, PT24H", "90s, PT1M30S", "PT15M, PT15M", "'2 hours', PT2H", "500ms, PT0.5S"})
  void durationsParseInEitherSpelling(String text, Duration expected) {
    assertEquals(Optional.of(expected), SlaPolicyDocument.parseDuration(text));
  }

  @ParameterizedTest
  @CsvSource({"soon", "'15m\" }'", "-5m", "P", "''"})
  void nonsenseIsNoDuration(String text) {
    assertEquals(Optional.empty(), SlaPolicyDocument.parseDuration(text));
  }
}
