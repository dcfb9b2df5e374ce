package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Budget text → {@link Budget} (pure): "50万", "50-200万", "五十万到一百万", "100万以上", "不超过50万",
 * "<50万", "¥30W", "US$2M", "$50k-$100k", "under 10k", "面议". Amounts are whole currency units.
 *
 * <ul>
 *   <li>units 万/w/W, 千/k/K, 百, 百万/m/M, 千万, 亿, thousand, million/mn, billion/bn; full-width
 *       digits and thousands separators; Chinese numerals (五十万, 两百万, 一千五百万, 三千, 一亿五,
 *       壹佰万, 一点五亿);
 *   <li>a range joined by {@code - ~ ～ 〜 到 至 to and} (the unit written once applies to both ends:
 *       50-200万); open bounds 以上/起/多/+/>/≥/大于/超过/至少/不低于/over/above/at least/from and
 *       以下/以内/</≤/小于/低于/不超过/最多/不高于/under/below/up to/at most;
 *   <li>currency, in this order: a named currency — US$/USD/美元/美金/$, HK$/HKD/港币, EUR/€/欧元,
 *       GBP/£/英镑, JPY/日元, and others ({@link #namedCurrency}), ¥/RMB/CNY/人民币 → CNY; else
 *       {@code CNY} <em>assumed</em> ({@link Parsed#currencyAssumed()}) when the amount is written the
 *       Chinese way: with a unit (万, 亿, 千, w, k, M …), in Chinese numerals, or with 元/块/yuan;
 *       else none: a bare number ({@code 500000}, {@code 50-100}) has no currency;
 *   <li>面议/待定/不限/协商/negotiable/TBD → negotiable, without amounts (never 0), with a named
 *       currency only (never assumed).
 * </ul>
 * Text that holds no amount, or an amount beyond a {@code long}, gives no budget (and a flag).
 */
public final class BudgetParser {

  /** A plural "s" after a unit word of at least three letters (thousands, millions); compiled once. */
  private static final Pattern PLURAL_S = Pattern.compile("(?<=.{3})s$");

  /**
   * A parsed budget, and whether its currency was assumed from the way the amount is written
   * ({@code 50万}, {@code 五十万}, {@code 3000元}: CNY) rather than named ({@code ¥}, {@code USD}).
   */
  public record Parsed(Budget budget, boolean currencyAssumed) {}

  private static final int MAX_CHARS = 200;
  /** Marks a number that was written in Chinese numerals (put before it by {@link #arabic}). */
  private static final char CHINESE = '\uE000';
  private static final Pattern NUMBER = Pattern.compile(
      "(\uE000)?(\\d+(?:\\.\\d+)?)\\s*(千万|百万|万|千|百|亿|(?i:thousands?|millions?|mn|billions?|bn)(?![A-Za-z])|[wWkKmM](?![A-Za-z]))?");
  /** A number that counts or dates something else ("2024年", "3个月", "5台") is no amount. */
  private static final Pattern NOT_AN_AMOUNT = Pattern.compile("\\s*(?:年|月|日|号|天|周|个|人|岁|期|次|套|台|家|%)");
  private static final Pattern NEGOTIABLE = Pattern.compile("面议|待定|不限|协商|商议|可议|negotiable|tbd", Pattern.CASE_INSENSITIVE);
  private static final Pattern RANGE_JOIN = Pattern.compile(
      "\\s*(?:元|块|人民币|美元|usd|rmb|cny|eur|gbp|hkd)?\\s*(?:-|~|〜|～|—|–|到|至|(?<![a-z])(?:to|and)(?![a-z]))\\s*"
          + "(?:[¥$€£]|rmb|cny|usd|us\\$|eur|gbp|hkd|hk\\$)?\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern AT_LEAST = Pattern.compile(
      "以上|起|≥|>|大于|(?<!不)超过|至少|最少|不低于|不少于|\\+\\s*$"
          + "|(?<![a-z])(?:over|above|(?<!no |not )more than|at least|min(?:imum)?|from|starting at|or more)(?![a-z])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern AT_MOST = Pattern.compile(
      "以下|以内|之内|≤|<|小于|(?<!不)低于|不超过|最多|不高于|不多于"
          + "|(?<![a-z])(?:under|below|less than|up to|at most|max(?:imum)?|no more than|not more than|or less|within)(?![a-z])",
      Pattern.CASE_INSENSITIVE);
  /** "一百多万", "100多万": more than. */
  private static final Pattern MORE_THAN = Pattern.compile("(?<=[\\d零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟])多(?=[十百千万亿拾佰仟wWkK])");
  /** "1 000 000": a space between groups of three digits. */
  private static final Pattern THOUSANDS_SPACE = Pattern.compile("(?<=\\d) (?=\\d{3}(?!\\d))");
  /** "两三百万", "三五十万", "七八千": two digits side by side before a unit are a range. */
  private static final Pattern APPROXIMATE = Pattern.compile(
      "(?<![零〇一二两三四五六七八九十百千万亿])([一二两三四五六七八九])([二两三四五六七八九])([十百千]?[万亿]?)");
  private static final Pattern CHINESE_NUMBER = Pattern.compile("[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点]+");
  /** 元, 块 and yuan say the amount is in yuan without naming the currency the way ¥ or 人民币 do. */
  private static final Pattern YUAN = Pattern.compile("元|块|(?<![a-z])yuan(?![a-z])", Pattern.CASE_INSENSITIVE);
  /**
   * Named currencies, first match wins: the prefixed dollars ({@code HK$}, {@code NT$}, {@code US$})
   * before the bare {@code $}; a foreign 元 (日元, 港元, 澳元 …) before CNY's ¥.
   */
  private static final List<Map.Entry<String, Pattern>> CURRENCIES = Stream.of(
          Map.entry("HKD", "HK\\$|(?<![a-z])HKD(?![a-z])|港币|港元|港纸"),
          Map.entry("TWD", "NT\\$|(?<![a-z])TWD(?![a-z])|新台币|台币"),
          Map.entry("USD", "US\\$|(?<![a-z])USD(?![a-z])|美元|美金|(?<![a-z])(?:us )?dollars?(?![a-z])"),
          Map.entry("MOP", "(?<![a-z])MOP(?![a-z])|澳门元|澳门币|葡币"),
          Map.entry("SGD", "(?<![a-z])S\\$|(?<![a-z])SGD(?![a-z])|新加坡元|新币"),
          Map.entry("AUD", "(?<![a-z])A\\$|(?<![a-z])AUD(?![a-z])|澳元|澳币"),
          Map.entry("CAD", "(?<![a-z])C\\$|(?<![a-z])CAD(?![a-z])|加元|加币"),
          Map.entry("EUR", "(?<![a-z])EUR(?:O|OS)?(?![a-z])|€|欧元"),
          Map.entry("GBP", "(?<![a-z])GBP(?![a-z])|£|英镑"),
          Map.entry("JPY", "(?<![a-z])JPY(?![a-z])|JP¥|日元|円|(?<![a-z])yen(?![a-z])"),
          Map.entry("KRW", "(?<![a-z])KRW(?![a-z])|₩|韩元"),
          Map.entry("CNY", "¥|(?<![a-z])(?:RMB|CNY)(?![a-z])|人民币"),
          Map.entry("USD", "\\$"))
      .map(e -> Map.entry(e.getKey(), Pattern.compile(e.getValue(), Pattern.CASE_INSENSITIVE)))
      .toList();

  private BudgetParser() {}

  /** The budget the text holds; empty when it holds no amount and is not negotiable. */
  public static Optional<Budget> parse(String text) {
    return read(text).map(Parsed::budget);
  }

  /** The budget the text holds, with whether its currency was assumed; empty when it holds none. */
  public static Optional<Parsed> read(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC).replace(",", "").replace(CHINESE, ' ').strip();
    t = THOUSANDS_SPACE.matcher(t).replaceAll("");
    if (t.length() > MAX_CHARS) return Optional.empty();
    String named = namedCurrency(t);
    if (NEGOTIABLE.matcher(t).find()) return Optional.of(new Parsed(new Budget(null, null, named, true), false));
    Matcher more = MORE_THAN.matcher(t);
    boolean moreThan = more.find();
    t = arabic(approximate(more.replaceAll("")));

    Matcher m = NUMBER.matcher(t);
    if (!nextAmount(m, t)) return Optional.empty();
    BigDecimal firstValue = new BigDecimal(m.group(2));
    String firstUnit = m.group(3);
    boolean chinese = m.group(1) != null;
    int firstEnd = m.end();
    Long second = null;
    if (nextAmount(m, t) && RANGE_JOIN.matcher(t.substring(firstEnd, m.start())).matches()) {
      String secondUnit = m.group(3);
      second = amount(new BigDecimal(m.group(2)), secondUnit);
      if (second == null) return Optional.empty();
      chinese |= m.group(1) != null || secondUnit != null;
      // "50-200万": the unit written once applies to both ends.
      if (firstUnit == null) firstUnit = secondUnit;
    }
    Long first = amount(firstValue, firstUnit);
    if (first == null) return Optional.empty();
    boolean assumed = named == null && (chinese || firstUnit != null || YUAN.matcher(t).find());
    String currency = named != null ? named : assumed ? "CNY" : null;
    Budget budget;
    if (second != null) budget = new Budget(Math.min(first, second), Math.max(first, second), currency, false);
    else if (moreThan || AT_LEAST.matcher(t).find()) budget = new Budget(first, null, currency, false);
    else if (AT_MOST.matcher(t).find()) budget = new Budget(null, first, currency, false);
    else budget = new Budget(first, first, currency, false);
    return Optional.of(new Parsed(budget, assumed));
  }

  /** Finds the next number that is an amount, not a count or a date. */
  private static boolean nextAmount(Matcher m, String t) {
    while (m.find()) {
      boolean unit = m.group(3) != null;
      if (unit || !NOT_AN_AMOUNT.matcher(t).region(m.end(), t.length()).lookingAt()) return true;
    }
    return false;
  }

  /** The amount in whole units, or null when it does not fit a long. */
  private static Long amount(BigDecimal value, String unit) {
    BigDecimal factor = switch (unit == null ? "" : PLURAL_S.matcher(unit.toLowerCase(Locale.ROOT)).replaceAll("")) {
      case "万", "w" -> BigDecimal.valueOf(10_000);
      case "千", "k", "thousand" -> BigDecimal.valueOf(1_000);
      case "亿" -> BigDecimal.valueOf(100_000_000);
      case "千万" -> BigDecimal.valueOf(10_000_000);
      case "百万", "m", "million", "mn" -> BigDecimal.valueOf(1_000_000);
      case "billion", "bn" -> BigDecimal.valueOf(1_000_000_000);
      case "百" -> BigDecimal.valueOf(100);
      default -> BigDecimal.ONE;
    };
    BigDecimal amount = value.multiply(factor);
    if (amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return null;
    return amount.longValue();
  }

  /** The currency the text names (not the one its units suggest), or null. */
  static String namedCurrency(String t) {
    for (Map.Entry<String, Pattern> c : CURRENCIES) {
      if (c.getValue().matcher(t).find()) return c.getKey();
    }
    return null;
  }

  /** "两三百万" → "两百万-三百万": the range two neighbouring digits before a unit say (none without a unit). */
  private static String approximate(String t) {
    Matcher m = APPROXIMATE.matcher(t);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String unit = m.group(3);
      String replacement = unit.isEmpty() ? m.group() : m.group(1) + unit + "-" + m.group(2) + unit;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Chinese numerals → Arabic digits marked {@link #CHINESE}, keeping 万 and 亿 as units: "五十万" →
   * "50万", "一亿五" → "1.5亿", "两百" → "200". Others stay.
   */
  private static String arabic(String t) {
    Matcher m = CHINESE_NUMBER.matcher(t);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String run = m.group();
      char before = m.start() > 0 ? t.charAt(m.start() - 1) : ' ';
      boolean vague = before == '几' || before == '数' || Character.isDigit(before);
      BigDecimal value = vague ? null : ChineseNumeral.value(run);
      String replacement = value == null ? run
          : CHINESE + (run.contains("亿") ? inUnits(value, 100_000_000) + "亿"
          : run.contains("万") ? inUnits(value, 10_000) + "万"
          : value.toPlainString());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String inUnits(BigDecimal value, long unit) {
    return value.divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }

  /** The value of a run of Chinese numerals, or null when it is no number (no digit, no 十; a lone digit). */
  static final class ChineseNumeral {

    private static final String DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖";
    private static final int[] DIGIT_VALUES = {0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private ChineseNumeral() {}

    static BigDecimal value(String run) {
      if (run.length() > 20) return null;
      int point = run.indexOf('点');
      if (point >= 0) return decimal(run, point);
      boolean anyDigit = false;
      boolean multiplier = false;
      for (char c : run.toCharArray()) {
        anyDigit |= DIGITS.indexOf(c) >= 0 || c == '十' || c == '拾';
        multiplier |= "十百千万亿拾佰仟".indexOf(c) >= 0;
      }
      if (!anyDigit || !multiplier) return null;
      Long whole = integer(run);
      return whole == null ? null : BigDecimal.valueOf(whole);
    }

    /** "一点五亿" → 150000000; "三点五万" → 35000. */
    private static BigDecimal decimal(String run, int point) {
      String left = run.substring(0, point);
      String right = run.substring(point + 1);
      int unitAt = 0;
      StringBuilder fraction = new StringBuilder();
      while (unitAt < right.length() && DIGITS.indexOf(right.charAt(unitAt)) >= 0) {
        fraction.append(DIGIT_VALUES[DIGITS.indexOf(right.charAt(unitAt))]);
        unitAt++;
      }
      String unit = right.substring(unitAt);
      Long integer = left.length() == 1 && DIGITS.indexOf(left.charAt(0)) >= 0
          ? Long.valueOf(DIGIT_VALUES[DIGITS.indexOf(left.charAt(0))]) : integer(left);
      if (integer == null || fraction.length() == 0 || !(unit.equals("万") || unit.equals("亿") || unit.isEmpty())) return null;
      BigDecimal value = new BigDecimal(integer + "." + fraction);
      if (unit.equals("万")) return value.multiply(BigDecimal.valueOf(10_000));
      if (unit.equals("亿")) return value.multiply(BigDecimal.valueOf(100_000_000));
      return value;
    }

    /** "一千五百万" → 15000000, "一千五" → 1500, "一百零五" → 105; null when malformed or beyond a long. */
    private static Long integer(String run) {
      if (run.isEmpty()) return null;
      try {
        long total = 0;      // sections of 亿
        long tenThousands = 0;
        long section = 0;    // below 万
        long digit = -1;
        long lastUnit = 1;
        boolean zeroBefore = false;
        for (char c : run.toCharArray()) {
          int d = DIGITS.indexOf(c);
          if (d >= 0) {
            if (digit > 0) return null;                             // "一二" is no number
            zeroBefore |= DIGIT_VALUES[d] == 0;
            digit = DIGIT_VALUES[d];
            continue;
          }
          long unit = switch (c) {
            case '十', '拾' -> 10;
            case '百', '佰' -> 100;
            case '千', '仟' -> 1_000;
            case '万' -> 10_000;
            case '亿' -> 100_000_000;
            default -> -1;
          };
          if (unit < 0) return null;
          long n = digit < 0 ? (unit == 10 ? 1 : 0) : digit;
          if (unit == 10_000) {
            tenThousands = Math.addExact(tenThousands, Math.multiplyExact(Math.addExact(section, n), unit));
            section = 0;
          } else if (unit == 100_000_000) {
            long below = Math.addExact(Math.addExact(tenThousands, section), n);
            total = Math.multiplyExact(Math.addExact(total, below), unit);
            tenThousands = 0;
            section = 0;
          } else {
            if (digit < 0 && unit != 10) return null;             // "百" alone is a unit, not a number
            section = Math.addExact(section, Math.multiplyExact(n, unit));
          }
          digit = -1;
          zeroBefore = false;
          lastUnit = unit;
        }
        long tail = digit < 0 ? 0 : digit;
        // "一千五" is 1500, "三万五" 35000: a last digit right after a unit counts in the unit below it.
        if (digit > 0 && !zeroBefore && lastUnit >= 100) tail = Math.multiplyExact(digit, lastUnit / 10);
        return Math.addExact(Math.addExact(total, tenThousands), Math.addExact(section, tail));
      } catch (ArithmeticException e) {
        return null;
      }
    }
  }
}
