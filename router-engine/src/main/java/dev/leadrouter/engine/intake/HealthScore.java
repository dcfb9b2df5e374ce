package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.RegionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How promising a lead is, 0–100, and why (pure): completeness 30 %, source credibility 25 %,
 * behaviour heat 25 % (touches and recency), match 20 % (does a rep cover it). Each component is
 * 0–1; the score is the weighted sum, rounded.
 *
 * <ul>
 *   <li>completeness: the share of name, a valid phone, a valid e-mail, company, known region,
 *       industry and a parsed budget that the lead has;
 *   <li>credibility: the best credibility among the sources that delivered it (0.5 when a source
 *       has none configured, e.g. the canonical API);
 *   <li>heat: touches (1 → 0.4, 2 → 0.7, 3 or more → 1.0) times recency of the last touch (1.0 within
 *       24 h, falling linearly to 0.2 at 30 days);
 *   <li>match: 1 when a rep covers it (assigned, acknowledged, contacted), else 0.
 * </ul>
 */
public record HealthScore(int score, double completeness, double credibility, double heat, double match) {

  public static final double DEFAULT_CREDIBILITY = 0.5;

  public static HealthScore of(CleanLead lead, List<Instant> touches, Instant now, double credibility, boolean matched) {
    int have = 0;
    if (lead.name() != null) have++;
    if (!lead.phones().isEmpty()) have++;
    if (!lead.emails().isEmpty()) have++;
    if (lead.company() != null) have++;
    if (lead.region() != null && !RegionInfo.NONE.equals(lead.region())) have++;
    if (lead.industry() != null) have++;
    if (lead.budget() != null) have++;
    double completeness = have / 7.0;
    double volume = touches.size() >= 3 ? 1.0 : touches.size() == 2 ? 0.7 : touches.isEmpty() ? 0 : 0.4;
    Instant last = touches.stream().max(Instant::compareTo).orElse(now);
    double days = Math.max(0, Duration.between(last, now).toMillis() / 86_400_000.0);
    double recency = days <= 1 ? 1.0 : Math.max(0.2, 1.0 - 0.8 * (days - 1) / 29.0);
    double heat = volume * recency;
    double cred = Math.max(0, Math.min(1, credibility));
    double match = matched ? 1.0 : 0.0;
    int score = (int) Math.round(100 * (0.30 * completeness + 0.25 * cred + 0.25 * heat + 0.20 * match));
    return new HealthScore(score, round(completeness), round(cred), round(heat), match);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
