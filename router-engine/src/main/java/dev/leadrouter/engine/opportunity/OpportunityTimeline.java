package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionRecorded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Downgraded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.OpportunityOpened;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.SilentWarned;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Snoozed;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.StageChanged;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.TimelineEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The wording of an opportunity's timeline: one line per event, of type {@code CONVERTED},
 * {@code ACTION}, {@code STAGE_CHANGED}, {@code DOWNGRADED}, {@code SILENT_WARNING} or {@code SNOOZED}. Pure.
 */
public final class OpportunityTimeline {

  private OpportunityTimeline() {}

  public static TimelineEntry entry(OpportunityProtocol.Event event) {
    if (event instanceof OpportunityOpened e) {
      return new TimelineEntry(e.at(), "CONVERTED", "from lead " + e.lead().leadId() + " by " + e.by() + "; pipeline "
          + e.pipeline() + " v" + e.pipelineVersion() + ", stage " + e.stage());
    } else if (event instanceof ActionRecorded e) {
      return new TimelineEntry(e.at(), "ACTION", e.action().type() + " by " + e.by() + " ("
          + (e.valid() ? "counts as progress" : "does not count: " + e.reason()) + ")");
    } else if (event instanceof StageChanged e) {
      return new TimelineEntry(e.at(), "STAGE_CHANGED", e.from() + " → " + e.to() + " by " + e.by()
          + (e.checklist().isEmpty() ? "" : "; checked " + String.join(", ", e.checklist()))
          + (e.reason() == null ? "" : ": " + e.reason()));
    } else if (event instanceof Downgraded e) {
      return new TimelineEntry(e.at(), "DOWNGRADED", e.from() + " → " + e.to() + ": no valid action "
          + (e.lastValidActionAt() == null ? "recorded" : "since " + e.lastValidActionAt()) + told(e.notices()));
    } else if (event instanceof SilentWarned e) {
      return new TimelineEntry(e.at(), "SILENT_WARNING", "held in " + e.stage() + " past its silent period; "
          + e.summary() + told(e.notices()));
    } else if (event instanceof Snoozed e) {
      return new TimelineEntry(e.at(), "SNOOZED", "idle clock suspended until " + e.until() + " by " + e.by()
          + (e.reason() == null ? "" : ": " + e.reason()));
    }
    throw new IllegalStateException("unknown event " + event);
  }

  /** "; told a, b" naming each person notified once, in order; empty when nobody was. */
  static String told(List<Notice> notices) {
    Set<String> who = new LinkedHashSet<>();
    notices.forEach(n -> who.add(n.recipientId()));
    return who.isEmpty() ? "" : "; told " + String.join(", ", who);
  }
}
