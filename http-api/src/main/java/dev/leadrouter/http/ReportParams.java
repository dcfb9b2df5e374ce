package dev.leadrouter.http;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The parameters every report takes (docs/reports.md): {@code from}, {@code to} (an instant or a
 * day, from 00:00 UTC; default the 30 days up to now; {@code from} before {@code to}, at most 366
 * days apart), {@code groupBy} and {@code format}. Each bad one adds an error naming it.
 */
final class ReportParams {

  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
  static final Duration MAX_SPAN = Duration.ofDays(366);

  /** What a report's rows are per. */
  enum GroupBy {
    TEAM, REP, SOURCE, CAMPAIGN, REGION, DAY, WEEK;

    String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The group of a row: the rep's team in {@code org}, the rep, …, the UTC day or ISO week of {@code at}. */
    <T> Function<T, String> of(OrgChart org, Function<T, String> rep, Function<T, String> source,
        Function<T, String> campaign, Function<T, String> region, Function<T, Instant> at) {
      return switch (this) {
        case TEAM -> r -> Optional.ofNullable(rep.apply(r)).flatMap(org::person).map(OrgChart.Person::team)
            .orElse(NONE);
        case REP -> r -> orNone(rep.apply(r));
        case SOURCE -> r -> orNone(source.apply(r));
        case CAMPAIGN -> r -> orNone(campaign.apply(r));
        case REGION -> r -> orNone(region.apply(r));
        case DAY -> r -> day(at.apply(r)).toString();
        case WEEK -> r -> week(at.apply(r));
      };
    }
  }

  /** The group of rows without the fact grouped by (no rep, no campaign, …). */
  static final String NONE = "(none)";
  /** The one group of a report without {@code groupBy}. */
  static final String ALL = "all";

  /** A report's window {@code [from, to)}. */
  record Window(Instant from, Instant to) {}

  /** One period of a window: its label ({@code 2026-12-01}, {@code 2026-W49}) and its part of the window. */
  record Period(String label, Instant from, Instant to) {}

  /**
   * The UTC days or ISO weeks (from Monday 00:00 UTC) {@code window} touches, in order, each cut to
   * the window. {@code by} must be {@link GroupBy#DAY} or {@link GroupBy#WEEK}.
   */
  static List<Period> periods(Window window, GroupBy by) {
    LocalDate start = day(window.from());
    if (by == GroupBy.WEEK) start = start.with(java.time.DayOfWeek.MONDAY);
    List<Period> out = new java.util.ArrayList<>();
    for (LocalDate d = start; d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(window.to());
        d = by == GroupBy.WEEK ? d.plusWeeks(1) : d.plusDays(1)) {
      Instant begin = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant end = (by == GroupBy.WEEK ? d.plusWeeks(1) : d.plusDays(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant from = begin.isBefore(window.from()) ? window.from() : begin;
      Instant to = end.isAfter(window.to()) ? window.to() : end;
      out.add(new Period(by == GroupBy.WEEK ? week(begin) : d.toString(), from, to));
    }
    return out;
  }

  private ReportParams() {}

  /** {@code ?from=&to=}: the window, or null with errors added. */
  static Window window(Map<String, String> params, Instant now, List<FieldError> errors) {
    Instant to = Optional.ofNullable(params.get("to")).map(t -> instant("to", t, errors)).orElse(now);
    Instant from = Optional.ofNullable(params.get("from")).map(f -> instant("from", f, errors))
        .orElse(to == null ? null : to.minus(DEFAULT_WINDOW));
    if (from == null || to == null) return null;
    if (!from.isBefore(to)) {
      errors.add(new FieldError("?from", "must be before to"));
      return null;
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      errors.add(new FieldError("?to", "at most 366 days after from"));
      return null;
    }
    return new Window(from, to);
  }

  /** {@code ?groupBy=}: empty when absent. */
  static Optional<GroupBy> groupBy(Map<String, String> params, List<FieldError> errors) {
    String g = params.get("groupBy");
    if (g == null) return Optional.empty();
    try {
      return Optional.of(GroupBy.valueOf(g.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("?groupBy", "one of " + Arrays.stream(GroupBy.values()).map(GroupBy::jsonName)
          .collect(Collectors.joining(", "))));
      return Optional.empty();
    }
  }

  /** {@code ?format=}: true for {@code csv}, false for {@code json} or none. */
  static boolean csv(Map<String, String> params, List<FieldError> errors) {
    String f = params.get("format");
    if (f == null || f.strip().equalsIgnoreCase("json")) return false;
    if (f.strip().equalsIgnoreCase("csv")) return true;
    errors.add(new FieldError("?format", "csv or json"));
    return false;
  }

  /** An instant ({@code 2026-12-01T00:00:00Z}) or a day ({@code 2026-12-01}, from 00:00 UTC). */
  static Instant instant(String name, String text, List<FieldError> errors) {
    String t = text.strip();
    try {
      return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    } catch (DateTimeException e) {
      errors.add(new FieldError("?" + name, "an ISO-8601 instant (2026-12-01T00:00:00Z) or day (2026-12-01)"));
      return null;
    }
  }

  static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** The ISO week of {@code at} in UTC, {@code 2026-W49}. */
  static String week(Instant at) {
    LocalDate d = day(at);
    return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  private static String orNone(String value) {
    return value == null ? NONE : value;
  }
}
