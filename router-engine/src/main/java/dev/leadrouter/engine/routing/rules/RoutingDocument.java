package dev.leadrouter.engine.routing.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.BudgetBand;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

  private static final Set<String> TOP_FIELDS = Set.of("zone", "description", "pools", "people", "rules", "default",
      "fallbackQueue", "whenAllAway", "breachStreakLimit", "existingOwnerFirst");
  private static final Set<String> RULE_FIELDS = Set.of("id", "description", "when", "target", "distribution", "fallThrough");
  private static final Set<String> DEFAULT_FIELDS = Set.of("id", "description", "target", "distribution");
  private static final Set<String> CONDITION_FIELDS = Set.of("field", "op", "value");
  private static final Set<String> TARGET_FIELDS = Set.of("team", "pool", "rep", "existingOwner", "matchTags");
  private static final Set<String> POOL_FIELDS = Set.of("id", "description", "members");
  private static final Set<String> MEMBER_FIELDS = Set.of("person", "weight");
  private static final Set<String> PERSON_FIELDS = Set.of("maxNewPerDay", "absences", "calendar");
  private static final Set<String> ABSENCE_FIELDS = Set.of("from", "to", "reason");
  private static final Set<String> AWAY_FIELDS = Set.of("policy", "maxWait");
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
    Reader reader = new Reader(org, calendarNames);
    RoutingDocument doc = reader.document(tree);
    List<FieldError> errors = List.copyOf(reader.errors);
    return new Parsed(errors.isEmpty() ? Optional.ofNullable(doc) : Optional.empty(), errors);
  }

  /** All rules in the order they are tried, the default last. */
  public List<Rule> rulesAndDefault() {
    List<Rule> all = new ArrayList<>(rules);
    all.add(defaultRule);
    return all;
  }

  /** One pass over the tree: builds the document and collects every error. */
  private static final class Reader {
    private final OrgChart org;
    private final Set<String> calendarNames;
    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, Pool> poolsById = new HashMap<>();
    /** Rules some of whose conditions were dropped as bad: no reachability verdict on them. */
    private final Set<Rule> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());

    Reader(OrgChart org, Set<String> calendarNames) {
      this.org = org;
      this.calendarNames = calendarNames;
    }

    void error(String at, String message) {
      errors.add(new FieldError(at, message));
    }

    RoutingDocument document(JsonNode root) {
      if (root == null || !root.isObject()) {
        error("", "the routing document must be a JSON object");
        return null;
      }
      unknownFields(root, "", TOP_FIELDS);
      ZoneId zone = DEFAULT_ZONE;
      if (root.has("zone")) {
        try {
          zone = ZoneId.of(root.get("zone").asText());
        } catch (DateTimeException e) {
          error("/zone", "unknown time zone '" + root.get("zone").asText() + "'");
        }
      }
      List<Pool> pools = pools(root.get("pools"));
      Map<String, PersonSettings> people = people(root.get("people"));
      List<Rule> rules = new ArrayList<>();
      JsonNode rulesNode = root.get("rules");
      if (rulesNode != null && !rulesNode.isArray()) error("/rules", "must be a list of rules");
      else if (rulesNode != null) {
        for (int i = 0; i < rulesNode.size(); i++) rules.add(rule(rulesNode.get(i), "/rules/" + i, false));
      }
      uniqueIds(rules);
      unreachable(rules);
      Rule defaultRule = null;
      if (root.get("default") == null || root.get("default").isNull()) {
        error("/default", "a default rule is required (it takes every lead no rule took), e.g. {\"target\": {\"team\": \"…\"}}");
      } else {
        defaultRule = rule(root.get("default"), "/default", true);
      }
      String queue = text(root, "fallbackQueue", "/fallbackQueue", true);
      WhenAllAway away = whenAllAway(root.get("whenAllAway"));
      Integer limit = positiveInt(root.get("breachStreakLimit"), "/breachStreakLimit");
      boolean ownerFirst = true;
      JsonNode owner = root.get("existingOwnerFirst");
      if (owner != null && !owner.isBoolean()) error("/existingOwnerFirst", "must be true or false");
      else if (owner != null) ownerFirst = owner.booleanValue();
      if (!errors.isEmpty()) return null;
      return new RoutingDocument(zone, pools, people, rules, defaultRule, queue, away, limit, ownerFirst);
    }

    private void unknownFields(JsonNode node, String at, Set<String> known) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          error(at + "/" + escape(name), "unknown field '" + name + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      }
    }

    private String text(JsonNode parent, String name, String at, boolean required) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        if (required) error(at, name + " is required");
        return null;
      }
      if (!node.isTextual() || node.asText().isBlank()) {
        error(at, name + " must be a non-empty text");
        return null;
      }
      return node.asText().strip();
    }

    private Integer positiveInt(JsonNode node, String at) {
      if (node == null || node.isNull()) return null;
      if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 1_000_000) {
        error(at, "must be a positive whole number");
        return null;
      }
      return node.asInt();
    }

    private List<Pool> pools(JsonNode node) {
      List<Pool> pools = new ArrayList<>();
      if (node == null) return pools;
      if (!node.isArray()) {
        error("/pools", "must be a list of pools");
        return pools;
      }
      for (int i = 0; i < node.size(); i++) {
        String at = "/pools/" + i;
        JsonNode p = node.get(i);
        if (!p.isObject()) {
          error(at, "must be an object with id and members");
          continue;
        }
        unknownFields(p, at, POOL_FIELDS);
        String id = text(p, "id", at + "/id", true);
        if (id != null && poolsById.containsKey(id)) error(at + "/id", "duplicate pool id '" + id + "'");
        List<Member> members = members(p.get("members"), at + "/members");
        Pool pool = new Pool(id, members);
        if (id != null) poolsById.putIfAbsent(id, pool);
        pools.add(pool);
      }
      return pools;
    }

    private List<Member> members(JsonNode node, String at) {
      List<Member> members = new ArrayList<>();
      if (node == null || !node.isArray() || node.isEmpty()) {
        error(at, node != null && node.isArray() ? "empty pool: give at least one member" : "members must be a list of people");
        return members;
      }
      Set<String> seen = new HashSet<>();
      int weighted = 0;
      long sum = 0;
      for (int j = 0; j < node.size(); j++) {
        String mat = at + "/" + j;
        JsonNode m = node.get(j);
        String person;
        Integer weight = null;
        if (m.isTextual()) {
          person = m.asText().strip();
        } else if (m.isObject()) {
          unknownFields(m, mat, MEMBER_FIELDS);
          person = text(m, "person", mat + "/person", true);
          JsonNode w = m.get("weight");
          if (w != null && (!w.isIntegralNumber() || w.asInt() < 1 || w.asInt() > 100)) {
            error(mat + "/weight", "weight is a percentage, a whole number from 1 to 100");
          } else if (w != null) {
            weight = w.asInt();
          }
        } else {
          error(mat, "a member is a person id or {\"person\": …, \"weight\": …}");
          continue;
        }
        String personAt = m.isObject() ? mat + "/person" : mat;
        if (person != null) {
          if (!seen.add(person)) error(personAt, "'" + person + "' is in the pool twice");
          else checkRep(person, personAt);
        }
        if (weight != null) {
          weighted++;
          sum += weight;
        }
        members.add(new Member(person, weight));
      }
      if (weighted > 0 && weighted < node.size()) {
        error(at, "give a weight to every member or to none (" + weighted + " of " + node.size() + " have one)");
      } else if (weighted > 0 && sum != 100) {
        error(at, "weights must sum to 100, not " + sum);
      }
      return members;
    }

    private void checkRep(String person, String at) {
      if (org == null) return;
      Optional<OrgChart.Person> p = org.person(person);
      if (p.isEmpty()) error(at, "unknown person '" + person + "'");
      else if (!p.get().isRep()) error(at, "'" + person + "' is a " + p.get().role() + ", not a rep");
    }

    private Map<String, PersonSettings> people(JsonNode node) {
      Map<String, PersonSettings> people = new LinkedHashMap<>();
      if (node == null) return people;
      if (!node.isObject()) {
        error("/people", "must be an object from person id to settings");
        return people;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String at = "/people/" + escape(e.getKey());
        JsonNode s = e.getValue();
        if (org != null && org.person(e.getKey()).isEmpty()) error(at, "unknown person '" + e.getKey() + "'");
        if (!s.isObject()) {
          error(at, "must be an object (maxNewPerDay, absences, calendar)");
          continue;
        }
        unknownFields(s, at, PERSON_FIELDS);
        Integer max = positiveInt(s.get("maxNewPerDay"), at + "/maxNewPerDay");
        String calendar = text(s, "calendar", at + "/calendar", false);
        if (calendar != null && calendarNames != null && !calendarNames.contains(calendar)) {
          error(at + "/calendar", "unknown calendar '" + calendar + "'");
        }
        List<Absence> absences = new ArrayList<>();
        JsonNode list = s.get("absences");
        if (list != null && !list.isArray()) error(at + "/absences", "must be a list of {from, to, reason}");
        else if (list != null) {
          for (int i = 0; i < list.size(); i++) absence(list.get(i), at + "/absences/" + i).ifPresent(absences::add);
        }
        people.put(e.getKey(), new PersonSettings(max, absences, calendar));
      }
      return people;
    }

    private Optional<Absence> absence(JsonNode a, String at) {
      if (!a.isObject()) {
        error(at, "must be an object {from, to, reason}");
        return Optional.empty();
      }
      unknownFields(a, at, ABSENCE_FIELDS);
      String from = text(a, "from", at + "/from", true);
      String to = text(a, "to", at + "/to", true);
      String reason = text(a, "reason", at + "/reason", false);
      LocalDateTime start = moment(from, at + "/from", false);
      LocalDateTime end = moment(to, at + "/to", true);
      if (start != null && end != null && !end.isAfter(start)) error(at + "/to", "must be after from");
      if (start == null || end == null) return Optional.empty();
      return Optional.of(new Absence(from, to, reason));
    }

    private LocalDateTime moment(String text, String at, boolean end) {
      if (text == null) return null;
      try {
        return Absence.wall(text, end);
      } catch (DateTimeParseException e) {
        error(at, "bad date or time '" + text + "' (use 2026-12-01, 2026-12-01T09:00 or 2026-12-01T09:00+08:00)");
        return null;
      }
    }

    private WhenAllAway whenAllAway(JsonNode node) {
      if (node == null || node.isNull()) return WhenAllAway.FALLBACK_NOW;
      if (!node.isObject()) {
        error("/whenAllAway", "must be {\"policy\": \"wait\", \"maxWait\": \"PT2H\"} or {\"policy\": \"fallback\"}");
        return null;
      }
      unknownFields(node, "/whenAllAway", AWAY_FIELDS);
      String policy = text(node, "policy", "/whenAllAway/policy", true);
      if (policy == null) return null;
      if (policy.equals(WhenAllAway.FALLBACK)) {
        if (node.has("maxWait")) error("/whenAllAway/maxWait", "only the wait policy has a maxWait");
        return WhenAllAway.FALLBACK_NOW;
      }
      if (!policy.equals(WhenAllAway.WAIT)) {
        error("/whenAllAway/policy", "unknown policy '" + policy + "' (use wait or fallback)");
        return null;
      }
      String max = text(node, "maxWait", "/whenAllAway/maxWait", true);
      if (max == null) return null;
      try {
        Duration d = Duration.parse(max);
        if (d.isNegative() || d.isZero()) throw new DateTimeParseException("not positive", max, 0);
        return new WhenAllAway(WhenAllAway.WAIT, d);
      } catch (DateTimeParseException e) {
        error("/whenAllAway/maxWait", "a positive ISO-8601 duration is required, e.g. PT2H or PT30M");
        return null;
      }
    }

    private Rule rule(JsonNode node, String at, boolean isDefault) {
      if (!node.isObject()) {
        error(at, "a rule must be an object");
        return null;
      }
      unknownFields(node, at, isDefault ? DEFAULT_FIELDS : RULE_FIELDS);
      String id = isDefault && !node.has("id") ? DEFAULT_RULE_ID : text(node, "id", at + "/id", true);
      if (!isDefault && DEFAULT_RULE_ID.equals(id)) error(at + "/id", "'default' is the id of the default rule");
      String description = text(node, "description", at + "/description", false);
      List<Condition> when = new ArrayList<>();
      JsonNode list = node.get("when");
      boolean complete = true;
      if (list != null && !list.isArray()) {
        error(at + "/when", "must be a list of conditions");
        complete = false;
      } else if (list != null) {
        for (int k = 0; k < list.size(); k++) {
          Optional<Condition> c = condition(list.get(k), at + "/when/" + k);
          c.ifPresent(when::add);
          complete &= c.isPresent();
        }
      }
      Target target = target(node.get("target"), at + "/target");
      String distribution = ROUND_ROBIN;
      JsonNode d = node.get("distribution");
      if (d != null && (!d.isTextual() || !DISTRIBUTIONS.contains(d.asText()))) {
        error(at + "/distribution", "unknown distribution '" + d.asText() + "' (use roundRobin, weighted or leastLoaded)");
      } else if (d != null) {
        distribution = d.asText();
      }
      if (WEIGHTED.equals(distribution) && target != null) {
        Pool pool = target.pool() == null ? null : poolsById.get(target.pool());
        if (target.pool() == null) {
          error(at + "/distribution", "weighted distribution needs a pool target whose members carry weights");
        } else if (pool != null && !pool.weighted()) {
          error(at + "/distribution", "pool '" + target.pool() + "' has no member weights to distribute by");
        }
      }
      boolean fallThrough = false;
      JsonNode f = node.get("fallThrough");
      if (f != null && !f.isBoolean()) error(at + "/fallThrough", "must be true or false");
      else if (f != null) fallThrough = f.booleanValue();
      Rule rule = new Rule(id, description, when, target, distribution, fallThrough);
      if (!complete) incomplete.add(rule);
      return rule;
    }

    private Optional<Condition> condition(JsonNode c, String at) {
      if (!c.isObject()) {
        error(at, "a condition is {\"field\": …, \"op\": …, \"value\": …}");
        return Optional.empty();
      }
      unknownFields(c, at, CONDITION_FIELDS);
      String field = text(c, "field", at + "/field", true);
      String op = text(c, "op", at + "/op", true);
      boolean ok = true;
      if (field != null && Condition.kindOf(field).isEmpty()) {
        error(at + "/field", "unknown field '" + field + "' (use " + String.join(", ", Condition.PLAIN_FIELDS)
            + ", utm.source|medium|campaign|term|content or attributes.<key>)");
        ok = false;
      }
      if (op != null && !Condition.OPERATORS.contains(op)) {
        error(at + "/op", "unknown operator '" + op + "' (use equals, in, prefix, range, tag or region)");
        ok = false;
      }
      if (field == null || op == null || !ok) return Optional.empty();
      Optional<String> misuse = Condition.misuse(field, op);
      if (misuse.isPresent()) {
        error(at + "/op", misuse.get());
        return Optional.empty();
      }
      JsonNode value = c.get("value");
      String vat = at + "/value";
      if (value == null || value.isNull()) {
        error(vat, "value is required");
        return Optional.empty();
      }
      if (op.equals("range")) return range(field, value, vat);
      List<String> values = new ArrayList<>();
      if (op.equals("equals")) {
        if (!value.isValueNode()) error(vat, "equals takes one value; use in for a list");
        else values.add(value.asText());
      } else if (value.isArray()) {
        if (value.isEmpty()) error(vat, "give at least one value");
        for (int m = 0; m < value.size(); m++) {
          if (!value.get(m).isValueNode() || value.get(m).asText().isBlank()) error(vat + "/" + m, "must be a non-empty text or number");
          else values.add(value.get(m).asText());
        }
      } else if (op.equals("in")) {
        error(vat, "in takes a list of values, e.g. [\"SaaS\", \"K12教育\"]");
      } else if (value.isValueNode()) {
        values.add(value.asText());
      } else {
        error(vat, "must be a value or a list of values");
      }
      int before = errors.size();
      for (int m = 0; m < values.size(); m++) {
        String v = values.get(m);
        String mat = value.isArray() ? vat + "/" + m : vat;
        if (v.isBlank()) error(mat, "must not be empty");
        else checkValue(field, v, mat);
      }
      if (errors.size() > before || values.isEmpty()) return Optional.empty();
      return Optional.of(Condition.of(field, op, values));
    }

    private void checkValue(String field, String v, String at) {
      switch (field) {
        case "priority" -> {
          if (!LeadInputParser.PRIORITIES.contains(v.strip().toLowerCase())) {
            error(at, "unknown priority '" + v + "' (use low, normal, high or urgent)");
          }
        }
        case "budgetBand" -> {
          if (BudgetBand.fromLabel(v.strip()).isEmpty()) {
            error(at, "unknown budget band '" + v + "' (use " + String.join(", ", BudgetBand.labels()) + ")");
          }
        }
        case "region" -> {
          if (Condition.RegionValue.parse(v).isEmpty()) {
            error(at, "unknown region '" + v + "' (a macro region such as 华东, a province, a city, 未知 or 境外)");
          }
        }
        default -> { }
      }
    }

    private Optional<Condition> range(String field, JsonNode value, String at) {
      if (!value.isObject()) {
        error(at, "range takes {\"min\": …, \"max\": …} (either may be left out)");
        return Optional.empty();
      }
      unknownFields(value, at, Set.of("min", "max"));
      Double min = number(value.get("min"), at + "/min");
      Double max = number(value.get("max"), at + "/max");
      if (!value.has("min") && !value.has("max")) {
        error(at, "give min, max or both");
        return Optional.empty();
      }
      if (min != null && max != null && min > max) {
        error(at + "/max", "max must not be below min");
        return Optional.empty();
      }
      if ((value.has("min") && min == null) || (value.has("max") && max == null)) return Optional.empty();
      return Optional.of(Condition.range(field, min, max));
    }

    private Double number(JsonNode node, String at) {
      if (node == null) return null;
      if (!node.isNumber()) {
        error(at, "must be a number");
        return null;
      }
      return node.asDouble();
    }

    private Target target(JsonNode node, String at) {
      if (node == null || !node.isObject()) {
        error(at, "a target is required: {\"team\": …}, {\"pool\": …}, {\"rep\": …} or {\"existingOwner\": true}");
        return null;
      }
      unknownFields(node, at, TARGET_FIELDS);
      int given = 0;
      for (String kind : List.of("team", "pool", "rep", "existingOwner")) if (node.has(kind)) given++;
      if (given != 1) {
        error(at, "name exactly one of team, pool, rep or existingOwner (" + given + " given)");
        return null;
      }
      String team = text(node, "team", at + "/team", false);
      String pool = text(node, "pool", at + "/pool", false);
      String rep = text(node, "rep", at + "/rep", false);
      boolean owner = false;
      if (node.has("existingOwner")) {
        if (!node.get("existingOwner").isBoolean() || !node.get("existingOwner").booleanValue()) {
          error(at + "/existingOwner", "existingOwner takes true");
        }
        owner = true;
      }
      if (team != null && org != null) {
        if (org.teams().stream().noneMatch(t -> t.id().equals(team))) error(at + "/team", "unknown team '" + team + "'");
        else if (org.people().stream().noneMatch(p -> p.isRep() && team.equals(p.team()))) {
          error(at + "/team", "team '" + team + "' has no reps");
        }
      }
      if (pool != null && !poolsById.containsKey(pool)) error(at + "/pool", "unknown pool '" + pool + "'");
      if (rep != null) checkRep(rep, at + "/rep");
      List<String> matchTags = new ArrayList<>();
      JsonNode tags = node.get("matchTags");
      if (tags != null && !tags.isArray()) error(at + "/matchTags", "must be a list, e.g. [\"region\", \"industry\"]");
      else if (tags != null) {
        for (int i = 0; i < tags.size(); i++) {
          String t = tags.get(i).asText();
          if (!MATCH_TAGS.contains(t)) error(at + "/matchTags/" + i, "unknown tag kind '" + t + "' (use region, industry or budgetBand)");
          else matchTags.add(t);
        }
      }
      return new Target(team, pool, rep, owner, matchTags);
    }

    private void uniqueIds(List<Rule> rules) {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        if (r == null || r.id() == null) continue;
        Integer first = seen.putIfAbsent(r.id(), i);
        if (first != null) error("/rules/" + i + "/id", "duplicate rule id '" + r.id() + "' (also /rules/" + first + ")");
      }
    }

    /**
     * A rule is unreachable when an earlier rule that does not fall through asks for a subset of its
     * conditions: every lead it could take, the earlier one takes first.
     */
    private void unreachable(List<Rule> rules) {
      for (int j = 0; j < rules.size(); j++) {
        Rule later = rules.get(j);
        if (later == null || incomplete.contains(later)) continue;
        Set<Condition> laterSet = new LinkedHashSet<>(later.when());
        for (int i = 0; i < j; i++) {
          Rule earlier = rules.get(i);
          if (earlier == null || earlier.fallThrough() || incomplete.contains(earlier)) continue;
          Set<Condition> earlierSet = new HashSet<>(earlier.when());
          if (earlierSet.isEmpty()) {
            error("/rules/" + j, "unreachable: /rules/" + i + " ('" + earlier.id() + "') has no conditions and takes every lead first");
            break;
          }
          if (laterSet.equals(earlierSet)) {
            error("/rules/" + j + "/when", "unreachable: the same conditions as /rules/" + i + " ('" + earlier.id() + "')");
            break;
          }
          if (laterSet.containsAll(earlierSet)) {
            error("/rules/" + j + "/when", "unreachable: /rules/" + i + " ('" + earlier.id()
                + "') asks for a subset of these conditions and takes these leads first");
            break;
          }
        }
      }
    }
  }

  /** A key as a JSON Pointer reference token (RFC 6901). */
  static String escape(String key) {
    return String.valueOf(key).replace("~", "~0").replace("/", "~1");
  }
}
