package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.intake.RegionResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One condition of a routing rule, compiled: a lead field, an operator and its values.
 *
 * <p><b>Fields.</b> {@code source priority industry region budget budgetBand company tags},
 * {@code utm.source|medium|campaign|term|content} and {@code attributes.<key>}.
 *
 * <p><b>Operators.</b> Text compares trimmed and case-insensitively.
 * <ul>
 *   <li>{@code equals} (one value) and {@code in} (a list): the field equals one of the values. On
 *       {@code tags}: the lead has one of the tags. On {@code region}: as {@code region}.
 *   <li>{@code prefix} (one value or a list): the text field starts with one of them.
 *   <li>{@code tag} (one value or a list): the lead's tags contain one of them; only on {@code tags}.
 *   <li>{@code region} (one value or a list), only on {@code region}: the hierarchy. A macro region
 *       (华东) matches every lead in it (上海, 江苏省, 苏州市); a province (江苏 or 江苏省) matches the
 *       province and its cities; a city (苏州) matches that city only. A lead whose region is unknown
 *       matches only a condition that lists {@code 未知} (or {@code unknown}); a lead outside the
 *       mainland only one that lists {@code 境外} (or {@code outside}).
 *   <li>{@code range} ({@code {"min": a, "max": b}}, either bound may be left out; bounds included):
 *       on {@code attributes.<key>} the attribute read as a number lies in [a, b]. On {@code budget}
 *       the lead's budget overlaps [a, b]: the budget is the interval [min, max] where a missing min
 *       is 0 and a missing max is unbounded, so "200万以上" (min 2,000,000) overlaps {"min": 5000000}
 *       and "<50万" (max 500,000) overlaps {"max": 100000}. A budget without any amount (only
 *       negotiable, or none) matches no range.
 * </ul>
 * A lead without the field (null, no tags, attribute absent, not a number) meets no condition on it.
 */
public final class Condition {

  public static final Set<String> OPERATORS = Set.of("equals", "in", "prefix", "range", "tag", "region");
  public static final List<String> PLAIN_FIELDS =
      List.of("source", "priority", "industry", "region", "budget", "budgetBand", "company", "tags");
  public static final List<String> UTM_KEYS = List.of("source", "medium", "campaign", "term", "content");

  enum Kind { SOURCE, PRIORITY, INDUSTRY, REGION, BUDGET, BUDGET_BAND, COMPANY, TAGS, UTM, ATTRIBUTE }

  private final String field;
  private final String op;
  private final List<String> values;
  private final Double min;
  private final Double max;
  private final Kind kind;
  private final String key;
  private final RegionValue[] regions;
  private final String wants;

  private Condition(String field, String op, List<String> values, Double min, Double max) {
    this.field = field;
    this.op = op;
    this.values = values.stream().map(v -> v.strip()).toList();
    this.min = min;
    this.max = max;
    this.kind = kindOf(field).orElseThrow(() -> new IllegalArgumentException("unknown field " + field));
    this.key = kind == Kind.UTM ? field.substring(4) : kind == Kind.ATTRIBUTE ? field.substring(11) : null;
    this.regions = kind == Kind.REGION
        ? this.values.stream().map(v -> RegionValue.parse(v).orElseThrow(
            () -> new IllegalArgumentException("unknown region " + v))).toArray(RegionValue[]::new)
        : new RegionValue[0];
    this.wants = describeWants();
  }

  /** A condition over values (equals, in, prefix, tag, region). Assumes a validated field and operator. */
  public static Condition of(String field, String op, List<String> values) {
    return new Condition(field, op, values, null, null);
  }

  /** A range condition; either bound may be null. */
  public static Condition range(String field, Double min, Double max) {
    return new Condition(field, "range", List.of(), min, max);
  }

  public String field() {
    return field;
  }

  public String op() {
    return op;
  }

  public List<String> values() {
    return values;
  }

  public Double min() {
    return min;
  }

  public Double max() {
    return max;
  }

