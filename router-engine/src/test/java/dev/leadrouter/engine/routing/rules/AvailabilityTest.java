package dev.leadrouter.engine.routing.rules;

import static dev.leadrouter.engine.routing.rules.Fixtures.CALENDARS;
import static dev.leadrouter.engine.routing.rules.Fixtures.ORG;
import static dev.leadrouter.engine.routing.rules.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 李雷 works cn-office hours (Asia/Shanghai, lunch break, National Day off, a makeup Saturday).
 * 王芳 works New York hours (document override) and is on vacation 2026-12-01..03 (NY dates).
 * 赵敏 always works (Asia/Shanghai by the document zone), is at training until 2026-11-25 14:00
 * +08:00 and takes at most 2 new leads a day. 陈静 always works.
 */
class AvailabilityTest {

  static final RoutingRuleSet RULES = RoutingRuleSet.compile(1, json("""
      {'people': {'wang': {'calendar': 'ny', 'absences': [{'from': '2026-12-01', 'to': '2026-12-03', 'reason': 'vacation'}]},
                  'zhao': {'maxNewPerDay': 2, 'absences': [{'from': '2026-11-20T09:00+08:00', 'to': '2026-11-25T14:00+08:00', 'reason': 'training'}]}},
       'default': {'target': {'team': 'team-east'}}, 'fallbackQueue': 'q', 'breachStreakLimit': 3}"""), ORG, CALENDARS);

  private static final Roster ALL = Roster.EVERYONE_ACTIVE;

  private static Arguments row(String case_, String person, String at, RepWorkload load, Roster roster,
      boolean eligible, String reason, String again) {
    return Arguments.of(case_, person, Instant.parse(at), load, roster, eligible, reason, again);
  }

