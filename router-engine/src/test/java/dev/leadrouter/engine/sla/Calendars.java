package dev.leadrouter.engine.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test calendars, written in the JSON that sales ops write. Dates in 2026; 2026-11-27 is a Friday. */
final class Calendars {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Asia/Shanghai, MON–FRI 09:00–18:00, no holidays. */
  static final WorkingCalendar OFFICE = fromJson("""
      {"name": "office", "zone": "Asia/Shanghai",
       "hours": {"MON": ["09:00-18:00"], "TUE": ["09:00-18:00"], "WED": ["09:00-18:00"],
                 "THU": ["09:00-18:00"], "FRI": ["09:00-18:00"]}}
      """);

  /**
   * Asia/Shanghai, MON–FRI with a lunch break; National Day 2026-10-01..07 (Thursday to Wednesday) off,
   * made up on Sunday 2026-09-27 and Saturday 2026-10-10 (illustrative dates).
   */
  static final WorkingCalendar CN = fromJson("""
      {"name": "cn-office", "zone": "Asia/Shanghai",
       "hours": {"MON": ["09:00-12:00", "13:00-18:00"], "TUE": ["09:00-12:00", "13:00-18:00"],
                 "WED": ["09:00-12:00", "13:00-18:00"], "THU": ["09:00-12:00", "13:00-18:00"],
                 "FRI": ["09:00-12:00", "13:00-18:00"]},
       "holidays": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
       "workdays": ["2026-09-27", "2026-10-10"]}
      """);

  /** America/New_York, MON–FRI 09:00–17:00 and a Sunday block 01:00–04:00 that DST bends twice a year. */
  static final WorkingCalendar NEW_YORK = fromJson("""
      {"name": "ny-night-desk", "zone": "America/New_York",
       "hours": {"SUN": ["01:00-04:00"], "MON": ["09:00-17:00"], "TUE": ["09:00-17:00"], "WED": ["09:00-17:00"],
                 "THU": ["09:00-17:00"], "FRI": ["09:00-17:00"]}}
      """);

  /** Europe/Berlin, MON–FRI 09:00–17:30. */
  static final WorkingCalendar BERLIN = fromJson("""
      {"name": "berlin", "zone": "Europe/Berlin",
       "hours": {"MON": ["09:00-17:30"], "TUE": ["09:00-17:30"], "WED": ["09:00-17:30"],
                 "THU": ["09:00-17:30"], "FRI": ["09:00-17:30"]}}
      """);

  /** Europe/Berlin, every day 00:00–24:00: every instant counts, as on the wall clock. */
  static final WorkingCalendar BERLIN_ALWAYS = fromJson("""
      {"name": "always", "zone": "Europe/Berlin",
       "hours": {"MON": ["00:00-24:00"], "TUE": ["00:00-24:00"], "WED": ["00:00-24:00"], "THU": ["00:00-24:00"],
                 "FRI": ["00:00-24:00"], "SAT": ["00:00-24:00"], "SUN": ["00:00-24:00"]}}
      """);

  /** Asia/Shanghai, a night shift: Friday 20:00–24:00 running on into Saturday 00:00–02:00. */
  static final WorkingCalendar NIGHT_SHIFT = fromJson("""
      {"name": "night-shift", "zone": "Asia/Shanghai",
       "hours": {"FRI": ["20:00-24:00"], "SAT": ["00:00-02:00"]}}
      """);

  private Calendars() {}

  static WorkingCalendar.Spec spec(String json) {
    try {
      return JSON.readValue(json, WorkingCalendar.Spec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static WorkingCalendar fromJson(String json) {
    return WorkingCalendar.of(spec(json));
  }

  /** The JSON of a calendar with the given hours, e.g. {@code hours("\"MON\": [\"09:00-18:00\"]")}. */
  static String withHours(String zone, String hours) {
    return "{\"name\": \"test\", \"zone\": \"" + zone + "\", \"hours\": {" + hours + "}}";
  }

  /** Every day of the week with the same blocks, as JSON hours. */
  static String everyDay(String... blocks) {
    String list = Stream.of(blocks).map(b -> "\"" + b + "\"").collect(Collectors.joining(", ", "[", "]"));
    return Stream.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
        .map(day -> "\"" + day + "\": " + list).collect(Collectors.joining(", "));
  }

  /** A local date-time of the calendar's zone ("2026-11-27T23:00") as an instant. */
  static Instant at(WorkingCalendar calendar, String localDateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(localDateTime), calendar.zone()).toInstant();
  }

  static LocalDateTime local(WorkingCalendar calendar, Instant instant) {
    return LocalDateTime.ofInstant(instant, calendar.zone());
  }
}