  /** The field's kind, or empty for a name that is no field. */
  static Optional<Kind> kindOf(String field) {
    if (field == null) return Optional.empty();
    switch (field) {
      case "source": return Optional.of(Kind.SOURCE);
      case "priority": return Optional.of(Kind.PRIORITY);
      case "industry": return Optional.of(Kind.INDUSTRY);
      case "region": return Optional.of(Kind.REGION);
      case "budget": return Optional.of(Kind.BUDGET);
      case "budgetBand": return Optional.of(Kind.BUDGET_BAND);
      case "company": return Optional.of(Kind.COMPANY);
      case "tags": return Optional.of(Kind.TAGS);
      default:
        if (field.startsWith("utm.") && UTM_KEYS.contains(field.substring(4))) return Optional.of(Kind.UTM);
        if (field.startsWith("attributes.") && field.length() > 11) return Optional.of(Kind.ATTRIBUTE);
        return Optional.empty();
    }
  }

  /** Why {@code op} cannot be used on {@code field}, or empty when it can. */
  static Optional<String> misuse(String field, String op) {
    Kind kind = kindOf(field).orElseThrow();
    boolean ok = switch (op) {
      case "equals", "in" -> kind != Kind.BUDGET;
      case "prefix" -> kind != Kind.BUDGET && kind != Kind.REGION && kind != Kind.TAGS;
      case "range" -> kind == Kind.BUDGET || kind == Kind.ATTRIBUTE;
      case "tag" -> kind == Kind.TAGS;
      case "region" -> kind == Kind.REGION;
      default -> false;
    };
    if (ok) return Optional.empty();
    return Optional.of(switch (op) {
      case "range" -> "range applies to budget or attributes.<key>, not " + field;
      case "tag" -> "tag applies to tags only; use equals or in on " + field;
      case "region" -> "region applies to the region field only";
      default -> op + " does not apply to " + field + (kind == Kind.BUDGET ? " (use range, or budgetBand)" : "");
    });
  }

  /** Does the lead meet this condition? */
  public boolean test(LeadFacts lead) {
    switch (kind) {
      case REGION:
        return regionMatches(lead.region());
      case BUDGET:
        return budgetOverlaps(lead.budget());
      case TAGS:
        for (String tag : lead.tags()) if (tag != null && anyEquals(tag.strip())) return true;
        return false;
      case ATTRIBUTE:
        if (op.equals("range")) return numberInRange(lead.attributes().get(key));
        return textMatches(lead.attributes().get(key));
      default:
        return textMatches(text(lead));
    }
  }

  /** "industry is K12教育, rule wants SaaS": why the lead does not meet it (call when it does not). */
  public String explain(LeadFacts lead) {
    return field + " is " + describe(lead) + ", rule wants " + wants();
  }

  /** What the condition wants, for people: "SaaS", "one of [SaaS, K12教育]", "prefix 苏州", "50万..200万". */
  public String wants() {
    return wants;
  }

  private String describeWants() {
    return switch (op) {
      case "range" -> (min == null ? "…" : number(min)) + ".." + (max == null ? "…" : number(max));
      case "prefix" -> "prefix " + (values.size() == 1 ? values.get(0) : values);
      case "tag" -> "tag " + (values.size() == 1 ? values.get(0) : "one of " + values);
      case "region" -> values.size() == 1 ? values.get(0) : "one of " + values;
      default -> values.size() == 1 ? values.get(0) : "one of " + values;
    };
  }

  private String describe(LeadFacts lead) {
    switch (kind) {
      case REGION: {
        RegionInfo r = lead.region();
        if (r == null || r.macro() == null || RegionInfo.UNKNOWN.equals(r.macro())) return "unknown";
        return r.city() != null ? r.city() : r.province() != null ? r.province() : r.macro();
      }
      case BUDGET: {
        Budget b = lead.budget();
        if (b == null || (b.min() == null && b.max() == null)) return b != null && b.negotiable() ? "negotiable" : "missing";
        return (b.min() == null ? "0" : b.min().toString()) + ".." + (b.max() == null ? "…" : b.max().toString());
      }
      case TAGS:
        return lead.tags().isEmpty() ? "empty" : lead.tags().toString();
      case ATTRIBUTE: {
        String v = lead.attributes().get(key);
        return v == null ? "missing" : v;
      }
      default: {
        String v = text(lead);
        return v == null ? "missing" : v;
      }
    }
  }

