package dev.leadrouter.persistence.card;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.Locales;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link LeadCard} in words, in Chinese ({@code zh-CN}) or English ({@code en}) (pure): the
 * labelled lines of a notification, the one-line summary of the rep's list and of an SMS, and the
 * readable budget ({@code 50万–200万 CNY}, {@code 面议}; {@code 500K–2M CNY}, {@code negotiable}) and
 * time left ({@code 剩余 14 分钟}, {@code 14 min left}, {@code 已超时 3 分钟}, {@code 3 min overdue}).
 * Values the card lacks are left out; names, companies, places and industries are shown as stored.
 */
public final class LeadCardText {

  /** One labelled value, e.g. 电话 / +8613800138000. */
  public record Line(String label, String value) {}

  private final boolean en;

  private LeadCardText(boolean en) {
    this.en = en;
  }

  /** The words of {@code locale} (anything but English reads Chinese). */
  public static LeadCardText of(String locale) {
    return new LeadCardText(Locales.isEnglish(locale));
  }

  /** The supported locale these words are in. */
  public String locale() {
    return en ? Locales.EN : Locales.ZH_CN;
  }

  /**
   * Contact, phone(s), company, region, industry, budget, source and the next deadline with the time
   * left at {@code now} (no time left when {@code now} is null), each only when known.
   */
  public List<Line> lines(LeadCard card, Instant now) {
    List<Line> lines = new ArrayList<>();
    add(lines, en ? "Contact" : "联系人", card.addressedAs());
    add(lines, en ? "Phone" : "电话", card.phones().isEmpty() ? null : String.join(en ? ", " : "、", card.phones()));
    add(lines, en ? "Company" : "公司", card.company());
    add(lines, en ? "Region" : "地区", region(card));
    add(lines, en ? "Industry" : "行业", card.industry());
    add(lines, en ? "Budget" : "预算", budget(card.budget()));
    add(lines, en ? "Source" : "来源", card.source());
    add(lines, en ? "Next deadline" : "下一时限", next(card, now));
    return lines;
  }

  /**
   * One line: who, first phone, company, region, industry, budget, source and time left, e.g.
   * {@code 李娜女士 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 50万–200万 CNY · 来源 baidu · 剩余 14 分钟}.
   */
  public String summary(LeadCard card, Instant now) {
    return join(card.addressedAs(), details(card, now));
  }

  /** {@link #summary} without who: from the first phone on. */
  public String details(LeadCard card, Instant now) {
    return join(card.phones().isEmpty() ? null : card.phones().get(0), card.company(), region(card), card.industry(),
        budget(card.budget()), card.source() == null ? null : (en ? "source " : "来源 ") + card.source(),
        card.nextDueAt() == null || now == null ? null : timeLeft(card.nextDueAt(), now));
  }

  private static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null && !part.isBlank()) present.add(part);
    }
    return String.join(" · ", present);
  }

  /** Province and city (once when they are the same, as for 上海市), else the macro region; null when unknown. */
  public String region(LeadCard card) {
    String province = card.province();
    String city = card.city();
    if (province != null && city != null) return province.equals(city) ? city : province + (en ? ", " : "") + city;
    if (province != null || city != null) return Objects.requireNonNullElse(province, city);
    String macro = card.macro();
    return macro == null || macro.equals(RegionInfo.UNKNOWN) ? null : macro;
  }

  /** The budget in words; null without a budget or with neither amount nor negotiable. */
  public String budget(Budget b) {
    if (b == null) return null;
    String amount;
    if (b.min() != null && b.max() != null) {
      amount = b.min().equals(b.max()) ? amount(b.min()) : amount(b.min()) + "–" + amount(b.max());
    } else if (b.min() != null) {
      amount = "≥" + amount(b.min());
    } else if (b.max() != null) {
      amount = "≤" + amount(b.max());
    } else {
      return b.negotiable() ? (en ? "negotiable" : "面议") : null;
    }
    if (b.currency() != null) amount += " " + b.currency();
    return b.negotiable() ? amount + (en ? " (negotiable)" : "（可议）") : amount;
  }

  /** Time from {@code now} to {@code due}: 剩余 14 分钟 / 14 min left, or 已超时 3 分钟 / 3 min overdue. */
  public String timeLeft(Instant due, Instant now) {
    Duration d = Duration.between(now, due);
    boolean overdue = d.isNegative();
    String span = span(d.abs());
    if (en) return span + (overdue ? " overdue" : " left");
    return (overdue ? "已超时 " : "剩余 ") + span;
  }

  /** The next deadline: its due time and, at {@code now}, the time left; null when none. */
  private String next(LeadCard card, Instant now) {
    if (card.nextDueAt() == null) return null;
    String due = card.nextDueAt().toString();
    if (now == null) return due;
    return due + (en ? " (" + timeLeft(card.nextDueAt(), now) + ")" : "（" + timeLeft(card.nextDueAt(), now) + "）");
  }

  private String span(Duration d) {
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) return en ? days + " d " + hours + " h" : days + " 天 " + hours + " 小时";
    if (hours > 0) return en ? hours + " h " + minutes + " min" : hours + " 小时 " + minutes + " 分钟";
    if (minutes > 0) return en ? minutes + " min" : minutes + " 分钟";
    return en ? "under 1 min" : "不到 1 分钟";
  }

  /** 500000 → 50万 / 500K; 150000000 → 1.5亿 / 150M; 3000 → 3000 / 3K (at most two decimals). */
  private String amount(long value) {
    if (en) {
      if (Math.abs(value) >= 1_000_000_000L) return scaled(value, 1_000_000_000L) + "B";
      if (Math.abs(value) >= 1_000_000L) return scaled(value, 1_000_000L) + "M";
      if (Math.abs(value) >= 1_000L) return scaled(value, 1_000L) + "K";
      return Long.toString(value);
    }
    if (Math.abs(value) >= 100_000_000L) return scaled(value, 100_000_000L) + "亿";
    if (Math.abs(value) >= 10_000L) return scaled(value, 10_000L) + "万";
    return Long.toString(value);
  }

  private static String scaled(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit), 2, RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }

  private static void add(List<Line> lines, String label, String value) {
    if (value != null && !value.isBlank()) lines.add(new Line(label, value));
  }
}
