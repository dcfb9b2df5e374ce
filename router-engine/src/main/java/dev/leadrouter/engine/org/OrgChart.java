package dev.leadrouter.engine.org;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The organisation as sales ops configures it: people with their manager links, teams, regions and
 * the tags that routing matches on. Immutable; replaced as a whole. Stored as JSON text (ADR 0005),
 * so fields may be added (optional, null when absent); it crosses nodes through Kryo but is never
 * persisted by Kryo, unlike {@link OrgChartV1}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrgChart(List<Region> regions, List<Team> teams, List<Person> people)
    implements EngineSerializable {

  public static final String REP = "rep";
  public static final String MANAGER = "manager";
  public static final String DIRECTOR = "director";
  /**
   * Sales ops: no leads, no manager chain; a person so that the engine can reach them (the source
   * health alert) and give them a login link. An admin's API token needs no such entry.
   */
  public static final String ADMIN = "admin";
  public static final String AVAILABLE = "available";
  public static final String AWAY = "away";
  /** Left the team: never eligible again; their open leads are routed again when it is set. */
  public static final String DEACTIVATED = "deactivated";

  public OrgChart {
    regions = regions == null ? List.of() : List.copyOf(regions);
    teams = teams == null ? List.of() : List.copyOf(teams);
    people = people == null ? List.of() : List.copyOf(people);
  }

  public static OrgChart empty() {
    return new OrgChart(List.of(), List.of(), List.of());
  }

  /** A macro region (华东 …) and the manager who is told about its unroutable leads. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Region(String name, String managerId) implements EngineSerializable {}

  /** A team and its manager. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Team(String id, String name, String managerId) implements EngineSerializable {}

  /**
   * A person: rep, manager or director. Reps carry the routing tags (regions, industries, budget
   * bands; an empty list matches anything), a capacity of open leads and an availability. Optional:
   * a mobile number (E.164), quiet hours, the name of a working calendar and the locale the person
   * reads notifications and lists in ({@link Locales}; absent = {@link Locales#DEFAULT}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Person(
      String id,
      String name,
      String role,
      String managerId,
      String team,
      List<String> regions,
      List<String> industries,
      List<String> budgetBands,
      Integer capacity,
      String availability,
      String email,
      List<String> channels,
      String mobile,
      QuietHours quietHours,
      String calendar,
      String locale)
      implements EngineSerializable {

    /** A person without a locale (the default one). */
    public Person(String id, String name, String role, String managerId, String team, List<String> regions,
        List<String> industries, List<String> budgetBands, Integer capacity, String availability, String email,
        List<String> channels, String mobile, QuietHours quietHours, String calendar) {
      this(id, name, role, managerId, team, regions, industries, budgetBands, capacity, availability, email, channels,
          mobile, quietHours, calendar, null);
    }

    public Person {
      regions = regions == null ? List.of() : List.copyOf(regions);
      industries = industries == null ? List.of() : List.copyOf(industries);
      budgetBands = budgetBands == null ? List.of() : List.copyOf(budgetBands);
      channels = channels == null || channels.isEmpty() ? List.of("app") : List.copyOf(channels);
    }

    @JsonIgnore
    public boolean isRep() {
      return REP.equals(role);
    }

    @JsonIgnore
    public boolean isAvailable() {
      return availability == null || AVAILABLE.equals(availability);
    }

    @JsonIgnore
    public boolean isDeactivated() {
      return DEACTIVATED.equals(availability);
    }

    @JsonIgnore
    public int capacityOrZero() {
      return capacity == null ? 0 : capacity;
    }

    /** The supported locale this person reads ({@code zh-CN} or {@code en}); the default when none or unknown. */
    @JsonIgnore
    public String localeOrDefault() {
      return Locales.supported(locale).orElse(Locales.DEFAULT);
    }

    /** This person with {@code availability} set. */
    public Person withAvailability(String availability) {
      return new Person(id, name, role, managerId, team, regions, industries, budgetBands, capacity, availability,
          email, channels, mobile, quietHours, calendar, locale);
    }

    /** This person with {@code locale} set. */
    public Person withLocale(String locale) {
      return new Person(id, name, role, managerId, team, regions, industries, budgetBands, capacity, availability,
          email, channels, mobile, quietHours, calendar, locale);
    }
  }

  public Optional<Person> person(String id) {
    if (id == null) return Optional.empty();
    return people.stream().filter(p -> id.equals(p.id())).findFirst();
  }

  public Optional<Region> region(String name) {
    return regions.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The rep's (or anyone's) direct manager. */
  public Optional<Person> managerOf(String personId) {
    return person(personId).flatMap(p -> person(p.managerId()));
  }

  /** The first director above this person (not the person themself). */
  public Optional<Person> directorAbove(String personId) {
    Optional<Person> current = managerOf(personId);
    for (int hops = 0; current.isPresent() && hops <= people.size(); hops++) {
      if (DIRECTOR.equals(current.get().role())) return current;
      current = managerOf(current.get().id());
    }
    return Optional.empty();
  }

  /** Reps whose region tags include this region (or who carry no region tag at all). */
  public List<Person> repsFor(String region) {
    return people.stream()
        .filter(Person::isRep)
        .filter(p -> p.regions().isEmpty() || p.regions().contains(region))
        .toList();
  }

  /** Is {@code managerId} somewhere above {@code personId} in the manager chain? */
  public boolean manages(String managerId, String personId) {
    Optional<Person> current = managerOf(personId);
    for (int hops = 0; current.isPresent() && hops <= people.size(); hops++) {
      if (Objects.equals(current.get().id(), managerId)) return true;
      current = managerOf(current.get().id());
    }
    return false;
  }

  /**
   * The reps of {@code before} who can no longer hold leads in this chart: deactivated here (and not
   * there), or no longer reps at all.
   */
  public List<String> repsDeactivatedSince(OrgChart before) {
    List<String> out = new java.util.ArrayList<>();
    for (Person p : before.people()) {
      if (!p.isRep() || p.isDeactivated()) continue;
      Optional<Person> now = person(p.id());
      if (now.isEmpty() || !now.get().isRep() || now.get().isDeactivated()) out.add(p.id());
    }
    return out;
  }

  public List<String> regionNames() {
    return regions.stream().map(Region::name).toList();
  }

  /**
   * Every region that has a routing pool: the chart's regions, every mainland macro region (a lead
   * may come from one the chart does not name), unknown and outside-mainland.
   */
  public java.util.Set<String> poolRegions() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>(regionNames());
    out.addAll(dev.leadrouter.engine.intake.RegionResolver.macroRegions());
    out.add(dev.leadrouter.engine.vocab.RegionInfo.UNKNOWN);
    out.add(dev.leadrouter.engine.vocab.RegionInfo.OUTSIDE_MAINLAND);
    return out;
  }
}
