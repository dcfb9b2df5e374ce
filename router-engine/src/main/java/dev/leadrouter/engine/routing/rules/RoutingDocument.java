package dev.leadrouter.engine.routing.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.org.OrgChart;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The routing rule document as sales ops write it (JSON over {@code PUT /api/v1/routing}): pools,
 * per-person routing settings, the ordered rules, the default rule, the fallback queue and the
 * policies. {@link #parse} reads the JSON and names every error by JSON Pointer (unknown fields,
 * bad values, unreachable rules, empty pools, unknown people and teams, weights not summing to 100,
 * a missing default); only an error-free document is returned. See {@link RoutingRuleSet} for what
 * the compiled rules do.
 *
 * <pre>{@code
 * {"zone": "Asia/Shanghai",
 *  "pools": [{"id": "east-saas", "members": [{"person": "rep-east-2", "weight": 60}, {"person": "rep-east-3", "weight": 40}]}],
 *  "people": {"rep-east-2": {"maxNewPerDay": 15, "absences": [{"from": "2026-12-01", "to": "2026-12-03", "reason": "vacation"}]}},
 *  "rules": [{"id": "east-saas", "when": [{"field": "region", "op": "region", "value": "华东"},
 *                                        {"field": "industry", "op": "in", "value": ["SaaS"]}],
 *             "target": {"pool": "east-saas"}, "distribution": "weighted"}],
 *  "default": {"target": {"team": "team-east"}, "distribution": "leastLoaded"},
 *  "fallbackQueue": "unassigned", "whenAllAway": {"policy": "wait", "maxWait": "PT2H"},
 *  "breachStreakLimit": 3}
 * }</pre>
 */
public record RoutingDocument(
    ZoneId zone,
    List<Pool> pools,
    Map<String, PersonSettings> people,
    List<Rule> rules,
    Rule defaultRule,
    String fallbackQueue,
    WhenAllAway whenAllAway,
    Integer breachStreakLimit,
    boolean existingOwnerFirst) {

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  public static final String DEFAULT_RULE_ID = "default";
  public static final String ROUND_ROBIN = "roundRobin";
  public static final String WEIGHTED = "weighted";
  public static final String LEAST_LOADED = "leastLoaded";
  public static final Set<String> DISTRIBUTIONS = Set.of(ROUND_ROBIN, WEIGHTED, LEAST_LOADED);
  public static final Set<String> MATCH_TAGS = Set.of("region", "industry", "budgetBand");

  private static final ObjectMapper JSON = new ObjectMapper();

  public RoutingDocument {
    pools = List.copyOf(pools);
    people = Map.copyOf(people);
    rules = List.copyOf(rules);
  }

  /** A named group of reps, in rotation order; weights (percent) are set on all members or none. */
  public record Pool(String id, List<Member> members) {
    public Pool {
      members = List.copyOf(members);
    }

    public boolean weighted() {
      return !members.isEmpty() && members.get(0).weight() != null;
    }
  }

  public record Member(String person, Integer weight) {}

  /** Routing settings of one person that the org chart does not hold. */
  public record PersonSettings(Integer maxNewPerDay, List<Absence> absences, String calendar) {
    public PersonSettings {
      absences = absences == null ? List.of() : List.copyOf(absences);
    }
  }

  /**
   * A time away. {@code from} and {@code to} are dates ({@code 2026-12-01}: {@code from} at the start
   * of the day, {@code to} the last day away, included) or date-times, with an offset
   * ({@code 2026-12-03T09:00+08:00}) or without (then in the person's zone); {@code to} as a
   * date-time is the instant they are back.
   */
  public record Absence(String from, String to, String reason) {

    public Instant start(ZoneId zone) {
      return moment(from, zone, false);
    }

    public Instant end(ZoneId zone) {
      return moment(to, zone, true);
    }

    /** Is {@code to} a whole date (the last day away)? */
    public boolean endsWithDate() {
      return to.strip().length() == 10;
    }

    private static Instant moment(String text, ZoneId zone, boolean end) {
      String t = text.strip();
      if (t.length() == 10) {
        LocalDate date = LocalDate.parse(t);
        return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
      }
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        return LocalDateTime.parse(t).atZone(zone).toInstant();
      }
    }

    /** The wall time of a moment, for comparing from with to without a zone. */
    static LocalDateTime wall(String text, boolean end) {
      String t = text.strip();
      if (t.length() == 10) {
        LocalDate date = LocalDate.parse(t);
        return (end ? date.plusDays(1) : date).atStartOfDay();
      }
      try {
        return OffsetDateTime.parse(t).toLocalDateTime();
      } catch (DateTimeParseException e) {
        return LocalDateTime.parse(t);
      }
    }
  }

  /**
   * An ordered rule: conditions (all must hold; none = every lead), a target and a distribution.
   * {@code fallThrough}: when the target has no eligible member, try the next rule instead of
   * applying the when-all-away policy.
   */
  public record Rule(String id, String description, List<Condition> when, Target target, String distribution,
      boolean fallThrough) {
    public Rule {
      when = List.copyOf(when);
    }
  }

  /**
   * Exactly one of team, pool, rep or existingOwner. {@code matchTags} ({@code region industry
   * budgetBand}) keeps only members whose org-chart tags cover the lead's value, as the old
   * {@code Matcher} did: a member without tags of that kind covers anything, and so does a lead
   * without an industry or band. Region tags follow the hierarchy (a 华东 tag covers 苏州); a lead
   * whose region is unknown is covered only by members without region tags or tagged 未知.
   */
  public record Target(String team, String pool, String rep, boolean existingOwner, List<String> matchTags) {
    public Target {
      matchTags = matchTags == null ? List.of() : List.copyOf(matchTags);
    }

    public String describe() {
      if (team != null) return "team " + team;
      if (pool != null) return "pool " + pool;
      if (rep != null) return "rep " + rep;
      return "existing owner";
    }
  }

  /** {@code wait} (at most maxWait for the first candidate to come back) or {@code fallback}. */
  public record WhenAllAway(String policy, Duration maxWait) {
    public static final String WAIT = "wait";
    public static final String FALLBACK = "fallback";
    public static final WhenAllAway FALLBACK_NOW = new WhenAllAway(FALLBACK, null);
  }

  /** The document, or the errors that keep it from being one. */
  public record Parsed(Optional<RoutingDocument> document, List<FieldError> errors) {
    public RoutingDocument orThrow() {
      return document.orElseThrow(() -> new IllegalArgumentException("invalid routing document: " + errors));
    }
  }

  /**
   * Reads and validates a document. With an org chart, teams and people must exist in it (and pool
   * members, rule reps and the people of settings be reps); with calendar names, a person's
   * {@code calendar} must be one of them. Either may be null to skip those checks.
   */
  public static Parsed parse(String json, OrgChart org, Set<String> calendarNames) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return new Parsed(Optional.empty(), List.of(new FieldError("", "not valid JSON: " + e.getOriginalMessage())));
    }
    return parse(tree, org, calendarNames);
  }

  public static Parsed parse(JsonNode tree, OrgChart org, Set<String> calendarNames) {
    JsonReader root = JsonReader.of(tree);
    RoutingDocument doc = new RoutingDocumentReader(org, calendarNames, root).document();
    List<FieldError> errors = root.errors();
    return new Parsed(errors.isEmpty() ? Optional.ofNullable(doc) : Optional.empty(), errors);
  }

  /** All rules in the order they are tried, the default last. */
  public List<Rule> rulesAndDefault() {
    List<Rule> all = new ArrayList<>(rules);
    all.add(defaultRule);
    return all;
  }
}
