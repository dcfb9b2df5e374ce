package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.IndustryTaxonomy;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.persistence.card.LeadCard;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The lead projection's SQL for {@code lead_index}: one row per lead (search, rep lists, the SLA
 * board), read by {@link LeadReadModel}. Runs in the projection's transaction; {@link
 * LeadProjectionHandler} decides when. Every text is cut to its column ({@link ColumnText}).
 */
final class LeadIndexWriter {

  /**
   * next_due_at / next_action from the lead's earliest pending step (both NULL when none; the due
   * time NULL while on hold), as one assignment of an UPDATE of the lead's row: its one parameter is
   * the lead id. One statement where a SELECT and an UPDATE were two round trips (a woken lead's
   * reminder is projected with three statements instead of five).
   */
  private static final String NEXT_FROM_INDEX = "(next_due_at, next_action) = (SELECT CASE WHEN due_at = "
      + DeadlineIndexWriter.NEVER + " THEN NULL ELSE due_at END, kind FROM deadline_index WHERE lead_id = ? AND step >= 0"
      + " ORDER BY due_at, step LIMIT 1)";

  /** {@code close_reason} of a lead that became an opportunity. */
  static final String CONVERTED = "converted";

  private LeadIndexWriter() {}

  /** The columns of a new lead's row, {@link #bindNewRow} binds them but the id and the status. */
  private static final String NEW_ROW = "lead_id, status, region, priority, name, phone, email, received_at, updated_at,"
      + " salutation, phones, company, industry, budget_min, budget_max, budget_currency, budget_negotiable,"
      + " source, province, city, region_guessed, campaign, intake_health, contact_complete";

  /** What {@link #bindAssignment} binds, in its order. */
  private static final String ASSIGNMENT = "rep_id, assigned_at, policy, sla_clock, window_start, next_due_at, next_action,"
      + " first_assigned_at, first_steps";

  /** A new lead's row ({@link #bindReceived}). */
  static final String RECEIVED = "INSERT INTO lead_index (" + NEW_ROW + ") VALUES (?, 'RECEIVED'" + marks(22) + ")";

  /**
   * A new lead's row as its assignment leaves it ({@link #bindReceivedAssigned}): a receipt and its
   * assignment in one group are one INSERT, not an INSERT and an UPDATE. The UPDATE of a lead row is
   * the projection's most expensive statement on PostgreSQL (every index of the row changes), and
   * under load most new leads are received and assigned within one group.
   */
  static final String RECEIVED_ASSIGNED = "INSERT INTO lead_index (" + NEW_ROW + ", " + ASSIGNMENT
      + ") VALUES (?, 'ASSIGNED'" + marks(22 + 9) + ")";

  /** A new lead's row recorded without routing ({@link #bindReceivedNotRouted}; ADR 0024), received and not routed in one group. */
  static final String RECEIVED_NOT_ROUTED = "INSERT INTO lead_index (" + NEW_ROW + ") VALUES (?, 'UNROUTED'" + marks(22) + ")";

  private static String marks(int n) {
    return ", ?".repeat(n);
  }

  /** Adds a new lead's row to a {@link #RECEIVED} batch; {@code health}: the source's health of the lead (V14). */
  static void bindReceived(PreparedStatement ps, String leadId, CleanLead lead, Instant at, int health)
      throws SQLException {
    bindNewRow(ps, leadId, lead, at, at, health);
    ps.addBatch();
  }

  /** Adds a new lead's row, received at {@code at} and then assigned ({@link #bindAssignment}), to a {@link #RECEIVED_ASSIGNED} batch. */
  static void bindReceivedAssigned(PreparedStatement ps, String leadId, CleanLead lead, Instant at, int health,
      Instant assignedAt, String repId, String policy, String clock, List<Deadline> deadlines) throws SQLException {
    bindNewRow(ps, leadId, lead, at, assignedAt, health);
    bindAssignment(ps, 24, assignedAt, repId, policy, clock, deadlines);
    ps.addBatch();
  }

  /** Adds a new lead's row, received at {@code at} and recorded without routing at {@code notRoutedAt}, to a {@link #RECEIVED_NOT_ROUTED} batch. */
  static void bindReceivedNotRouted(PreparedStatement ps, String leadId, CleanLead lead, Instant at, int health,
      Instant notRoutedAt) throws SQLException {
    bindNewRow(ps, leadId, lead, at, notRoutedAt, health);
    ps.addBatch();
  }