  private String text(LeadFacts lead) {
    return switch (kind) {
      case SOURCE -> lead.source();
      case PRIORITY -> lead.priority();
      case INDUSTRY -> lead.industry();
      case BUDGET_BAND -> lead.budgetBand();
      case COMPANY -> lead.company();
      case UTM -> lead.utm().get(key);
      default -> null;
    };
  }

  private boolean textMatches(String value) {
    if (value == null) return false;
    String v = value.strip();
    if (op.equals("prefix")) {
      for (String p : values) if (v.regionMatches(true, 0, p, 0, p.length())) return true;
      return false;
    }
    return anyEquals(v);
  }

  private boolean anyEquals(String v) {
    for (String want : values) if (want.equalsIgnoreCase(v)) return true;
    return false;
  }

  private boolean numberInRange(String value) {
    if (value == null) return false;
    double n;
    try {
      n = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    return (min == null || n >= min) && (max == null || n <= max);
  }

  private boolean budgetOverlaps(Budget budget) {
    if (budget == null || (budget.min() == null && budget.max() == null)) return false;
    double lo = budget.min() == null ? 0 : budget.min();
    double hi = budget.max() == null ? Double.POSITIVE_INFINITY : budget.max();
    return (max == null || lo <= max) && (min == null || hi >= min);
  }

  private boolean regionMatches(RegionInfo region) {
    for (RegionValue want : regions) if (want.contains(region)) return true;
    return false;
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** The canonical form two conditions are compared by: same field, operator, values (any order, any case), bounds. */
  private Object canonical() {
    List<String> lower = new ArrayList<>(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    lower.sort(null);
    String f = op.equals("equals") ? "in" : op;
    return List.of(field, f, lower, String.valueOf(min), String.valueOf(max));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c && canonical().equals(c.canonical());
  }

  @Override
  public int hashCode() {
    return Objects.hash(canonical());
  }

  @Override
  public String toString() {
    return field + " " + op + " " + (op.equals("range") ? "[" + min + ", " + max + "]" : values.toString());
  }

  /**
   * A place in the region hierarchy named by sales ops: a macro region, a province, a city, or the
   * unknown / outside-the-mainland markers. Parsed with {@link RegionResolver}'s tables.
   */
  record RegionValue(Level level, String name) {
    enum Level { UNKNOWN, OUTSIDE, MACRO, PROVINCE, CITY }

    static Optional<RegionValue> parse(String text) {
      if (text == null || text.isBlank()) return Optional.empty();
      String t = text.strip();
      if (t.equals(RegionInfo.UNKNOWN) || t.equalsIgnoreCase("unknown")) return Optional.of(new RegionValue(Level.UNKNOWN, RegionInfo.UNKNOWN));
      if (t.equals(RegionInfo.OUTSIDE_MAINLAND) || t.equalsIgnoreCase("outside")) {
        return Optional.of(new RegionValue(Level.OUTSIDE, RegionInfo.OUTSIDE_MAINLAND));
      }
      return RegionResolver.resolve(t).map(r -> {
        if (RegionInfo.OUTSIDE_MAINLAND.equals(r.macro())) return new RegionValue(Level.OUTSIDE, RegionInfo.OUTSIDE_MAINLAND);
        if (r.province() == null) return new RegionValue(Level.MACRO, r.macro());
        if (r.city() == null || r.city().equals(r.province())) return new RegionValue(Level.PROVINCE, r.province());
        return new RegionValue(Level.CITY, r.city());
      });
    }

    boolean contains(RegionInfo r) {
      boolean unknown = r == null || r.macro() == null || RegionInfo.UNKNOWN.equals(r.macro());
      if (unknown) return level == Level.UNKNOWN;
      return switch (level) {
        case UNKNOWN -> false;
        case OUTSIDE -> RegionInfo.OUTSIDE_MAINLAND.equals(r.macro());
        case MACRO -> name.equals(r.macro());
        case PROVINCE -> name.equals(r.province());
        case CITY -> name.equals(r.city());
      };
    }
  }
}
