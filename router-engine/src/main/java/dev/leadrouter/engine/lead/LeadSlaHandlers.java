package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead.Acknowledge;
import dev.leadrouter.engine.lead.Lead.Acknowledged;
import dev.leadrouter.engine.lead.Lead.Event;
import dev.leadrouter.engine.lead.Lead.LeadAcknowledged;
import dev.leadrouter.engine.lead.Lead.SlaReply;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.lead.Lead.Wake;
import dev.leadrouter.engine.lead.Lead.Woken;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.sla.SlaSchedule;
import dev.leadrouter.engine.vocab.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Lead}'s handlers of its SLA clock: a wake-up firing the steps that are due, the rep's
 * acknowledgement, and a hold, resume or contact ({@link SlaCommands} decides each). {@link Lead}
 * says in which statuses each applies.
 */
final class LeadSlaHandlers {

  private final String leadId;
  private final EngineDeps deps;
  private final LeadSideEffects effects;
  private final EffectFactories<Event, LeadState> effect;

  LeadSlaHandlers(String leadId, EngineDeps deps, LeadSideEffects effects, EffectFactories<Event, LeadState> effect) {
    this.leadId = leadId;
    this.deps = deps;
    this.effects = effects;
    this.effect = effect;
  }

  /** Fires the SLA steps that are due ({@link SlaFiring}); a lead still waiting for routing asks again. */
  ReplyEffect<Event, LeadState> onWake(LeadState state, Wake cmd) {
    effects.retryReservation(state);
    if (state.status() == Status.RECEIVED) {
      effects.requestRouting(state);
      return effect.reply(cmd.replyTo(), new Woken(leadId, 0));
    }
    if (!state.clockRunning()) return effect.reply(cmd.replyTo(), new Woken(leadId, 0));
    Instant now = deps.clock().instant();
    List<Deadline> due = SlaSchedule.due(state.sla().pending(), now);
    if (due.isEmpty()) {
      effects.scheduleNext(state);
      return effect.reply(cmd.replyTo(), new Woken(leadId, 0));
    }
    String repId = state.assignment().repId();
    SlaFiring.Fired fired = SlaFiring.fire(state, due, now, deps.directory().current());
    return effect.persist(fired.events())
        .thenRun(s -> fired.events().forEach(e -> observeFired(e, now)))
        .thenRun(s -> {
          // Escalated, marked breached or taken away before the rep acknowledged: one more in their streak.
          if (fired.breachesAcknowledgement()) effects.tellRep(repId, new Rep.AckBreached(leadId));
          if (fired.reassigned()) effects.release(repId);
        })
        .thenRun(s -> {
          if (fired.reassigned()) effects.requestRouting(s);
          else effects.scheduleNext(s);
        })
        .thenReply(cmd.replyTo(), s -> new Woken(leadId, fired.events().size()));
  }

  private void observeFired(Event event, Instant now) {
    Deadline d = event instanceof Lead.ReminderSent e ? e.deadline()
        : event instanceof Lead.LeadEscalated e ? e.deadline()
        : event instanceof Lead.LeadReassigned e ? e.deadline()
        : event instanceof Lead.SlaStepFired e ? e.deadline()
        : null;
    if (d != null) effects.observer().slaStepFired(d.action(), Duration.between(d.dueAt(), now));
  }

  /** A hold, resume or contact: what {@link SlaCommands} decides at this instant is persisted, or answered as is. */
  ReplyEffect<Event, LeadState> onSla(LeadState state, ActorRef<SlaReply> replyTo,
      Function<Instant, SlaCommands.Decision<? extends Event, SlaReply>> decide) {
    Instant now = deps.clock().instant();
    var decision = decide.apply(now);
    if (decision.event() == null) return effect.reply(replyTo, decision.reply());
    return effect.persist(decision.event())
        .thenRun(effects::scheduleNext)
        .thenReply(replyTo, s -> SlaCommands.changed(s, now));
  }

  ReplyEffect<Event, LeadState> onAcknowledge(LeadState state, Acknowledge cmd) {
    var decision = SlaCommands.acknowledge(state, cmd.repId(), deps.clock().instant());
    if (decision.event() == null) return effect.reply(cmd.replyTo(), decision.reply());
    LeadAcknowledged acknowledged = decision.event();
    boolean inTime = state.sla().escalationLevel() == 0 && !state.sla().breached();
    return effect.persist(acknowledged)
        .thenRun(s -> {
          if (inTime) effects.tellRep(cmd.repId(), new Rep.AckInTime(leadId));
        })
        .thenRun(effects::scheduleNext)
        .thenReply(cmd.replyTo(), s -> new Acknowledged(leadId, acknowledged.at(), acknowledged.timeToFirstTouchMs()));
  }
}
