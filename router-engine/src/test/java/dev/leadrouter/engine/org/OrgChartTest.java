package dev.leadrouter.engine.org;

import static dev.leadrouter.engine.org.People.director;
import static dev.leadrouter.engine.org.People.manager;
import static dev.leadrouter.engine.org.People.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.org.OrgChart.Region;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrgChartTest {

  // d1 ← m1 ← r1, r2, anywhere;  d1 ← d2 (a director under a director) ← m2 ← r3
  private static final OrgChart CHART = new OrgChart(
      List.of(new Region("华东", "m1"), new Region("华南", "m2")),
      List.of(),
      List.of(
          director("d1").build(),
          manager("m1").managedBy("d1").build(),
          rep("r1").managedBy("m1").regions("华东").build(),
          rep("r2").managedBy("m1").regions("华南", "华东").build(),
          rep("anywhere").managedBy("m1").build(),
          director("d2").managedBy("d1").build(),
          manager("m2").managedBy("d2").regions("华南").build(),
          rep("r3").managedBy("m2").regions("华南").build()));

  private static final OrgChart CYCLE = new OrgChart(List.of(), List.of(), List.of(
      manager("a").managedBy("b").build(), manager("b").managedBy("a").build(), rep("r").managedBy("a").build()));

  private static Optional<String> id(Optional<Person> person) {
    return person.map(Person::id);
  }

  @ParameterizedTest(name = "[{index}] managerOf({0}) = {1}")
  @CsvSource(nullValues = "-", value = {"r1, m1", "m1, d1", "r3, m2", "d2, d1", "d1, -", "ghost, -", "-, -"})
  void managerOfIsTheDirectManager(String personId, String managerId) {
    assertEquals(Optional.ofNullable(managerId), id(CHART.managerOf(personId)));
  }

  @ParameterizedTest(name = "[{index}] directorAbove({0}) = {1}")
  @CsvSource(nullValues = "-", value = {"r1, d1", "m1, d1", "r3, d2", "m2, d2", "d2, d1", "d1, -", "ghost, -"})
  void directorAboveIsTheFirstDirectorUpTheChainNeverThePersonThemself(String personId, String directorId) {
    assertEquals(Optional.ofNullable(directorId), id(CHART.directorAbove(personId)));
  }

  @ParameterizedTest(name = "[{index}] manages({0}, {1}) = {2}")
  @CsvSource({
      "m1, r1, true", "d1, r1, true", "d1, r3, true", "d2, r3, true", "m2, r3, true",
      "m2, r1, false", "d2, r1, false", "r1, m1, false", "r2, r1, false", "r1, r1, false", "ghost, r1, false",
  })
  void managesFollowsTheWholeManagerChain(String managerId, String personId, boolean manages) {
    assertEquals(manages, CHART.manages(managerId, personId));
  }

  @Test
  void aManagerCycleEndsTheSearch() {
    assertEquals(Optional.empty(), CYCLE.directorAbove("r"));
    assertFalse(CYCLE.manages("nobody", "r"));
    assertTrue(CYCLE.manages("b", "r"));
  }

  @Test
  void repsForARegionAreItsTaggedRepsPlusUntaggedReps() {
    assertEquals(List.of("r1", "r2", "anywhere"), CHART.repsFor("华东").stream().map(Person::id).toList());
    assertEquals(List.of("r2", "anywhere", "r3"), CHART.repsFor("华南").stream().map(Person::id).toList());
  }

  @Test
  void untaggedRepsAreInEveryRegionsRosterEvenUnknownOnes() {
    assertEquals(List.of("anywhere"), CHART.repsFor("未知").stream().map(Person::id).toList());
  }

  @Test
  void managersAndDirectorsAreNeverInARoster() {
    assertTrue(CHART.repsFor("华南").stream().allMatch(Person::isRep));
  }

  @Test
  void regionsAndPeopleAreFoundByName() {
    assertEquals(Optional.of(new Region("华南", "m2")), CHART.region("华南"));
    assertEquals(Optional.empty(), CHART.region("火星"));
    assertEquals(Optional.empty(), CHART.person(null));
    assertEquals(List.of("华东", "华南"), CHART.regionNames());
  }

  @Test
  void aPersonDefaultsToTheAppChannelEmptyTagsAndAvailable() {
    Person p = new Person("p", "P", OrgChart.REP, "m1", null, null, null, null, null, null, null, null,
        null, null, null);

    assertEquals(List.of("app"), p.channels());
    assertEquals(List.of(), p.regions());
    assertEquals(List.of(), p.industries());
    assertEquals(List.of(), p.budgetBands());
    assertTrue(p.isAvailable());
    assertEquals(0, p.capacityOrZero());
    assertFalse(People.rep("x").availability(OrgChart.AWAY).build().isAvailable());
  }

  @Test
  void theRepsThatCanNoLongerHoldLeadsAreTheDeactivatedAndTheRemoved() {
    OrgChart after = new OrgChart(CHART.regions(), CHART.teams(), List.of(
        director("d1").build(),
        manager("m1").managedBy("d1").build(),
        rep("r1").managedBy("m1").regions("华东").availability(OrgChart.DEACTIVATED).build(),
        rep("r2").managedBy("m1").regions("华南", "华东").availability(OrgChart.AWAY).build(),
        manager("anywhere").managedBy("d1").build(),
        director("d2").managedBy("d1").build(),
        manager("m2").managedBy("d2").regions("华南").build()));

    assertEquals(List.of("r1", "anywhere", "r3"), after.repsDeactivatedSince(CHART));
    assertEquals(List.of(), after.repsDeactivatedSince(after), "deactivated before: not again");
    assertTrue(after.person("r1").orElseThrow().isDeactivated());
    assertFalse(after.person("r1").orElseThrow().isAvailable());
  }
}
