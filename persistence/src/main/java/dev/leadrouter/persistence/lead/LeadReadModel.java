package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.card.LeadCard;
import dev.leadrouter.persistence.card.LeadCardText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries over {@code lead_index} (search, rep lists, the SLA board; a rep's pending deadlines from
 * {@code deadline_index}). A lead's notifications are {@link dev.leadrouter.persistence.outbox.OutboxReadModel}'s.
 * Blocking JDBC: call from a blocking dispatcher.
 */
public final class LeadReadModel {

  /** A pending deadline with the time left at the moment of the query (negative when overdue). */
  public record DeadlineLeft(String kind, Instant dueAt, long msLeft) {}

  /**
   * One open lead of a rep, as the rep's app lists it: what the rep needs to call (how to address the
   * contact, every phone, company, province and city, industry, budget, source), the time left on
   * each deadline, and {@code summary}, all of it in one line in the reader's locale.
   */
  public record RepLead(String leadId, String status, String region, String priority, String name, String salutation,
      List<String> phones, String company, String province, String city, String industry, BudgetText budget,
      String source, Instant receivedAt, Instant assignedAt, List<DeadlineLeft> deadlines, String summary) {}

  /** A budget as parsed, with {@code text} in the reader's locale ({@code 50万–200万 CNY}, {@code 面议}). */
  public record BudgetText(Long min, Long max, String currency, boolean negotiable, String text) {}

  /** One lead as a search lists it. */
  public record LeadSummary(String leadId, String status, String region, String repId, String priority,
      String name, String phone, String email, Instant receivedAt) {}

  /**
   * What to search for; null fields do not filter. {@code visibleReps}/{@code visibleRegions}, when
   * not null, restrict the result to leads of those reps or in those regions (a manager's view).
   */
  public record SearchFilter(String phone, String email, String status, String repId,
      java.util.Set<String> visibleReps, java.util.Set<String> visibleRegions, String source) {

    public SearchFilter(String phone, String email, String status, String repId,
        java.util.Set<String> visibleReps, java.util.Set<String> visibleRegions) {
      this(phone, email, status, repId, visibleReps, visibleRegions, null);
    }
  }

