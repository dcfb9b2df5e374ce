package dev.leadrouter.persistence.card;

import dev.leadrouter.engine.vocab.Budget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rep needs to call a lead, as its {@code lead_index} row holds it: how to address the
 * contact, their numbers, company, where they are, industry, budget, source and the next SLA
 * deadline. Read by the rep's lead list and, when a notice is sent, by its text ({@link
 * LeadCardText}). Unknown values are null (phones: empty); {@code budget} is null without one.
 */
public record LeadCard(String leadId, String salutation, String name, List<String> phones, String company,
    String macro, String province, String city, String industry, Budget budget, String source, Instant nextDueAt,
    String nextAction) {

  public LeadCard {
    phones = phones == null ? List.of() : List.copyOf(phones);
  }

  /** How to address the contact: the salutation, else the name; null when neither is known. */
  public String addressedAs() {
    return salutation != null ? salutation : name;
  }

  /** The columns {@link #read} reads, in its order (unqualified names of {@code lead_index}). */
  public static final String COLUMNS = "lead_id, salutation, name, phones, phone, company, region, province, city, industry,"
      + " budget_min, budget_max, budget_currency, budget_negotiable, source, next_due_at, next_action";

  /** {@link #COLUMNS} of {@code lead_index} aliased {@code alias}, e.g. {@code l.lead_id, l.salutation, …}. */
  public static String columns(String alias) {
    return String.join(", ", Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c).toList());
  }

  /** The card in the columns of {@code rs} from {@code first} on ({@link #COLUMNS}, in order). */
  public static LeadCard read(ResultSet rs, int first) throws SQLException {
    int i = first;
    String leadId = rs.getString(i++);
    String salutation = rs.getString(i++);
    String name = rs.getString(i++);
    String phones = rs.getString(i++);
    String phone = rs.getString(i++);
    String company = rs.getString(i++);
    String macro = rs.getString(i++);
    String province = rs.getString(i++);
    String city = rs.getString(i++);
    String industry = rs.getString(i++);
    Long min = longOrNull(rs, i++);
    Long max = longOrNull(rs, i++);
    String currency = rs.getString(i++);
    boolean negotiable = rs.getBoolean(i++);
    Budget budget = rs.wasNull() ? null : new Budget(min, max, currency, negotiable);
    String source = rs.getString(i++);
    Long due = longOrNull(rs, i++);
    String action = rs.getString(i);
    // A row projected before the phones column has only the primary phone.
    List<String> numbers = phones != null ? splitPhones(phones) : phone != null ? List.of(phone) : List.of();
    return new LeadCard(leadId, salutation, name, numbers, company, macro, province, city, industry,
        budget, source, due == null ? null : Instant.ofEpochMilli(due), action);
  }

  /** The cards of the given leads that have a row, by lead id (one query). */
  public static Map<String, LeadCard> load(Connection c, Collection<String> leadIds) throws SQLException {
    List<String> ids = leadIds.stream().distinct().toList();
    if (ids.isEmpty()) return Map.of();
    Map<String, LeadCard> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM lead_index WHERE lead_id IN ("
        + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
      for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LeadCard card = read(rs, 1);
          out.put(card.leadId(), card);
        }
      }
    }
    return out;
  }

  /** The {@code phones} column as a list (comma-separated E.164 numbers). */
  public static List<String> splitPhones(String phones) {
    if (phones == null || phones.isBlank()) return List.of();
    return Arrays.stream(phones.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
