package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.lead.Lead.Convert;
import dev.leadrouter.engine.lead.Lead.ConvertReply;
import dev.leadrouter.engine.lead.Lead.Event;
import dev.leadrouter.engine.lead.Lead.LeadConverted;
import dev.leadrouter.engine.lead.Lead.OpportunityAnswered;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A {@link Lead}'s conversion into its opportunity: the conversion is persisted first (the rep's
 * slot is freed and the SLA steps end with it), then the opportunity is asked to open and the
 * caller answered once it did. A lead that recovers converted tells its opportunity to open again
 * (it answers an opportunity already open as before) and its rep to release the slot again.
 */
final class LeadConversion {

  private final String leadId;
  private final EngineDeps deps;
  private final LeadSideEffects effects;
  private final ActorContext<Lead.Command> ctx;
  private final EffectFactories<Event, LeadState> effect;

  LeadConversion(String leadId, EngineDeps deps, LeadSideEffects effects, ActorContext<Lead.Command> ctx,
      EffectFactories<Event, LeadState> effect) {
    this.leadId = leadId;
    this.deps = deps;
    this.effects = effects;
    this.ctx = ctx;
    this.effect = effect;
  }

  /** Only an acknowledged (or contacted) lead converts, once, into a pipeline that exists. */
  ReplyEffect<Event, LeadState> onConvert(LeadState state, Convert cmd) {
    LeadConverted converted = state.response().converted();
    if (converted != null) {
      return effect.reply(cmd.replyTo(), refused(Rejected.of(Rejected.Code.CONFLICT,
          "the lead was converted already, to " + converted.opportunityId())));
    }
    if (state.status() != Status.ACKNOWLEDGED && state.status() != Status.CONTACTED) {
      return effect.reply(cmd.replyTo(), refused(Rejected.of(Rejected.Code.CONFLICT,
          "only an acknowledged lead converts; it is " + state.status().name().toLowerCase())));
    }
    if (deps.pipelines().current().pipeline(cmd.pipeline()).isEmpty()) {
      String message = "unknown pipeline '" + cmd.pipeline() + "'";
      return effect.reply(cmd.replyTo(), refused(new Rejected(Rejected.Code.INVALID, message,
          List.of(new FieldError("/pipeline", message)))));
    }
    String repId = state.assignment().repId();
    LeadConverted event = new LeadConverted(deps.clock().instant(), cmd.by(), OpportunityProtocol.idFor(leadId),
        cmd.name(), cmd.amount(), cmd.currency(), cmd.pipeline());
    return effect.persist(event)
        .thenRun(s -> {
          effects.cancelTimer();
          effects.release(repId);
          askOpen(s, event, cmd.replyTo());
        })
        .thenNoReply();
  }

  /** The opportunity's answer (null: none in time) becomes the caller's. */
  ReplyEffect<Event, LeadState> onAnswered(LeadState state, OpportunityAnswered cmd) {
    ConvertReply reply;
    if (cmd.reply() instanceof OpportunityProtocol.Opened opened) {
      reply = new Lead.Converted(leadId, opened.opportunityId(), opened.stage());
    } else if (cmd.reply() instanceof OpportunityProtocol.Refused r) {
      reply = refused(r.rejection());
    } else {
      reply = refused(Rejected.of(Rejected.Code.UNAVAILABLE, "the lead is converted but opportunity "
          + cmd.opportunityId() + " did not open in time; it opens when the lead next starts"));
    }
    return effect.reply(cmd.replyTo(), reply);
  }

  /** After recovery: opens the opportunity again (nobody waits for the answer) and frees the rep's slot again. */
  void reopen(LeadState state) {
    LeadConverted converted = state.response().converted();
    if (converted == null) return;
    if (state.assignment() != null) effects.release(state.assignment().repId());
    deps.sharding().entityRefFor(OpportunityProtocol.ENTITY_KEY, converted.opportunityId())
        .tell(openCommand(state, converted, ctx.getSystem().ignoreRef()));
  }

  private void askOpen(LeadState state, LeadConverted converted, ActorRef<ConvertReply> replyTo) {
    ctx.ask(OpportunityProtocol.OpenReply.class,
        deps.sharding().entityRefFor(OpportunityProtocol.ENTITY_KEY, converted.opportunityId()),
        deps.settings().opportunities().openTimeout(),
        ref -> openCommand(state, converted, ref),
        (reply, error) -> new OpportunityAnswered(converted.opportunityId(), reply, replyTo));
  }

  private OpportunityProtocol.Open openCommand(LeadState state, LeadConverted c, ActorRef<OpportunityProtocol.OpenReply> replyTo) {
    return new OpportunityProtocol.Open(link(state), c.by(), c.name(), c.amount(), c.currency(), c.pipeline(), replyTo);
  }

  /** What the opportunity keeps of the lead: contact, owner, region and source. */
  static OpportunityProtocol.LeadLink link(LeadState state) {
    CleanLead lead = state.data().lead();
    return new OpportunityProtocol.LeadLink(state.leadId(), lead.name(), lead.company(), lead.phones(), lead.emails(),
        state.assignment() == null ? null : state.assignment().repId(), lead.region().macro(), lead.region().province(),
        lead.region().city(), lead.source());
  }

  private static Lead.Refused refused(Rejected rejection) {
    return new Lead.Refused(rejection);
  }
}
