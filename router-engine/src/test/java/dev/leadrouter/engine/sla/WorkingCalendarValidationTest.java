package dev.leadrouter.engine.sla;

import static dev.leadrouter.engine.sla.Calendars.at;
import static dev.leadrouter.engine.sla.Calendars.spec;
import static dev.leadrouter.engine.sla.Calendars.withHours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkingCalendarValidationTest {

  private static final String AT = "/calendars/0";

  private static final String EXAMPLE = """
      {"name":"cn-office","zone":"Asia/Shanghai","hours":{"MON":["09:00-12:00","13:00-18:00"],"TUE":["09:00-18:00"]},
       "holidays":["2026-10-01"],"workdays":["2026-09-27"]}
      """;

  @Test
  void theExampleFromTheDocsIsValidAndWorksAsWritten() {
    assertEquals(List.of(), WorkingCalendar.validate(spec(EXAMPLE), AT));

    WorkingCalendar calendar = WorkingCalendar.of(spec(EXAMPLE));
    assertEquals("cn-office", calendar.name());
    assertEquals(Duration.ofHours(8), calendar.between(at(calendar, "2026-09-27T00:00"), at(calendar, "2026-09-28T00:00")));
    assertEquals(Duration.ofHours(8 + 9), calendar.between(at(calendar, "2026-09-28T00:00"), at(calendar, "2026-10-05T00:00")));
  }

  @ParameterizedTest(name = "[{index}] {0} → {2} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      blank name            | {"name":" ","zone":"Asia/Shanghai","hours":{"MON":["09:00-18:00"]}} | /name | name is required
      no name               | {"zone":"Asia/Shanghai","hours":{"MON":["09:00-18:00"]}}            | /name | name is required
      misspelt zone         | {"name":"x","zone":"Asia/Shangai","hours":{"MON":["09:00-18:00"]}}  | /zone | unknown time zone 'Asia/Shangai'
      offset out of range   | {"name":"x","zone":"+25:00","hours":{"MON":["09:00-18:00"]}}        | /zone | unknown time zone '+25:00'
      no zone               | {"name":"x","hours":{"MON":["09:00-18:00"]}}                        | /zone | zone is required
      unknown day           | {"name":"x","zone":"UTC","hours":{"MONDAY":["09:00-18:00"]}}        | /hours/MONDAY | unknown day 'MONDAY'
      day key with a slash  | {"name":"x","zone":"UTC","hours":{"MON/TUE":["09:00-18:00"]}}       | /hours/MON~1TUE | unknown day
      day key with a tilde  | {"name":"x","zone":"UTC","hours":{"~MON":["09:00-18:00"]}}          | /hours/~0MON | unknown day
      a day given twice     | {"name":"x","zone":"UTC","hours":{"MON":["09:00-12:00"],"mon":["13:00-18:00"]}} | /hours/mon | given twice
      end before start      | {"name":"x","zone":"UTC","hours":{"MON":["18:00-09:00"]}}           | /hours/MON/0 | block end must be after its start
      end equal to start    | {"name":"x","zone":"UTC","hours":{"MON":["09:00-09:00"]}}           | /hours/MON/0 | block end must be after its start
      end written 00:00     | {"name":"x","zone":"UTC","hours":{"MON":["20:00-00:00"]}}           | /hours/MON/0 | write 24:00
      not a block           | {"name":"x","zone":"UTC","hours":{"MON":["9am-6pm"]}}               | /hours/MON/0 | block must look like 09:00-18:00
      three times           | {"name":"x","zone":"UTC","hours":{"MON":["09:00-12:00-18:00"]}}     | /hours/MON/0 | block must look like 09:00-18:00
      no such hour          | {"name":"x","zone":"UTC","hours":{"MON":["09:00-25:00"]}}           | /hours/MON/0 | no such time '25:00'
      no such minute        | {"name":"x","zone":"UTC","hours":{"MON":["09:60-10:00"]}}           | /hours/MON/0 | no such time '09:60'
      24:00 as a start      | {"name":"x","zone":"UTC","hours":{"MON":["24:00-24:00"]}}           | /hours/MON/0 | no such time '24:00'
      a null block          | {"name":"x","zone":"UTC","hours":{"MON":["09:00-12:00",null]}}      | /hours/MON/1 | block must look like
      overlapping blocks    | {"name":"x","zone":"UTC","hours":{"MON":["09:00-12:00","11:00-18:00"]}} | /hours/MON/1 | overlaps '09:00-12:00'
      overlap, listed later | {"name":"x","zone":"UTC","hours":{"MON":["13:00-18:00","09:00-14:00"]}} | /hours/MON/1 | overlaps '13:00-18:00'
      a block inside one    | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00","12:00-13:00"]}} | /hours/MON/1 | overlaps '09:00-18:00'
      overlap with 24:00    | {"name":"x","zone":"UTC","hours":{"MON":["20:00-24:00","23:00-23:30"]}} | /hours/MON/1 | overlaps '20:00-24:00'
      the same block twice  | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00","09:00-18:00"]}} | /hours/MON/1 | overlaps
      a day of null         | {"name":"x","zone":"UTC","hours":{"MON":null,"TUE":["09:00-18:00"]}} | /hours/MON | blocks are required
      empty hours           | {"name":"x","zone":"UTC","hours":{}}                                | /hours | no working time
      no hours              | {"name":"x","zone":"UTC"}                                           | /hours | no working time
      only days off         | {"name":"x","zone":"UTC","hours":{"SAT":[],"SUN":[]}}               | /hours | no working time
      bad holiday           | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00"]},"holidays":["2026-13-01"]} | /holidays/0 | bad date '2026-13-01'
      holiday with slashes  | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00"]},"holidays":["2026-10-01","2026/10/02"]} | /holidays/1 | bad date '2026/10/02'
      null holiday          | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00"]},"holidays":[null]} | /holidays/0 | bad date 'null'
      bad workday           | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00"]},"workdays":["2026-02-30"]} | /workdays/0 | bad date '2026-02-30'
      holiday and workday   | {"name":"x","zone":"UTC","hours":{"MON":["09:00-18:00"]},"holidays":["2026-10-01"],"workdays":["2026-10-01"]} | /workdays/0 | 2026-10-01 is also a holiday
      workday, no Monday    | {"name":"x","zone":"UTC","hours":{"TUE":["09:00-18:00"]},"workdays":["2026-09-27"]} | /workdays/0 | Monday's hours
      """)
  void eachFaultNamesItsJsonPointer(String fault, String json, String field, String fragment) {
    List<FieldError> errors = WorkingCalendar.validate(spec(json), AT);

    assertEquals(List.of(AT + field), errors.stream().map(FieldError::field).toList(), errors.toString());
    assertTrue(errors.get(0).message().contains(fragment), errors.toString());
    assertThrows(IllegalArgumentException.class, () -> WorkingCalendar.of(spec(json)));
  }

  @Test
  void everyErrorIsReportedAtOnce() {
    List<FieldError> errors = WorkingCalendar.validate(spec("""
        {"name":"","zone":"Mars/Base","hours":{"MON":["09:00-12:00","18:00-09:00"],"XYZ":[]},
         "holidays":["soon"],"workdays":["2026-10-01","later"]}
        """), AT);

    assertEquals(List.of(AT + "/name", AT + "/zone", AT + "/hours/MON/1", AT + "/hours/XYZ", AT + "/holidays/0",
        AT + "/workdays/1"), errors.stream().map(FieldError::field).toList(), errors.toString());
  }

  @Test
  void nullsAreErrorsNotCrashes() {
    assertEquals(List.of(new FieldError(AT, "calendar is required")), WorkingCalendar.validate(null, AT));
    assertEquals(List.of(AT + "/name", AT + "/zone", AT + "/hours"),
        WorkingCalendar.validate(new WorkingCalendar.Spec(null, null, null, null, null), AT).stream()
            .map(FieldError::field).toList());
    Map<String, List<String>> hours = new LinkedHashMap<>();
    hours.put(null, List.of("09:00-18:00"));
    hours.put("MON", Arrays.asList((String) null));
    WorkingCalendar.Spec spec = new WorkingCalendar.Spec("x", "UTC", hours, Arrays.asList("2026-10-01", null), null);
    assertEquals(List.of(AT + "/hours/null", AT + "/hours/MON/0", AT + "/holidays/1"),
        WorkingCalendar.validate(spec, AT).stream().map(FieldError::field).toList());
  }

  @Test
  void pointersStartAtTheGivenPointer() {
    String json = withHours("Asia/Shangai", "\"MON\": [\"09:00-18:00\"]");

    assertEquals(List.of("/zone"), WorkingCalendar.validate(spec(json), "").stream().map(FieldError::field).toList());
    assertEquals(List.of("/policies/3/calendar/zone"),
        WorkingCalendar.validate(spec(json), "/policies/3/calendar").stream().map(FieldError::field).toList());
  }

  @Test
  void ofRefusesAnInvalidSpecNamingTheFields() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WorkingCalendar.of(spec(withHours("Asia/Shangai", "\"MON\": [\"18:00-09:00\"]"))));

    assertTrue(e.getMessage().contains("/zone unknown time zone 'Asia/Shangai'"), e.getMessage());
    assertTrue(e.getMessage().contains("/hours/MON/0 block end must be after its start"), e.getMessage());
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {
      "09:00-18:00", "9:00-18:00", " 09:00 - 18:00 ", "09:00–18:00", "09:00 — 18:00", "09:00－18:00",
      "09:00~18:00", "09:00～18:00", "09:00 〜 18:00"})
  void aBlockMayBeWrittenInTheUsualWays(String block) {
    WorkingCalendar calendar = Calendars.fromJson(withHours("Asia/Shanghai", "\"MON\": [\"" + block + "\"]"));

    assertEquals(Duration.ofHours(9), calendar.between(at(calendar, "2026-11-23T00:00"), at(calendar, "2026-11-24T00:00")));
  }

  @Test
  void dayKeysIgnoreCaseAndSurroundingSpaces() {
    WorkingCalendar calendar = Calendars.fromJson(withHours("Asia/Shanghai",
        "\"mon\": [\"09:00-10:00\"], \"Tue\": [\"09:00-11:00\"], \" WED \": [\"09:00-12:00\"]"));

    assertEquals(Duration.ofHours(1 + 2 + 3),
        calendar.between(at(calendar, "2026-11-23T00:00"), at(calendar, "2026-11-26T00:00")));
  }

  @Test
  void blocksMayTouchAndBeListedInAnyOrder() {
    WorkingCalendar calendar = Calendars.fromJson(withHours("Asia/Shanghai",
        "\"MON\": [\"13:00-18:00\", \"09:00-13:00\"]"));

    assertEquals(at(calendar, "2026-11-23T13:30"), calendar.plus(at(calendar, "2026-11-23T12:30"), Duration.ofHours(1)));
    assertEquals(Duration.ofHours(9), calendar.between(at(calendar, "2026-11-23T00:00"), at(calendar, "2026-11-24T00:00")));
  }

  @Test
  void jacksonReadsTheJsonIntoTheSpecRecord() {
    WorkingCalendar.Spec spec = new WorkingCalendar.Spec("cn-office", "Asia/Shanghai",
        Map.of("MON", List.of("09:00-12:00", "13:00-18:00"), "TUE", List.of("09:00-18:00")),
        List.of("2026-10-01"), List.of("2026-09-27"));

    assertEquals(spec, spec(EXAMPLE));
  }
}
