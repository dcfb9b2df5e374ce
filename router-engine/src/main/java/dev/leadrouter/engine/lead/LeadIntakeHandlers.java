package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead.Accepted;
import dev.leadrouter.engine.lead.Lead.ContactReturned;
import dev.leadrouter.engine.lead.Lead.Event;
import dev.leadrouter.engine.lead.Lead.LeadNotRouted;
import dev.leadrouter.engine.lead.Lead.LeadReceived;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadMerge;
import dev.leadrouter.engine.lead.Lead.LeadTouched;
import dev.leadrouter.engine.lead.Lead.Receive;
import dev.leadrouter.engine.lead.Lead.Touch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Lead}'s handlers of what intake delivers: the lead itself ({@link Receive}) and further
 * deliveries of the same person ({@link Touch}). {@link Lead} says in which statuses each applies.
 */
final class LeadIntakeHandlers {

  private final String leadId;
  private final EngineDeps deps;
  private final LeadSideEffects effects;
  private final EffectFactories<Event, LeadState> effect;

  LeadIntakeHandlers(String leadId, EngineDeps deps, LeadSideEffects effects, EffectFactories<Event, LeadState> effect) {
    this.leadId = leadId;
    this.deps = deps;
    this.effects = effects;
    this.effect = effect;
  }

  /**
   * A new lead: recorded (with the lead its contact belonged to before, if any), then routed, or,
   * when the delivery did not ask for routing, recorded {@link Lead.Status#UNROUTED}.
   */
  ReplyEffect<Event, LeadState> onReceive(LeadState state, Receive cmd) {
    Instant now = deps.clock().instant();
    List<Event> events = new ArrayList<>(3);
    events.add(new LeadReceived(leadId, now, cmd.lead(), cmd.notes()));
    if (cmd.previousLeadId() != null && !cmd.previousLeadId().equals(leadId)) {
      events.add(new ContactReturned(now, cmd.previousLeadId()));
    }
    if (!cmd.route()) events.add(new LeadNotRouted(now, NOT_ROUTED_REASON));
    return effect.persist(events)
        .thenRun(s -> {
          if (cmd.route()) effects.requestRouting(s);
        })
        .thenReply(cmd.replyTo(), s -> new Accepted(leadId, s.status()));
  }

  /** Why a lead was recorded without routing: the only caller that asks for it is the bulk import. */
  static final String NOT_ROUTED_REASON = "imported without routing";

  /**
   * A lead id receives its lead once. A later Receive of another source event is a delivery of the
   * same person that raced a touch to this id (its touch created the lead first): record it as a
   * touch. The same event again (or a repeat without an event id) changes nothing.
   */
  ReplyEffect<Event, LeadState> onReceiveKnown(LeadState state, Receive cmd) {
    if (cmd.lead().sourceEventId() == null) return effect.reply(cmd.replyTo(), new Accepted(leadId, state.status()));
    return onTouch(state, new Touch(cmd.lead(), cmd.notes(), cmd.replyTo()));
  }

  ReplyEffect<Event, LeadState> onTouch(LeadState state, Touch cmd) {
    if (state.data().seen(cmd.lead())) return effect.reply(cmd.replyTo(), new Accepted(leadId, state.status()));
    CleanLead merged = LeadMerge.merge(state.data().lead(), cmd.lead());
    return effect.persist(new LeadTouched(deps.clock().instant(), cmd.lead(), merged))
        .thenReply(cmd.replyTo(), s -> new Accepted(leadId, s.status()));
  }
}
