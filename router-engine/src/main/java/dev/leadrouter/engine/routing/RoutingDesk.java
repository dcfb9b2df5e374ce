package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.routing.RoutingPool.QueuedLeadV2;
import dev.leadrouter.engine.routing.rules.Decision;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RuleEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a ready {@link RoutingPool} decides with beside its queue: the {@link WorkloadBook}, the
 * fairness ledger with every decision made so far, and what each queued lead was last told (WAIT or
 * FALLBACK, so that a wait that ran out is told once). Decides with the rules in force over the
 * effective workloads (reported plus offers in flight). Immutable; the pool sends what a step
 * answers and saves the ledger when it moved.
 */
public record RoutingDesk(WorkloadBook book, FairnessLedger ledger, Map<String, Decision.Outcome> told) {

  public RoutingDesk {
    told = Map.copyOf(told);
  }

  /** A desk for a pool that just started: nothing offered or told yet. */
  public static RoutingDesk start(WorkloadBook book, FairnessLedger ledger) {
    return new RoutingDesk(book, ledger, Map.of());
  }

  /** What to send a lead: its offer (ASSIGNED), or where it waits — {@code tell} false: it knows already. */
  public record Answer(String leadId, Decision decision, boolean tell) {}

  /** The desk after a step and what it answers, in order. */
  public record Step(RoutingDesk next, List<Answer> answers) {}

  /** The rules' decision for a lead (not routed to {@code excluded}), changing nothing. */
  public Decision decide(RuleEngine engine, LeadFacts facts, List<String> excluded, Instant now) {
    Map<String, RepWorkload> effective = effective(engine, now);
    // Deactivated people are known to the rules from the org chart they were compiled against.
    return engine.decide(facts, new Roster(Set.of(), Set.of(), Set.copyOf(excluded)), effective, ledger, now);
  }

  /** The book's effective workloads, each rep's day taken in their own zone (else the rules' zone). */
  private Map<String, RepWorkload> effective(RuleEngine engine, Instant now) {
    return book.effective(now, repId -> engine.rules().profile(repId).map(p -> p.zone()).orElse(engine.rules().document().zone()));
  }

  /** Routes one lead: an offer goes in flight and moves the ledger; otherwise the lead is told where it waits. */
  public Step route(String leadId, LeadFacts facts, List<String> excluded, RuleEngine engine, Instant now) {
    Decision decision = decide(engine, facts, excluded, now);
    return new Step(answered(leadId, decision, now), List.of(new Answer(leadId, decision, true)));
  }

  /** What a hand assignment answers ({@link HandAssignment}) and the desk after it. */
  public record ByHand(RoutingDesk next, HandAssignment.Verdict verdict) {}

  /**
   * A manager gives {@code leadId} to {@code repId} by hand: checked over the effective workloads
   * (offers in flight count); when allowed the offer goes in flight like a routed one, so the load
   * counts it until the rep confirms or refuses, but no rule's fairness count moves (no group).
   */
  public ByHand byHand(String leadId, String repId, String by, RuleEngine engine, int rulesVersion, Instant now) {
    Map<String, RepWorkload> effective = effective(engine, now);
    HandAssignment.Verdict verdict = HandAssignment.decide(engine.rules(), rulesVersion, repId, by, effective, now);
    if (!verdict.allowed()) return new ByHand(this, verdict);
    return new ByHand(new RoutingDesk(book.offered(leadId, repId, null, now), ledger, told).dequeued(leadId), verdict);
  }

  /**
   * Routes the queued leads again, oldest first, each to whoever can take it now (one offer in
   * flight per lead); a lead whose outcome changed (a wait that ran out is in the fallback queue
   * now) is told, one whose outcome did not is not told again.
   */
  public Step drain(List<QueuedLeadV2> queue, RuleEngine engine, Instant now) {
    RoutingDesk desk = this;
    List<Answer> answers = new ArrayList<>();
    for (QueuedLeadV2 q : queue) {
      if (desk.book.isOffered(q.leadId())) continue;
      Decision decision = desk.decide(engine, q.facts(), List.of(), now);
      boolean tell = decision.outcome() == Decision.Outcome.ASSIGNED || decision.outcome() != desk.told.get(q.leadId());
      if (tell) desk = desk.answered(q.leadId(), decision, now);
      if (tell || decision.waitUntil() != null) answers.add(new Answer(q.leadId(), decision, tell));
    }
    return new Step(desk, answers);
  }

  /**
   * The offer of {@code leadId} to {@code repId} is settled: confirmed, or — {@code notKept} — the
   * rep refused it or the lead declined it, so the fairness count it took is given back.
   */
  public RoutingDesk settled(String repId, String leadId, boolean notKept) {
    WorkloadBook.Offer offer = book.offer(repId, leadId);
    FairnessLedger next = notKept && offer != null && offer.group() != null ? ledger.withdraw(offer.group(), repId) : ledger;
    return new RoutingDesk(book.settled(repId, leadId), next, told);
  }

  /** {@code repId}'s load as they reported it. */
  public RoutingDesk reported(String repId, RepWorkload load) {
    return new RoutingDesk(book.reported(repId, load), ledger, told);
  }

  /** Without the offers made before {@code cutoff} (lost on the way: their leads are offered again). */
  public RoutingDesk expired(Instant cutoff) {
    return new RoutingDesk(book.expired(cutoff), ledger, told);
  }

  /** The lead left the queue: nothing told to remember. */
  public RoutingDesk dequeued(String leadId) {
    if (!told.containsKey(leadId)) return this;
    Map<String, Decision.Outcome> rest = new HashMap<>(told);
    rest.remove(leadId);
    return new RoutingDesk(book, ledger, rest);
  }

  private RoutingDesk answered(String leadId, Decision decision, Instant now) {
    if (decision.outcome() != Decision.Outcome.ASSIGNED) {
      Map<String, Decision.Outcome> next = new HashMap<>(told);
      next.put(leadId, decision.outcome());
      return new RoutingDesk(book, ledger, next);
    }
    return new RoutingDesk(book.offered(leadId, decision.repId(), decision.group(), now), decision.ledger(), told)
        .dequeued(leadId);
  }
}