  /** Binds a new lead's row from parameter 1 to 23: {@link #NEW_ROW} but the status. */
  private static void bindNewRow(PreparedStatement ps, String leadId, CleanLead lead, Instant at, Instant updatedAt,
      int health) throws SQLException {
    ps.setString(1, leadId);
    bindWho(ps, 2, lead);
    ps.setLong(7, at.toEpochMilli());
    ps.setLong(8, updatedAt.toEpochMilli());
    bindContact(ps, 9, lead, phones(lead.phones()), lead.industry(), lead.budget());
    Place.of(lead).bind(ps, 18);
    ps.setString(21, fit(lead.utm() == null ? null : lead.utm().campaign(), 100));
    ps.setInt(22, health);
    ps.setBoolean(23, contactComplete(lead));
  }

  /** Complete contact data (the sources report): a name, a phone or an e-mail, a company and a known region. */
  static boolean contactComplete(CleanLead lead) {
    return lead.name() != null && (!lead.phones().isEmpty() || !lead.emails().isEmpty()) && lead.company() != null
        && lead.region() != null && lead.region().macro() != null && !RegionInfo.UNKNOWN.equals(lead.region().macro());
  }

  static final String NOT_ROUTED = "UPDATE lead_index SET status = 'UNROUTED', updated_at = ? WHERE lead_id = ?";

  /** Recorded without routing (ADR 0024): no rep, no queue, until a person assigns it by hand. Added to {@code ps}'s batch. */
  static void bindNotRouted(PreparedStatement ps, String leadId, Instant at) throws SQLException {
    ps.setLong(1, at.toEpochMilli());
    ps.setString(2, leadId);
    ps.addBatch();
  }

  static void queued(Connection c, String leadId, Instant at) throws SQLException {
    update(c, leadId, "status = 'QUEUED', rep_id = NULL, queued_at = ?", at, at);
  }

  /**
   * The row of a lead assigned to a rep, with its next step ({@link #bindAssigned}): known from the
   * assignment itself (its deadlines replace the lead's, none on hold), so no read of the index.
   * The first assignment also sets the report facts {@code first_assigned_at} and {@code first_steps}.
   */
  static final String ASSIGNED =
      "UPDATE lead_index SET status = 'ASSIGNED', rep_id = ?, assigned_at = ?, policy = ?, sla_clock = ?,"
          + " window_start = ?, next_due_at = ?, next_action = ?,"
          + " first_assigned_at = COALESCE(first_assigned_at, ?), first_steps = COALESCE(first_steps, ?),"
          + " escalation_level = 0, breached = FALSE, held_at = NULL, hold_reason = NULL, updated_at = ?"
          + " WHERE lead_id = ?";

  /** Adds an assignment with {@code deadlines}, its only pending ones, to an {@link #ASSIGNED} batch. */
  static void bindAssigned(PreparedStatement ps, String leadId, Instant at, String repId, String policy, String clock,
      List<Deadline> deadlines) throws SQLException {
    bindAssignment(ps, 1, at, repId, policy, clock, deadlines);
    ps.setLong(10, at.toEpochMilli());
    ps.setString(11, leadId);
    ps.addBatch();
  }

  /**
   * Binds an assignment's {@link #ASSIGNMENT} columns from parameter {@code first} on: the rep, the
   * time (also the window's start and the first assignment's), the policy and clock, the next step
   * from {@code deadlines} (none: NULL) and the {@code first_steps}.
   */
  private static void bindAssignment(PreparedStatement ps, int first, Instant at, String repId, String policy,
      String clock, List<Deadline> deadlines) throws SQLException {
    Deadline next = deadlines.stream().filter(d -> d.step() >= 0)
        .min(java.util.Comparator.comparing(Deadline::dueAt).thenComparingInt(Deadline::step)).orElse(null);
    ps.setString(first, repId);
    ps.setLong(first + 1, at.toEpochMilli());
    ps.setString(first + 2, policy);
    ps.setString(first + 3, clock);
    ps.setLong(first + 4, at.toEpochMilli());
    if (next == null) {
      ps.setNull(first + 5, Types.BIGINT);
      ps.setNull(first + 6, Types.VARCHAR);
    } else {
      ps.setLong(first + 5, next.dueAt().toEpochMilli());
      ps.setString(first + 6, next.action().name());
    }
    ps.setLong(first + 7, at.toEpochMilli());
    String steps = steps(deadlines);
    if (steps == null) ps.setNull(first + 8, Types.VARCHAR);
    else ps.setString(first + 8, steps);
  }

