package dev.leadrouter.engine.sla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link SlaClock} contract, for the wall clock and for working calendars. */
class SlaClockTest {

  private static final List<Duration> AMOUNTS = Stream.of(
          "PT0S", "PT0.000000001S", "PT1S", "PT15M", "PT1H", "PT3H", "PT7H30M", "PT9H", "PT20H", "PT45H", "PT100H")
      .map(Duration::parse).toList();

  /** Starts every 97 minutes and 13 seconds around DST changes, the National Day holidays and ordinary weeks. */
  private static final List<Instant> STARTS = Stream.of(
          grid("2026-03-05T00:00:00Z", "2026-03-11T00:00:00Z"),
          grid("2026-03-26T00:00:00Z", "2026-03-31T00:00:00Z"),
          grid("2026-09-25T00:00:00Z", "2026-10-12T00:00:00Z"),
          grid("2026-10-22T00:00:00Z", "2026-11-03T00:00:00Z"),
          grid("2026-11-26T00:00:00Z", "2026-12-01T00:00:00Z"))
      .flatMap(s -> s).toList();

  private static Stream<Instant> grid(String from, String to) {
    Instant end = Instant.parse(to);
    return Stream.iterate(Instant.parse(from), t -> t.isBefore(end), t -> t.plus(Duration.ofSeconds(97 * 60 + 13)));
  }

  static Stream<Arguments> clocks() {
    return Stream.of(
        Arguments.of("wall", SlaClock.WALL),
        Arguments.of("Shanghai office", Calendars.OFFICE),
        Arguments.of("China with lunch, holidays and makeup days", Calendars.CN),
        Arguments.of("New York with a DST Sunday block", Calendars.NEW_YORK),
        Arguments.of("Berlin", Calendars.BERLIN),
        Arguments.of("Berlin always", Calendars.BERLIN_ALWAYS),
        Arguments.of("night shift across midnight", Calendars.NIGHT_SHIFT),
        Arguments.of("New York block starting in the gap",
            Calendars.fromJson(Calendars.withHours("America/New_York", Calendars.everyDay("02:30-05:00")))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("clocks")
  void betweenUndoesPlus(String name, SlaClock clock) {
    for (Instant start : STARTS) {
      for (Duration amount : AMOUNTS) {
        assertEquals(amount, clock.between(start, clock.plus(start, amount)), () -> start + " + " + amount);
      }
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("clocks")
  void plusIsNeverEarlyAndIsTheEarliestSuchInstant(String name, SlaClock clock) {
    for (Instant start : STARTS) {
      for (Duration amount : AMOUNTS) {
        Instant due = clock.plus(start, amount);
        assertFalse(due.isBefore(start.plus(amount)), () -> start + " + " + amount + " = " + due + " is early");
        if (!amount.isZero()) {
          assertTrue(clock.between(start, due.minusNanos(1)).compareTo(amount) < 0,
              () -> start + " + " + amount + " = " + due + " is not the earliest");
        }
      }
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("clocks")
  void betweenAddsUpOverConsecutiveSpans(String name, SlaClock clock) {
    for (Instant a : STARTS) {
      Instant b = a.plus(Duration.ofHours(31).plusMinutes(7));
      Instant c = b.plus(Duration.ofHours(50));
      assertEquals(clock.between(a, c), clock.between(a, b).plus(clock.between(b, c)), () -> a + ", " + b + ", " + c);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("clocks")
  void plusGrowsWithTheAmount(String name, SlaClock clock) {
    for (Instant start : STARTS) {
      Instant previous = start;
      for (Duration amount : AMOUNTS) {
        Instant due = clock.plus(start, amount);
        assertFalse(due.isBefore(previous), () -> start + " + " + amount);
        previous = due;
      }
    }
  }

  @Test
  void aCalendarWorkingAroundTheClockIsTheWallClock() {
    for (Instant start : STARTS) {
      for (Duration amount : AMOUNTS) {
        assertEquals(SlaClock.WALL.plus(start, amount), Calendars.BERLIN_ALWAYS.plus(start, amount));
        assertEquals(SlaClock.WALL.between(start, start.plus(amount)),
            Calendars.BERLIN_ALWAYS.between(start, start.plus(amount)));
      }
    }
  }

  @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
  @CsvSource({
      "2026-11-27T23:00:00Z, PT15M, 2026-11-27T23:15:00Z",
      "2026-11-27T23:00:00Z, PT0S,  2026-11-27T23:00:00Z",
      "2026-11-27T23:00:00Z, P3D,   2026-11-30T23:00:00Z",
      "2026-03-08T06:00:00Z, PT2H,  2026-03-08T08:00:00Z",
  })
  void theWallClockAdds(Instant start, Duration amount, Instant due) {
    assertEquals(due, SlaClock.WALL.plus(start, amount));
    assertEquals(amount, SlaClock.WALL.between(start, due));
  }

  @ParameterizedTest(name = "[{index}] [{0}, {1}] = {2}")
  @CsvSource({
      "2026-11-27T23:00:00Z, 2026-11-28T01:30:00Z, PT2H30M",
      "2026-11-27T23:00:00Z, 2026-11-27T23:00:00Z, PT0S",
      "2026-11-28T01:30:00Z, 2026-11-27T23:00:00Z, PT0S",
  })
  void theWallClockCountsEverythingForwardAndNothingBackward(Instant from, Instant to, Duration counted) {
    assertEquals(counted, SlaClock.WALL.between(from, to));
  }

  @Test
  void theWallClockRefusesANegativeAmount() {
    assertThrows(IllegalArgumentException.class,
        () -> SlaClock.WALL.plus(Instant.parse("2026-11-27T23:00:00Z"), Duration.ofSeconds(-1)));
  }
}
