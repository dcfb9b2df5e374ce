package dev.leadrouter.engine.org;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A person's daily quiet hours, local to {@code zone}: from {@code from} (inclusive) to {@code to}
 * (exclusive), both {@code HH:mm}. When {@code from} is later than {@code to} they run overnight
 * ({@code 22:00}–{@code 08:00}). Checked by {@link OrgChartValidator}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuietHours(String from, String to, String zone) implements EngineSerializable {

  /**
   * If {@code t} falls inside these quiet hours, the instant they end; otherwise empty. Windows are
   * placed on the local calendar of {@code zone} with {@link ZonedDateTime}, so a night that spans a
   * daylight-saving change is an hour shorter or longer, and an end inside a skipped hour moves
   * forward by the gap. Equal {@code from} and {@code to} are never quiet. Values the validator
   * refuses throw {@link java.time.DateTimeException}.
   */
  public Optional<Instant> endIfQuiet(Instant t) {
    LocalTime start = LocalTime.parse(from);
    LocalTime end = LocalTime.parse(to);
    if (start.equals(end)) return Optional.empty();
    ZoneId z = ZoneId.of(zone);
    boolean overnight = start.isAfter(end);
    LocalDate today = t.atZone(z).toLocalDate();
    Instant result = null;
    // Yesterday's window may run into today (overnight, or shifted by a DST change).
    for (LocalDate day = today.minusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
      Instant begins = ZonedDateTime.of(day, start, z).toInstant();
      Instant ends = ZonedDateTime.of(overnight ? day.plusDays(1) : day, end, z).toInstant();
      if (!t.isBefore(begins) && t.isBefore(ends) && (result == null || ends.isAfter(result))) result = ends;
    }
    return Optional.ofNullable(result);
  }
}
