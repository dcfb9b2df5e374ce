package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.routing.rules.RoutingRuleSet.Away;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet.Profile;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a rep may take a new lead at an instant, and if not, why and until when. Pure.
 *
 * <p>A rep is eligible at {@code t} when, checked in this order (the first failure is the reason):
 * they are a rep of the org chart; not deactivated ({@code "deactivated"}); not excluded for this
 * lead ({@code "had this lead before …"}: it refused the lead or lost it); not out of rotation (a
 * manager benched them, or their breach streak reached the limit: {@code "out of rotation after 3
 * breaches in a row"}); available in the org chart ({@code "marked away in the org chart"}); not
 * inside an absence ({@code "on vacation until 2026-12-03"}, the reason word taken from the
 * absence); inside a working block of their calendar ({@code "away until 14:00"}; no calendar =
 * always working); under capacity, {@code openLeads < capacity} ({@code "at capacity 20/20"}); and
 * under {@code maxNewPerDay} for today in their zone ({@code "daily limit 15/15 reached"}).
 *
 * <p>Times in reasons are the rep's local time: {@code 14:00} today, {@code 2026-12-03 09:00} on
 * another day, {@code 2026-12-03} for an absence whose {@code to} is a date (the last day away).
 *
 * <p>{@link Verdict#eligibleAgainAt} is the first instant the rep becomes eligible, assuming nothing
 * but time changes (absences end, working hours start, the daily count resets at local midnight);
 * null when only a person can change it (deactivated, benched, marked away, at capacity).
 */
public final class Availability {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int MAX_STEPS = 16;

  /** Eligible or not, the human reason, and when eligible again (null: not by time alone). */
  public record Verdict(boolean eligible, String reason, Instant eligibleAgainAt) {
    static final Verdict AVAILABLE = new Verdict(true, "available", null);
  }

  private final RoutingRuleSet rules;

  public Availability(RoutingRuleSet rules) {
    this.rules = rules;
  }

  /** The verdict for one person at {@code now}. */
  public Verdict check(String personId, Roster roster, Map<String, RepWorkload> loads, Instant now) {
    Optional<Profile> profile = rules.profile(personId);
    if (profile.isEmpty()) return new Verdict(false, "not a rep in the org chart", null);
    return check(profile.get(), roster, loads.getOrDefault(personId, RepWorkload.NONE), now, null);
  }

  /**
   * The verdict for a profile; {@code working} caches each calendar's "working now?" for one
   * decision (0 unknown, 1 yes, 2 no), or null.
   */
  Verdict check(Profile p, Roster roster, RepWorkload load, Instant now, byte[] working) {
    if (roster.deactivated().contains(p.id) || p.person.isDeactivated()) return new Verdict(false, "deactivated", null);
    if (roster.excluded().contains(p.id)) {
      return new Verdict(false, "had this lead before (refused it or it was taken from them)", null);
    }
    Integer limit = rules.document().breachStreakLimit();
    boolean streak = limit != null && load.breachStreak() >= limit;
    if (streak || roster.benched().contains(p.id)) {
      int n = Math.max(load.breachStreak(), limit == null ? 0 : limit);
      return new Verdict(false, n > 0 ? "out of rotation after " + n + " breaches in a row" : "out of rotation", null);
    }
    if (!p.person.isAvailable()) return new Verdict(false, "marked away in the org chart", null);
    Away away = absenceAt(p, now);
    if (away != null) {
      String what = away.reason() == null ? "absent" : "on " + away.reason();
      String until = away.endsWithDate()
          ? away.to().atZone(p.zone).toLocalDate().minusDays(1).toString()
          : when(away.to(), now, p);
      return new Verdict(false, what + " until " + until, eligibleAgainAt(p, load, now));
    }
    if (p.calendar != null && !working(p, now, working)) {
      Instant back = eligibleAgainAt(p, load, now);
      Instant next = p.calendar.nextWorkingStart(now).orElse(null);
      return new Verdict(false, next == null ? "no working time ahead" : "away until " + when(next, now, p), back);
    }
    int capacity = p.person.capacityOrZero();
    if (load.openLeads() >= capacity) return new Verdict(false, "at capacity " + load.openLeads() + "/" + capacity, null);
    if (p.maxNewPerDay != null) {
      int today = load.newOn(now.atZone(p.zone).toLocalDate());
      if (today >= p.maxNewPerDay) {
        return new Verdict(false, "daily limit " + today + "/" + p.maxNewPerDay + " reached", eligibleAgainAt(p, load, now));
      }
    }
    return Verdict.AVAILABLE;
  }

  private boolean working(Profile p, Instant now, byte[] cache) {
    if (cache == null) return p.calendar.isWorking(now);
    byte known = cache[p.calendarSlot];
    if (known == 0) {
      known = p.calendar.isWorking(now) ? (byte) 1 : (byte) 2;
      cache[p.calendarSlot] = known;
    }
    return known == 1;
  }

  private static Away absenceAt(Profile p, Instant t) {
    for (Away a : p.absences) if (!t.isBefore(a.from()) && t.isBefore(a.to())) return a;
    return null;
  }

  /** The first instant from {@code now} with no absence, inside working hours and under the daily limit. */
  private static Instant eligibleAgainAt(Profile p, RepWorkload load, Instant now) {
    LocalDate today = now.atZone(p.zone).toLocalDate();
    boolean limitToday = p.maxNewPerDay != null && load.newOn(today) >= p.maxNewPerDay;
    Instant t = now;
    for (int step = 0; step < MAX_STEPS; step++) {
      boolean moved = false;
      Away away = absenceAt(p, t);
      if (away != null) {
        t = away.to();
        moved = true;
      }
      if (p.calendar != null) {
        Optional<Instant> next = p.calendar.nextWorkingStart(t);
        if (next.isEmpty()) return null;
        if (next.get().isAfter(t)) {
          t = next.get();
          moved = true;
        }
      }
      if (limitToday && t.atZone(p.zone).toLocalDate().equals(today)) {
        t = today.plusDays(1).atStartOfDay(p.zone).toInstant();
        moved = true;
      }
      if (!moved) return t;
    }
    return t;
  }

  /** {@code 14:00} on the same local day as {@code now}, else {@code 2026-12-03 09:00}. */
  static String when(Instant t, Instant now, Profile p) {
    ZonedDateTime local = t.atZone(p.zone);
    boolean sameDay = local.toLocalDate().equals(now.atZone(p.zone).toLocalDate());
    return sameDay ? TIME.format(local) : DATE_TIME.format(local);
  }
}