  /** Leads matching every given filter, newest first, at most {@code limit}. */
  public List<LeadSummary> search(SearchFilter filter, int limit) {
    StringBuilder sql = new StringBuilder(
        "SELECT lead_id, status, region, rep_id, priority, name, phone, email, received_at FROM lead_index WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    for (String[] f : new String[][] {{"phone", filter.phone()}, {"email", filter.email()},
        {"status", filter.status()}, {"rep_id", filter.repId()}, {"source", filter.source()}}) {
      if (f[1] != null) {
        sql.append(" AND ").append(f[0]).append(" = ?");
        args.add(f[1]);
      }
    }
    if (filter.visibleReps() != null) {
      List<String> reps = List.copyOf(filter.visibleReps());
      List<String> regions = List.copyOf(filter.visibleRegions());
      sql.append(" AND (rep_id IN (").append(placeholders(reps.size())).append(")")
          .append(" OR region IN (").append(placeholders(regions.size())).append("))");
      args.addAll(reps);
      args.addAll(regions);
    }
    sql.append(" ORDER BY received_at DESC, lead_id LIMIT ?");
    List<LeadSummary> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
      ps.setInt(args.size() + 1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new LeadSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private final Database db;

  public LeadReadModel(Database db) {
    this.db = db;
  }

  /**
   * The rep's assigned and acknowledged leads, oldest assignment first, with time left per deadline at
   * {@code now}; the summaries and budget texts in {@code locale} ({@code zh-CN} or {@code en}).
   */
  public List<RepLead> repLeads(String repId, Instant now, String locale) {
    String sql = "SELECT l.status, l.priority, l.received_at, l.assigned_at, d.kind, d.due_at, " + LeadCard.columns("l")
        + " FROM lead_index l LEFT JOIN deadline_index d ON d.lead_id = l.lead_id AND d.step >= 0"
        + " AND d.due_at < " + DeadlineIndexWriter.NEVER
        + " WHERE l.rep_id = ? AND l.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'CONTACTED')"
        + " ORDER BY l.assigned_at, l.lead_id, d.due_at";
    LeadCardText words = LeadCardText.of(locale);
    Map<String, RepLead> out = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, repId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LeadCard card = LeadCard.read(rs, 7);
          RepLead lead = out.get(card.leadId());
          if (lead == null) {
            Budget b = card.budget();
            lead = new RepLead(card.leadId(), rs.getString(1), card.macro(), rs.getString(2), card.name(),
                card.salutation(), card.phones(), card.company(), card.province(), card.city(), card.industry(),
                b == null ? null : new BudgetText(b.min(), b.max(), b.currency(), b.negotiable(), words.budget(b)),
                card.source(), instant(rs, 3), instant(rs, 4), new ArrayList<>(), words.summary(card, now));
            out.put(card.leadId(), lead);
          }
          if (rs.getString(5) != null) {
            long due = rs.getLong(6);
            lead.deadlines().add(new DeadlineLeft(rs.getString(5), Instant.ofEpochMilli(due), due - now.toEpochMilli()));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return List.copyOf(out.values());
  }

  /** Each rep's open leads (assigned, acknowledged or contacted, not closed), by rep id. */
  public Map<String, Integer> openLeadsByRep() {
    String sql = "SELECT rep_id, COUNT(*) FROM lead_index WHERE rep_id IS NOT NULL"
        + " AND status IN ('ASSIGNED', 'ACKNOWLEDGED', 'CONTACTED') GROUP BY rep_id";
    Map<String, Integer> out = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /**
   * The regions that hold queued leads, in name order. A lead of a macro region the org chart does
   * not name (西南 when the chart has only 华东, 华北, 华南) waits in that region's pool: this is how
   * the queue list learns of it.
   */
  public List<String> queuedRegions() {
    String sql = "SELECT DISTINCT region FROM lead_index WHERE status = 'QUEUED' AND region IS NOT NULL ORDER BY region";
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** One lead whose SLA clock runs (or is on hold), as the SLA board needs it. */
  public record BoardRow(String leadId, String status, String region, String repId, String priority, String name,
      String policy, String clock, Instant assignedAt, Instant windowStart, Instant nextDueAt, String nextAction,
      int escalationLevel, boolean breached, Instant heldAt, String holdReason, String source) {}

  /** Which leads the board shows; null fields do not filter, an empty set matches nothing. */
  public record BoardFilter(String region, java.util.Set<String> reps, java.util.Set<String> visibleReps,
      java.util.Set<String> visibleRegions) {}

  /**
   * Leads with a running or held SLA (assigned, or acknowledged with steps waiting for a contact),
   * most urgent first (no next step first, then by next due time), at most {@code limit}.
   */
  public List<BoardRow> board(BoardFilter filter, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + BOARD_COLUMNS
        + " FROM lead_index WHERE (status = 'ASSIGNED' OR (status = 'ACKNOWLEDGED'"
        + " AND (next_due_at IS NOT NULL OR held_at IS NOT NULL)))");
    List<String> args = new ArrayList<>();
    if (filter.region() != null) {
      sql.append(" AND region = ?");
      args.add(filter.region());
    }
    if (filter.reps() != null) {
      sql.append(" AND rep_id IN (").append(placeholders(filter.reps().size())).append(")");
      args.addAll(filter.reps());
    }
    if (filter.visibleReps() != null) {
      sql.append(" AND (rep_id IN (").append(placeholders(filter.visibleReps().size())).append(")")
          .append(" OR region IN (").append(placeholders(filter.visibleRegions().size())).append("))");
      args.addAll(filter.visibleReps());
      args.addAll(filter.visibleRegions());
    }
    sql.append(" ORDER BY CASE WHEN next_due_at IS NULL THEN 0 ELSE 1 END, next_due_at, lead_id LIMIT ?");
    List<BoardRow> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) ps.setString(i + 1, args.get(i));
      ps.setInt(args.size() + 1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(boardRow(rs));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static final String BOARD_COLUMNS = "lead_id, status, region, rep_id, priority, name, policy, sla_clock,"
      + " assigned_at, window_start, next_due_at, next_action, escalation_level, breached, held_at, hold_reason, source";

  private static BoardRow boardRow(ResultSet rs) throws SQLException {
    return new BoardRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9), instant(rs, 10), instant(rs, 11),
        rs.getString(12), rs.getInt(13), rs.getBoolean(14), instant(rs, 15), rs.getString(16), rs.getString(17));
  }

  /**
   * The board's row of each of {@code leadIds} that exists, whatever its status (the live stream
   * tells a lead's every change, also once it is acknowledged, closed or queued), by lead id.
   */
  public Map<String, BoardRow> boardRows(java.util.Collection<String> leadIds) {
    Map<String, BoardRow> out = new LinkedHashMap<>();
    if (leadIds.isEmpty()) return out;
    List<String> ids = List.copyOf(leadIds);
    String sql = "SELECT " + BOARD_COLUMNS + " FROM lead_index WHERE lead_id IN (" + placeholders(ids.size()) + ")";
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          BoardRow row = boardRow(rs);
          out.put(row.leadId(), row);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** "?, ?, ?" — or a NULL that matches nothing when the list is empty. */
  /**
   * The report facts (V14, ADR 0022) of every lead received in {@code [from, to)}, oldest first; when
   * {@code visibleReps} is not null only leads of those reps or in {@code visibleRegions} (a
   * manager's scope, as {@link #search}).
   */
  public List<LeadReports.Facts> reportFacts(Instant from, Instant to, java.util.Set<String> visibleReps,
      java.util.Set<String> visibleRegions) {
    StringBuilder sql = new StringBuilder("SELECT l.lead_id, l.rep_id, l.region, l.source, l.campaign, l.received_at,"
        + " l.first_assigned_at, l.first_steps, l.first_touch_at, l.first_touch_ms, l.reminders, l.max_escalation,"
        + " l.breaches, l.reassignments, l.merged_touches, l.intake_health, l.contact_complete, l.opportunity_id, o.closed,"
        + " o.first_valid_action_at"
        + " FROM lead_index l LEFT JOIN opportunity_index o ON o.opportunity_id = l.opportunity_id"
        + " WHERE l.received_at >= ? AND l.received_at < ?");
    List<String> args = new ArrayList<>();
    if (visibleReps != null) {
      sql.append(" AND (l.rep_id IN (").append(placeholders(visibleReps.size())).append(")")
          .append(" OR l.region IN (").append(placeholders(visibleRegions.size())).append("))");
      args.addAll(visibleReps);
      args.addAll(visibleRegions);
    }
    sql.append(" ORDER BY l.received_at, l.lead_id");
    List<LeadReports.Facts> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setLong(1, from.toEpochMilli());
      ps.setLong(2, to.toEpochMilli());
      for (int i = 0; i < args.size(); i++) ps.setString(i + 3, args.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long ms = rs.getLong(10);
          Long touchMs = rs.wasNull() ? null : ms;
          out.add(new LeadReports.Facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), instant(rs, 6), instant(rs, 7), LeadReports.Step.parse(rs.getString(8)), instant(rs, 9),
              touchMs, rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), rs.getInt(15),
              (Integer) rs.getObject(16, Integer.class), (Boolean) rs.getObject(17, Boolean.class), rs.getString(18),
              "won".equals(rs.getString(19)), instant(rs, 20)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static String placeholders(int n) {
    return n == 0 ? "NULL" : String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** Leads received and not yet assigned, per region and status ({@code RECEIVED}: not routed yet; {@code QUEUED}: in the region's queue). */
  public record Waiting(String region, String status, long count, Instant oldestReceived) {}

  /**
   * The assignment backlog: leads in {@code RECEIVED} or {@code QUEUED}, per region and status, with
   * the oldest one's intake time. Reads {@code lead_index_status_region_idx} ({@code status,
   * region}) for the two statuses only, so its cost follows the backlog, not the table: cheap
   * enough to run every few seconds.
   */
  public List<Waiting> waiting() {
    String sql = "SELECT region, status, COUNT(*), MIN(received_at) FROM lead_index"
        + " WHERE status IN ('RECEIVED', 'QUEUED') GROUP BY region, status";
    List<Waiting> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Waiting(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4))));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
