package dev.leadrouter.persistence.opportunity;

import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.LeadLink;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;

/** Opportunity events as the engine persists them, and projecting them, for the tests of this package. */
final class OpportunityEvents {

  static final Instant T = Instant.parse("2026-12-01T09:00:00Z");
  static final List<Notice> TELL_REP_AND_MANAGER = List.of(new Notice("rep-1", "rep", "app", Notice.DOWNGRADED),
      new Notice("mgr-1", "manager", "email", Notice.DOWNGRADED));

  private OpportunityEvents() {}

  static OpportunityProtocol.OpportunityOpened opened(String leadId, String owner, String region, String source,
      Instant at, Instant idle) {
    return new OpportunityProtocol.OpportunityOpened(OpportunityProtocol.idFor(leadId), at,
        new LeadLink(leadId, "王工", "上海电气", List.of("+8613800138000"), List.of(), owner, region, "上海市", "上海市", source),
        owner, "产线改造 " + leadId, new BigDecimal("800000"), "CNY", "default", 1, "qualification", idle, null);
  }

  static OpportunityProtocol.ActionRecorded action(Instant at, String type, boolean valid, Instant idle) {
    return new OpportunityProtocol.ActionRecorded(at, "a-" + at.getEpochSecond(),
        new ActionInput(type, null, "ok", null, List.of()), "rep-1", valid, valid ? "counts" : "does not count", idle);
  }

  static OpportunityProtocol.StageChanged moved(Instant at, String from, String to, Instant idle, Instant silent) {
    return new OpportunityProtocol.StageChanged(at, "rep-1", from, to, List.of(), null, idle, silent);
  }

  static OpportunityProtocol.Downgraded downgraded(Instant at, String from, String to, Instant idle) {
    return new OpportunityProtocol.Downgraded(at, from, to, null, idle, null, TELL_REP_AND_MANAGER);
  }

  static EventEnvelope<Object> envelope(String opportunityId, long seqNr, OpportunityProtocol.Event event) {
    return EventEnvelope.create(Offset.sequence(seqNr), "Opportunity|" + opportunityId, seqNr, event, 0L);
  }

  /** Projects {@code group} in one transaction, as the projection does. */
  static void project(Database db, OpportunityProjectionHandler handler, List<EventEnvelope<Object>> group)
      throws Exception {
    PlainJdbcSession session = new PlainJdbcSession(db.dataSource());
    try {
      handler.process(session, group);
      session.commit();
    } catch (Exception e) {
      session.rollback();
      throw e;
    } finally {
      session.close();
    }
  }

  /** The rows of {@code sql}, each value as text. */
  static List<List<String>> text(Database db, String sql) {
    return Sql.rows(db.dataSource(), sql).stream().map(r -> r.stream().map(String::valueOf).toList()).toList();
  }

  static long ms(Instant at) {
    return at.toEpochMilli();
  }
}
