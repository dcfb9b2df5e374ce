package dev.leadrouter.persistence.lead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.persistence.ColumnText;
import dev.leadrouter.persistence.outbox.NoticeRows;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The source health alert (docs/reports.md, ADR 0022): when a source's average health over its last
 * {@code window} leads ({@code lead_index.intake_health}) falls below {@code threshold}, one
 * {@link #KIND} notice to each recipient ({@code recipients}: the org chart's directors) through the
 * outbox, once per crossing: no new one until the average rose to the threshold or above and fell
 * again. Checked by the lead projection after it wrote a group's new leads, once per source in the
 * group, in the group's transaction: one read per source and group, a write only on a crossing. The
 * state is {@code source_health_alert}, changed by a conditional UPDATE, so two slices that see the
 * same crossing change it, and notify, once; the notices are keyed by the crossing's number.
 */
public final class SourceHealthAlert {

  /** The notice kind. */
  public static final String KIND = "SOURCE_HEALTH_LOW";

  /** How many of a source's latest leads, and the average below which it alerts. */
  public record Settings(int window, int threshold) {
    public static final Settings DEFAULT = new Settings(50, 60);

    public static Settings fromConfig(com.typesafe.config.Config config) {
      String path = "leadrouter.reports.source-alert";
      if (!config.hasPath(path)) return DEFAULT;
      com.typesafe.config.Config c = config.getConfig(path);
      return new Settings(c.getInt("window"), c.getInt("threshold"));
    }
  }

  private static final String READ = "SELECT AVG(h), COUNT(h), (SELECT below FROM source_health_alert WHERE source = ?)"
      + " FROM (SELECT intake_health AS h FROM lead_index WHERE source = ? AND intake_health IS NOT NULL"
      + " ORDER BY received_at DESC, lead_id DESC LIMIT ?) t";

  private final Settings settings;
  private final Supplier<List<Notice>> recipients;

  /** {@code recipients}: one notice (of {@link #KIND}) per person and channel to tell. */
  public SourceHealthAlert(Settings settings, Supplier<List<Notice>> recipients) {
    this.settings = settings;
    this.recipients = recipients;
  }

  /** No alert at all (tests of other tables). */
  public static final SourceHealthAlert NONE = new SourceHealthAlert(null, List::of);

  /**
   * The recipients in {@code org}: its admins (people of role {@code admin}, not deactivated), each
   * over their channels; a chart without admin people tells its directors instead, who see every
   * report, so the alert always reaches someone.
   */
  public static List<Notice> recipients(dev.leadrouter.engine.org.OrgChart org) {
    List<Notice> admins = of(org, dev.leadrouter.engine.org.OrgChart.ADMIN);
    return admins.isEmpty() ? of(org, dev.leadrouter.engine.org.OrgChart.DIRECTOR) : admins;
  }

  private static List<Notice> of(dev.leadrouter.engine.org.OrgChart org, String role) {
    return org.people().stream()
        .filter(p -> role.equals(p.role()) && !p.isDeactivated())
        .flatMap(p -> p.channels().stream().map(ch -> new Notice(p.id(), role, ch, KIND))).toList();
  }

  /** Looks at {@code source}'s latest leads (in {@code c}'s transaction) and alerts or re-arms; {@code at}: the event time. */
  void check(Connection c, String source, Instant at) throws SQLException {
    if (settings == null) return;
    double average;
    Boolean below;
    try (PreparedStatement ps = c.prepareStatement(READ)) {
      ps.setString(1, source);
      ps.setString(2, source);
      ps.setInt(3, settings.window());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        average = rs.getDouble(1);
        if (rs.getInt(2) < settings.window()) return; // not enough leads to judge the source yet
        below = (Boolean) rs.getObject(3, Boolean.class);
      }
    }
    boolean isBelow = average < settings.threshold();
    if (isBelow && !Boolean.TRUE.equals(below)) crossedBelow(c, source, at, average, below == null);
    else if (!isBelow && Boolean.TRUE.equals(below)) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE source_health_alert SET below = FALSE, average = ?,"
          + " updated_at = ? WHERE source = ? AND below = TRUE")) {
        ps.setInt(1, (int) Math.round(average));
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, source);
        ps.executeUpdate();
      }
    }
  }

  /** The state goes below (once: conditional), and the crossing's notices go to the outbox. */
  private void crossedBelow(Connection c, String source, Instant at, double average, boolean first) throws SQLException {
    int crossing;
    if (first) {
      // A concurrent slice inserting the same source fails on the key; the projection retries its group.
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO source_health_alert (source, below, crossings,"
          + " average, updated_at) VALUES (?, TRUE, 1, ?, ?)")) {
        ps.setString(1, source);
        ps.setInt(2, (int) Math.round(average));
        ps.setLong(3, at.toEpochMilli());
        ps.executeUpdate();
      }
      crossing = 1;
    } else {
      try (PreparedStatement ps = c.prepareStatement("UPDATE source_health_alert SET below = TRUE,"
          + " crossings = crossings + 1, average = ?, updated_at = ? WHERE source = ? AND below = FALSE")) {
        ps.setInt(1, (int) Math.round(average));
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, source);
        if (ps.executeUpdate() == 0) return; // another slice took this crossing
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT crossings FROM source_health_alert WHERE source = ?")) {
        ps.setString(1, source);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          crossing = rs.getInt(1);
        }
      }
    }
    String entity = ColumnText.fit("source:" + source, 64);
    ObjectNode subject = NoticeRows.JSON.createObjectNode().put("source", source);
    ObjectNode details = NoticeRows.JSON.createObjectNode().put("averageHealth", Math.round(average * 10) / 10.0)
        .put("threshold", settings.threshold()).put("window", settings.window()).put("crossing", crossing);
    OutboxStore.insert(c, NoticeRows.of(entity, crossing, at, recipients.get(), subject, details), at.toEpochMilli());
  }
}
