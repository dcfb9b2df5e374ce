package dev.leadrouter.engine.org;

import static dev.leadrouter.engine.org.People.director;
import static dev.leadrouter.engine.org.People.manager;
import static dev.leadrouter.engine.org.People.person;
import static dev.leadrouter.engine.org.People.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart.Person;
import dev.leadrouter.engine.org.OrgChart.Region;
import dev.leadrouter.engine.org.OrgChart.Team;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrgChartValidatorTest {

  // people/0 d1, people/1 m1, people/2 r1, people/3 r2; regions/0 华东, regions/1 华南; teams/0 t1
  static final OrgChart VALID = new OrgChart(
      List.of(new Region("华东", "m1"), new Region("华南", "m1")),
      List.of(new Team("t1", "East team", "m1")),
      List.of(
          director("d1").email("d1@example.cn").channels("email", "app").build(),
          manager("m1").managedBy("d1").team("t1").channels("app", "wecom").build(),
          rep("r1").managedBy("m1").team("t1").regions("华东").industries("制造").bands("50-200万", "面议")
              .capacity(5).channels("app", "sms").build(),
          rep("r2").managedBy("m1").team("t1").regions("华南").capacity(0).availability(OrgChart.AWAY).build()));

  private static OrgChart changing(int index, UnaryOperator<People> change) {
    List<Person> people = new ArrayList<>(VALID.people());
    people.set(index, change.apply(People.of(people.get(index))).build());
    return new OrgChart(VALID.regions(), VALID.teams(), people);
  }

  private static OrgChart plus(Person... extra) {
    List<Person> people = new ArrayList<>(VALID.people());
    people.addAll(List.of(extra));
    return new OrgChart(VALID.regions(), VALID.teams(), people);
  }

  private static OrgChart regions(Region... regions) {
    return new OrgChart(List.of(regions), VALID.teams(), VALID.people());
  }

  private static OrgChart teams(Team... teams) {
    return new OrgChart(VALID.regions(), List.of(teams), VALID.people());
  }

  @Test
  void aValidSmallChartHasNoErrors() {
    assertEquals(List.of(), OrgChartValidator.validate(VALID));
  }

  @Test
  void anAdminIsAPersonWithoutAManagerWhoManagesNobody() {
    assertEquals(List.of(), OrgChartValidator.validate(plus(People.person("ops-1", OrgChart.ADMIN).email("ops@example.cn")
        .channels("email").build())));
    assertEquals(List.of(new dev.leadrouter.engine.common.FieldError("/people/5/managerId",
            "manager 'ops-1' is an admin: escalations go up a chain of managers and directors")),
        OrgChartValidator.validate(plus(People.person("ops-1", OrgChart.ADMIN).build(),
            rep("r3").managedBy("ops-1").team("t1").regions("华东").capacity(3).build())));
    assertEquals(List.of(new dev.leadrouter.engine.common.FieldError("/people/4/managerId",
            "an admin has no manager: admins stand outside the chain")),
        OrgChartValidator.validate(plus(People.person("ops-1", OrgChart.ADMIN).managedBy("m1").build())));
  }

  @Test
  void aChartWithoutAnyRepIsRefused() {
    assertEquals(List.of(new dev.leadrouter.engine.common.FieldError("/people", "the org chart needs at least one rep")),
        OrgChartValidator.validate(OrgChart.empty()));
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("unknown manager", changing(2, p -> p.managedBy("ghost")), List.of("/people/2/managerId")),
        Arguments.of("two managers managing each other",
            plus(manager("m2").managedBy("m3").build(), manager("m3").managedBy("m2").build()),
            List.of("/people/4/managerId", "/people/5/managerId")),
        Arguments.of("a manager managing themself", plus(manager("m2").managedBy("m2").build()),
            List.of("/people/4/managerId")),
        Arguments.of("rep with no manager", changing(2, p -> p.managedBy(null)), List.of("/people/2/managerId")),
        Arguments.of("manager with no manager", plus(manager("m2").build()), List.of("/people/4/managerId")),
        Arguments.of("rep managed by a rep", changing(3, p -> p.managedBy("r1")), List.of("/people/3/managerId")),
        Arguments.of("capacity -1", changing(2, p -> p.capacity(-1)), List.of("/people/2/capacity")),
        Arguments.of("rep with no capacity", changing(2, p -> p.capacity(null)), List.of("/people/2/capacity")),
        Arguments.of("unknown role", plus(person("x1", "ceo").managedBy("d1").build()), List.of("/people/4/role")),
        Arguments.of("unknown availability", changing(2, p -> p.availability("busy")), List.of("/people/2/availability")),
        Arguments.of("unknown region tag", changing(2, p -> p.regions("火星")), List.of("/people/2/regions/0")),
        Arguments.of("second region tag unknown", changing(2, p -> p.regions("华东", "火星")), List.of("/people/2/regions/1")),
        Arguments.of("unknown budget band", changing(2, p -> p.bands("1M")), List.of("/people/2/budgetBands/0")),
        Arguments.of("unknown channel", changing(2, p -> p.channels("app", "pager")), List.of("/people/2/channels/1")),
        Arguments.of("duplicate person id", plus(rep("r1").managedBy("m1").build()), List.of("/people/4/id")),
        Arguments.of("no person id", plus(rep(null).managedBy("m1").build()), List.of("/people/4/id")),
        Arguments.of("blank name", changing(2, p -> p.name(" ")), List.of("/people/2/name")),
        Arguments.of("unknown team", changing(2, p -> p.team("t9")), List.of("/people/2/team")),
        Arguments.of("region with unknown managerId", regions(new Region("华东", "ghost"), new Region("华南", "m1")),
            List.of("/regions/0/managerId")),
        Arguments.of("region managed by a rep", regions(new Region("华东", "m1"), new Region("华南", "r1")),
            List.of("/regions/1/managerId")),
        Arguments.of("region without managerId", regions(new Region("华东", null), new Region("华南", "m1")),
            List.of("/regions/0/managerId")),
        Arguments.of("duplicate region", regions(new Region("华东", "m1"), new Region("华东", "d1")),
            List.of("/regions/1/name", "/people/3/regions/0")),
        Arguments.of("team with unknown managerId", teams(new Team("t1", "East", "ghost")), List.of("/teams/0/managerId")),
        Arguments.of("duplicate team", teams(new Team("t1", "East", "m1"), new Team("t1", "Again", "m1")),
            List.of("/teams/1/id")),
        Arguments.of("mobile too short", changing(2, p -> p.mobile("12345")), List.of("/people/2/mobile")),
        Arguments.of("mobile one digit short", changing(2, p -> p.mobile("+861380013800")), List.of("/people/2/mobile")),
        Arguments.of("mobile not a number", changing(3, p -> p.mobile("call me")), List.of("/people/3/mobile")),
        Arguments.of("quiet hours from 24:00", changing(2, p -> p.quietHours("24:00", "08:00", "Asia/Shanghai")),
            List.of("/people/2/quietHours/from")),
        Arguments.of("quiet hours to without minutes", changing(2, p -> p.quietHours("22:00", "8", "Asia/Shanghai")),
            List.of("/people/2/quietHours/to")),
        Arguments.of("quiet hours with seconds", changing(2, p -> p.quietHours("22:00:00", "08:00", "Asia/Shanghai")),
            List.of("/people/2/quietHours/from")),
        Arguments.of("quiet hours without from and to", changing(2, p -> p.quietHours(null, null, "Asia/Shanghai")),
            List.of("/people/2/quietHours/from", "/people/2/quietHours/to")),
        Arguments.of("quiet hours ending when they start", changing(2, p -> p.quietHours("22:00", "22:00", "Asia/Shanghai")),
            List.of("/people/2/quietHours/to")),
        Arguments.of("quiet hours in an unknown zone", changing(2, p -> p.quietHours("22:00", "08:00", "Asia/Beijing")),
            List.of("/people/2/quietHours/zone")),
        Arguments.of("quiet hours in a malformed zone", changing(2, p -> p.quietHours("22:00", "08:00", "UTC+99")),
            List.of("/people/2/quietHours/zone")),
        Arguments.of("quiet hours without a zone", changing(2, p -> p.quietHours("22:00", "08:00", null)),
            List.of("/people/2/quietHours/zone")),
        Arguments.of("locale not supported", changing(2, p -> p.locale("fr-FR")), List.of("/people/2/locale")),
        Arguments.of("locale traditional Chinese", changing(3, p -> p.locale("zh-TW")), List.of("/people/3/locale")),
        Arguments.of("locale not a BCP-47 tag", changing(2, p -> p.locale("english please")), List.of("/people/2/locale")),
        Arguments.of("locale with an underscore", changing(2, p -> p.locale("zh_CN")), List.of("/people/2/locale")),
        Arguments.of("locale empty", changing(2, p -> p.locale("")), List.of("/people/2/locale")));
  }

  @Test
  void theNewOptionalFieldsAreValidWhenWellFormed() {
    OrgChart chart = changing(2, p -> p.mobile("+8613800138000").quietHours("22:00", "08:00", "Asia/Shanghai")
        .calendar("anything: not checked yet"));

    assertEquals(List.of(), OrgChartValidator.validate(chart));
    assertEquals(List.of(), OrgChartValidator.validate(changing(2, p -> p.quietHours("12:00", "13:30", "Europe/Berlin"))));
  }

  @Test
  void checkNormalizesAValidMobileToE164AndChangesNothingElse() {
    OrgChart chart = changing(2, p -> p.mobile("138 0013 8000"));

    OrgChartValidator.Checked checked = OrgChartValidator.check(chart);

    assertEquals(List.of(), checked.errors());
    assertEquals(changing(2, p -> p.mobile("+8613800138000")), checked.chart());
    assertEquals(VALID, OrgChartValidator.check(VALID).chart());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @org.junit.jupiter.params.provider.CsvSource({"zh-CN, zh-CN", "zh, zh-CN", "zh-Hans-CN, zh-CN", "ZH-cn, zh-CN",
      "en, en", "en-US, en", "en-GB, en", "EN-us, en"})
  void checkAcceptsASupportedLocaleAndStoresItAsSupportedSpellsIt(String given, String stored) {
    OrgChartValidator.Checked checked = OrgChartValidator.check(changing(2, p -> p.locale(given)));

    assertEquals(List.of(), checked.errors());
    assertEquals(stored, checked.chart().people().get(2).locale());
    assertEquals(stored, checked.chart().people().get(2).localeOrDefault());
  }

  @Test
  void aPersonWithoutALocaleReadsTheDefault() {
    assertEquals(null, VALID.people().get(2).locale());
    assertEquals(Locales.ZH_CN, VALID.people().get(2).localeOrDefault());
    assertEquals("locale 'fr-FR' is not supported (use one of zh-CN, en; en-US, en-GB … read as en)",
        OrgChartValidator.validate(changing(2, p -> p.locale("fr-FR"))).get(0).message());
  }

  @Test
  void checkLeavesAnInvalidMobileAsItIsAndNamesIt() {
    OrgChartValidator.Checked checked = OrgChartValidator.check(changing(2, p -> p.mobile("12345")));

    assertEquals("12345", checked.chart().people().get(2).mobile());
    assertEquals(List.of("/people/2/mobile"), checked.errors().stream().map(FieldError::field).toList());
  }

  @ParameterizedTest(name = "[{index}] {0} → {2}")
  @MethodSource("faults")
  void eachFaultNamesItsJsonPointer(String name, OrgChart chart, List<String> fields) {
    List<FieldError> errors = OrgChartValidator.validate(chart);

    assertEquals(fields, errors.stream().map(FieldError::field).toList(), errors.toString());
  }

  @Test
  void aPersonWithoutARoleIsAnErrorNotACrash() {
    List<FieldError> errors = OrgChartValidator.validate(plus(person("x1", null).managedBy("d1").build()));

    assertEquals(List.of("/people/4/role"), errors.stream().map(FieldError::field).toList());
  }

  @Test
  void aCycleSaysSo() {
    List<FieldError> errors = OrgChartValidator.validate(
        plus(manager("m2").managedBy("m3").build(), manager("m3").managedBy("m2").build()));

    assertTrue(errors.stream().allMatch(e -> e.message().contains("cycle")), errors.toString());
  }

  @Test
  void everyFaultIsListedNotJustTheFirst() {
    OrgChart chart = changing(2, p -> p.managedBy("ghost").capacity(-1).regions("火星").channels("pager"));

    assertEquals(List.of("/people/2/managerId", "/people/2/capacity", "/people/2/regions/0", "/people/2/channels/0"),
        OrgChartValidator.validate(chart).stream().map(FieldError::field).toList());
  }
}
