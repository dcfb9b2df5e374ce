package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.lead.Lead.AssignmentRevoked;
import dev.leadrouter.engine.lead.Lead.AssignmentWithdrawn;
import dev.leadrouter.engine.lead.Lead.Enqueue;
import dev.leadrouter.engine.lead.Lead.Event;
import dev.leadrouter.engine.lead.Lead.LeadQueued;
import dev.leadrouter.engine.lead.Lead.Offer;
import dev.leadrouter.engine.lead.Lead.ReservationResult;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.lead.Lead.Withdraw;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Lead}'s handlers of what its routing pool and its rep answer: an offer taken or turned
 * down, a place in the queue, a withdrawal, a reservation refused. {@link Lead} says in which
 * statuses each applies; these persist and then tell others through {@link LeadSideEffects}.
 */
final class LeadRoutingHandlers {

  private final String leadId;
  private final EngineDeps deps;
  private final LeadSideEffects effects;
  private final EffectFactories<Event, LeadState> effect;

  LeadRoutingHandlers(String leadId, EngineDeps deps, LeadSideEffects effects, EffectFactories<Event, LeadState> effect) {
    this.leadId = leadId;
    this.deps = deps;
    this.effects = effects;
    this.effect = effect;
  }

  /** The rep offered gets the lead, with the SLA plan of the policy that applies ({@link SlaCommands#assign}). */
  ReplyEffect<Event, LeadState> onOffer(LeadState state, Offer cmd) {
    Instant now = deps.clock().instant();
    return effect
        .persist(SlaCommands.assign(state, cmd.decision(), deps.directory().current(), deps.sla().current(),
            now, deps.settings().timeScale()))
        .thenRun(s -> observeFirst(state, now, true))
        .thenRun(s -> effects.tellPool(s, new RoutingPool.LeadTaken(leadId)))
        .thenRun(effects::reserve)
        .thenRun(effects::scheduleNext)
        .thenNoReply();
  }

  /** A manager's assignment by hand: refused, answered as before, or the region's pool is asked about the rep. */
  ReplyEffect<Event, LeadState> onAssign(LeadState state, Lead.Assign cmd) {
    ManualAssignment.Check check = ManualAssignment.check(state, cmd.repId());
    if (check instanceof ManualAssignment.Refuse r) return effect.reply(cmd.replyTo(), new Lead.Refused(r.rejection()));
    if (check instanceof ManualAssignment.Already a) return effect.reply(cmd.replyTo(), a.reply());
    effects.askPoolByHand(state, cmd.repId(), cmd.by(), cmd.replyTo());
    return effect.noReply();
  }

  /**
   * The pool answered an assignment by hand. Allowed and still movable: the move is persisted (the
   * previous rep's slot freed, as after a reassign step), then the new rep's slot reserved — the
   * routed offer's path, so a refusal revokes it. Otherwise the caller is told why, and an offer the
   * pool put in flight for it is given back.
   */
  ReplyEffect<Event, LeadState> onHandAnswered(LeadState state, Lead.HandAnswered cmd) {
    RoutingPool.HandAnswer answer = cmd.answer();
    if (answer == null) {
      return effect.reply(cmd.replyTo(), new Lead.Refused(Rejected.of(Rejected.Code.UNAVAILABLE,
          "the routing pool of " + state.region() + " did not answer in time; try again")));
    }
    if (answer.decision() == null) {
      return effect.reply(cmd.replyTo(), new Lead.Refused(ManualAssignment.repRefused(cmd.repId(), answer.refusal())));
    }
    ManualAssignment.Check check = ManualAssignment.check(state, cmd.repId());
    if (!(check instanceof ManualAssignment.Ask ask)) {
      effects.tellPool(state, new RoutingPool.OfferDeclined(leadId, cmd.repId()));
      return check instanceof ManualAssignment.Already a ? effect.reply(cmd.replyTo(), a.reply())
          : effect.reply(cmd.replyTo(), new Lead.Refused(((ManualAssignment.Refuse) check).rejection()));
    }
    Instant now = deps.clock().instant();
    return effect
        .persist(ManualAssignment.events(state, answer.decision(), deps.directory().current(), deps.sla().current(),
            now, deps.settings().timeScale()))
        .thenRun(s -> observeFirst(state, now, true))
        .thenRun(s -> {
          if (ask.fromRepId() != null) effects.release(ask.fromRepId());
        })
        .thenRun(s -> effects.tellPool(s, new RoutingPool.LeadTaken(leadId)))
        .thenRun(effects::reserve)
        .thenRun(effects::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Lead.Assigned(leadId, cmd.repId(), now, ask.fromRepId()));
  }

