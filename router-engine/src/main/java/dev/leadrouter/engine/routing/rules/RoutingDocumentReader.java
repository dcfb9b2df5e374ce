package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.vocab.Priorities;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.vocab.BudgetBand;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Absence;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Member;
import dev.leadrouter.engine.routing.rules.RoutingDocument.PersonSettings;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Pool;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Rule;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Target;
import dev.leadrouter.engine.routing.rules.RoutingDocument.WhenAllAway;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.leadrouter.engine.routing.rules.RoutingDocument.DEFAULT_RULE_ID;
import static dev.leadrouter.engine.routing.rules.RoutingDocument.DEFAULT_ZONE;
import static dev.leadrouter.engine.routing.rules.RoutingDocument.DISTRIBUTIONS;
import static dev.leadrouter.engine.routing.rules.RoutingDocument.MATCH_TAGS;
import static dev.leadrouter.engine.routing.rules.RoutingDocument.ROUND_ROBIN;
import static dev.leadrouter.engine.routing.rules.RoutingDocument.WEIGHTED;

/**
 * One pass over a routing document ({@link RoutingDocument#parse}): {@link JsonReader} checks the
 * shapes (unknown fields, texts, numbers, lists), this class the routing rules' own checks (pools and
 * weights, people and teams in the org chart, conditions, unreachable rules); it builds the document
 * and collects every error.
 */
final class RoutingDocumentReader {

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

