package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A routing pool's book of every rep's workload: the load each rep last reported (the {@code Rep}
 * entity has the last word on capacity) and the offers the pool made that the rep has not yet
 * confirmed or refused. Routing decides over the <em>effective</em> load — reported plus in flight —
 * so that a burst of decisions does not pile leads on one rep before their reports come back. An
 * offer nobody settles (lost on the way) expires after the offer timeout. Immutable; time is passed
 * in.
 */
public final class WorkloadBook {

  public static final WorkloadBook EMPTY = new WorkloadBook(Map.of(), Map.of());

  /** An offer in flight: when it was made and the fairness group that counted it (null: none). */
  public record Offer(Instant at, String group) {}

  /** repId → load as reported. */
  private final Map<String, RepWorkload> reported;
  /** repId → leadId → offer not yet confirmed by the rep; no empty inner maps. */
  private final Map<String, Map<String, Offer>> inFlight;

  private WorkloadBook(Map<String, RepWorkload> reported, Map<String, Map<String, Offer>> inFlight) {
    this.reported = reported;
    this.inFlight = inFlight;
  }

  /** The book with {@code repId}'s load as they reported it now. */
  public WorkloadBook reported(String repId, RepWorkload load) {
    Map<String, RepWorkload> next = new HashMap<>(reported);
    next.put(repId, load);
    return new WorkloadBook(Collections.unmodifiableMap(next), inFlight);
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
    Map<String, Offer> pending = new HashMap<>(inFlight.getOrDefault(repId, Map.of()));
    pending.put(leadId, new Offer(at, group));
    return withPending(repId, pending);
  }

  /** The offer of {@code leadId} to {@code repId} still in flight, or null. */
  public Offer offer(String repId, String leadId) {
    return inFlight.getOrDefault(repId, Map.of()).get(leadId);
  }

  /** The book without the offer of {@code leadId} to {@code repId}: the rep confirmed or refused it, or the lead declined it. */
  public WorkloadBook settled(String repId, String leadId) {
    Map<String, Offer> pending = inFlight.get(repId);
    if (pending == null || !pending.containsKey(leadId)) return this;
    Map<String, Offer> rest = new HashMap<>(pending);
    rest.remove(leadId);
    return withPending(repId, rest);
  }

  /** Whether {@code leadId} has an offer in flight (to anyone). */
  public boolean isOffered(String leadId) {
    return inFlight.values().stream().anyMatch(m -> m.containsKey(leadId));
  }

  /** The book without the offers made before {@code cutoff} (lost on the way; the lead is offered again). */
  public WorkloadBook expired(Instant cutoff) {
    Map<String, Map<String, Offer>> next = new HashMap<>();
    inFlight.forEach((repId, pending) -> {
      Map<String, Offer> kept = new HashMap<>(pending);
      kept.values().removeIf(o -> o.at().isBefore(cutoff));
      if (!kept.isEmpty()) next.put(repId, Collections.unmodifiableMap(kept));
    });
    return new WorkloadBook(reported, Collections.unmodifiableMap(next));
  }

  /**
   * Every rep's load as it will be once the offers in flight are confirmed: each offer adds an open
   * lead and a new lead today (the day in the rep's zone, {@code zoneOf}), and the latest offer is
   * the last assignment if it is later than the reported one. Reps with nothing in flight keep the
   * load they reported.
   */
  public Map<String, RepWorkload> effective(Instant now, Function<String, ZoneId> zoneOf) {
    if (inFlight.isEmpty()) return reported;
    Map<String, RepWorkload> effective = new HashMap<>(reported);
    inFlight.forEach((repId, pending) -> {
      RepWorkload base = reported.getOrDefault(repId, RepWorkload.NONE);
      long last = pending.values().stream().mapToLong(o -> o.at().toEpochMilli()).max().orElse(0L);
      LocalDate today = now.atZone(zoneOf.apply(repId)).toLocalDate();
      effective.put(repId, new RepWorkload(base.openLeads() + pending.size(), Math.max(base.lastAssignedAtMillis(), last),
          today, base.newOn(today) + pending.size(), base.breachStreak()));
    });
    return effective;
  }

  private WorkloadBook withPending(String repId, Map<String, Offer> pending) {
    Map<String, Map<String, Offer>> next = new HashMap<>(inFlight);
    if (pending.isEmpty()) next.remove(repId);
    else next.put(repId, Collections.unmodifiableMap(pending));
    return new WorkloadBook(reported, Collections.unmodifiableMap(next));
  }

  @Override
  public String toString() {
    return "WorkloadBook[reported=" + reported + ", inFlight=" + inFlight + "]";
  }
}
