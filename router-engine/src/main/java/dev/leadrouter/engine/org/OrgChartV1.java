package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.List;

/**
 * The org chart as the first releases persisted it inside {@link OrgChartStore.OrgChartReplaced} and
 * {@link OrgChartStore.State} (Kryo ids 500–503). Read only: journals and snapshots still hold it, so
 * its shape never changes (ADR 0002); {@link #toCurrent()} upcasts it. New charts are stored as JSON
 * (ADR 0005).
 */
public record OrgChartV1(List<Region> regions, List<Team> teams, List<Person> people)
    implements EngineSerializable {

  public OrgChartV1 {
    regions = regions == null ? List.of() : List.copyOf(regions);
    teams = teams == null ? List.of() : List.copyOf(teams);
    people = people == null ? List.of() : List.copyOf(people);
  }

  /** The same organisation as today's {@link OrgChart}; fields added since are absent (null). */
  public OrgChart toCurrent() {
    return new OrgChart(
        regions.stream().map(r -> new OrgChart.Region(r.name(), r.managerId())).toList(),
        teams.stream().map(t -> new OrgChart.Team(t.id(), t.name(), t.managerId())).toList(),
        people.stream().map(Person::toCurrent).toList());
  }

  public record Region(String name, String managerId) implements EngineSerializable {}

  public record Team(String id, String name, String managerId) implements EngineSerializable {}

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
      List<String> channels)
      implements EngineSerializable {

    public Person {
      regions = regions == null ? List.of() : List.copyOf(regions);
      industries = industries == null ? List.of() : List.copyOf(industries);
      budgetBands = budgetBands == null ? List.of() : List.copyOf(budgetBands);
      channels = channels == null || channels.isEmpty() ? List.of("app") : List.copyOf(channels);
    }

    OrgChart.Person toCurrent() {
      return new OrgChart.Person(id, name, role, managerId, team, regions, industries, budgetBands, capacity,
          availability, email, channels, null, null, null);
    }
  }
}
