package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A routing pool's book of every rep's workload: the load each rep last reported (the {@code Rep}
 * entity has the last word on capacity) and the offers the pool made that the rep has not yet
 * confirmed or refused. Routing decides over the <em>effective</em> load — reported plus in flight —
 * so that a burst of decisions does not pile leads on one rep before their reports come back. An
 * offer nobody settles (lost on the way) expires after the offer timeout. Immutable; time is passed
 * in. The maps are persistent (PCollections): a new version shares all but the changed entry, since
 * every pool replaces its book on every rep's report (every pool hears of every new reservation).
 */
public final class WorkloadBook {

  public static final WorkloadBook EMPTY = new WorkloadBook(HashTreePMap.empty(), HashTreePMap.empty());

  /** An offer in flight: when it was made and the fairness group that counted it (null: none). */
  public record Offer(Instant at, String group) {}

  /** repId → load as reported. */
  private final PMap<String, RepWorkload> reported;
  /** repId → the offers not yet confirmed by the rep; no empty ones. */
  private final PMap<String, Pending> inFlight;

  /**
   * A rep's offers in flight (leadId → offer) and the latest one's time, kept as offers come and go
   * so that {@link #effective} reads it instead of scanning every offer: that scan (a stream per rep
   * with offers, on every routing decision) was a tenth of the engine's CPU at steady load
   * (docs/benchmarks.md, the sustained run's profile).
   */
  private record Pending(PMap<String, Offer> offers, long lastAtMillis) {
    static final Pending NONE = new Pending(HashTreePMap.empty(), Long.MIN_VALUE);

    Pending plus(String leadId, Offer offer) {
      Pending without = minus(leadId);
      return new Pending(without.offers.plus(leadId, offer), Math.max(without.lastAtMillis, offer.at().toEpochMilli()));
    }

    Pending minus(String leadId) {
      Offer gone = offers.get(leadId);
      if (gone == null) return this;
      PMap<String, Offer> rest = offers.minus(leadId);
      long last = lastAtMillis;
      if (gone.at().toEpochMilli() == lastAtMillis) {
        last = Long.MIN_VALUE;
        for (Offer o : rest.values()) last = Math.max(last, o.at().toEpochMilli());
      }
      return new Pending(rest, last);
    }
  }

  private WorkloadBook(PMap<String, RepWorkload> reported, PMap<String, Pending> inFlight) {
    this.reported = reported;
    this.inFlight = inFlight;
  }

  /** The book with {@code repId}'s load as they reported it now. */
  public WorkloadBook reported(String repId, RepWorkload load) {
    return new WorkloadBook(reported.plus(repId, load), inFlight);
  }

  /** Whether {@code repId} has reported a load. */
  public boolean knows(String repId) {
    return reported.containsKey(repId);
  }

  /** Every rep's load as reported (offers in flight not counted). */
  public Map<String, RepWorkload> reported() {
    return reported;
  }

  /** The book with {@code leadId} offered to {@code repId} at {@code at}, counted by {@code group} (null: none). */
  public WorkloadBook offered(String leadId, String repId, String group, Instant at) {
    return withPending(repId, inFlight.getOrDefault(repId, Pending.NONE).plus(leadId, new Offer(at, group)));
  }

  /** The offer of {@code leadId} to {@code repId} still in flight, or null. */
  public Offer offer(String repId, String leadId) {
    Pending pending = inFlight.get(repId);
    return pending == null ? null : pending.offers().get(leadId);
  }

  /** The book without the offer of {@code leadId} to {@code repId}: the rep confirmed or refused it, or the lead declined it. */
  public WorkloadBook settled(String repId, String leadId) {
    Pending pending = inFlight.get(repId);
    if (pending == null || !pending.offers().containsKey(leadId)) return this;
    return withPending(repId, pending.minus(leadId));
  }

  /** Whether {@code leadId} has an offer in flight (to anyone). */
  public boolean isOffered(String leadId) {
    for (Pending pending : inFlight.values()) {
      if (pending.offers().containsKey(leadId)) return true;
    }
    return false;
  }

  /** The book without the offers made before {@code cutoff} (lost on the way; the lead is offered again). */
  public WorkloadBook expired(Instant cutoff) {
    PMap<String, Pending> next = inFlight;
    for (Map.Entry<String, Pending> rep : inFlight.entrySet()) {
      Pending kept = rep.getValue();
      for (Map.Entry<String, Offer> offer : rep.getValue().offers().entrySet()) {
        if (offer.getValue().at().isBefore(cutoff)) kept = kept.minus(offer.getKey());
      }
      if (kept != rep.getValue()) next = kept.offers().isEmpty() ? next.minus(rep.getKey()) : next.plus(rep.getKey(), kept);
    }
    return next == inFlight ? this : new WorkloadBook(reported, next);
  }

  /**
   * Every rep's load as it will be once the offers in flight are confirmed: each offer adds an open
   * lead and a new lead today (the day in the rep's zone, {@code zoneOf}), and the latest offer is
   * the last assignment if it is later than the reported one. Reps with nothing in flight keep the
   * load they reported.
   */
  public Map<String, RepWorkload> effective(Instant now, Function<String, ZoneId> zoneOf) {
    if (inFlight.isEmpty()) return reported;
    PMap<String, RepWorkload> effective = reported;
    Map<ZoneId, LocalDate> days = new HashMap<>(4); // most reps share a zone
    for (Map.Entry<String, Pending> rep : inFlight.entrySet()) {
      String repId = rep.getKey();
      Pending pending = rep.getValue();
      int offers = pending.offers().size();
      RepWorkload base = reported.getOrDefault(repId, RepWorkload.NONE);
      LocalDate today = days.computeIfAbsent(zoneOf.apply(repId), zone -> now.atZone(zone).toLocalDate());
      effective = effective.plus(repId, new RepWorkload(base.openLeads() + offers,
          Math.max(base.lastAssignedAtMillis(), pending.lastAtMillis()), today, base.newOn(today) + offers, base.breachStreak()));
    }
    return effective;
  }

  private WorkloadBook withPending(String repId, Pending pending) {
    return new WorkloadBook(reported, pending.offers().isEmpty() ? inFlight.minus(repId) : inFlight.plus(repId, pending));
  }

  @Override
  public String toString() {
    return "WorkloadBook[reported=" + reported + ", inFlight=" + inFlight + "]";
  }
}