  static Stream<Arguments> rows() {
    RepWorkload idle = RepWorkload.NONE;
    return Stream.of(
        row("working hours, Shanghai", "li", "2026-11-24T03:00:00Z", idle, ALL, true, "available", null),
        row("lunch break", "li", "2026-11-24T04:30:00Z", idle, ALL, false, "away until 13:00", "2026-11-24T05:00:00Z"),
        row("block start is working", "li", "2026-11-24T05:00:00Z", idle, ALL, true, "available", null),
        row("evening: next morning", "li", "2026-11-24T11:00:00Z", idle, ALL, false, "away until 2026-11-25 09:00", "2026-11-25T01:00:00Z"),
        row("weekend", "li", "2026-11-28T03:00:00Z", idle, ALL, false, "away until 2026-11-30 09:00", "2026-11-30T01:00:00Z"),
        row("holiday", "li", "2026-10-01T03:00:00Z", idle, ALL, false, "away until 2026-10-08 09:00", "2026-10-08T01:00:00Z"),
        row("makeup Saturday", "li", "2026-10-10T03:00:00Z", idle, ALL, true, "available", null),
        row("other zone: NY morning while Shanghai sleeps", "wang", "2026-11-24T15:00:00Z", idle, ALL, true, "available", null),
        row("other zone: same instant, Shanghai", "li", "2026-11-24T15:00:00Z", idle, ALL, false, "away until 2026-11-25 09:00", "2026-11-25T01:00:00Z"),
        row("DST spring forward: before the night block", "wang", "2026-03-08T05:30:00Z", idle, ALL, false, "away until 01:00", "2026-03-08T06:00:00Z"),
        row("DST spring forward: 03:30 EDT inside", "wang", "2026-03-08T07:30:00Z", idle, ALL, true, "available", null),
        row("DST spring forward: block ends 04:00 EDT", "wang", "2026-03-08T08:00:00Z", idle, ALL, false, "away until 09:00", "2026-03-08T13:00:00Z"),
        row("DST fall back: 03:30 EST still inside", "wang", "2026-11-01T08:30:00Z", idle, ALL, true, "available", null),
        row("DST fall back: block ends 04:00 EST", "wang", "2026-11-01T09:00:00Z", idle, ALL, false, "away until 09:00", "2026-11-01T14:00:00Z"),
        row("vacation, first minute", "wang", "2026-12-01T05:00:00Z", idle, ALL, false, "on vacation until 2026-12-03", "2026-12-04T14:00:00Z"),
        row("vacation, minute before the end", "wang", "2026-12-04T04:59:00Z", idle, ALL, false, "on vacation until 2026-12-03", "2026-12-04T14:00:00Z"),
        row("vacation over at the end, night", "wang", "2026-12-04T05:00:00Z", idle, ALL, false, "away until 09:00", "2026-12-04T14:00:00Z"),
        row("vacation over, minute after", "wang", "2026-12-04T05:01:00Z", idle, ALL, false, "away until 09:00", "2026-12-04T14:00:00Z"),
        row("before the vacation", "wang", "2026-11-30T21:59:00Z", idle, ALL, true, "available", null),
        row("training, another day", "zhao", "2026-11-24T06:00:00Z", idle, ALL, false, "on training until 2026-11-25 14:00", "2026-11-25T06:00:00Z"),
        row("training, minute before to", "zhao", "2026-11-25T05:59:00Z", idle, ALL, false, "on training until 14:00", "2026-11-25T06:00:00Z"),
        row("training, at to", "zhao", "2026-11-25T06:00:00Z", idle, ALL, true, "available", null),
        row("training, minute after to", "zhao", "2026-11-25T06:01:00Z", idle, ALL, true, "available", null),
        row("at capacity", "chen", "2026-11-25T06:00:00Z", RepWorkload.open(20), ALL, false, "at capacity 20/20", null),
        row("under capacity", "chen", "2026-11-25T06:00:00Z", RepWorkload.open(19), ALL, true, "available", null),
        row("daily limit today", "zhao", "2026-11-26T04:00:00Z", new RepWorkload(1, 0, LocalDate.parse("2026-11-26"), 2, 0), ALL,
            false, "daily limit 2/2 reached", "2026-11-26T16:00:00Z"),
        row("daily limit counted in the rep's zone", "zhao", "2026-11-25T17:00:00Z", new RepWorkload(1, 0, LocalDate.parse("2026-11-26"), 2, 0), ALL,
            false, "daily limit 2/2 reached", "2026-11-26T16:00:00Z"),
        row("yesterday's count does not count", "zhao", "2026-11-26T04:00:00Z", new RepWorkload(1, 0, LocalDate.parse("2026-11-25"), 2, 0), ALL,
            true, "available", null),
        row("deactivated", "chen", "2026-11-25T06:00:00Z", idle, new Roster(Set.of("chen"), Set.of()), false, "deactivated", null),
        row("breach streak at the limit", "chen", "2026-11-25T06:00:00Z", new RepWorkload(0, 0, null, 0, 3), ALL,
            false, "out of rotation after 3 breaches in a row", null),
        row("breach streak under the limit", "chen", "2026-11-25T06:00:00Z", new RepWorkload(0, 0, null, 0, 2), ALL, true, "available", null),
        row("benched by a manager", "chen", "2026-11-25T06:00:00Z", idle, new Roster(Set.of(), Set.of("chen")),
            false, "out of rotation after 3 breaches in a row", null),
        row("marked away in the org chart", "gone", "2026-11-25T06:00:00Z", idle, ALL, false, "marked away in the org chart", null),
        row("a manager is not a rep", "mgr", "2026-11-25T06:00:00Z", idle, ALL, false, "not a rep in the org chart", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rows")
  void eachAvailabilityCase(String case_, String person, Instant at, RepWorkload load, Roster roster,
      boolean eligible, String reason, String again) {
    Availability.Verdict verdict = new Availability(RULES).check(person, roster, Map.of(person, load), at);

    assertEquals(eligible, verdict.eligible(), verdict::toString);
    assertEquals(reason, verdict.reason());
    assertEquals(again == null ? null : Instant.parse(again), verdict.eligibleAgainAt());
  }
}