  private final OrgChart org;
  private final Set<String> calendarNames;
  private final JsonReader root;
  private final Map<String, Pool> poolsById = new HashMap<>();
  /** Rules some of whose conditions were dropped as bad: no reachability verdict on them. */
  private final Set<Rule> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());

  RoutingDocumentReader(OrgChart org, Set<String> calendarNames, JsonReader root) {
    this.org = org;
    this.calendarNames = calendarNames;
    this.root = root;
  }

  RoutingDocument document() {
    if (!root.isObject()) {
      root.error("the routing document must be a JSON object");
      return null;
    }
    root.unknownFields(TOP_FIELDS);
    ZoneId zone = DEFAULT_ZONE;
    if (root.has("zone")) {
      JsonReader z = root.field("zone");
      try {
        zone = ZoneId.of(z.node().asText());
      } catch (DateTimeException e) {
        z.error("unknown time zone '" + z.node().asText() + "'");
      }
    }
    List<Pool> pools = root.list("pools", "must be a list of pools", this::pool);
    Map<String, PersonSettings> people = people(root.field("people"));
    List<Rule> rules = root.list("rules", "must be a list of rules", r -> rule(r, false));
    uniqueIds(rules);
    unreachable(rules);
    Rule defaultRule = null;
    if (!root.field("default").present()) {
      root.field("default").error("a default rule is required (it takes every lead no rule took), e.g. {\"target\": {\"team\": \"…\"}}");
    } else {
      defaultRule = rule(root.field("default"), true);
    }
    String queue = root.text("fallbackQueue", true);
    WhenAllAway away = whenAllAway(root.field("whenAllAway"));
    Integer limit = root.integer("breachStreakLimit", 1, 1_000_000, "must be a positive whole number");
    boolean ownerFirst = root.bool("existingOwnerFirst", true);
    if (root.errorCount() > 0) return null;
    return new RoutingDocument(zone, pools, people, rules, defaultRule, queue, away, limit, ownerFirst);
  }

  private Pool pool(JsonReader p) {
    if (!p.isObject()) {
      p.error("must be an object with id and members");
      return null;
    }
    p.unknownFields(POOL_FIELDS);
    String id = p.text("id", true);
    if (id != null && poolsById.containsKey(id)) p.field("id").error("duplicate pool id '" + id + "'");
    Pool pool = new Pool(id, members(p.field("members")));
    if (id != null) poolsById.putIfAbsent(id, pool);
    return pool;
  }

  private List<Member> members(JsonReader list) {
    List<Member> members = new ArrayList<>();
    if (!list.isArray() || list.node().isEmpty()) {
      list.error(list.isArray() ? "empty pool: give at least one member" : "members must be a list of people");
      return members;
    }
    Set<String> seen = new HashSet<>();
    int weighted = 0;
    long sum = 0;
    for (JsonReader m : list.elements()) {
      String person;
      Integer weight = null;
      if (m.isTextual()) {
        person = m.node().asText().strip();
      } else if (m.isObject()) {
        m.unknownFields(MEMBER_FIELDS);
        person = m.text("person", true);
        String percent = "weight is a percentage, a whole number from 1 to 100";
        if (m.has("weight") && !m.field("weight").present()) m.field("weight").error(percent);
        else weight = m.integer("weight", 1, 100, percent);
      } else {
        m.error("a member is a person id or {\"person\": …, \"weight\": …}");
        continue;
      }
      JsonReader personAt = m.isObject() ? m.field("person") : m;
      if (person != null) {
        if (!seen.add(person)) personAt.error("'" + person + "' is in the pool twice");
        else checkRep(person, personAt);
      }
      if (weight != null) {
        weighted++;
        sum += weight;
      }
      members.add(new Member(person, weight));
    }
    int size = list.node().size();
    if (weighted > 0 && weighted < size) {
      list.error("give a weight to every member or to none (" + weighted + " of " + size + " have one)");
    } else if (weighted > 0 && sum != 100) {
      list.error("weights must sum to 100, not " + sum);
    }
    return members;
  }

  private void checkRep(String person, JsonReader at) {
    if (org == null) return;
    Optional<OrgChart.Person> p = org.person(person);
    if (p.isEmpty()) at.error("unknown person '" + person + "'");
    else if (!p.get().isRep()) at.error("'" + person + "' is a " + p.get().role() + ", not a rep");
  }

  private Map<String, PersonSettings> people(JsonReader node) {
    Map<String, PersonSettings> people = new LinkedHashMap<>();
    if (!node.exists()) return people;
    if (!node.isObject()) {
      node.error("must be an object from person id to settings");
      return people;
    }
    for (Map.Entry<String, JsonReader> e : node.members().entrySet()) {
      JsonReader s = e.getValue();
      if (org != null && org.person(e.getKey()).isEmpty()) s.error("unknown person '" + e.getKey() + "'");
      if (!s.isObject()) {
        s.error("must be an object (maxNewPerDay, absences, calendar)");
        continue;
      }
      s.unknownFields(PERSON_FIELDS);
      Integer max = s.integer("maxNewPerDay", 1, 1_000_000, "must be a positive whole number");
      String calendar = s.text("calendar", false);
      if (calendar != null && calendarNames != null && !calendarNames.contains(calendar)) {
        s.field("calendar").error("unknown calendar '" + calendar + "'");
      }
      List<Absence> absences = s.list("absences", "must be a list of {from, to, reason}", this::absence);
      absences.removeIf(Objects::isNull);
      people.put(e.getKey(), new PersonSettings(max, absences, calendar));
    }
    return people;
  }

  private Absence absence(JsonReader a) {
    if (!a.isObject()) {
      a.error("must be an object {from, to, reason}");
      return null;
    }
    a.unknownFields(ABSENCE_FIELDS);
    String from = a.text("from", true);
    String to = a.text("to", true);
    String reason = a.text("reason", false);
    LocalDateTime start = moment(from, a.field("from"), false);
    LocalDateTime end = moment(to, a.field("to"), true);
    if (start != null && end != null && !end.isAfter(start)) a.field("to").error("must be after from");
    if (start == null || end == null) return null;
    return new Absence(from, to, reason);
  }

  private LocalDateTime moment(String text, JsonReader at, boolean end) {
    if (text == null) return null;
    try {
      return Absence.wall(text, end);
    } catch (DateTimeParseException e) {
      at.error("bad date or time '" + text + "' (use 2026-12-01, 2026-12-01T09:00 or 2026-12-01T09:00+08:00)");
      return null;
    }
  }

  private WhenAllAway whenAllAway(JsonReader node) {
    if (!node.present()) return WhenAllAway.FALLBACK_NOW;
    if (!node.isObject()) {
      node.error("must be {\"policy\": \"wait\", \"maxWait\": \"PT2H\"} or {\"policy\": \"fallback\"}");
      return null;
    }
    node.unknownFields(AWAY_FIELDS);
    String policy = node.text("policy", true);
    if (policy == null) return null;
    if (policy.equals(WhenAllAway.FALLBACK)) {
      if (node.has("maxWait")) node.field("maxWait").error("only the wait policy has a maxWait");
      return WhenAllAway.FALLBACK_NOW;
    }
    if (!policy.equals(WhenAllAway.WAIT)) {
      node.field("policy").error("unknown policy '" + policy + "' (use wait or fallback)");
      return null;
    }
    String max = node.text("maxWait", true);
    if (max == null) return null;
    try {
      Duration d = Duration.parse(max);
      if (d.isNegative() || d.isZero()) throw new DateTimeParseException("not positive", max, 0);
      return new WhenAllAway(WhenAllAway.WAIT, d);
    } catch (DateTimeParseException e) {
      node.field("maxWait").error("a positive ISO-8601 duration is required, e.g. PT2H or PT30M");
      return null;
    }
  }

  private Rule rule(JsonReader node, boolean isDefault) {
    if (!node.isObject()) {
      node.error("a rule must be an object");
      return null;
    }
    node.unknownFields(isDefault ? DEFAULT_FIELDS : RULE_FIELDS);
    String id = isDefault && !node.has("id") ? DEFAULT_RULE_ID : node.text("id", true);
    if (!isDefault && DEFAULT_RULE_ID.equals(id)) node.field("id").error("'default' is the id of the default rule");
    String description = node.text("description", false);
    JsonReader whenNode = node.field("when");
    List<Condition> conditions = node.list("when", "must be a list of conditions", this::condition);
    boolean complete = (!whenNode.exists() || whenNode.isArray()) && !conditions.contains(null);
    List<Condition> when = conditions.stream().filter(Objects::nonNull).toList();
    Target target = target(node.field("target"));
    String distribution = ROUND_ROBIN;
    JsonReader d = node.field("distribution");
    if (d.exists() && (!d.isTextual() || !DISTRIBUTIONS.contains(d.node().asText()))) {
      d.error("unknown distribution '" + d.node().asText() + "' (use roundRobin, weighted or leastLoaded)");
    } else if (d.exists()) {
      distribution = d.node().asText();
    }
    if (WEIGHTED.equals(distribution) && target != null) {
      Pool pool = target.pool() == null ? null : poolsById.get(target.pool());
      if (target.pool() == null) {
        d.error("weighted distribution needs a pool target whose members carry weights");
      } else if (pool != null && !pool.weighted()) {
        d.error("pool '" + target.pool() + "' has no member weights to distribute by");
      }
    }
    boolean fallThrough = node.bool("fallThrough", false);
    Rule rule = new Rule(id, description, when, target, distribution, fallThrough);
    if (!complete) incomplete.add(rule);
    return rule;
  }

  /** The condition, or null when it is bad (the error added). */
  private Condition condition(JsonReader c) {
    if (!c.isObject()) {
      c.error("a condition is {\"field\": …, \"op\": …, \"value\": …}");
      return null;
    }
    c.unknownFields(CONDITION_FIELDS);
    String field = c.text("field", true);
    String op = c.text("op", true);
    boolean ok = true;
    if (field != null && Condition.kindOf(field).isEmpty()) {
      c.field("field").error("unknown field '" + field + "' (use " + String.join(", ", Condition.PLAIN_FIELDS)
          + ", utm.source|medium|campaign|term|content or attributes.<key>)");
      ok = false;
    }
    if (op != null && !Condition.OPERATORS.contains(op)) {
      c.field("op").error("unknown operator '" + op + "' (use equals, in, prefix, range, tag or region)");
      ok = false;
    }
    if (field == null || op == null || !ok) return null;
    Optional<String> misuse = Condition.misuse(field, op);
    if (misuse.isPresent()) {
      c.field("op").error(misuse.get());
      return null;
    }
    JsonReader vr = c.field("value");
    if (!vr.present()) {
      vr.error("value is required");
      return null;
    }
    if (op.equals("range")) return range(field, vr);
    JsonNode value = vr.node();
    List<String> values = new ArrayList<>();
    if (op.equals("equals")) {
      if (!value.isValueNode()) vr.error("equals takes one value; use in for a list");
      else values.add(value.asText());
    } else if (value.isArray()) {
      if (value.isEmpty()) vr.error("give at least one value");
      for (JsonReader m : vr.elements()) {
        if (!m.node().isValueNode() || m.node().asText().isBlank()) m.error("must be a non-empty text or number");
        else values.add(m.node().asText());
      }
    } else if (op.equals("in")) {
      vr.error("in takes a list of values, e.g. [\"SaaS\", \"K12教育\"]");
    } else if (value.isValueNode()) {
      values.add(value.asText());
    } else {
      vr.error("must be a value or a list of values");
    }
    int before = root.errorCount();
    for (int m = 0; m < values.size(); m++) {
      String v = values.get(m);
      JsonReader mat = value.isArray() ? vr.element(m) : vr;
      if (v.isBlank()) mat.error("must not be empty");
      else checkValue(field, v, mat);
    }
    if (root.errorCount() > before || values.isEmpty()) return null;
    return Condition.of(field, op, values);
  }

  private void checkValue(String field, String v, JsonReader at) {
    switch (field) {
      case "priority" -> {
        if (!Priorities.ALL.contains(v.strip().toLowerCase())) {
          at.error("unknown priority '" + v + "' (use low, normal, high or urgent)");
        }
      }
      case "budgetBand" -> {
        if (BudgetBand.fromLabel(v.strip()).isEmpty()) {
          at.error("unknown budget band '" + v + "' (use " + String.join(", ", BudgetBand.labels()) + ")");
        }
      }
      case "region" -> {
        if (Condition.RegionValue.parse(v).isEmpty()) {
          at.error("unknown region '" + v + "' (a macro region such as 华东, a province, a city, 未知 or 境外)");
        }
      }
      default -> { }
    }
  }

  private Condition range(String field, JsonReader value) {
    if (!value.isObject()) {
      value.error("range takes {\"min\": …, \"max\": …} (either may be left out)");
      return null;
    }
    value.unknownFields(Set.of("min", "max"));
    Double min = value.decimal("min");
    Double max = value.decimal("max");
    if (!value.has("min") && !value.has("max")) {
      value.error("give min, max or both");
      return null;
    }
    if (min != null && max != null && min > max) {
      value.field("max").error("max must not be below min");
      return null;
    }
    if ((value.has("min") && min == null) || (value.has("max") && max == null)) return null;
    return Condition.range(field, min, max);
  }

  private Target target(JsonReader node) {
    if (!node.isObject()) {
      node.error("a target is required: {\"team\": …}, {\"pool\": …}, {\"rep\": …} or {\"existingOwner\": true}");
      return null;
    }
    node.unknownFields(TARGET_FIELDS);
    int given = 0;
    for (String kind : List.of("team", "pool", "rep", "existingOwner")) if (node.has(kind)) given++;
    if (given != 1) {
      node.error("name exactly one of team, pool, rep or existingOwner (" + given + " given)");
      return null;
    }
    String team = node.text("team", false);
    String pool = node.text("pool", false);
    String rep = node.text("rep", false);
    boolean owner = false;
    if (node.has("existingOwner")) {
      JsonNode o = node.field("existingOwner").node();
      if (!o.isBoolean() || !o.booleanValue()) node.field("existingOwner").error("existingOwner takes true");
      owner = true;
    }
    if (team != null && org != null) {
      if (org.teams().stream().noneMatch(t -> t.id().equals(team))) node.field("team").error("unknown team '" + team + "'");
      else if (org.people().stream().noneMatch(p -> p.isRep() && team.equals(p.team()))) {
        node.field("team").error("team '" + team + "' has no reps");
      }
    }
    if (pool != null && !poolsById.containsKey(pool)) node.field("pool").error("unknown pool '" + pool + "'");
    if (rep != null) checkRep(rep, node.field("rep"));
    List<String> matchTags = node.list("matchTags", "must be a list, e.g. [\"region\", \"industry\"]", t -> {
      if (MATCH_TAGS.contains(t.node().asText())) return t.node().asText();
      t.error("unknown tag kind '" + t.node().asText() + "' (use region, industry or budgetBand)");
      return null;
    });
    matchTags.removeIf(Objects::isNull);
    return new Target(team, pool, rep, owner, matchTags);
  }

  private void uniqueIds(List<Rule> rules) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (r == null || r.id() == null) continue;
      Integer first = seen.putIfAbsent(r.id(), i);
      if (first != null) ruleAt(i).field("id").error("duplicate rule id '" + r.id() + "' (also /rules/" + first + ")");
    }
  }

  private JsonReader ruleAt(int index) {
    return root.field("rules").element(index);
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
          ruleAt(j).error("unreachable: /rules/" + i + " ('" + earlier.id() + "') has no conditions and takes every lead first");
          break;
        }
        if (laterSet.equals(earlierSet)) {
          ruleAt(j).field("when").error("unreachable: the same conditions as /rules/" + i + " ('" + earlier.id() + "')");
          break;
        }
        if (laterSet.containsAll(earlierSet)) {
          ruleAt(j).field("when").error("unreachable: /rules/" + i + " ('" + earlier.id()
              + "') asks for a subset of these conditions and takes these leads first");
          break;
        }
      }
    }
  }
}
