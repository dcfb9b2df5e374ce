package dev.leadrouter.persistence.opportunity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionRecorded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Downgraded;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.OpportunityOpened;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.SilentWarned;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Snoozed;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.StageChanged;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.live.LiveChanges;
import dev.leadrouter.persistence.outbox.NoticeRows;
import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.projection.Parking;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps five tables in step with opportunity events, in the projection's transaction (exactly once,
 * groups of events per transaction): {@code opportunity_index} (the list; {@link
 * OpportunityIndexWriter}), {@code opportunity_stage_log} (the funnel; {@link StageLogWriter}),
 * {@code deadline_index} (the idle downgrade and the silent warning, woken by the deadline scanner;
 * {@link OpportunityDeadlines}) and {@code outbox} (the notices of a downgrade or a silent warning,
 * once per recipient and channel; {@link NoticeRows}) and {@code live_change} (the browsers' live
 * stream, one row per event, written as one batch after the group's other writes; {@link
 * LiveChanges}, ADR 0018). This class holds the flow; an event it cannot
 * apply is retried and parked by {@link Parking} (ADR 0011).
 */
public final class OpportunityProjectionHandler
    extends JdbcHandler<List<EventEnvelope<Object>>, PlainJdbcSession> {

  /** Null in tests of the SQL alone: a failing event then fails the group. */
  private final Parking parking;

  public OpportunityProjectionHandler(Parking parking) {
    this.parking = parking;
  }

  @Override
  public void process(PlainJdbcSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    session.withConnection(c -> {
      Parking.process(parking, c, envelopes, this::processFast, this::applyOne);
      return null;
    });
  }

  /** Opportunity events are few (a person's action, a stage move, a timer): one at a time, in order. */
  private void processFast(Connection c, List<EventEnvelope<Object>> envelopes) throws SQLException {
    try (LiveChanges live = LiveChanges.ofOpportunities(c)) {
      for (EventEnvelope<Object> envelope : envelopes) {
        apply(c, live, envelope.persistenceId(), envelope.sequenceNr(), envelope.event());
      }
      live.flush();
    }
  }

  /** Applies one event as stored in the journal, in the caller's transaction: also a replay's path. */
  public void applyOne(Connection c, String persistenceId, long seqNr, Object stored) throws SQLException {
    try (LiveChanges live = LiveChanges.ofOpportunities(c)) {
      apply(c, live, persistenceId, seqNr, stored);
      live.flush();
    }
  }

  private static void apply(Connection c, LiveChanges live, String persistenceId, long seqNr, Object stored)
      throws SQLException {
    String id = persistenceId.substring(persistenceId.indexOf('|') + 1);
    if (stored instanceof OpportunityProtocol.Event event) {
      apply(c, id, seqNr, event);
      String change = change(event);
      if (change != null) live.add(id, change, at(event), null);
    }
    // anything else under an opportunity's id: not an opportunity event, nothing to project.
  }

  /** The live stream's name of an event ({@code OPENED}, {@code STAGE_CHANGED}, …), null for one it does not tell. */
  private static String change(OpportunityProtocol.Event event) {
    if (event instanceof OpportunityOpened) return "OPENED";
    if (event instanceof ActionRecorded) return "ACTION_RECORDED";
    if (event instanceof StageChanged) return "STAGE_CHANGED";
    if (event instanceof Downgraded) return "DOWNGRADED";
    if (event instanceof SilentWarned) return "SILENT_WARNED";
    if (event instanceof Snoozed) return "SNOOZED";
    return null;
  }

  private static Instant at(OpportunityProtocol.Event event) {
    if (event instanceof OpportunityOpened e) return e.at();
    if (event instanceof ActionRecorded e) return e.at();
    if (event instanceof StageChanged e) return e.at();
    if (event instanceof Downgraded e) return e.at();
    if (event instanceof SilentWarned e) return e.at();
    return ((Snoozed) event).at();
  }

  private static void apply(Connection c, String id, long seqNr, OpportunityProtocol.Event event)
      throws SQLException {
    if (event instanceof OpportunityOpened e) {
      OpportunityIndexWriter.opened(c, id, e);
      StageLogWriter.entered(c, id, e.stage(), e.at(), StageLogWriter.OPEN);
      OpportunityDeadlines.idle(c, id, e.idleDeadline());
      OpportunityDeadlines.silent(c, id, e.silentDeadline());
    } else if (event instanceof ActionRecorded e) {
      OpportunityIndexWriter.actionRecorded(c, id, e.valid() ? actionTime(e) : null, e.idleDeadline(), e.at());
      OpportunityDeadlines.idle(c, id, e.idleDeadline());
    } else if (event instanceof StageChanged e) {
      OpportunityIndexWriter.stageEntered(c, id, e.to(), e.at(), e.idleDeadline(), e.silentDeadline(),
          OpportunityIndexWriter.closedBy(e.to()));
      StageLogWriter.moved(c, id, e.to(), e.at(), StageLogWriter.MOVE);
      OpportunityDeadlines.idle(c, id, e.idleDeadline());
      OpportunityDeadlines.silent(c, id, e.silentDeadline());
    } else if (event instanceof Downgraded e) {
      OpportunityIndexWriter.stageEntered(c, id, e.to(), e.at(), e.idleDeadline(), e.silentDeadline(), null);
      StageLogWriter.moved(c, id, e.to(), e.at(), StageLogWriter.DOWNGRADE);
      OpportunityDeadlines.idle(c, id, e.idleDeadline());
      OpportunityDeadlines.silent(c, id, e.silentDeadline());
      notices(c, id, seqNr, e.at(), e.notices(), NoticeRows.JSON.createObjectNode().put("from", e.from()).put("to", e.to()));
    } else if (event instanceof SilentWarned e) {
      OpportunityIndexWriter.silentWarned(c, id, e.at(), e.silentDeadline());
      OpportunityDeadlines.silent(c, id, e.silentDeadline());
      notices(c, id, seqNr, e.at(), e.notices(),
          NoticeRows.JSON.createObjectNode().put("stage", e.stage()).put("summary", e.summary()));
    } else if (event instanceof Snoozed e) {
      OpportunityIndexWriter.snoozed(c, id, e.at(), e.until(), e.idleDeadline());
      OpportunityDeadlines.idle(c, id, e.idleDeadline());
    }
    // other events: none today; a new event type is ignored here until a read model needs it.
  }

  /** When a valid action happened: as the rep reported it, else when it was recorded. */
  private static Instant actionTime(ActionRecorded e) {
    return e.action().at() != null ? e.action().at() : e.at();
  }

  /**
   * The outbox rows of a downgrade's or warning's notices, the opportunity id in the {@code lead_id}
   * column; the payload names the opportunity, its lead and name, and {@code details}.
   */
  private static void notices(Connection c, String id, long seqNr, Instant at, List<Notice> notices,
      ObjectNode details) throws SQLException {
    if (notices.isEmpty()) return;
    OpportunityIndexWriter.Names names = OpportunityIndexWriter.names(c, id);
    ObjectNode subject = NoticeRows.JSON.createObjectNode().put("opportunityId", id)
        .put("leadId", names.leadId()).put("name", names.name());
    OutboxStore.insert(c, NoticeRows.of(id, seqNr, at, notices, subject, details), at.toEpochMilli());
  }
}
