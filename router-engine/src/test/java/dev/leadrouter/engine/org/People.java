package dev.leadrouter.engine.org;

import dev.leadrouter.engine.org.OrgChart.Person;
import java.util.List;

/** Test builder for org-chart people: {@code People.rep("r1").managedBy("m1").capacity(5).build()}. */
public final class People {

  private String id;
  private String name;
  private String role;
  private String managerId;
  private String team;
  private List<String> regions = List.of();
  private List<String> industries = List.of();
  private List<String> budgetBands = List.of();
  private Integer capacity;
  private String availability;
  private String email;
  private List<String> channels;
  private String mobile;
  private QuietHours quietHours;
  private String calendar;
  private String locale;

  private People(String id, String role) {
    this.id = id;
    this.name = id == null ? "nobody" : "Person " + id;
    this.role = role;
  }

  public static People person(String id, String role) {
    return new People(id, role);
  }

  public static People rep(String id) {
    return new People(id, OrgChart.REP).capacity(5).availability(OrgChart.AVAILABLE);
  }

  public static People manager(String id) {
    return new People(id, OrgChart.MANAGER);
  }

  public static People director(String id) {
    return new People(id, OrgChart.DIRECTOR);
  }

  public static People of(Person p) {
    People b = new People(p.id(), p.role());
    b.name = p.name();
    b.managerId = p.managerId();
    b.team = p.team();
    b.regions = p.regions();
    b.industries = p.industries();
    b.budgetBands = p.budgetBands();
    b.capacity = p.capacity();
    b.availability = p.availability();
    b.email = p.email();
    b.channels = p.channels();
    b.mobile = p.mobile();
    b.quietHours = p.quietHours();
    b.calendar = p.calendar();
    b.locale = p.locale();
    return b;
  }

  public People id(String value) { id = value; return this; }
  public People name(String value) { name = value; return this; }
  public People role(String value) { role = value; return this; }
  public People managedBy(String value) { managerId = value; return this; }
  public People team(String value) { team = value; return this; }
  public People regions(String... values) { regions = List.of(values); return this; }
  public People industries(String... values) { industries = List.of(values); return this; }
  public People bands(String... values) { budgetBands = List.of(values); return this; }
  public People capacity(Integer value) { capacity = value; return this; }
  public People availability(String value) { availability = value; return this; }
  public People email(String value) { email = value; return this; }
  public People channels(String... values) { channels = List.of(values); return this; }
  public People mobile(String value) { mobile = value; return this; }
  public People quietHours(String from, String to, String zone) { quietHours = new QuietHours(from, to, zone); return this; }
  public People calendar(String value) { calendar = value; return this; }
  public People locale(String value) { locale = value; return this; }

  public Person build() {
    return new Person(id, name, role, managerId, team, regions, industries, budgetBands, capacity,
        availability, email, channels, mobile, quietHours, calendar, locale);
  }
}
