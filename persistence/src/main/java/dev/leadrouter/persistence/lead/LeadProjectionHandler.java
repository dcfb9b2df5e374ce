package dev.leadrouter.persistence.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.intake.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.IndustryTaxonomy;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.RegionInfo;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.Notice;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.lead.legacy.Upcast;
import dev.leadrouter.engine.sla.Deadline;
import dev.leadrouter.engine.sla.SlaAction;
import dev.leadrouter.engine.sla.SlaStep;
import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.persistence.PlainJdbcSession;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.projection.EventCodec;
import dev.leadrouter.persistence.projection.FailureKind;
import dev.leadrouter.persistence.projection.ParkedEvents;
import dev.leadrouter.persistence.projection.ProjectionGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps three tables in step with lead events, in the projection's transaction (exactly once,
 * groups of events per transaction):
 * {@code lead_index} (search, rep lists), {@code deadline_index} (every pending deadline, polled by
 * the {@link DeadlineScanner}) and {@code outbox} (one row per notice per recipient and channel,
 * keyed so it can never be doubled).
 */
public final class LeadProjectionHandler extends JdbcHandler<List<EventEnvelope<Lead.Event>>, PlainJdbcSession> {

  /** Deadline-index step used for "this lead still waits for a routing answer". */
  public static final int ROUTE_STEP = -1;
  public static final String ROUTE_KIND = "ROUTE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(LeadProjectionHandler.class);
  private final Duration routingRetry;
  /** Null in tests that exercise the SQL alone: a failing event then fails the group, as it would without parking. */
  private final Parking parking;

  /** What a slice's handler needs to retry and park an event it cannot apply (ADR 0010). */
  public record Parking(ProjectionGuard guard, String slice, EventCodec codec, java.time.Clock clock) {}

  public LeadProjectionHandler(Duration routingRetry) {
    this(routingRetry, null);
  }

  public LeadProjectionHandler(Duration routingRetry, Parking parking) {
    this.routingRetry = routingRetry;
    this.parking = parking;
  }

  /**
   * A group of envelopes, in journal order, in one transaction together with the offset. Fired
   * steps, the bulk of a busy node's events, are written in JDBC batches ({@link StepBatch}); every
   * other event on its own, after the steps before it. When the group fails, or holds an event of a
   * lead with parked events, the slice's groups are processed {@linkplain #processCarefully
   * carefully} until one commits.
   */
  @Override
  public void process(PlainJdbcSession session, List<EventEnvelope<Lead.Event>> envelopes) throws Exception {
    session.withConnection(c -> {
      if (parking == null) {
        processFast(c, envelopes);
      } else if (parking.guard().needsCare(parking.slice(), envelopes.stream().map(EventEnvelope::persistenceId).toList())) {
        processCarefully(c, envelopes);
        parking.guard().caredFor(parking.slice());
      } else {
        try {
          processFast(c, envelopes);
        } catch (Exception e) {
          parking.guard().takeCare(parking.slice());
          throw e;
        }
      }
      return null;
    });
  }

  private void processFast(Connection c, List<EventEnvelope<Lead.Event>> envelopes) throws SQLException {
    try (StepBatch steps = new StepBatch(c)) {
      for (EventEnvelope<Lead.Event> envelope : envelopes) {
        String leadId = leadId(envelope.persistenceId());
        Lead.Event event = Upcast.toCurrent(envelope.event());
        if (steps.add(leadId, envelope.sequenceNr(), event)) continue;
        steps.flush();
        if (!steps.add(leadId, envelope.sequenceNr(), event)) apply(c, leadId, envelope.sequenceNr(), event);
      }
      steps.flush();
    }
  }

