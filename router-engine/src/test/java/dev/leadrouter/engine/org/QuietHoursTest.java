package dev.leadrouter.engine.org;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {

  @ParameterizedTest(name = "[{index}] {0}–{1} {2} at {3} → {4}")
  @CsvSource(nullValues = "-", value = {
      // overnight in Shanghai (UTC+8, no DST): 22:00-08:00 local = 14:00Z-00:00Z
      "22:00, 08:00, Asia/Shanghai, 2026-03-02T13:59:59Z, -",
      "22:00, 08:00, Asia/Shanghai, 2026-03-02T14:00:00Z, 2026-03-03T00:00:00Z",
      "22:00, 08:00, Asia/Shanghai, 2026-03-02T15:30:00Z, 2026-03-03T00:00:00Z",
      "22:00, 08:00, Asia/Shanghai, 2026-03-02T16:00:00Z, 2026-03-03T00:00:00Z",
      "22:00, 08:00, Asia/Shanghai, 2026-03-02T23:59:59Z, 2026-03-03T00:00:00Z",
      "22:00, 08:00, Asia/Shanghai, 2026-03-03T00:00:00Z, -",
      "22:00, 08:00, Asia/Shanghai, 2026-03-03T04:00:00Z, -",
      // the same day: lunch 12:00-13:30 local = 04:00Z-05:30Z
      "12:00, 13:30, Asia/Shanghai, 2026-03-03T03:59:00Z, -",
      "12:00, 13:30, Asia/Shanghai, 2026-03-03T04:00:00Z, 2026-03-03T05:30:00Z",
      "12:00, 13:30, Asia/Shanghai, 2026-03-03T05:29:59Z, 2026-03-03T05:30:00Z",
      "12:00, 13:30, Asia/Shanghai, 2026-03-03T05:30:00Z, -",
      "12:00, 13:30, Asia/Shanghai, 2026-03-03T15:00:00Z, -",
      // spring forward in New York (2026-03-08 02:00 EST → 03:00 EDT): the night is an hour shorter
      "22:00, 08:00, America/New_York, 2026-03-08T03:00:00Z, 2026-03-08T12:00:00Z",
      "22:00, 08:00, America/New_York, 2026-03-08T11:59:59Z, 2026-03-08T12:00:00Z",
      "22:00, 08:00, America/New_York, 2026-03-08T12:00:00Z, -",
      // fall back (2026-11-01 02:00 EDT → 01:00 EST): an hour longer
      "22:00, 08:00, America/New_York, 2026-11-01T02:00:00Z, 2026-11-01T13:00:00Z",
      "22:00, 08:00, America/New_York, 2026-11-01T12:30:00Z, 2026-11-01T13:00:00Z",
      "22:00, 08:00, America/New_York, 2026-11-01T13:00:00Z, -",
      // an end inside the skipped hour moves forward by the gap: 02:30 → 03:30 EDT
      "22:00, 02:30, America/New_York, 2026-03-08T03:00:00Z, 2026-03-08T07:30:00Z",
      "22:00, 02:30, America/New_York, 2026-03-08T07:15:00Z, 2026-03-08T07:30:00Z",
      // Berlin spring forward (2026-03-29 02:00 CET → 03:00 CEST), overnight 23:00-07:00
      "23:00, 07:00, Europe/Berlin, 2026-03-28T22:00:00Z, 2026-03-29T05:00:00Z",
      "23:00, 07:00, Europe/Berlin, 2026-03-29T04:59:59Z, 2026-03-29T05:00:00Z",
      // equal start and end are never quiet
      "08:00, 08:00, Asia/Shanghai, 2026-03-03T00:00:00Z, -",
  })
  void endIfQuietIsTheEndOfTheQuietHoursThatContainT(String from, String to, String zone, Instant t, Instant end) {
    assertEquals(Optional.ofNullable(end), new QuietHours(from, to, zone).endIfQuiet(t));
  }
}