  /** The {@code first_steps} column: "step:ACTION:dueAtMillis" of each SLA step, by step, joined by ';'; null when none. */
  static String steps(List<Deadline> deadlines) {
    String joined = deadlines.stream().filter(d -> d.step() >= 0)
        .sorted(java.util.Comparator.comparingInt(Deadline::step))
        .map(d -> d.step() + ":" + d.action().name() + ":" + d.dueAt().toEpochMilli())
        .collect(Collectors.joining(";"));
    return joined.isEmpty() ? null : joined;
  }

  /** Back to routing: no rep, no clock; a reassignment (not a revoked or withdrawn offer) is counted. */
  static void unassigned(Connection c, String leadId, Instant at, boolean reassigned) throws SQLException {
    update(c, leadId, "status = 'RECEIVED', rep_id = NULL, assigned_at = NULL, acknowledged_at = NULL, policy = NULL,"
        + " sla_clock = NULL, window_start = NULL, escalation_level = 0, held_at = NULL, hold_reason = NULL,"
        + (reassigned ? " reassignments = reassignments + 1," : "") + " queued_at = ?", null, at);
  }

  /** Acknowledged; the first acknowledgement also sets the report facts first_touch_at and first_touch_ms. */
  static void acknowledged(Connection c, String leadId, Instant at, long timeToFirstTouchMs) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET status = 'ACKNOWLEDGED', acknowledged_at = ?,"
        + " first_touch_at = COALESCE(first_touch_at, ?), first_touch_ms = COALESCE(first_touch_ms, ?), updated_at = ?"
        + " WHERE lead_id = ?")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setLong(2, at.toEpochMilli());
      ps.setLong(3, timeToFirstTouchMs);
      ps.setLong(4, at.toEpochMilli());
      ps.setString(5, leadId);
      ps.executeUpdate();
    }
  }

  static void contacted(Connection c, String leadId, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET status = 'CONTACTED',"
        + " acknowledged_at = COALESCE(acknowledged_at, ?), contacted_at = ?, updated_at = ?,"
        // a contact without an acknowledgement is the first touch (measured like the engine's, from the assignment)
        + " first_touch_ms = CASE WHEN first_touch_at IS NULL AND assigned_at IS NOT NULL THEN ? - assigned_at"
        + " ELSE first_touch_ms END, first_touch_at = COALESCE(first_touch_at, ?) WHERE lead_id = ?")) {
      for (int i = 1; i <= 5; i++) ps.setLong(i, at.toEpochMilli());
      ps.setString(6, leadId);
      ps.executeUpdate();
    }
  }

  static void held(Connection c, String leadId, Instant at, String reason) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE lead_index SET held_at = ?, hold_reason = ?, updated_at = ? WHERE lead_id = ?")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, reason);
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, leadId);
      ps.executeUpdate();
    }
  }

  /** The current step's window moves by the time on hold, like the deadlines. */
  static void resumed(Connection c, String leadId, Instant at) throws SQLException {
    update(c, leadId, "window_start = window_start + (? - held_at), held_at = NULL, hold_reason = NULL", at, at);
  }

  /**
   * Another delivery of the same person, merged by the lead ({@code LeadMerge}): the row shows the
   * lead exactly as {@code GET /leads/{id}} does, so search, the rep's list and the board agree with it.
   */
  static void merged(Connection c, String leadId, CleanLead lead, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE lead_index SET region = ?, priority = ?, name = ?, phone = ?, email = ?, updated_at = ?,"
            + " salutation = ?, phones = ?, company = ?, industry = ?, budget_min = ?, budget_max = ?,"
            + " budget_currency = ?, budget_negotiable = ?, source = ?, province = ?, city = ?, region_guessed = ?,"
            + " merged_touches = merged_touches + 1, contact_complete = ? WHERE lead_id = ?")) {
      bindWho(ps, 1, lead);
      ps.setLong(6, at.toEpochMilli());
      bindContact(ps, 7, lead, phones(lead.phones()), lead.industry(), lead.budget());
      Place.of(lead).bind(ps, 16);
      ps.setBoolean(19, contactComplete(lead));
      ps.setString(20, leadId);
      ps.executeUpdate();
    }
  }

  /**
   * A touch from a journal written before touches carried the merged lead: search finds the lead by
   * what it lacked before, the rep sees what it adds (known values stay, gaps are filled, phones are
   * united). Its rules approximate the lead's merge; newer touches use {@link #merged}.
   */
  static void touched(Connection c, String leadId, CleanLead touch, Instant at) throws SQLException {
    Known known = Known.read(c, leadId);
    List<String> united = new ArrayList<>(known.phones());
    touch.phones().stream().filter(p -> !united.contains(p)).forEach(united::add);
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET name = COALESCE(name, ?),"
        + " phone = COALESCE(phone, ?), email = COALESCE(email, ?), updated_at = ?,"
        // the salutation comes with the name: from the touch only when the lead had no name
        + " salutation = CASE WHEN name IS NULL THEN ? ELSE salutation END, phones = ?,"
        + " company = COALESCE(company, ?), industry = ?, budget_min = ?, budget_max = ?, budget_currency = ?,"
        + " budget_negotiable = ?, source = COALESCE(source, ?), province = ?, city = ?, region_guessed = ?,"
        + " merged_touches = merged_touches + 1 WHERE lead_id = ?")) {
      ps.setString(1, fit(touch.name(), 200));
      ps.setString(2, fit(touch.phones().isEmpty() ? null : touch.phones().get(0), 32));
      ps.setString(3, fit(touch.emails().isEmpty() ? null : touch.emails().get(0), 320));
      ps.setLong(4, at.toEpochMilli());
      bindContact(ps, 5, touch, phones(united), known.industry(touch.industry()), known.budget(touch.budget()));
      known.place().or(Place.of(touch)).bind(ps, 14);
      ps.setString(17, leadId);
      ps.executeUpdate();
    }
  }

  static void closed(Connection c, String leadId, Instant at) throws SQLException {
    update(c, leadId, "status = 'CLOSED', held_at = NULL, closed_at = ?", at, at);
  }

  /** Converted to an opportunity: closed, with the reason and the opportunity. */
  static void converted(Connection c, String leadId, Instant at, String opportunityId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET status = 'CLOSED', held_at = NULL,"
        + " closed_at = ?, close_reason = '" + CONVERTED + "', opportunity_id = ?, updated_at = ? WHERE lead_id = ?")) {
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, fit(opportunityId, 80));
      ps.setLong(3, at.toEpochMilli());
      ps.setString(4, leadId);
      ps.executeUpdate();
    }
  }

  /** next_due_at / next_action from the lead's earliest pending step (both NULL when none). */
  static void refreshNext(Connection c, String leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE lead_index SET " + NEXT_FROM_INDEX + " WHERE lead_id = ?")) {
      ps.setString(1, leadId);
      ps.setString(2, leadId);
      ps.executeUpdate();
    }
  }

  /**
   * The row's update for a fired step, batched ({@link #addStepFired}): the step's window starts at
   * its due time, the next deadline is read from the index; an escalation raises the level (never
   * lowers it), a breach marks the lead; the report counters (reminders, max_escalation, breaches)
   * follow in the same statement. Equal arguments give the equal statement, so one batch
   * serves every lead with the same kind of step.
   *
   * @param escalationLevel the level an escalation reached, null for any other step
   */
  static String stepFiredSql(Integer escalationLevel, boolean breach, boolean reminder) {
    String extraSet = escalationLevel != null ? ", escalation_level = GREATEST(escalation_level, " + escalationLevel + ")"
        + ", max_escalation = GREATEST(max_escalation, " + escalationLevel + ")"
        : breach ? ", breached = TRUE, breaches = breaches + 1" : reminder ? ", reminders = reminders + 1" : "";
    return "UPDATE lead_index SET window_start = ?" + extraSet + ", " + NEXT_FROM_INDEX + " WHERE lead_id = ?";
  }

  /** Adds one lead's fired step to a {@link #stepFiredSql} batch. */
  static void addStepFired(PreparedStatement update, String leadId, Instant windowStart) throws SQLException {
    update.setLong(1, windowStart.toEpochMilli());
    update.setString(2, leadId);
    update.setString(3, leadId);
    update.addBatch();
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

  /** Binds, from {@code first} on: region (macro), priority, name, first phone and first e-mail of {@code lead}. */
  private static void bindWho(PreparedStatement ps, int first, CleanLead lead) throws SQLException {
    ps.setString(first, fit(lead.region().macro(), 32));
    ps.setString(first + 1, lead.priority());
    ps.setString(first + 2, fit(lead.name(), 200));
    ps.setString(first + 3, fit(lead.phones().isEmpty() ? null : lead.phones().get(0), 32));
    ps.setString(first + 4, fit(lead.emails().isEmpty() ? null : lead.emails().get(0), 320));
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
        .collect(Collectors.joining(","));
    return joined.isEmpty() ? null : joined;
  }

  /** {@code text} cut to a column of {@code width} characters, without NUL ({@link ColumnText}). */
  private static String fit(String text, int width) {
    return ColumnText.fit(text, width);
  }
}
