package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.LeadLink;
import dev.leadrouter.engine.vocab.TimelineEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of an {@link Opportunity}: the deal ({@link Deal}), where it stands ({@link Progress}),
 * its deadlines ({@link Deadlines}), the actions recorded and the timeline. Not persisted (an
 * opportunity takes no snapshots; it is rebuilt from its events), so its shape may change; it is
 * registered with Kryo only because the entity tests verify that it serializes.
 */
public record OpportunityState(String opportunityId, Deal deal, Progress progress, Deadlines deadlines,
    List<OpportunityView.Action> actions, List<TimelineEntry> timeline) implements EngineSerializable {

  public OpportunityState {
    actions = List.copyOf(actions);
    timeline = List.copyOf(timeline);
  }

  /** What was converted: the lead it came from, its name and amount, the pipeline (and the version it opened on). */
  public record Deal(LeadLink lead, String name, BigDecimal amount, String currency, String pipeline,
      int pipelineVersion, Instant openedAt, String openedBy) implements EngineSerializable {
    static final Deal NONE = new Deal(null, null, null, null, null, 0, null, null);
  }

  /** The stage, since when, the last valid action, and since when the stage is past its silent period (or null). */
  public record Progress(String stage, Instant stageEnteredAt, Instant lastValidActionAt, Instant silentSince)
      implements EngineSerializable {
    static final Progress NONE = new Progress(null, null, null, null);

    Progress enteredStage(String next, Instant at) {
      return new Progress(next, at, lastValidActionAt, null);
    }

    Progress withValidActionAt(Instant at) {
      Instant last = lastValidActionAt != null && lastValidActionAt.isAfter(at) ? lastValidActionAt : at;
      return new Progress(stage, stageEnteredAt, last, silentSince);
    }

    Progress silentFrom(Instant at) {
      return new Progress(stage, stageEnteredAt, lastValidActionAt, silentSince == null ? at : silentSince);
    }
  }

  /** When it is downgraded and when it is next warned (null: never), and the end of the last snooze. */
  public record Deadlines(Instant idle, Instant silent, Instant snoozedUntil) implements EngineSerializable {
    static final Deadlines NONE = new Deadlines(null, null, null);

    Deadlines withIdle(Instant next) {
      return new Deadlines(next, silent, snoozedUntil);
    }

    Deadlines withSilent(Instant next) {
      return new Deadlines(idle, next, snoozedUntil);
    }
  }

  public static OpportunityState empty(String opportunityId) {
    return new OpportunityState(opportunityId, Deal.NONE, Progress.NONE, Deadlines.NONE, List.of(), List.of());
  }

  public boolean isOpen() {
    return deal.lead() != null;
  }

  public String stage() {
    return progress.stage();
  }

  public OpportunityState withProgress(Progress next) {
    return new OpportunityState(opportunityId, deal, next, deadlines, actions, timeline);
  }

  public OpportunityState withDeadlines(Deadlines next) {
    return new OpportunityState(opportunityId, deal, progress, next, actions, timeline);
  }

  public OpportunityState withAction(OpportunityView.Action action) {
    List<OpportunityView.Action> more = new ArrayList<>(actions);
    more.add(action);
    return new OpportunityState(opportunityId, deal, progress, deadlines, more, timeline);
  }

  public OpportunityState withEntry(TimelineEntry entry) {
    List<TimelineEntry> longer = new ArrayList<>(timeline);
    longer.add(entry);
    return new OpportunityState(opportunityId, deal, progress, deadlines, actions, longer);
  }

  /** The id of the next action recorded: {@code act-1}, {@code act-2}, … */
  public String nextActionId() {
    return "act-" + (actions.size() + 1);
  }

  /** The state after {@code event}, with its timeline line ({@link OpportunityTimeline}). */
  public OpportunityState apply(OpportunityProtocol.Event event) {
    return next(event).withEntry(OpportunityTimeline.entry(event));
  }

  private OpportunityState next(OpportunityProtocol.Event event) {
    if (event instanceof OpportunityProtocol.OpportunityOpened e) {
      return new OpportunityState(e.opportunityId(),
          new Deal(e.lead(), e.name(), e.amount(), e.currency(), e.pipeline(), e.pipelineVersion(), e.at(), e.by()),
          new Progress(e.stage(), e.at(), null, null), new Deadlines(e.idleDeadline(), e.silentDeadline(), null),
          List.of(), timeline);
    } else if (event instanceof OpportunityProtocol.ActionRecorded e) {
      var a = e.action();
      OpportunityState recorded = withAction(new OpportunityView.Action(e.actionId(), a.type(), a.at(), e.at(), e.by(),
          a.outcome(), a.note(), a.evidence(), e.valid(), e.reason()));
      return e.valid() ? recorded.withProgress(progress.withValidActionAt(a.at())).withDeadlines(deadlines.withIdle(e.idleDeadline()))
          : recorded;
    } else if (event instanceof OpportunityProtocol.StageChanged e) {
      return withProgress(progress.enteredStage(e.to(), e.at()))
          .withDeadlines(new Deadlines(e.idleDeadline(), e.silentDeadline(), null));
    } else if (event instanceof OpportunityProtocol.Downgraded e) {
      return withProgress(progress.enteredStage(e.to(), e.at()))
          .withDeadlines(new Deadlines(e.idleDeadline(), e.silentDeadline(), null));
    } else if (event instanceof OpportunityProtocol.SilentWarned e) {
      return withProgress(progress.silentFrom(e.at())).withDeadlines(deadlines.withSilent(e.silentDeadline()));
    } else if (event instanceof OpportunityProtocol.Snoozed e) {
      return withDeadlines(new Deadlines(e.idleDeadline(), deadlines.silent(), e.until()));
    }
    throw new IllegalStateException("unknown event " + event);
  }

  /** The view at {@code now} (a snooze that ended is not shown). */
  public OpportunityView view(Instant now) {
    LeadLink lead = deal.lead();
    Instant snoozed = deadlines.snoozedUntil() != null && deadlines.snoozedUntil().isAfter(now) ? deadlines.snoozedUntil() : null;
    return new OpportunityView(opportunityId, lead.leadId(), deal.name(), lead.ownerId(), lead.region(), lead.source(),
        deal.pipeline(), progress.stage(), progress.stageEnteredAt(), progress.lastValidActionAt(), deadlines.idle(),
        progress.silentSince(), snoozed, deal.amount(), deal.currency(), deal.openedAt(), actions, timeline);
  }
}