  /**
   * One event at a time, each behind a savepoint. An event that fails for a reason of its own (not
   * the database's: {@link FailureKind}) fails the group, so the projection retries it with its
   * restart backoff; at the guard's last attempt it is parked in {@code projection_failures} with
   * the error instead, and the slice moves on. An event of a lead that has parked events is parked
   * behind them, so a replay applies the lead's events in order.
   */
  private void processCarefully(Connection c, List<EventEnvelope<Lead.Event>> envelopes) throws Exception {
    ProjectionGuard guard = parking.guard();
    for (EventEnvelope<Lead.Event> envelope : envelopes) {
      String pid = envelope.persistenceId();
      long seqNr = envelope.sequenceNr();
      if (guard.isBlocked(pid)) {
        if (ParkedEvents.hasParked(c, guard.projection(), pid)) {
          park(c, envelope, new IllegalStateException("waits behind an earlier parked event of " + pid), 0);
          continue;
        }
        guard.unblocked(parking.slice(), pid, 0);
      }
      Savepoint savepoint = c.setSavepoint();
      try {
        applyOne(c, pid, seqNr, envelope.event());
        c.releaseSavepoint(savepoint);
        guard.applied(pid, seqNr);
      } catch (Exception e) {
        c.rollback(savepoint);
        if (FailureKind.isTransient(e, c)) throw e;
        int attempts = guard.failed(pid, seqNr);
        if (attempts < guard.settings().maxAttempts()) {
          log.warn("{}: event {} #{} failed (attempt {} of {}), retrying: {}", parking.slice(), pid, seqNr, attempts,
              guard.settings().maxAttempts(), FailureKind.describe(e, 500));
          throw e;
        }
        log.error("{}: event {} #{} parked after {} attempts: {}", parking.slice(), pid, seqNr, attempts,
            FailureKind.describe(e, 2000));
        park(c, envelope, e, attempts);
      }
    }
  }

  private void park(Connection c, EventEnvelope<Lead.Event> envelope, Throwable error, int attempts) throws SQLException {
    ProjectionGuard guard = parking.guard();
    ParkedEvents.park(c, guard.projection(), parking.slice(), envelope.persistenceId(), envelope.sequenceNr(),
        envelope.event().getClass().getSimpleName(), parking.codec().encode(envelope.event()), error, attempts,
        parking.clock().instant());
    guard.parked(parking.slice(), envelope.persistenceId(), envelope.sequenceNr());
  }

  /** Applies one event as stored in the journal (upcast here), in the caller's transaction: also a replay's path. */
  public void applyOne(Connection c, String persistenceId, long seqNr, Object stored) throws SQLException {
    String leadId = leadId(persistenceId);
    Lead.Event event = Upcast.toCurrent((Lead.Event) stored);
    try (StepBatch steps = new StepBatch(c)) {
      if (!steps.add(leadId, seqNr, event)) apply(c, leadId, seqNr, event);
      steps.flush();
    }
  }

  private static String leadId(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }

  /** Any event but a fired step (those go through {@link StepBatch}). */
  private void apply(Connection c, String leadId, long seqNr, Lead.Event event) throws SQLException {
    if (event instanceof Lead.LeadReceived e) {
      CleanLead lead = e.lead();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO lead_index (lead_id, status, region, priority, name, phone, email, received_at, updated_at,"
              + " salutation, phones, company, industry, budget_min, budget_max, budget_currency, budget_negotiable,"
              + " source, province, city, region_guessed)"
              + " VALUES (?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, leadId);
        ps.setString(2, fit(lead.region().macro(), 32));
        ps.setString(3, e.lead().priority());
        ps.setString(4, fit(lead.name(), 200));
        ps.setString(5, fit(lead.phones().isEmpty() ? null : lead.phones().get(0), 32));
        ps.setString(6, fit(lead.emails().isEmpty() ? null : lead.emails().get(0), 320));
        ps.setLong(7, e.at().toEpochMilli());
        ps.setLong(8, e.at().toEpochMilli());
        bindContact(ps, 9, lead, phones(lead.phones()), lead.industry(), lead.budget());
        Place.of(lead).bind(ps, 18);
        ps.executeUpdate();
      }
      insertDeadline(c, leadId, ROUTE_STEP, ROUTE_KIND, e.at().plus(routingRetry), null);
    } else if (event instanceof Lead.LeadQueued e) {
      update(c, leadId, "status = 'QUEUED', rep_id = NULL, queued_at = ?", e.at(), e.at());
      clearDeadlines(c, leadId);
      outbox(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof LeadAssignedV1 e) {
      assigned(c, leadId, e.at(), e.repId(), e.policy(), "wall");
      for (Deadline d : e.deadlines()) insertDeadline(c, leadId, d.step(), d.action().name(), d.dueAt(), null);
      refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadAssigned e) {
      assigned(c, leadId, e.at(), e.repId(), e.policy(), e.clock());
      for (Deadline d : e.deadlines()) {
        String until = e.steps().stream().filter(s -> s.index() == d.step()).map(SlaStep::until).findFirst().orElse(null);
        insertDeadline(c, leadId, d.step(), d.action().name(), d.dueAt(), until);
      }
      refreshNext(c, leadId);
      outbox(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof Lead.AssignmentRevoked e) {
      unassigned(c, leadId, e.at());
    } else if (event instanceof Lead.AssignmentWithdrawn e) {
      unassigned(c, leadId, e.at());
      outbox(c, leadId, seqNr, e.at(), e.notices(), null);
    } else if (event instanceof Lead.LeadReassigned e) {
      unassigned(c, leadId, e.at());
      outbox(c, leadId, seqNr, e.at(), e.notices(), e.deadline());
    } else if (event instanceof Lead.LeadAcknowledged e) {
      update(c, leadId, "status = 'ACKNOWLEDGED', acknowledged_at = ?", e.at(), e.at());
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM deadline_index WHERE lead_id = ? AND step >= 0"
          + " AND (until_state IS NULL OR until_state <> '" + SlaStep.CONTACTED + "')")) {
        ps.setString(1, leadId);
        ps.executeUpdate();
      }
      refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadContacted e) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET status = 'CONTACTED',"
          + " acknowledged_at = COALESCE(acknowledged_at, ?), contacted_at = ?, updated_at = ? WHERE lead_id = ?")) {
        for (int i = 1; i <= 3; i++) ps.setLong(i, e.at().toEpochMilli());
        ps.setString(4, leadId);
        ps.executeUpdate();
      }
      clearDeadlines(c, leadId);
      refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadHeld e) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE lead_index SET held_at = ?, hold_reason = ?, updated_at = ? WHERE lead_id = ?")) {
        ps.setLong(1, e.at().toEpochMilli());
        ps.setString(2, e.reason());
        ps.setLong(3, e.at().toEpochMilli());
        ps.setString(4, leadId);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deadline_index SET due_at = " + NEVER + " WHERE lead_id = ? AND step >= 0")) {
        ps.setString(1, leadId);
        ps.executeUpdate();
      }
    } else if (event instanceof Lead.LeadResumed e) {
      // The current step's window moves by the time on hold, like the deadlines.
      update(c, leadId, "window_start = window_start + (? - held_at), held_at = NULL, hold_reason = NULL", e.at(), e.at());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deadline_index SET due_at = ? WHERE lead_id = ? AND step = ?")) {
        for (Deadline d : e.deadlines()) {
          ps.setLong(1, d.dueAt().toEpochMilli());
          ps.setString(2, leadId);
          ps.setInt(3, d.step());
          ps.addBatch();
        }
        if (!e.deadlines().isEmpty()) ps.executeBatch();
      }
      refreshNext(c, leadId);
    } else if (event instanceof Lead.LeadTouched e) {
      // Another delivery of the same person: search finds the lead by what it lacked before, the rep
      // sees what it adds (known values stay, gaps are filled, phones are united).
      CleanLead touch = e.touch();
      Known known = Known.read(c, leadId);
      List<String> united = new ArrayList<>(known.phones());
      touch.phones().stream().filter(p -> !united.contains(p)).forEach(united::add);
      try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET name = COALESCE(name, ?),"
          + " phone = COALESCE(phone, ?), email = COALESCE(email, ?), updated_at = ?,"
          // the salutation comes with the name: from the touch only when the lead had no name
          + " salutation = CASE WHEN name IS NULL THEN ? ELSE salutation END, phones = ?,"
          + " company = COALESCE(company, ?), industry = ?, budget_min = ?, budget_max = ?, budget_currency = ?,"
          + " budget_negotiable = ?, source = COALESCE(source, ?), province = ?, city = ?, region_guessed = ?"
          + " WHERE lead_id = ?")) {
        ps.setString(1, fit(touch.name(), 200));
        ps.setString(2, fit(touch.phones().isEmpty() ? null : touch.phones().get(0), 32));
        ps.setString(3, fit(touch.emails().isEmpty() ? null : touch.emails().get(0), 320));
        ps.setLong(4, e.at().toEpochMilli());
        bindContact(ps, 5, touch, phones(united), known.industry(touch.industry()), known.budget(touch.budget()));
        known.place().or(Place.of(touch)).bind(ps, 14);
        ps.setString(17, leadId);
        ps.executeUpdate();
      }
    } else if (event instanceof Lead.LeadClosed e) {
      update(c, leadId, "status = 'CLOSED', held_at = NULL, closed_at = ?", e.at(), e.at());
      clearDeadlines(c, leadId);
      refreshNext(c, leadId);
    }
    // other events: none today; a new event type is ignored here until a read model needs it.
  }

  /**
   * Binds, from {@code first} on: salutation, phones, company of {@code lead}, {@code industry},
   * budget min, max, currency, negotiable and the source of {@code lead}, each text cut to its column
   * ({@link #fit}).
   */
  private static void bindContact(PreparedStatement ps, int first, CleanLead lead, String phones, String industry,
      Budget budget) throws SQLException {
    int i = first;
    ps.setString(i++, fit(lead.salutation(), 200));
    ps.setString(i++, phones);
    ps.setString(i++, fit(lead.company(), 200));
    ps.setString(i++, fit(industry, 100));
    ps.setObject(i++, budget == null ? null : budget.min(), Types.BIGINT);
    ps.setObject(i++, budget == null ? null : budget.max(), Types.BIGINT);
    ps.setString(i++, fit(budget == null ? null : budget.currency(), 8));
    ps.setObject(i++, budget == null ? null : budget.negotiable(), Types.BOOLEAN);
    ps.setString(i, fit(lead.source(), 64));
  }

  /** Province and city of a lead, and whether they were guessed from its phone or IP. */
  private record Place(String province, String city, Boolean guessed) {

    static Place of(CleanLead lead) {
      RegionInfo r = lead.region();
      if (r == null || (r.province() == null && r.city() == null)) return new Place(null, null, null);
      return new Place(r.province(), r.city(), lead.flags().contains(LeadCleaner.REGION_FROM_PHONE)
          || lead.flags().contains(LeadCleaner.REGION_FROM_IP));
    }

    boolean known() {
      return province != null || city != null;
    }

    /** This place unless {@code touch} knows better: none or a guess gives way to a stated place. */
    Place or(Place touch) {
      if (!known()) return touch;
      return Boolean.TRUE.equals(guessed) && touch.known() && Boolean.FALSE.equals(touch.guessed()) ? touch : this;
    }

    /** Binds province, city and region_guessed from {@code first} on. */
    void bind(PreparedStatement ps, int first) throws SQLException {
      ps.setString(first, fit(province, 64));
      ps.setString(first + 1, fit(city, 64));
      ps.setObject(first + 2, guessed, Types.BOOLEAN);
    }
  }

  /**
   * What a lead's row already knows that a touch may improve on: its phones (older rows: the one
   * phone), its industry, its budget and its province and city.
   */
  private record Known(List<String> phones, String industry, Budget budget, Place place) {

    static Known read(Connection c, String leadId) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT phones, phone, industry, budget_min, budget_max,"
          + " budget_currency, budget_negotiable, province, city, region_guessed FROM lead_index WHERE lead_id = ?")) {
        ps.setString(1, leadId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return new Known(List.of(), null, null, new Place(null, null, null));
          String phones = rs.getString(1) != null ? rs.getString(1) : rs.getString(2);
          Long min = rs.getObject(4) == null ? null : rs.getLong(4);
          Long max = rs.getObject(5) == null ? null : rs.getLong(5);
          String currency = rs.getString(6);
          boolean negotiable = rs.getBoolean(7);
          Budget budget = rs.wasNull() ? null : new Budget(min, max, currency, negotiable);
          Boolean guessed = rs.getBoolean(10);
          if (rs.wasNull()) guessed = null;
          Place place = new Place(rs.getString(8), rs.getString(9), guessed);
          return new Known(LeadCard.splitPhones(phones), rs.getString(3), budget, place);
        }
      }
    }

    /** A known industry stays; none or {@code OTHER} gives way to the touch's. */
    String industry(String touch) {
      boolean unknown = industry == null || IndustryTaxonomy.OTHER.equals(industry);
      return unknown && touch != null ? touch : industry;
    }

    /** A budget with an amount stays; none, or {@code 面议} alone, gives way to one with an amount. */
    Budget budget(Budget touch) {
      if (budget == null) return touch;
      boolean vague = budget.min() == null && budget.max() == null;
      boolean precise = touch != null && (touch.min() != null || touch.max() != null);
      return vague && precise ? touch : budget;
    }
  }

  /** The {@code phones} column: every number, comma-separated (TEXT: never cut); null when none. */
  private static String phones(List<String> phones) {
    String joined = phones.stream().map(p -> ColumnText.fit(p, Integer.MAX_VALUE)).filter(p -> !p.isBlank())
        .collect(java.util.stream.Collectors.joining(","));
    return joined.isEmpty() ? null : joined;
  }

  /** {@code text} cut to a column of {@code width} characters, without NUL ({@link ColumnText}). */
  static String fit(String text, int width) {
    return ColumnText.fit(text, width);
  }

  /** Due-at of the deadline rows of a lead on hold: never due. */
  static final long NEVER = Long.MAX_VALUE;

  private static void assigned(Connection c, String leadId, Instant at, String repId, String policy, String clock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE lead_index SET status = 'ASSIGNED', rep_id = ?, assigned_at = ?, policy = ?, sla_clock = ?,"
            + " window_start = ?, escalation_level = 0, breached = FALSE, held_at = NULL, hold_reason = NULL,"
            + " updated_at = ? WHERE lead_id = ?")) {
      ps.setString(1, repId);
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, policy);
      ps.setString(4, clock);
      ps.setLong(5, at.toEpochMilli());
      ps.setLong(6, at.toEpochMilli());
      ps.setString(7, leadId);
      ps.executeUpdate();
    }
    clearDeadlines(c, leadId);
  }

  /** Back to routing: no rep, no clock; waits for a routing answer again. */
  private void unassigned(Connection c, String leadId, Instant at) throws SQLException {
    update(c, leadId, "status = 'RECEIVED', rep_id = NULL, assigned_at = NULL, acknowledged_at = NULL, policy = NULL,"
        + " sla_clock = NULL, window_start = NULL, escalation_level = 0, held_at = NULL, hold_reason = NULL,"
        + " queued_at = ?", null, at);
    clearDeadlines(c, leadId);
    refreshNext(c, leadId);
    insertDeadline(c, leadId, ROUTE_STEP, ROUTE_KIND, at.plus(routingRetry), null);
  }

  /**
   * Fired steps (reminder, escalation, any other step) of distinct leads, written as one JDBC batch
   * per statement: a lead woken after a restart, or a step of a lead out of memory, costs three
   * statements, and one round trip each made the projection a large share of a restart's catch-up
   * (docs/benchmarks.md §3). Per lead the statements keep their order: the batches run in the
   * order their statements were first used (deadline delete, then the lead row's update, which
   * reads the remaining deadlines, then the outbox rows), and a lead appears at most once per
   * batch: its next event flushes first. Rows of different leads do not touch each other.
   */
  private static final class StepBatch implements AutoCloseable {
    private final Connection c;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    private final Set<String> leads = new HashSet<>();

    StepBatch(Connection c) {
      this.c = c;
    }

    /** A fired step: when, which deadline, whom to tell, and what else the lead's row records. */
    private record Fired(Instant at, Deadline deadline, List<Notice> notices, String extraSet) {
      static Fired of(Lead.Event event) {
        if (event instanceof Lead.ReminderSent e) return new Fired(e.at(), e.deadline(), e.notices(), "");
        if (event instanceof Lead.LeadEscalated e) {
          return new Fired(e.at(), e.deadline(), e.notices(),
              ", escalation_level = GREATEST(escalation_level, " + e.level() + ")");
        }
        if (event instanceof Lead.SlaStepFired e) {
          return new Fired(e.at(), e.deadline(), e.notices(),
              e.deadline().action() == SlaAction.BREACH ? ", breached = TRUE" : "");
        }
        return null;
      }
    }

    /** Adds a fired step of a lead not in the batch yet; false (nothing added) for anything else. */
    boolean add(String leadId, long seqNr, Lead.Event event) throws SQLException {
      Fired fired = Fired.of(event);
      if (fired == null) return false;
      if (!leads.add(leadId)) return false;
      PreparedStatement delete = statement(DELETE_DEADLINE);
      delete.setString(1, leadId);
      delete.setInt(2, fired.deadline().step());
      delete.addBatch();
      PreparedStatement update = statement(
          "UPDATE lead_index SET window_start = ?" + fired.extraSet() + ", " + NEXT_FROM_INDEX + " WHERE lead_id = ?");
      update.setLong(1, fired.deadline().dueAt().toEpochMilli());
      update.setString(2, leadId);
      update.setString(3, leadId);
      update.addBatch();
      for (OutboxStore.NewRow row : outboxRows(leadId, seqNr, fired.at(), fired.notices(), fired.deadline())) {
        PreparedStatement insert = statement(OutboxStore.INSERT);
        OutboxStore.bindInsert(insert, row, fired.at().toEpochMilli());
        insert.addBatch();
      }
      return true;
    }

    void flush() throws SQLException {
      for (PreparedStatement ps : statements.values()) ps.executeBatch();
      close();
      statements.clear();
      leads.clear();
    }

    private PreparedStatement statement(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = c.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : statements.values()) ps.close();
    }
  }

  /**
   * next_due_at / next_action from the lead's earliest pending step (both NULL when none; the due
   * time NULL while on hold), as one assignment of an UPDATE of the lead's row: its one parameter is
   * the lead id. One statement where a SELECT and an UPDATE were two round trips (a woken lead's
   * reminder is projected with three statements instead of five).
   */
  private static final String NEXT_FROM_INDEX = "(next_due_at, next_action) = (SELECT CASE WHEN due_at = " + NEVER
      + " THEN NULL ELSE due_at END, kind FROM deadline_index WHERE lead_id = ? AND step >= 0"
      + " ORDER BY due_at, step LIMIT 1)";

  /** next_due_at / next_action from the lead's earliest pending step (both NULL when none). */
  static void refreshNext(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET " + NEXT_FROM_INDEX + " WHERE lead_id = ?")) {
      ps.setString(1, leadId);
      ps.setString(2, leadId);
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String leadId, String set, Instant value, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE lead_index SET " + set + ", updated_at = ? WHERE lead_id = ?")) {
      if (value == null) ps.setNull(1, Types.BIGINT);
      else ps.setLong(1, value.toEpochMilli());
      ps.setLong(2, at.toEpochMilli());
      ps.setString(3, leadId);
      ps.executeUpdate();
    }
  }

  private static void insertDeadline(Connection c, String leadId, int step, String kind, Instant due, String until)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deadline_index (lead_id, step, kind, due_at, until_state) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, leadId);
      ps.setInt(2, step);
      ps.setString(3, kind);
      ps.setLong(4, due.toEpochMilli());
      ps.setString(5, until);
      ps.executeUpdate();
    }
  }

  /** One deadline row of a lead: its id, then the step. */
  private static final String DELETE_DEADLINE = "DELETE FROM deadline_index WHERE lead_id = ? AND step = ?";

  private static void deleteDeadline(Connection c, String leadId, int step) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_DEADLINE)) {
      ps.setString(1, leadId);
      ps.setInt(2, step);
      ps.executeUpdate();
    }
  }

  private static void clearDeadlines(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM deadline_index WHERE lead_id = ?")) {
      ps.setString(1, leadId);
      ps.executeUpdate();
    }
  }

  /**
   * One row per notice. The key (lead, event sequence number, recipient, channel) is unique in the
   * table, and the insert skips a key that exists, so a replayed event can never double a row.
   */
  private static void outbox(Connection c, String leadId, long seqNr, Instant at, List<Notice> notices,
      Deadline deadline) throws SQLException {
    OutboxStore.insert(c, outboxRows(leadId, seqNr, at, notices, deadline), at.toEpochMilli());
  }

  private static List<OutboxStore.NewRow> outboxRows(String leadId, long seqNr, Instant at, List<Notice> notices,
      Deadline deadline) {
    List<OutboxStore.NewRow> rows = new java.util.ArrayList<>(notices.size());
    for (Notice n : notices) {
      ObjectNode payload = JSON.createObjectNode()
          .put("leadId", leadId)
          .put("kind", n.kind())
          .put("role", n.role())
          .put("recipientId", n.recipientId())
          .put("channel", n.channel())
          .put("at", at.toString());
      if (deadline != null) {
        payload.put("step", deadline.step()).put("action", deadline.action().name())
            .put("dueAt", deadline.dueAt().toString());
      }
      rows.add(new OutboxStore.NewRow(leadId + ":" + seqNr + ":" + n.recipientId() + ":" + n.channel(), leadId,
          n.recipientId(), n.channel(), n.kind(), payload.toString()));
    }
    return rows;
  }
}