  /** Routed already (or closed) when the pool's offer came: the pool frees the rep it reserved. */
  ReplyEffect<Event, LeadState> declineOffer(LeadState state, Offer cmd) {
    effects.tellPool(state, new RoutingPool.OfferDeclined(leadId, cmd.decision().repId()));
    return effect.noReply();
  }

  /** Queued again only when a wait for a candidate ended in the fallback queue. */
  ReplyEffect<Event, LeadState> onEnqueue(LeadState state, Enqueue cmd) {
    RoutingDecision queuedBy = state.ownership().queuedBy();
    boolean waitEnded = queuedBy != null && queuedBy.waits() && !cmd.decision().waits();
    if (state.status() == Status.QUEUED && !waitEnded) return effect.noReply();
    Instant now = deps.clock().instant();
    return effect
        .persist(new LeadQueued(now, state.region(), cmd.decision(), cmd.notices()))
        .thenRun(s -> observeFirst(state, now, false))
        .thenRun(effects::scheduleNext)
        .thenNoReply();
  }

  /**
   * Reports a never-routed lead's first decision and first assignment (a lead routed again after a
   * withdrawal or reassignment has a rep in {@code refusedBy}; it was reported the first time).
   */
  private void observeFirst(LeadState before, Instant now, boolean assigned) {
    if (!before.ownership().refusedBy().isEmpty()) return;
    Duration sinceReceived = Duration.between(before.data().receivedAt(), now);
    if (before.status() == Status.RECEIVED) effects.observer().routed(assigned, sinceReceived);
    if (assigned && (before.status() == Status.RECEIVED || before.status() == Status.QUEUED)) {
      effects.observer().assigned(sinceReceived);
    }
  }

  /** Assigned or closed while the pool was deciding: it must not keep this lead in its queue. */
  ReplyEffect<Event, LeadState> forgetQueued(LeadState state, Enqueue cmd) {
    effects.tellPool(state, new RoutingPool.Forget(leadId));
    return effect.noReply();
  }

  /** The rep holding the lead can no longer hold it: it leaves them, their manager is told, routed again. */
  ReplyEffect<Event, LeadState> onWithdraw(LeadState state, Withdraw cmd) {
    if (!state.ownership().ownedBy(cmd.repId())) return effect.noReply();
    return effect
        .persist(new AssignmentWithdrawn(deps.clock().instant(), cmd.repId(), cmd.reason(),
            Notices.forWithdrawal(deps.directory().current(), cmd.repId())))
        .thenRun(s -> {
          effects.cancelTimer();
          effects.release(cmd.repId());
        })
        .thenRun(effects::requestRouting)
        .thenNoReply();
  }

  /** A refused reservation revokes the assignment it was for (if still current) and routes again. */
  ReplyEffect<Event, LeadState> onReservationResult(LeadState state, ReservationResult cmd) {
    effects.reservationAnswered(cmd.repId());
    boolean current = state.status() == Status.ASSIGNED && state.ownership().ownedBy(cmd.repId());
    if (cmd.reserved() || !current) {
      if (!cmd.reserved() && state.holdsRep() && state.ownership().ownedBy(cmd.repId())) {
        effects.log().warn("Lead {} keeps rep {} although its slot could not be re-confirmed: {}",
            leadId, cmd.repId(), cmd.reason());
      }
      return effect.noReply();
    }
    return effect
        .persist(new AssignmentRevoked(deps.clock().instant(), cmd.repId(), cmd.reason()))
        .thenRun(effects::requestRouting)
        .thenNoReply();
  }
}
