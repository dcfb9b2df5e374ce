package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonPointer;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Business hours in one time zone: an {@link SlaClock} that counts working time only.
 *
 * <p><b>What counts.</b> Each day of the week has zero or more working blocks of local time, such
 * as 09:00–12:00 and 13:00–18:00; an end of 24:00 is the midnight that ends the day. A holiday date
 * has no working time at all. A makeup workday (调休, e.g. a Saturday worked to bridge a holiday)
 * works the blocks of MONDAY, whatever its day of the week. No date may be both.
 *
 * <p><b>Time zones and DST.</b> On a date, a block is the instants from
 * {@code ZonedDateTime.of(date, start, zone)} to {@code ZonedDateTime.of(date, end, zone)}: a local
 * time in a DST gap moves forward by the length of the gap, a local time in an overlap takes the
 * earlier offset. Counted time is the real time elapsed between those instants: in America/New_York
 * a block 01:00–04:00 counts 2 hours on 2026-03-08 (spring forward) and 4 hours on 2026-11-01 (fall
 * back). Time covered by two blocks counts once; a block that a gap turns inside out counts nothing.
 *
 * <p><b>Boundaries.</b> {@link #plus} returns a block's end when the amount runs out exactly there,
 * not the next block's start. {@link #isWorking} holds from a block's start (included) to its end
 * (excluded).
 *
 * <p><b>Bound.</b> A calendar without any working time in a week is refused. Every walk through
 * the calendar looks at most {@value #MAX_SEARCH_DAYS} days (about ten years) past the day it
 * starts from: {@link #plus} throws {@link IllegalStateException} when the amount is not used up by
 * then, {@link #between} throws it when {@code to} lies that far after {@code from}, and
 * {@link #nextWorkingStart} answers empty. Only absurd amounts or years of holidays get there.
 *
 * <p>Sales ops write calendars as JSON, read into a {@link Spec}: {@link #validate} lists every
 * error in a spec, {@link #of} builds the calendar of a valid one. Immutable and thread-safe.
 */
public final class WorkingCalendar implements SlaClock {

  /** How many days past its first day a walk through the calendar looks before giving up. */
  public static final int MAX_SEARCH_DAYS = 3_700;

  /**
   * A calendar as written in JSON, e.g. {@code {"name":"cn-office","zone":"Asia/Shanghai",
   * "hours":{"MON":["09:00-12:00","13:00-18:00"],"TUE":["09:00-18:00"]},
   * "holidays":["2026-10-01"],"workdays":["2026-09-27"]}}.
   *
   * @param hours day keys MON TUE WED THU FRI SAT SUN (any case) to blocks "HH:mm-HH:mm"; the
   *     separator may also be –, —, －, ~, ～ or 〜, with spaces around; an end may be 24:00
   * @param holidays ISO dates without working time
   * @param workdays ISO dates worked with Monday's blocks (makeup workdays)
   */
  public record Spec(
      String name, String zone, Map<String, List<String>> hours, List<String> holidays, List<String> workdays) {}

  private static final List<String> DAY_KEYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  private static final Pattern BLOCK =
      Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*[-–—－~～〜]\\s*(\\d{1,2}:\\d{2})\\s*");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("H:mm").withResolverStyle(ResolverStyle.STRICT);

  private final String name;
  private final ZoneId zone;
  private final Map<DayOfWeek, List<Block>> hours;
  private final Set<LocalDate> holidays;
  private final Set<LocalDate> workdays;

  private WorkingCalendar(
      String name, ZoneId zone, Map<DayOfWeek, List<Block>> hours, Set<LocalDate> holidays, Set<LocalDate> workdays) {
    this.name = name;
    this.zone = zone;
    this.hours = hours;
    this.holidays = Set.copyOf(holidays);
    this.workdays = Set.copyOf(workdays);
  }

  /** The calendar of a spec that {@link #validate validates}; IllegalArgumentException otherwise. */
  public static WorkingCalendar of(Spec spec) {
    List<FieldError> errors = new ArrayList<>();
    WorkingCalendar calendar = parse(spec, "", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid working calendar: " + errors.stream()
          .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
    }
    return calendar;
  }

  /** Every error in {@code spec}, each with a JSON Pointer under {@code pointer}; never throws. */
  public static List<FieldError> validate(Spec spec, String pointer) {
    List<FieldError> errors = new ArrayList<>();
    parse(spec, pointer, errors);
    return List.copyOf(errors);
  }

  public String name() {
    return name;
  }

  public ZoneId zone() {
    return zone;
  }

  @Override
  public Instant plus(Instant start, Duration amount) {
    if (amount.isNegative()) throw new IllegalArgumentException("amount must not be negative: " + amount);
    if (amount.isZero()) return start;
    Duration left = amount;
    for (Interval worked : workingTimeFrom(start)) {
      if (worked.length().compareTo(left) >= 0) return worked.start().plus(left);
      left = left.minus(worked.length());
    }
    throw new IllegalStateException("calendar " + name + " has less than " + amount + " of working time in the "
        + MAX_SEARCH_DAYS + " days after " + start);
  }

  @Override
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) return Duration.ZERO;
    if (to.isAfter(from.plus(Duration.ofDays(MAX_SEARCH_DAYS - 1)))) {
      throw new IllegalStateException("calendar " + name + " counts at most " + MAX_SEARCH_DAYS
          + " days at a time, not " + from + " to " + to);
    }
    Duration counted = Duration.ZERO;
    for (Interval worked : workingTimeFrom(from)) {
      if (!worked.start().isBefore(to)) break;
      counted = counted.plus(Duration.between(worked.start(), earlier(worked.end(), to)));
    }
    return counted;
  }

  /** Is {@code t} inside a working block (its start included, its end excluded)? */
  public boolean isWorking(Instant t) {
    return nextWorkingStart(t).equals(Optional.of(t));
  }

  /** {@code t} if it is working time, else the start of the next working time; empty past the bound. */
  public Optional<Instant> nextWorkingStart(Instant t) {
    Iterator<Interval> walk = workingTimeFrom(t).iterator();
    return walk.hasNext() ? Optional.of(walk.next().start()) : Optional.empty();
  }

  @Override
  public String toString() {
    return "WorkingCalendar[" + name + ", " + zone + "]";
  }

  /** The working time from {@code from} on, in order, the first interval cut to start no earlier. */
  private Iterable<Interval> workingTimeFrom(Instant from) {
    return () -> new Walk(from);
  }

  /** The working time of one date, in order of start. Non-working dates cost two set look-ups. */
  private List<Interval> workingTimeOn(LocalDate date) {
    List<Block> blocks = holidays.contains(date)
        ? List.of()
        : hours.get(workdays.contains(date) ? DayOfWeek.MONDAY : date.getDayOfWeek());
    if (blocks.isEmpty()) return List.of();
    return blocks.stream()
        .map(block -> block.on(date, zone))
        .filter(interval -> interval.end().isAfter(interval.start()))
        .sorted(Comparator.comparing(Interval::start))
        .toList();
  }

  /** Walks day by day from the day before {@code from} (a block of that day may still run). */
  private final class Walk implements Iterator<Interval> {
    private final LocalDate lastDate;
    private LocalDate date;
    private List<Interval> today;
    private int index;
    /** Working time before this instant is behind the walk: handed out already, or before its start. */
    private Instant counted;
    private Interval upcoming;

    Walk(Instant from) {
      date = from.atZone(zone).toLocalDate().minusDays(1);
      lastDate = date.plusDays(MAX_SEARCH_DAYS);
      today = workingTimeOn(date);
      counted = from;
    }

    @Override
    public boolean hasNext() {
      if (upcoming == null) upcoming = advance();
      return upcoming != null;
    }

    @Override
    public Interval next() {
      if (!hasNext()) throw new NoSuchElementException();
      Interval current = upcoming;
      upcoming = null;
      return current;
    }

    private Interval advance() {
      while (true) {
        while (index < today.size()) {
          Interval worked = today.get(index++);
          if (worked.end().isAfter(counted)) {
            Interval fresh = new Interval(later(worked.start(), counted), worked.end());
            counted = worked.end();
            return fresh;
          }
        }
        if (!date.isBefore(lastDate)) return null;
        date = date.plusDays(1);
        today = workingTimeOn(date);
        index = 0;
      }
    }
  }

  /** A working block of a day; an end of 00:00 stands for 24:00, the midnight that ends the day. */
  private record Block(LocalTime start, LocalTime end) {

    boolean endsAfter(LocalTime t) {
      return end.equals(LocalTime.MIDNIGHT) || end.isAfter(t);
    }

    boolean overlaps(Block other) {
      return endsAfter(other.start) && other.endsAfter(start);
    }

    Interval on(LocalDate date, ZoneId zone) {
      LocalDate endDate = end.equals(LocalTime.MIDNIGHT) ? date.plusDays(1) : date;
      return new Interval(
          ZonedDateTime.of(date, start, zone).toInstant(), ZonedDateTime.of(endDate, end, zone).toInstant());
    }
  }

  private record Interval(Instant start, Instant end) {
    Duration length() {
      return Duration.between(start, end);
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  // ---- reading a Spec ----

  /** Reads {@code spec}, adding each error under {@code at}; the result means something only without errors. */
  private static WorkingCalendar parse(Spec spec, String at, List<FieldError> errors) {
    if (spec == null) {
      errors.add(new FieldError(at, "calendar is required"));
      return null;
    }
    if (spec.name() == null || spec.name().isBlank()) errors.add(new FieldError(at + "/name", "name is required"));
    ZoneId zone = parseZone(spec.zone(), at + "/zone", errors);

    int errorsBeforeHours = errors.size();
    Map<DayOfWeek, List<Block>> hours = parseHours(spec.hours(), at + "/hours", errors);
    if (errors.size() == errorsBeforeHours && hours.values().stream().allMatch(List::isEmpty)) {
      errors.add(new FieldError(at + "/hours", "no working time: give at least one block, e.g. \"MON\": [\"09:00-18:00\"]"));
    }

    List<LocalDate> holidays = parseDates(spec.holidays(), at + "/holidays", errors);
    List<LocalDate> workdays = parseDates(spec.workdays(), at + "/workdays", errors);
    for (int i = 0; i < workdays.size(); i++) {
      LocalDate workday = workdays.get(i);
      if (workday == null) continue;
      if (holidays.contains(workday)) {
        errors.add(new FieldError(at + "/workdays/" + i, workday + " is also a holiday"));
      } else if (hours.get(DayOfWeek.MONDAY).isEmpty()) {
        errors.add(new FieldError(at + "/workdays/" + i, "a makeup workday works Monday's hours, and MON has none"));
      }
    }
    if (!errors.isEmpty()) return null;
    return new WorkingCalendar(spec.name(), zone, hours, new HashSet<>(holidays), new HashSet<>(workdays));
  }

  private static ZoneId parseZone(String text, String at, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      errors.add(new FieldError(at, "zone is required, e.g. Asia/Shanghai"));
      return null;
    }
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      errors.add(new FieldError(at, "unknown time zone '" + text + "'"));
      return null;
    }
  }

  /** Every day of the week mapped to its blocks (none for a day not given), sorted by start. */
  private static Map<DayOfWeek, List<Block>> parseHours(Map<String, List<String>> byKey, String at, List<FieldError> errors) {
    Map<DayOfWeek, List<Block>> hours = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) hours.put(day, List.of());
    if (byKey == null) return hours;
    Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
    for (Map.Entry<String, List<String>> entry : byKey.entrySet()) {
      String key = entry.getKey();
      String dayAt = JsonPointer.child(at, key);
      int index = key == null ? -1 : DAY_KEYS.indexOf(key.trim().toUpperCase(Locale.ROOT));
      if (index < 0) {
        errors.add(new FieldError(dayAt, "unknown day '" + key + "' (use " + String.join(" ", DAY_KEYS) + ")"));
      } else if (!seen.add(DayOfWeek.of(index + 1))) {
        errors.add(new FieldError(dayAt, "day '" + key + "' is given twice"));
      } else {
        hours.put(DayOfWeek.of(index + 1), parseBlocks(entry.getValue(), dayAt, errors));
      }
    }
    return hours;
  }

  private static List<Block> parseBlocks(List<String> texts, String at, List<FieldError> errors) {
    if (texts == null) {
      errors.add(new FieldError(at, "blocks are required (an empty list for a day off)"));
      return List.of();
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Block block = parseBlock(texts.get(i), at + "/" + i, errors);
      if (block == null) continue;
      Optional<Block> overlapped = blocks.stream().filter(block::overlaps).findFirst();
      if (overlapped.isPresent()) {
        errors.add(new FieldError(at + "/" + i, "block overlaps " + format(overlapped.get()) + " of the same day"));
      }
      blocks.add(block);
    }
    blocks.sort(Comparator.comparing(Block::start));
    return List.copyOf(blocks);
  }

  private static Block parseBlock(String text, String at, List<FieldError> errors) {
    Matcher m = BLOCK.matcher(text == null ? "" : text);
    if (!m.matches()) {
      errors.add(new FieldError(at, "block must look like 09:00-18:00, not '" + text + "'"));
      return null;
    }
    boolean endOfDay = m.group(2).equals("24:00");
    Optional<LocalTime> start = parseTime(m.group(1), at, errors);
    Optional<LocalTime> end = endOfDay ? Optional.of(LocalTime.MIDNIGHT) : parseTime(m.group(2), at, errors);
    if (start.isEmpty() || end.isEmpty()) return null;
    if (!endOfDay && !end.get().isAfter(start.get())) {
      String hint = end.get().equals(LocalTime.MIDNIGHT) ? " (write 24:00 for the midnight that ends the day)" : "";
      errors.add(new FieldError(at, "block end must be after its start" + hint));
      return null;
    }
    return new Block(start.get(), end.get());
  }

  private static Optional<LocalTime> parseTime(String text, String at, List<FieldError> errors) {
    try {
      return Optional.of(LocalTime.parse(text, TIME));
    } catch (DateTimeException e) {
      errors.add(new FieldError(at, "no such time '" + text + "'"));
      return Optional.empty();
    }
  }

  /** The dates at their list positions, null where a date is bad; an absent list is empty. */
  private static List<LocalDate> parseDates(List<String> texts, String at, List<FieldError> errors) {
    List<LocalDate> dates = new ArrayList<>();
    if (texts == null) return dates;
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      try {
        dates.add(LocalDate.parse(text == null ? "" : text.trim()));
      } catch (DateTimeException e) {
        errors.add(new FieldError(at + "/" + i, "bad date '" + text + "' (use YYYY-MM-DD, e.g. 2026-10-01)"));
        dates.add(null);
      }
    }
    return dates;
  }

  private static String format(Block block) {
    return "'" + block.start() + "-" + (block.end().equals(LocalTime.MIDNIGHT) ? "24:00" : block.end()) + "'";
  }
}
