package dev.leadrouter.engine.sla;

import static dev.leadrouter.engine.sla.Calendars.BERLIN;
import static dev.leadrouter.engine.sla.Calendars.BERLIN_ALWAYS;
import static dev.leadrouter.engine.sla.Calendars.CN;
import static dev.leadrouter.engine.sla.Calendars.NEW_YORK;
import static dev.leadrouter.engine.sla.Calendars.NIGHT_SHIFT;
import static dev.leadrouter.engine.sla.Calendars.OFFICE;
import static dev.leadrouter.engine.sla.Calendars.at;
import static dev.leadrouter.engine.sla.Calendars.fromJson;
import static dev.leadrouter.engine.sla.Calendars.local;
import static dev.leadrouter.engine.sla.Calendars.withHours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingCalendarTest {

  @Test
  void aLeadAtElevenOnFridayNightWithAFifteenMinuteStepIsDueAtNineFifteenOnMonday() {
    Instant lead = Instant.parse("2026-11-27T23:00:00+08:00");

    assertEquals(Instant.parse("2026-11-30T09:15:00+08:00"), OFFICE.plus(lead, Duration.ofMinutes(15)));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} + {2} → {3}")
  @CsvSource(delimiter = '|', textBlock = """
      the Friday-night lead                  | 2026-11-27T23:00       | PT15M | 2026-11-30T09:15
      inside a block                         | 2026-11-24T10:00       | PT15M | 2026-11-24T10:15
      start exactly at a block start         | 2026-11-24T09:00       | PT1H  | 2026-11-24T10:00
      start exactly at a block end           | 2026-11-24T18:00       | PT15M | 2026-11-25T09:15
      runs out exactly at a block end        | 2026-11-24T17:00       | PT1H  | 2026-11-24T18:00
      start before opening                   | 2026-11-24T07:30       | PT30M | 2026-11-24T09:30
      across a weekend                       | 2026-11-27T17:30       | PT1H  | 2026-11-30T09:30
      20 working hours                       | 2026-11-23T10:00       | PT20H | 2026-11-25T12:00
      a working week from Monday 09:00       | 2026-11-23T09:00       | PT45H | 2026-11-27T18:00
      two working weeks                      | 2026-11-23T09:00       | PT90H | 2026-12-04T18:00
      start on a Saturday                    | 2026-11-28T12:00       | PT9H  | 2026-11-30T18:00
      zero on a Saturday is the start itself | 2026-11-28T12:00       | PT0S  | 2026-11-28T12:00
      fractions of a second carry over       | 2026-11-24T17:59:59.5  | PT1S  | 2026-11-25T09:00:00.5
      """)
  void officeDeadlines(String name, LocalDateTime start, Duration amount, LocalDateTime due) {
    assertEquals(due, local(OFFICE, OFFICE.plus(at(OFFICE, start.toString()), amount)));
  }

  @ParameterizedTest(name = "[{index}] {0}: {1} + {2} → {3}")
  @CsvSource(delimiter = '|', textBlock = """
      across the lunch gap                      | 2026-11-24T11:30 | PT1H  | 2026-11-24T13:30
      runs out at lunch: the morning's end      | 2026-11-24T11:00 | PT1H  | 2026-11-24T12:00
      start during lunch                        | 2026-11-24T12:30 | PT30M | 2026-11-24T13:30
      start at the afternoon block start        | 2026-11-24T13:00 | PT8H  | 2026-11-25T12:00
      20 working hours with lunch breaks        | 2026-11-23T10:00 | PT20H | 2026-11-25T15:00
      across the National Day holidays          | 2026-09-30T17:30 | PT1H  | 2026-10-08T09:30
      start on a holiday                        | 2026-10-03T10:00 | PT15M | 2026-10-08T09:15
      into a makeup Saturday                    | 2026-10-09T17:00 | PT4H  | 2026-10-10T12:00
      a makeup Saturday keeps Monday's lunch    | 2026-10-10T11:30 | PT1H  | 2026-10-10T13:30
      from a Saturday into a makeup Sunday      | 2026-09-26T10:00 | PT1H  | 2026-09-27T10:00
      an ordinary Saturday is still off         | 2026-10-16T17:30 | PT1H  | 2026-10-19T09:30
      """)
  void deadlinesWithLunchHolidaysAndMakeupWorkdays(String name, LocalDateTime start, Duration amount, LocalDateTime due) {
    assertEquals(due, local(CN, CN.plus(at(CN, start.toString()), amount)));
  }

  @ParameterizedTest(name = "[{index}] {0}: [{1}, {2}] counts {3}")
  @CsvSource(delimiter = '|', textBlock = """
      a Tuesday                          | 2026-11-24T00:00 | 2026-11-25T00:00 | PT8H
      working hours only                 | 2026-11-24T08:00 | 2026-11-24T12:30 | PT3H
      inside the lunch break             | 2026-11-24T12:10 | 2026-11-24T12:50 | PT0S
      Friday afternoon to Monday morning | 2026-11-27T17:00 | 2026-11-30T10:00 | PT2H
      over the National Day week         | 2026-09-30T09:00 | 2026-10-08T09:00 | PT8H
      a makeup Saturday                  | 2026-10-10T00:00 | 2026-10-11T00:00 | PT8H
      a makeup Sunday                    | 2026-09-27T00:00 | 2026-09-28T00:00 | PT8H
      an ordinary weekend                | 2026-10-17T00:00 | 2026-10-19T00:00 | PT0S
      November 2026: 21 weekdays         | 2026-11-01T00:00 | 2026-12-01T00:00 | PT168H
      the same instant                   | 2026-11-24T10:00 | 2026-11-24T10:00 | PT0S
      backwards                          | 2026-11-24T11:00 | 2026-11-24T10:00 | PT0S
      """)
  void betweenCountsWorkingTimeOnly(String name, String from, String to, Duration counted) {
    assertEquals(counted, CN.between(at(CN, from), at(CN, to)));
  }

  @ParameterizedTest(name = "[{index}] {0}: working {1}, next start {2}")
  @CsvSource(delimiter = '|', textBlock = """
      2026-11-24T09:00                | true  | 2026-11-24T09:00
      2026-11-24T11:59:59.999999999   | true  | 2026-11-24T11:59:59.999999999
      2026-11-24T08:59:59.999999999   | false | 2026-11-24T09:00
      2026-11-24T12:00                | false | 2026-11-24T13:00
      2026-11-24T18:00                | false | 2026-11-25T09:00
      2026-11-27T18:00                | false | 2026-11-30T09:00
      2026-09-30T23:00                | false | 2026-10-08T09:00
      2026-10-01T10:00                | false | 2026-10-08T09:00
      2026-10-09T20:00                | false | 2026-10-10T09:00
      2026-10-10T10:00                | true  | 2026-10-10T10:00
      """)
  void isWorkingAndNextWorkingStart(String t, boolean working, LocalDateTime next) {
    assertEquals(working, CN.isWorking(at(CN, t)));
    assertEquals(Optional.of(next), CN.nextWorkingStart(at(CN, t)).map(i -> local(CN, i)));
  }

  @ParameterizedTest(name = "[{index}] New York Sunday {0}: 01:00–04:00 counts {1}")
  @CsvSource({
      "2026-03-08, PT2H",  // spring forward: 02:00 does not exist
      "2026-03-15, PT3H",
      "2026-11-01, PT4H",  // fall back: 01:00–02:00 happens twice
  })
  void aBlockSpanningADstChangeCountsTheRealHours(LocalDate sunday, Duration counted) {
    Instant midnight = at(NEW_YORK, sunday + "T00:00");

    assertEquals(counted, NEW_YORK.between(midnight, at(NEW_YORK, sunday.plusDays(1) + "T00:00")));
  }

  @Test
  void onSpringForwardDayAnHourAndAHalfFromOneIsHalfPastThree() {
    Instant one = Instant.parse("2026-03-08T06:00:00Z");  // 01:00 EST

    assertEquals(Instant.parse("2026-03-08T07:30:00Z"), NEW_YORK.plus(one, Duration.ofMinutes(90)));
    assertEquals(LocalDateTime.parse("2026-03-08T03:30"), local(NEW_YORK, NEW_YORK.plus(one, Duration.ofMinutes(90))));
    assertEquals(Instant.parse("2026-03-08T08:00:00Z"), NEW_YORK.plus(one, Duration.ofHours(2)));  // 04:00 EDT
  }

  @Test
  void onFallBackDayTheBlockStartsAtTheEarlierOneAndRunsFourRealHours() {
    Instant firstOne = Instant.parse("2026-11-01T05:00:00Z");  // 01:00 EDT
    Instant secondOne = Instant.parse("2026-11-01T06:00:00Z");  // 01:00 EST

    assertEquals(Optional.of(firstOne), NEW_YORK.nextWorkingStart(Instant.parse("2026-11-01T04:00:00Z")));
    assertEquals(Instant.parse("2026-11-01T07:00:00Z"), NEW_YORK.plus(firstOne, Duration.ofHours(2)));  // 02:00 EST
    assertEquals(Instant.parse("2026-11-01T09:00:00Z"), NEW_YORK.plus(firstOne, Duration.ofHours(4)));  // 04:00 EST
    assertTrue(NEW_YORK.isWorking(secondOne));
    assertEquals(Duration.ofHours(3), NEW_YORK.between(secondOne, Instant.parse("2026-11-01T12:00:00Z")));
  }

  @Test
  void aBlockStartingInTheSpringForwardGapStartsWhenTheGapEnds() {
    WorkingCalendar early = fromJson(withHours("America/New_York", "\"SUN\": [\"02:30-05:00\"]"));

    // 02:30 does not exist on 2026-03-08; java.time moves it forward by the gap's hour, to 03:30 EDT
    assertEquals(Optional.of(Instant.parse("2026-03-08T07:30:00Z")),
        early.nextWorkingStart(Instant.parse("2026-03-08T05:00:00Z")));
    assertEquals(Duration.ofMinutes(90), early.between(at(early, "2026-03-08T00:00"), at(early, "2026-03-09T00:00")));
    assertEquals(Duration.ofMinutes(150), early.between(at(early, "2026-03-15T00:00"), at(early, "2026-03-16T00:00")));
  }

  @Test
  void aBlockThatTheGapTurnsInsideOutCountsNothing() {
    WorkingCalendar inverted = fromJson(withHours("America/New_York", "\"SUN\": [\"02:30-03:15\"]"));

    // 02:30 becomes 03:30 EDT, after the block's end at 03:15 EDT
    assertEquals(Duration.ZERO, inverted.between(at(inverted, "2026-03-08T00:00"), at(inverted, "2026-03-09T00:00")));
    assertEquals(Optional.of(at(inverted, "2026-03-15T02:30")), inverted.nextWorkingStart(at(inverted, "2026-03-08T00:00")));
  }

  @Test
  void blocksThatTheGapFoldsOntoOneAnotherCountOnce() {
    WorkingCalendar folded = fromJson(withHours("America/New_York", "\"SUN\": [\"02:10-02:50\", \"03:00-03:20\"]"));
    Instant gapEnd = Instant.parse("2026-03-08T07:00:00Z");  // 03:00 EDT

    // 02:10-02:50 becomes 03:10-03:50 EDT, which covers part of 03:00-03:20: together 03:00-03:50
    assertEquals(Duration.ofMinutes(50),
        folded.between(at(folded, "2026-03-08T00:00"), at(folded, "2026-03-09T00:00")));
    assertEquals(Optional.of(gapEnd), folded.nextWorkingStart(at(folded, "2026-03-08T00:00")));
    assertEquals(gapEnd.plus(Duration.ofMinutes(50)), folded.plus(gapEnd, Duration.ofMinutes(50)));
    assertEquals(Duration.ofMinutes(60),
        folded.between(at(folded, "2026-03-15T00:00"), at(folded, "2026-03-16T00:00")));
  }

  @Test
  void theHoursOfADaySkippedByTheZoneMoveIntoTheNextDay() {
    // Samoa skipped Friday 2011-12-30 to cross the date line; java.time moves its 09:00 to Saturday 09:00
    WorkingCalendar apia = fromJson(withHours("Pacific/Apia", "\"FRI\": [\"09:00-17:00\"], \"SAT\": [\"12:00-13:00\"]"));
    Instant saturdayTen = Instant.parse("2011-12-31T10:00:00+14:00");

    assertTrue(apia.isWorking(saturdayTen));
    assertEquals(Duration.ofHours(8), apia.between(Instant.parse("2011-12-31T00:00:00+14:00"),
        Instant.parse("2012-01-01T00:00:00+14:00")));
    assertEquals(Instant.parse("2011-12-31T17:00:00+14:00"), apia.plus(saturdayTen, Duration.ofHours(7)));
  }

  @ParameterizedTest(name = "[{index}] Berlin {0} + {1} → {2} local, {3}")
  @CsvSource({
      "2026-03-27T17:00, PT1H, 2026-03-30T09:30, 2026-03-30T07:30:00Z",  // CET Friday → CEST Monday
      "2026-10-23T17:00, PT1H, 2026-10-26T09:30, 2026-10-26T08:30:00Z",  // CEST Friday → CET Monday
      "2026-03-27T09:00, PT17H, 2026-03-30T17:30, 2026-03-30T15:30:00Z",
  })
  void aWeekendDstChangeMovesTheInstantNotTheLocalHours(
      String start, Duration amount, LocalDateTime dueLocal, Instant due) {
    Instant result = BERLIN.plus(at(BERLIN, start), amount);

    assertEquals(dueLocal, local(BERLIN, result));
    assertEquals(due, result);
  }

  @ParameterizedTest(name = "[{index}] Berlin, always working: {0} lasts {1}")
  @CsvSource({"2026-03-29, PT23H", "2026-06-01, PT24H", "2026-10-25, PT25H"})
  void aCalendarDayLastsWhatTheWallClockSays(LocalDate date, Duration length) {
    Instant midnight = at(BERLIN_ALWAYS, date + "T00:00");

    assertEquals(length, BERLIN_ALWAYS.between(midnight, at(BERLIN_ALWAYS, date.plusDays(1) + "T00:00")));
    assertEquals(midnight.plus(length), BERLIN_ALWAYS.plus(midnight, length));
  }

  @Test
  void aBlockEndingAt24RunsOnIntoTheNextDaysBlock() {
    assertEquals(LocalDateTime.parse("2026-11-28T01:00"),
        local(NIGHT_SHIFT, NIGHT_SHIFT.plus(at(NIGHT_SHIFT, "2026-11-27T23:00"), Duration.ofHours(2))));
    assertEquals(LocalDateTime.parse("2026-11-28T00:00"),
        local(NIGHT_SHIFT, NIGHT_SHIFT.plus(at(NIGHT_SHIFT, "2026-11-27T22:00"), Duration.ofHours(2))));
    assertTrue(NIGHT_SHIFT.isWorking(at(NIGHT_SHIFT, "2026-11-28T00:00")));
    assertEquals(Duration.ofHours(6),
        NIGHT_SHIFT.between(at(NIGHT_SHIFT, "2026-11-27T00:00"), at(NIGHT_SHIFT, "2026-11-29T00:00")));
    assertEquals(Optional.of(at(NIGHT_SHIFT, "2026-12-04T20:00")),
        NIGHT_SHIFT.nextWorkingStart(at(NIGHT_SHIFT, "2026-11-28T02:00")));
  }

  @Test
  void aNegativeAmountIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> OFFICE.plus(at(OFFICE, "2026-11-24T10:00"), Duration.ofMinutes(-1)));
  }

  @Test
  void betweenOverEightYearsCountsNineHoursPerWeekday() {
    LocalDate first = LocalDate.parse("2026-01-01");
    LocalDate end = first.plusDays(3_000);
    long weekdays = first.datesUntil(end)
        .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY).count();

    assertEquals(Duration.ofHours(9 * weekdays), OFFICE.between(at(OFFICE, first + "T00:00"), at(OFFICE, end + "T00:00")));
  }

  @Test
  void aSearchGivesUpAfter3700Days() {
    Instant start = at(OFFICE, "2026-11-24T10:00");

    IllegalStateException tooMuch = assertThrows(IllegalStateException.class,
        () -> OFFICE.plus(start, Duration.ofDays(WorkingCalendar.MAX_SEARCH_DAYS)));
    assertTrue(tooMuch.getMessage().contains("3700 days"), tooMuch.getMessage());
    assertThrows(IllegalStateException.class,
        () -> OFFICE.between(start, start.plus(Duration.ofDays(WorkingCalendar.MAX_SEARCH_DAYS))));
  }

  @Test
  void tenYearsOfHolidaysFindNoWorkingTime() {
    LocalDate first = LocalDate.parse("2026-01-01");
    List<String> holidays = first.datesUntil(first.plusDays(3_800)).map(LocalDate::toString).toList();
    WorkingCalendar sabbatical = WorkingCalendar.of(new WorkingCalendar.Spec(
        "sabbatical", "Asia/Shanghai", Map.of("MON", List.of("09:00-18:00")), holidays, List.of()));
    Instant start = at(sabbatical, "2026-01-01T00:00");

    assertEquals(Optional.empty(), sabbatical.nextWorkingStart(start));
    assertFalse(sabbatical.isWorking(at(sabbatical, "2026-01-05T10:00")));
    assertThrows(IllegalStateException.class, () -> sabbatical.plus(start, Duration.ofMinutes(1)));
    assertEquals(Optional.of(at(sabbatical, "2036-06-02T09:00")),
        sabbatical.nextWorkingStart(at(sabbatical, "2036-01-01T00:00")));
  }

  @Test
  void aThousandOneYearDeadlinesAreQuick() {
    Instant start = at(CN, "2026-01-01T00:00");

    Instant last = assertTimeout(Duration.ofSeconds(10), () -> {
      Instant due = start;
      for (int i = 0; i < 1_000; i++) due = CN.plus(start.plus(Duration.ofMinutes(i)), Duration.ofHours(2_000));
      return due;
    });
    assertEquals(Duration.ofHours(2_000), CN.between(start.plus(Duration.ofMinutes(999)), last));
  }
}
