package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.intake.HealthScore;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.LeadUpcast;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.sla.SlaStep;
import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.live.LiveChanges;
import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.projection.Parking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps four tables in step with lead events, in the projection's transaction (exactly once,
 * groups of events per transaction): {@code lead_index} (search, rep lists; {@link
 * LeadIndexWriter}), {@code deadline_index} (every pending deadline, polled by the {@link
 * DeadlineScanner}; {@link DeadlineIndexWriter}) and {@code outbox} (one row per notice per
 * recipient and channel, keyed so it can never be doubled; {@link OutboxWriter}) and {@code
 * live_change} (what the browsers' live stream tells; one row per event a board or rep app shows,
 * {@link LiveChanges}, ADR 0018). This class holds
 * the flow: which tables an event changes and in which order, fired steps batched across leads;
 * an event it cannot apply is retried and parked by {@link Parking} (ADR 0011); each table's SQL is
 * its writer's. A lead converted to an opportunity is closed in {@code lead_index} (reason
 * {@code converted}) and its deadlines go.
 */
public final class LeadProjectionHandler extends JdbcHandler<List<EventEnvelope<Object>>, PlainJdbcSession> {

  private final Duration routingRetry;
  /** A source's configured credibility (0–1), for the source's health of a new lead (V14). */
  private final ToDoubleFunction<String> credibility;
  private final SourceHealthAlert sourceAlert;
  /** Null in tests that exercise the SQL alone: a failing event then fails the group, as it would without parking. */
  private final Parking parking;

  public LeadProjectionHandler(Duration routingRetry) {
    this(routingRetry, null);
  }

  public LeadProjectionHandler(Duration routingRetry, Parking parking) {
    this(routingRetry, parking, source -> HealthScore.DEFAULT_CREDIBILITY, SourceHealthAlert.NONE);
  }

  /**
   * @param credibility a source's configured credibility, for the source's health of a new lead
   * @param sourceAlert checked for the sources of each group's new leads
   */
  public LeadProjectionHandler(Duration routingRetry, Parking parking, ToDoubleFunction<String> credibility,
      SourceHealthAlert sourceAlert) {
    this.routingRetry = routingRetry;
    this.parking = parking;
    this.credibility = credibility;
    this.sourceAlert = sourceAlert;
  }

  /**
   * A group of envelopes, in journal order, in one transaction together with the offset. New leads,
   * assignments and fired steps, the bulk of a busy node's events, are written in JDBC batches
   * ({@link EventBatch}); every other event on its own, after the batch before it. A group that fails, or holds an event of a
   * lead with parked events, goes the careful path of {@link Parking}.
   */
  @Override
  public void process(PlainJdbcSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
    session.withConnection(c -> {
      Parking.process(parking, c, envelopes, this::processFast, this::applyOne);
      return null;
    });
  }

  private void processFast(Connection c, List<EventEnvelope<Object>> envelopes) throws SQLException {
    try (EventBatch steps = new EventBatch(c, routingRetry, credibility, sourceAlert); LiveChanges live = LiveChanges.ofLeads(c)) {
      for (EventEnvelope<Object> envelope : envelopes) {
        String leadId = leadId(envelope.persistenceId());
        Lead.Event event = LeadUpcast.toCurrent(envelope.event());
        live(live, leadId, event);
        if (steps.add(leadId, envelope.sequenceNr(), event)) continue;
        steps.flush();
        if (!steps.add(leadId, envelope.sequenceNr(), event)) apply(c, leadId, envelope.sequenceNr(), event);
      }
      steps.flush();
      live.flush();
    }
  }

  /** Applies one event as stored in the journal (upcast here), in the caller's transaction: also a replay's path. */
  public void applyOne(Connection c, String persistenceId, long seqNr, Object stored) throws SQLException {
    String leadId = leadId(persistenceId);
    Lead.Event event = LeadUpcast.toCurrent(stored);
    try (EventBatch steps = new EventBatch(c, routingRetry, credibility, sourceAlert); LiveChanges live = LiveChanges.ofLeads(c)) {
      if (!steps.add(leadId, seqNr, event)) apply(c, leadId, seqNr, event);
      steps.flush();
      live(live, leadId, event);
      live.flush();
    }
  }

