package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.sla.WorkingCalendar;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A routing document compiled against an org chart and the working calendars: what {@link
 * RuleEngine} decides with. Everything that does not depend on the lead is worked out here once —
 * each rep's zone, calendar, absences and tags; each rule's conditions and its members as arrays —
 * so a decision only evaluates conditions and looks at the members of the rules it reaches.
 *
 * <p>A person's calendar is the document's {@code people.<id>.calendar}, else the org chart's
 * {@code calendar}; a name missing from the calendars given means "always working". Their zone is
 * that calendar's, else the document's {@code zone}. Immutable.
 */
public final class RoutingRuleSet {

  private final int version;
  private final RoutingDocument document;
  private final Profile[] profiles;
  private final Map<String, Profile> byId;
  private final CompiledRule[] rules;
  private final WorkingCalendar[] calendars;

  private RoutingRuleSet(int version, RoutingDocument document, Profile[] profiles, CompiledRule[] rules,
      WorkingCalendar[] calendars) {
    this.version = version;
    this.document = document;
    this.profiles = profiles;
    this.rules = rules;
    this.calendars = calendars;
    this.byId = new HashMap<>();
    for (Profile p : profiles) byId.put(p.id, p);
  }

  /** Parses, validates and compiles; IllegalArgumentException listing the errors when the JSON is invalid. */
  public static RoutingRuleSet compile(int version, String json, OrgChart org, Map<String, WorkingCalendar> calendars) {
    return compile(version, RoutingDocument.parse(json, org, calendars.keySet()).orThrow(), org, calendars);
  }

  /**
   * Compiles a document. It should have validated against this org chart; if the org chart changed
   * since (a rep left, a team was renamed), people who are no longer reps are left out of pools,
   * teams and rep targets instead of failing, so routing goes on with whoever is still there and
   * the ledger keeps everyone else's counts. Run {@link RoutingDocument#parse} again to see what
   * the change broke.
   */
  public static RoutingRuleSet compile(int version, RoutingDocument doc, OrgChart org, Map<String, WorkingCalendar> calendars) {
    List<WorkingCalendar> calendarList = new ArrayList<>();
    Map<String, Integer> calendarSlots = new HashMap<>();
    List<Profile> profiles = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (Person p : org.people()) {
      if (!p.isRep()) continue;
      RoutingDocument.PersonSettings settings = doc.people().get(p.id());
      String calendarName = settings != null && settings.calendar() != null ? settings.calendar() : p.calendar();
      WorkingCalendar calendar = calendarName == null ? null : calendars.get(calendarName);
      int slot = -1;
      if (calendar != null) {
        slot = calendarSlots.computeIfAbsent(calendarName, n -> {
          calendarList.add(calendar);
          return calendarList.size() - 1;
        });
      }
      ZoneId zone = calendar != null ? calendar.zone() : doc.zone();
      List<Away> absences = new ArrayList<>();
      if (settings != null) {
        for (RoutingDocument.Absence a : settings.absences()) {
          absences.add(new Away(a.start(zone), a.end(zone), a.reason(), a.endsWithDate()));
        }
      }
      index.put(p.id(), profiles.size());
      profiles.add(new Profile(profiles.size(), p, zone, calendar, slot,
          settings == null ? null : settings.maxNewPerDay(), absences.toArray(Away[]::new),
          p.regions().stream().map(r -> Condition.RegionValue.parse(r).orElse(null)).toArray(Condition.RegionValue[]::new)));
    }
    Map<String, RoutingDocument.Pool> pools = new HashMap<>();
    for (RoutingDocument.Pool pool : doc.pools()) pools.put(pool.id(), pool);
    List<RoutingDocument.Rule> all = doc.rulesAndDefault();
    CompiledRule[] rules = new CompiledRule[all.size()];
    for (int i = 0; i < all.size(); i++) {
      rules[i] = compileRule(all.get(i), i == all.size() - 1, org, pools, index);
      for (int k = 0; k < rules[i].members.length; k++) rules[i].memberIds[k] = profiles.get(rules[i].members[k]).id;
    }
    return new RoutingRuleSet(version, doc, profiles.toArray(Profile[]::new), rules, calendarList.toArray(WorkingCalendar[]::new));
  }

