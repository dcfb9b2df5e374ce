package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.WakeDelay;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.sla.SlaSchedule;
import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a {@link Lead} tells others once its events are durable: its region's routing pool, its rep,
 * the previous lead of a returning contact, and its own timers (the next SLA step or routing retry,
 * and the re-sending of a reservation its rep has not answered). Holds the entity's one piece of
 * in-memory state: that unanswered reservation.
 */
final class LeadSideEffects {

  private static final String TIMER = "lead-timer";
  /** Re-sends a reservation its rep has not answered (the rep may have dropped it under overload). */
  private static final String RESERVE_TIMER = "lead-reserve";
  /** The longest wait between two attempts at an unanswered reservation (unless reserve-retry is longer). */
  static final Duration RESERVE_RETRY_MAX = Duration.ofMinutes(5);

  private final String leadId;
  private final EngineDeps deps;
  private final ActorContext<Lead.Command> ctx;
  private final TimerScheduler<Lead.Command> timers;
  private final LeadObserver.Registry observers;
  /** The rep asked to reserve this lead's slot and not answered yet (null: none); kept in memory only. */
  private String unconfirmedRep;
  /** Reservations sent to {@link #unconfirmedRep} so far. */
  private int reserveAttempts;

  LeadSideEffects(String leadId, EngineDeps deps, ActorContext<Lead.Command> ctx, TimerScheduler<Lead.Command> timers) {
    this.leadId = leadId;
    this.deps = deps;
    this.ctx = ctx;
    this.timers = timers;
    this.observers = LeadObserver.Registry.get(ctx.getSystem());
  }

  /** The node's {@link LeadObserver}: only called after a persist, so never during recovery. */
  LeadObserver observer() {
    return observers.current();
  }

  /**
   * Asks the lead's region pool for a rep; a returning contact first asks its previous lead who
   * owned it (answered within the ask timeout, else routed without), so the rules can try that rep.
   */
  void requestRouting(LeadState state) {
    timers.startSingleTimer(TIMER, selfWake(), deps.settings().routingRetry());
    if (state.data().previousLeadId() == null) {
      route(state, null);
      return;
    }
    ctx.pipeToSelf(
        deps.sharding().entityRefFor(Lead.ENTITY_KEY, state.data().previousLeadId())
            .<Lead.OwnerIs>ask(Lead.GetOwner::new, deps.settings().poolInitTimeout()),
        (owner, error) -> new Lead.RouteWith(error == null ? owner.repId() : null));
  }

  /**
   * Asks the lead's region pool whether {@code repId} may have it by hand ({@link RoutingPool.AssignByHand});
   * the answer (null: none within the pool-init timeout) comes back as {@link Lead.HandAnswered}.
   */
  void askPoolByHand(LeadState state, String repId, String by, org.apache.pekko.actor.typed.ActorRef<Lead.AssignReply> replyTo) {
    ctx.pipeToSelf(
        deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, state.region())
            .<RoutingPool.HandAnswer>ask(r -> new RoutingPool.AssignByHand(leadId, repId, by, r), deps.settings().poolInitTimeout()),
        (answer, error) -> new Lead.HandAnswered(repId, by, error == null ? answer : null, replyTo));
  }

  void route(LeadState state, String previousOwner) {
    LeadFacts facts = LeadFacts.of(state.data().lead()).withPreviousOwner(previousOwner);
    tellPool(state, new RoutingPool.Route(leadId, facts, state.data().receivedAt(), state.ownership().refusedBy()));
  }

  /** Wakes the lead now (after recovery: route it, or fire what fell due while it slept). */
  void selfWakeNow() {
    ctx.getSelf().tell(selfWake());
  }

  /** A wake-up of the lead's own (timer, recovery): nobody waits for its answer. */
  Lead.Wake selfWake() {
    return new Lead.Wake(ctx.getSystem().ignoreRef());
  }

  /**
   * Asks the rep to hold this lead's slot, and again (backing off, see {@link #reserveDelay}) until
   * the rep answers: an overloaded rep's stash drops commands, and a reservation never made would
   * leave the rep's count, and so its capacity, short of this lead.
   */
  void reserve(LeadState state) {
    String repId = state.assignment().repId();
    if (!repId.equals(unconfirmedRep)) reserveAttempts = 0;
    unconfirmedRep = repId;
    int capacity = deps.directory().current().person(repId).map(p -> p.capacityOrZero()).orElse(0);
    tellRep(repId, new Rep.Reserve(leadId, capacity, state.region()));
    timers.startSingleTimer(RESERVE_TIMER, selfWake(), reserveDelay(deps.settings().reserveRetry(), reserveAttempts));
    reserveAttempts++;
  }

  /** The wait before attempt {@code attempts + 1}: doubling from {@code base} up to {@link #RESERVE_RETRY_MAX}. */
  static Duration reserveDelay(Duration base, int attempts) {
    Duration max = base.compareTo(RESERVE_RETRY_MAX) > 0 ? base : RESERVE_RETRY_MAX;
    Duration delay = base.multipliedBy(1L << Math.min(attempts, 16));
    return delay.compareTo(max) > 0 ? max : delay;
  }

  /** On a wake-up: asks again if the rep has not answered the reservation and still holds the lead. */
  void retryReservation(LeadState state) {
    if (unconfirmedRep == null || timers.isTimerActive(RESERVE_TIMER)) return;
    if (state.holdsRep() && state.assignment().repId().equals(unconfirmedRep)) {
      ctx.getLog().debug("Lead {}: rep {} has not answered its reservation (attempt {}); asking again", leadId,
          unconfirmedRep, reserveAttempts);
      reserve(state);
    } else {
      forgetReservation();
    }
  }

  /** The rep answered a reservation (either way). */
  void reservationAnswered(String repId) {
    if (repId.equals(unconfirmedRep)) forgetReservation();
  }

  private void forgetReservation() {
    unconfirmedRep = null;
    reserveAttempts = 0;
    timers.cancel(RESERVE_TIMER);
  }

  void release(String repId) {
    forgetReservation();
    tellRep(repId, new Rep.Release(leadId));
  }

  /** The timer for the next pending SLA step, or none when the clock does not run. */
  void scheduleNext(LeadState state) {
    if (!state.clockRunning()) {
      timers.cancel(TIMER);
      return;
    }
    SlaSchedule.next(state.sla().pending()).ifPresentOrElse(
        d -> timers.startSingleTimer(TIMER, selfWake(), WakeDelay.until(deps.clock().instant(), d.dueAt())),
        () -> timers.cancel(TIMER));
  }

  org.slf4j.Logger log() {
    return ctx.getLog();
  }

  void cancelTimer() {
    timers.cancel(TIMER);
  }

  void tellPool(LeadState state, RoutingPool.Command command) {
    deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, state.region()).tell(command);
  }

  void tellRep(String repId, Rep.Command command) {
    deps.sharding().entityRefFor(Rep.ENTITY_KEY, repId).tell(command);
  }
}
