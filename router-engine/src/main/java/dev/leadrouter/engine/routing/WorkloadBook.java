package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
  /** repId → leadId → offer not yet confirmed by the rep; no empty inner maps. */
  private final PMap<String, PMap<String, Offer>> inFlight;

  private WorkloadBook(PMap<String, RepWorkload> reported, PMap<String, PMap<String, Offer>> inFlight) {
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
    PMap<String, Offer> pending = inFlight.getOrDefault(repId, HashTreePMap.empty());
    return withPending(repId, pending.plus(leadId, new Offer(at, group)));
  }

  /** The offer of {@code leadId} to {@code repId} still in flight, or null. */
  public Offer offer(String repId, String leadId) {
    PMap<String, Offer> pending = inFlight.get(repId);
    return pending == null ? null : pending.get(leadId);
  }

  /** The book without the offer of {@code leadId} to {@code repId}: the rep confirmed or refused it, or the lead declined it. */
  public WorkloadBook settled(String repId, String leadId) {
    PMap<String, Offer> pending = inFlight.get(repId);
    if (pending == null || !pending.containsKey(leadId)) return this;
    return withPending(repId, pending.minus(leadId));
  }

  /** Whether {@code leadId} has an offer in flight (to anyone). */
  public boolean isOffered(String leadId) {
    return inFlight.values().stream().anyMatch(m -> m.containsKey(leadId));
  }

  /** The book without the offers made before {@code cutoff} (lost on the way; the lead is offered again). */
  public WorkloadBook expired(Instant cutoff) {
    PMap<String, PMap<String, Offer>> next = inFlight;
    for (Map.Entry<String, PMap<String, Offer>> rep : inFlight.entrySet()) {
      PMap<String, Offer> kept = rep.getValue();
      for (Map.Entry<String, Offer> offer : rep.getValue().entrySet()) {
        if (offer.getValue().at().isBefore(cutoff)) kept = kept.minus(offer.getKey());
      }
      if (kept != rep.getValue()) next = kept.isEmpty() ? next.minus(rep.getKey()) : next.plus(rep.getKey(), kept);
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
    for (Map.Entry<String, PMap<String, Offer>> rep : inFlight.entrySet()) {
      String repId = rep.getKey();
      PMap<String, Offer> pending = rep.getValue();
      RepWorkload base = reported.getOrDefault(repId, RepWorkload.NONE);
      long last = pending.values().stream().mapToLong(o -> o.at().toEpochMilli()).max().orElse(0L);
      LocalDate today = now.atZone(zoneOf.apply(repId)).toLocalDate();
      effective = effective.plus(repId, new RepWorkload(base.openLeads() + pending.size(),
          Math.max(base.lastAssignedAtMillis(), last), today, base.newOn(today) + pending.size(), base.breachStreak()));
    }
    return effective;
  }

  private WorkloadBook withPending(String repId, PMap<String, Offer> pending) {
    return new WorkloadBook(reported, pending.isEmpty() ? inFlight.minus(repId) : inFlight.plus(repId, pending));
  }

  @Override
  public String toString() {
    return "WorkloadBook[reported=" + reported + ", inFlight=" + inFlight + "]";
  }
}