  private static CompiledRule compileRule(RoutingDocument.Rule rule, boolean isDefault, OrgChart org,
      Map<String, RoutingDocument.Pool> pools, Map<String, Integer> index) {
    RoutingDocument.Target t = rule.target();
    List<Integer> members = new ArrayList<>();
    int[] weights = null;
    String group = null;
    if (t.team() != null) {
      for (Person p : org.people()) if (p.isRep() && t.team().equals(p.team())) members.add(index.get(p.id()));
      group = "team:" + t.team();
    } else if (t.pool() != null) {
      RoutingDocument.Pool pool = pools.get(t.pool());
      List<Integer> kept = new ArrayList<>();
      for (RoutingDocument.Member m : pool.members()) {
        Integer at = index.get(m.person());
        if (at == null) continue;
        members.add(at);
        if (m.weight() != null) kept.add(m.weight());
      }
      if (pool.weighted()) weights = kept.stream().mapToInt(Integer::intValue).toArray();
      group = "pool:" + t.pool();
    } else if (t.rep() != null && index.containsKey(t.rep())) {
      members.add(index.get(t.rep()));
    }
    return new CompiledRule(rule.id(), rule.description(), isDefault, rule.when().toArray(Condition[]::new), t,
        members.stream().mapToInt(Integer::intValue).toArray(), weights, group, rule.distribution(),
        rule.fallThrough(), t.matchTags().contains("region"), t.matchTags().contains("industry"),
        t.matchTags().contains("budgetBand"));
  }

  public int version() {
    return version;
  }

  public RoutingDocument document() {
    return document;
  }

  /** The rep's compiled routing profile, or empty for someone who is not a rep of the org chart. */
  public Optional<Profile> profile(String personId) {
    return Optional.ofNullable(personId == null ? null : byId.get(personId));
  }

  Profile[] profiles() {
    return profiles;
  }

  CompiledRule[] rules() {
    return rules;
  }

  WorkingCalendar[] calendars() {
    return calendars;
  }

  /** A time away, as instants: from (included) to end (excluded). */
  record Away(Instant from, Instant to, String reason, boolean endsWithDate) {}

  /** A rep as routing sees them. */
  public static final class Profile {
    final int index;
    final String id;
    final Person person;
    final ZoneId zone;
    final WorkingCalendar calendar;
    final int calendarSlot;
    final Integer maxNewPerDay;
    final Away[] absences;
    final Condition.RegionValue[] regions;
    /**
     * The explanation of each mismatch, made once: a decision names every member a rule's group
     * leaves out for region, industry or budget (most of a large chart), and building these texts
     * per decision was the router's largest allocation under load.
     */
    final String regionMismatch;
    final String industryMismatch;
    final String budgetMismatch;

    Profile(int index, Person person, ZoneId zone, WorkingCalendar calendar, int calendarSlot, Integer maxNewPerDay,
        Away[] absences, Condition.RegionValue[] regions) {
      this.index = index;
      this.id = person.id();
      this.person = person;
      this.zone = zone;
      this.calendar = calendar;
      this.calendarSlot = calendarSlot;
      this.maxNewPerDay = maxNewPerDay;
      this.absences = absences;
      this.regions = regions;
      this.regionMismatch = "region mismatch: covers " + person.regions();
      this.industryMismatch = "industry mismatch: covers " + person.industries();
      this.budgetMismatch = "budget mismatch: covers " + person.budgetBands();
    }

    public String id() {
      return id;
    }

    public Person person() {
      return person;
    }

    public ZoneId zone() {
      return zone;
    }

    /** The most new leads a day, or null for no limit. */
    public Integer maxNewPerDay() {
      return maxNewPerDay;
    }

    /** The person's name for sentences, their id when the org chart has no name. */
    public String name() {
      return person.name() == null || person.name().isBlank() ? id : person.name();
    }
  }

  /** A rule ready to run: conditions, members as profile indexes (in rotation order), weights, group. */
  static final class CompiledRule {
    final String id;
    final String description;
    final boolean isDefault;
    final Condition[] when;
    final RoutingDocument.Target target;
    final int[] members;
    final int[] weights;
    final String group;
    final String distribution;
    final boolean fallThrough;
    final boolean matchRegion;
    final boolean matchIndustry;
    final boolean matchBudgetBand;
    final String[] memberIds;

    CompiledRule(String id, String description, boolean isDefault, Condition[] when, RoutingDocument.Target target,
        int[] members, int[] weights, String group, String distribution, boolean fallThrough, boolean matchRegion,
        boolean matchIndustry, boolean matchBudgetBand) {
      this.id = id;
      this.description = description;
      this.isDefault = isDefault;
      this.when = when;
      this.target = target;
      this.members = members;
      this.weights = weights;
      this.group = group;
      this.distribution = distribution;
      this.fallThrough = fallThrough;
      this.matchRegion = matchRegion;
      this.matchIndustry = matchIndustry;
      this.matchBudgetBand = matchBudgetBand;
      this.memberIds = new String[members.length];
    }

    /** The first condition the lead does not meet, or -1 when it meets them all. */
    int firstUnmet(LeadFacts lead) {
      for (int k = 0; k < when.length; k++) if (!when[k].test(lead)) return k;
      return -1;
    }
  }
}
