package dev.leadrouter.engine.intake;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Budget text → {@link Budget}: "50万", "50-200万", "100万以上", "<50万", "¥30W", "2M", "面议".
 * Amounts are whole currency units. Text that holds no amount gives no budget (and a flag).
 */
public final class BudgetParser {

  private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(千万|百万|万|千|百|亿|[wWkKmM])?");
  private static final Pattern NEGOTIABLE = Pattern.compile("面议|待定|negotiable|tbd", Pattern.CASE_INSENSITIVE);

  private BudgetParser() {}

  public static Optional<Budget> parse(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String t = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).replace(",", "").trim();
    String currency = currency(t);
    if (NEGOTIABLE.matcher(t).find()) return Optional.of(new Budget(null, null, currency, true));
    Matcher m = NUMBER.matcher(t);
    Long first = null;
    Long second = null;
    String firstUnit = null;
    String secondUnit = null;
    if (m.find()) {
      first = 0L;
      firstUnit = m.group(2);
      BigDecimal firstValue = new BigDecimal(m.group(1));
      if (m.find()) {
        secondUnit = m.group(2);
        second = amount(new BigDecimal(m.group(1)), secondUnit);
      }
      // "50-200万": the unit written once applies to both ends.
      first = amount(firstValue, firstUnit != null ? firstUnit : secondUnit);
    }
    if (first == null) return Optional.empty();
    boolean atLeast = t.contains("以上") || t.startsWith(">") || t.contains("起") || t.endsWith("+");
    boolean atMost = t.contains("以下") || t.contains("以内") || t.startsWith("<");
    if (second != null) return Optional.of(new Budget(Math.min(first, second), Math.max(first, second), currency, false));
    if (atLeast) return Optional.of(new Budget(first, null, currency, false));
    if (atMost) return Optional.of(new Budget(null, first, currency, false));
    return Optional.of(new Budget(first, first, currency, false));
  }

  private static long amount(BigDecimal value, String unit) {
    BigDecimal factor = switch (unit == null ? "" : unit) {
      case "万", "w", "W" -> BigDecimal.valueOf(10_000);
      case "千", "k", "K" -> BigDecimal.valueOf(1_000);
      case "亿" -> BigDecimal.valueOf(100_000_000);
      case "千万" -> BigDecimal.valueOf(10_000_000);
      case "百万" -> BigDecimal.valueOf(1_000_000);
      case "百" -> BigDecimal.valueOf(100);
      case "m", "M" -> BigDecimal.valueOf(1_000_000);
      default -> BigDecimal.ONE;
    };
    return value.multiply(factor).longValue();
  }

  private static String currency(String t) {
    String upper = t.toUpperCase();
    if (upper.contains("US$") || upper.contains("USD") || upper.startsWith("$")) return "USD";
    if (upper.contains("¥") || upper.contains("RMB") || upper.contains("CNY") || t.contains("元")
        || t.contains("人民币")) return "CNY";
    return null;
  }
}
