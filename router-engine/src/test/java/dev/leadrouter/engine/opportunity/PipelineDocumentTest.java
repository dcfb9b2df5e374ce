package dev.leadrouter.engine.opportunity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pipelines document: every mistake named by its JSON Pointer; a valid one compiles. */
class PipelineDocumentTest {

  private static final String STAGES = "[{'id': 'open'}, {'id': 'won', 'final': true}]";

  private static List<FieldError> errors(String pipelines) {
    return Pipelines.errors(("{'pipelines': [" + pipelines + "]}").replace('\'', '"'), Set.of("office"));
  }

  /** The default pipeline next to one bad pipeline: the pointer and a fragment of the message. */
  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "{'id': 'default', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}                    | /pipelines/1/id | duplicate pipeline id",
      "{'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}                                      | /pipelines/1/id | required",
      "{'id': 'x', 'idleAfter': 'two days', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}  | /pipelines/1/idleAfter | ISO-8601",
      "{'id': 'x', 'idleAfter': 'PT0S', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}      | /pipelines/1/idleAfter | positive",
      "{'id': 'x', 'snoozeLimit': '-P1D', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}    | /pipelines/1/snoozeLimit | positive",
      "{'id': 'x', 'clock': 'lunar', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]}         | /pipelines/1/clock | unknown clock",
      "{'id': 'x', 'clock': 'calendar:home', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]} | /pipelines/1/clock | unknown calendar 'home'",
      "{'id': 'x', 'validActions': ['visit', 'note'], 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]} | /pipelines/1/validActions/1 | never counts",
      "{'id': 'x', 'validActions': ['visit', 'visit'], 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}]} | /pipelines/1/validActions/1 | duplicate",
      "{'id': 'x', 'stages': [{'id': 'z', 'final': true}, {'id': 'a'}]}                           | /pipelines/1/stages/0/final | first stage cannot be final",
      "{'id': 'x', 'stages': [{'id': 'z', 'final': true}]}                                        | /pipelines/1/stages | not final is required",
      "{'id': 'x', 'stages': [{'id': 'a'}]}                                                        | /pipelines/1/stages | final stage",
      "{'id': 'x', 'stages': [{'id': 'a'}, {'id': 'a'}, {'id': 'z', 'final': true}]}              | /pipelines/1/stages/1/id | duplicate stage id",
      "{'id': 'x', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true}, {'id': 'b'}]}              | /pipelines/1/stages/2 | final stages come last",
      "{'id': 'x', 'stages': [{'id': 'a'}, {'id': 'b', 'entry': [{'action': 'lunch', 'evidence': 'photo'}]}, {'id': 'z', 'final': true}]} | /pipelines/1/stages/1/entry/0/action | not one of this pipeline's validActions",
      "{'id': 'x', 'stages': [{'id': 'a'}, {'id': 'b', 'entry': [{'action': 'site_visit'}]}, {'id': 'z', 'final': true}]} | /pipelines/1/stages/1/entry/0/evidence | required",
      "{'id': 'x', 'stages': [{'id': 'a', 'silentRepeat': 'P1D'}, {'id': 'z', 'final': true}]}     | /pipelines/1/stages/0/silentRepeat | needs a silentPeriod",
      "{'id': 'x', 'stages': [{'id': 'a', 'silentPeriod': 'soon'}, {'id': 'z', 'final': true}]}    | /pipelines/1/stages/0/silentPeriod | ISO-8601",
      "{'id': 'x', 'stages': [{'id': 'a'}, {'id': 'z', 'final': true, 'exitChecklist': ['x']}]}   | /pipelines/1/stages/1/exitChecklist | nothing leaves",
      "{'id': 'x', 'stages': [{'id': 'a', 'exitChecklist': ['x', 'x']}, {'id': 'z', 'final': true}]} | /pipelines/1/stages/0/exitChecklist/1 | duplicate",
  })
  void eachMistakeIsNamedByItsPointer(String pipeline, String pointer, String message) {
    List<FieldError> errors = errors("{'id': 'default', 'stages': " + STAGES + "}, " + pipeline);

    assertTrue(errors.stream().anyMatch(e -> e.field().equals(pointer) && e.message().contains(message)),
        () -> "expected " + pointer + " ~ " + message + " in " + errors);
  }

  @Test
  void aDocumentWithoutTheDefaultPipelineIsRefused() {
    assertEquals(List.of(new FieldError("/pipelines",
            "a pipeline with id 'default' is required (conversions without a pipeline use it)")),
        errors("{'id': 'other', 'stages': " + STAGES + "}"));
  }

  @Test
  void jsonThatDoesNotReadIsOneErrorAtTheRoot() {
    assertEquals("", Pipelines.errors("{\"pipelines\": [", Set.of()).get(0).field());
  }

  @Test
  void aCalendarClockNamingAnSlaCalendarIsValid() {
    assertEquals(List.of(), errors("{'id': 'default', 'clock': 'calendar:office', 'stages': " + STAGES + "}"));
  }

  @Test
  void absentFieldsTakeTheDefaults() {
    Pipeline p = Pipelines.parse(("{'pipelines': [{'id': 'default', 'stages': " + STAGES + "}]}").replace('\'', '"'))
        .compile(3, Set.of()).pipelineOrDefault("default");

    assertEquals(new Pipeline("default", true, Duration.ofHours(48), "wall", Duration.ofDays(7),
        PipelineDocument.DEFAULT_VALID_ACTIONS, List.of(
            new Pipeline.Stage("open", false, List.of(), List.of(), null, null, false),
            new Pipeline.Stage("won", true, List.of(), List.of(), null, null, false))), p);
  }

  @Test
  void theBuiltInDocumentCompilesToTheStagesOfTheIssue() {
    PipelineSet set = Pipelines.compile(1, Pipelines.builtIn());
    Pipeline p = set.pipelineOrDefault(null);

    assertEquals(List.of("qualification", "solution_demo", "quote", "negotiation", "won", "lost"),
        p.stages().stream().map(Pipeline.Stage::id).toList());
    assertEquals(new Pipeline.EntryEvidence("contract_signed", "e_signature", List.of("signed", "completed")),
        p.stage("won").orElseThrow().entry().get(0));
    assertEquals(Duration.ofDays(1), p.stage("solution_demo").orElseThrow().silentRepeat());
    assertTrue(p.stage("lost").orElseThrow().reasonRequired());
  }
}