  /**
   * The live stream's row of {@code event}, written with the group's last batch (after every other
   * write: the row takes the lead's owner and region as the group leaves them). The change is the
   * event's kind ({@code RECEIVED}, {@code ASSIGNED}, …); an event no board or app shows adds none.
   */
  private static void live(LiveChanges live, String leadId, Lead.Event event) throws SQLException {
    if (event instanceof Lead.LeadReceived e) live.add(leadId, "RECEIVED", e.at(), null);
    else if (event instanceof Lead.LeadAssigned e) live.add(leadId, "ASSIGNED", e.at(), null);
    else if (event instanceof Lead.LeadQueued e) live.add(leadId, "QUEUED", e.at(), null);
    else if (event instanceof Lead.ReminderSent e) live.add(leadId, "REMINDER", e.at(), null);
    else if (event instanceof Lead.LeadEscalated e) live.add(leadId, "ESCALATED", e.at(), null);
    else if (event instanceof Lead.SlaStepFired e) {
      live.add(leadId, e.deadline().action() == SlaAction.BREACH ? "BREACHED" : "STEP_FIRED", e.at(), null);
    } else if (event instanceof Lead.LeadReassigned e) live.add(leadId, "REASSIGNED", e.at(), e.fromRepId());
    else if (event instanceof Lead.AssignmentRevoked e) live.add(leadId, "REVOKED", e.at(), e.repId());
    else if (event instanceof Lead.AssignmentWithdrawn e) live.add(leadId, "WITHDRAWN", e.at(), e.repId());
    else if (event instanceof Lead.LeadAcknowledged e) live.add(leadId, "ACKNOWLEDGED", e.at(), null);
    else if (event instanceof Lead.LeadContacted e) live.add(leadId, "CONTACTED", e.at(), null);
    else if (event instanceof Lead.LeadHeld e) live.add(leadId, "HELD", e.at(), null);
    else if (event instanceof Lead.LeadResumed e) live.add(leadId, "RESUMED", e.at(), null);
    else if (event instanceof Lead.LeadTouched e) live.add(leadId, "TOUCHED", e.at(), null);
    else if (event instanceof Lead.LeadClosed e) live.add(leadId, "CLOSED", e.at(), null);
    else if (event instanceof Lead.LeadConverted e) live.add(leadId, "CONVERTED", e.at(), null);
    else if (event instanceof Lead.LeadNotRouted e) live.add(leadId, "NOT_ROUTED", e.at(), null);
    // other events (ContactReturned): nothing a board shows changes.
  }

  private static String leadId(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }

  /**
   * Any event but the batched ones (a new lead, an assignment, a fired step: {@link EventBatch}):
   * which table learns what, in which order. The SQL of each table is its writer's.
   */
  private void apply(Connection c, String leadId, long seqNr, Lead.Event event) throws SQLException {
    if (event instanceof Lead.LeadQueued e) {
      LeadIndexWriter.queued(c, leadId, e.at());
      DeadlineIndexWriter.clear(c, leadId);
      OutboxWriter.insert(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof Lead.AssignmentRevoked e) {
      unassigned(c, leadId, e.at(), false);
    } else if (event instanceof Lead.AssignmentWithdrawn e) {
      unassigned(c, leadId, e.at(), false);
      OutboxWriter.insert(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof Lead.LeadReassigned e) {
      unassigned(c, leadId, e.at(), true);
      OutboxWriter.insert(c, leadId, seqNr, e.at(), e.notices(), e.deadline());
    } else if (event instanceof Lead.LeadAcknowledged e) {
      LeadIndexWriter.acknowledged(c, leadId, e.at(), e.timeToFirstTouchMs());
      DeadlineIndexWriter.acknowledged(c, leadId);
      LeadIndexWriter.refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadContacted e) {
      LeadIndexWriter.contacted(c, leadId, e.at());
      DeadlineIndexWriter.clear(c, leadId);
      LeadIndexWriter.refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadHeld e) {
      LeadIndexWriter.held(c, leadId, e.at(), e.reason());
      DeadlineIndexWriter.held(c, leadId);
    } else if (event instanceof Lead.LeadResumed e) {
      LeadIndexWriter.resumed(c, leadId, e.at());
      DeadlineIndexWriter.resumed(c, leadId, e.deadlines());
      LeadIndexWriter.refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadTouched e) {
      if (e.merged() != null) LeadIndexWriter.merged(c, leadId, e.merged(), e.at());
      else LeadIndexWriter.touched(c, leadId, e.touch(), e.at());
    } else if (event instanceof Lead.LeadClosed e) {
      LeadIndexWriter.closed(c, leadId, e.at());
      DeadlineIndexWriter.clear(c, leadId);
      LeadIndexWriter.refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadConverted e) {
      LeadIndexWriter.converted(c, leadId, e.at(), e.opportunityId());
      DeadlineIndexWriter.clear(c, leadId);
      LeadIndexWriter.refreshNext(c, leadId);
    }
    // other events (ContactReturned, and any new type until a read model needs it): ignore.
  }

  /** Back to routing: no rep, no clock; waits for a routing answer again. */
  private void unassigned(Connection c, String leadId, Instant at, boolean reassigned) throws SQLException {
    LeadIndexWriter.unassigned(c, leadId, at, reassigned);
    DeadlineIndexWriter.clear(c, leadId);
    LeadIndexWriter.refreshNext(c, leadId);
    DeadlineIndexWriter.insertRoute(c, leadId, at.plus(routingRetry));
  }

  /**
   * The events every lead has — received, assigned (or not routed), its fired steps (reminder,
   * escalation, any other step) — of many leads, written as one JDBC batch per statement: one round trip each made the
   * projection a large share of PostgreSQL's CPU per lead under load, and of a restart's catch-up
   * (docs/benchmarks.md). The batches run in a fixed order: a new lead's statements, then an
   * assignment's, then a fired step's, each kind's in the order its event needs (an assignment's
   * deadline rows go before the lead row reads the next one; a step's row is deleted before).
   * The outbox rows of the batch go last, in journal order, in one statement on PostgreSQL.
   * So a lead may be in one batch with its received, then assigned, then one fired step, in that
   * order, which is the journal's; any other repeat of a lead flushes the batch first. Rows of
   * different leads never touch each other. A new lead's row is written at the flush: when its
   * assignment (or its recording without routing) is in the batch too, the row is inserted as that
   * leaves it, with no routing deadline, instead of inserted, then updated and its deadline deleted.
   */
  private static final class EventBatch implements AutoCloseable {

    /** A statement's place in the batch: the event kind (received 0, assigned 1, fired 2), its step there, its SQL. */
    private record Slot(int kind, int step, String sql) implements Comparable<Slot> {
      @Override
      public int compareTo(Slot o) {
        int c = Integer.compare(kind, o.kind);
        if (c == 0) c = Integer.compare(step, o.step);
        return c != 0 ? c : sql.compareTo(o.sql);
      }
    }

    private static final int RECEIVED = 0;
    private static final int ASSIGNED = 1;
    private static final int FIRED = 2;

    private final Connection c;
    private final Duration routingRetry;
    private final ToDoubleFunction<String> credibility;
    private final SourceHealthAlert sourceAlert;
    /** The sources of the new leads in the batch, with the latest receipt: checked by the alert after the batch. */
    private final Map<String, Instant> sources = new TreeMap<>();
    private final TreeMap<Slot, PreparedStatement> statements = new TreeMap<>();
    /** The latest kind of event each lead in the batch has. */
    private final Map<String, Integer> leads = new HashMap<>();
    /** The new leads of the batch, in journal order, with what else the batch holds for them: written at the flush. */
    private final Map<String, NewLead> received = new LinkedHashMap<>();
    private final List<OutboxStore.Dated> outbox = new java.util.ArrayList<>();

    /** A receipt, and the assignment or the recording without routing that followed it in the batch (at most one). */
    private record NewLead(Lead.LeadReceived receipt, Lead.LeadAssigned assigned, Lead.LeadNotRouted notRouted) {}

    EventBatch(Connection c, Duration routingRetry, ToDoubleFunction<String> credibility, SourceHealthAlert sourceAlert) {
      this.c = c;
      this.routingRetry = routingRetry;
      this.credibility = credibility;
      this.sourceAlert = sourceAlert;
    }

    /**
     * A fired step: when, which deadline, whom to tell, and what else the lead's row records (the
     * level an escalation reached, or a breach).
     */
    private record Fired(Instant at, Deadline deadline, List<Notice> notices, Integer escalationLevel, boolean breach,
        boolean reminder) {
      static Fired of(Lead.Event event) {
        if (event instanceof Lead.ReminderSent e) return new Fired(e.at(), e.deadline(), e.notices(), null, false, true);
        if (event instanceof Lead.LeadEscalated e) {
          return new Fired(e.at(), e.deadline(), e.notices(), e.level(), false, false);
        }
        if (event instanceof Lead.SlaStepFired e) {
          return new Fired(e.at(), e.deadline(), e.notices(), null, e.deadline().action() == SlaAction.BREACH, false);
        }
        return null;
      }
    }

    /** Adds the event when it is of a batched kind and its lead may join; false (nothing added) otherwise. */
    boolean add(String leadId, long seqNr, Lead.Event event) throws SQLException {
      Fired fired = Fired.of(event);
      // A lead not routed (an import's, ADR 0024) takes an assignment's place: after its receipt, instead of a rep.
      int kind = event instanceof Lead.LeadReceived ? RECEIVED
          : event instanceof Lead.LeadAssigned || event instanceof Lead.LeadNotRouted ? ASSIGNED
          : fired != null ? FIRED : -1;
      if (kind < 0) return false;
      Integer before = leads.get(leadId);
      if (before != null && before >= kind) return false;
      leads.put(leadId, kind);
      NewLead fresh = received.get(leadId);
      if (event instanceof Lead.LeadReceived e) {
        received.put(leadId, new NewLead(e, null, null));
        if (e.lead().source() != null) sources.merge(ColumnText.fit(e.lead().source(), 64), e.at(), (a, b) -> a.isAfter(b) ? a : b);
      } else if (event instanceof Lead.LeadAssigned e) {
        if (fresh != null) {
          received.put(leadId, new NewLead(fresh.receipt(), e, null));
        } else {
          LeadIndexWriter.bindAssigned(statement(ASSIGNED, 0, LeadIndexWriter.ASSIGNED), leadId, e.at(), e.repId(),
              e.policy(), e.clock(), e.deadlines());
          DeadlineIndexWriter.bindClear(statement(ASSIGNED, 1, DeadlineIndexWriter.CLEAR), leadId);
        }
        for (Deadline d : e.deadlines()) {
          String until = e.steps().stream().filter(s -> s.index() == d.step()).map(SlaStep::until).findFirst().orElse(null);
          DeadlineIndexWriter.bindInsert(statement(ASSIGNED, 2, DeadlineIndexWriter.INSERT), leadId, d.step(),
              d.action().name(), d.dueAt(), until);
        }
        outbox(OutboxWriter.rows(leadId, seqNr, e.at(), e.notices(), null), e.at());
      } else if (event instanceof Lead.LeadNotRouted e) {
        // Recorded with its LeadReceived, whose routing deadline it takes back: nothing routes it.
        if (fresh != null) {
          received.put(leadId, new NewLead(fresh.receipt(), null, e));
        } else {
          LeadIndexWriter.bindNotRouted(statement(ASSIGNED, 0, LeadIndexWriter.NOT_ROUTED), leadId, e.at());
          DeadlineIndexWriter.bindClear(statement(ASSIGNED, 1, DeadlineIndexWriter.CLEAR), leadId);
        }
      } else {
        DeadlineIndexWriter.addDeleteStep(statement(FIRED, 0, DeadlineIndexWriter.DELETE_STEP), leadId, fired.deadline().step());
        LeadIndexWriter.addStepFired(statement(FIRED, 1, LeadIndexWriter.stepFiredSql(fired.escalationLevel(), fired.breach(),
            fired.reminder())),
            leadId, fired.deadline().dueAt());
        outbox(OutboxWriter.rows(leadId, seqNr, fired.at(), fired.notices(), fired.deadline()), fired.at());
      }
      return true;
    }

    /** The batch's outbox rows, in journal order: written after its other statements, in one ({@link OutboxStore#insertAll}). */
    private void outbox(List<OutboxStore.NewRow> rows, Instant at) {
      for (OutboxStore.NewRow row : rows) outbox.add(new OutboxStore.Dated(row, at.toEpochMilli()));
    }

    /**
     * The source's health of a new lead (docs/reports.md): its health score on arrival as if a rep
     * covered it — what the source delivered and how credible it is, not what routing or time did.
     */
    private int sourceHealth(dev.leadrouter.engine.intake.CleanLead lead, Instant at) {
      double cred = lead.source() == null ? HealthScore.DEFAULT_CREDIBILITY : credibility.applyAsDouble(lead.source());
      return HealthScore.of(lead, List.of(at), at, cred, true).score();
    }

    /** Binds the batch's new leads' rows (and the routing deadline of those not assigned or recorded without routing yet). */
    private void bindNewLeads() throws SQLException {
      for (Map.Entry<String, NewLead> n : received.entrySet()) {
        String leadId = n.getKey();
        Lead.LeadReceived r = n.getValue().receipt();
        int health = sourceHealth(r.lead(), r.at());
        Lead.LeadAssigned a = n.getValue().assigned();
        Lead.LeadNotRouted unrouted = n.getValue().notRouted();
        if (a != null) {
          LeadIndexWriter.bindReceivedAssigned(statement(RECEIVED, 0, LeadIndexWriter.RECEIVED_ASSIGNED), leadId, r.lead(),
              r.at(), health, a.at(), a.repId(), a.policy(), a.clock(), a.deadlines());
        } else if (unrouted != null) {
          LeadIndexWriter.bindReceivedNotRouted(statement(RECEIVED, 0, LeadIndexWriter.RECEIVED_NOT_ROUTED), leadId,
              r.lead(), r.at(), health, unrouted.at());
        } else {
          LeadIndexWriter.bindReceived(statement(RECEIVED, 0, LeadIndexWriter.RECEIVED), leadId, r.lead(), r.at(), health);
          DeadlineIndexWriter.bindRoute(statement(RECEIVED, 1, DeadlineIndexWriter.INSERT), leadId, r.at().plus(routingRetry));
        }
      }
      received.clear();
    }

    void flush() throws SQLException {
      bindNewLeads();
      for (PreparedStatement ps : statements.values()) ps.executeBatch();
      OutboxStore.insertAll(c, outbox);
      outbox.clear();
      close();
      statements.clear();
      leads.clear();
      for (Map.Entry<String, Instant> s : sources.entrySet()) sourceAlert.check(c, s.getKey(), s.getValue());
      sources.clear();
    }

    private PreparedStatement statement(int kind, int step, String sql) throws SQLException {
      Slot slot = new Slot(kind, step, sql);
      PreparedStatement ps = statements.get(slot);
      if (ps == null) {
        ps = c.prepareStatement(sql);
        statements.put(slot, ps);
      }
      return ps;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : statements.values()) ps.close();
    }
  }
}
