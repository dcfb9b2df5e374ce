package dev.leadrouter.engine.org;

import static dev.leadrouter.engine.org.People.director;
import static dev.leadrouter.engine.org.People.manager;
import static dev.leadrouter.engine.org.People.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.ConfigJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The org chart as stored: {@link ConfigJson} text that reads back across engine versions. */
class OrgChartJsonTest {

  static final OrgChart CHART = new OrgChart(
      List.of(new OrgChart.Region("华东", "m1")),
      List.of(new OrgChart.Team("t1", "East", "m1")),
      List.of(
          director("d1").email("d1@example.cn").channels("email").build(),
          manager("m1").managedBy("d1").team("t1").build(),
          rep("r1").managedBy("m1").team("t1").regions("华东").industries("制造").bands("面议").capacity(5)
              .channels("app", "sms").mobile("+8613800138000").quietHours("22:00", "08:00", "Asia/Shanghai")
              .calendar("cn-mainland").build()));

  @Test
  void aChartRoundTrips() {
    assertEquals(CHART, ConfigJson.read(ConfigJson.write(CHART), OrgChart.class));
  }

  @Test
  void theStoredTextUsesTheJsonNamesAndLeavesOutAbsentFields() {
    String json = ConfigJson.write(CHART);

    assertTrue(json.contains("\"mobile\":\"+8613800138000\""), json);
    assertTrue(json.contains("\"quietHours\":{\"from\":\"22:00\",\"to\":\"08:00\",\"zone\":\"Asia/Shanghai\"}"), json);
    assertTrue(json.contains("\"calendar\":\"cn-mainland\""), json);
    assertTrue(json.contains("\"budgetBands\":[\"面议\"]"), json);
    assertFalse(json.contains("null"), json);
    assertFalse(json.contains("\"rep\":") || json.contains("\"available\":"), "no derived properties: " + json);
  }

  @Test
  void aFieldFromAFutureEngineIsIgnoredAndAFieldAddedSinceIsNull() {
    String stored = """
        {"regions":[{"name":"华东","managerId":"m1","timezone":"Asia/Shanghai"}],
         "teams":[],
         "slaPolicies":[{"name":"vip"}],
         "people":[
           {"id":"m1","name":"周经理","role":"manager","managerId":"d1"},
           {"id":"r1","name":"李娜","role":"rep","managerId":"m1","regions":["华东"],"capacity":5,
            "workingHours":{"mon":"09:00-18:00"},"capacityPerDay":12,
            "quietHours":{"from":"22:00","to":"08:00","zone":"Asia/Shanghai","weekendsToo":true}}]}
        """;

    OrgChart chart = ConfigJson.read(stored, OrgChart.class);

    assertEquals(List.of(new OrgChart.Region("华东", "m1")), chart.regions());
    OrgChart.Person rep = chart.person("r1").orElseThrow();
    assertEquals(new QuietHours("22:00", "08:00", "Asia/Shanghai"), rep.quietHours());
    assertEquals(5, rep.capacity());
    assertNull(rep.mobile());
    assertNull(rep.calendar());
    assertNull(rep.availability());
    assertEquals(List.of("app"), rep.channels());
    assertEquals(List.of(), rep.industries());
  }

  @Test
  void aChartStoredBeforeTheNewFieldsReadsWithThemAbsent() {
    String stored = ConfigJson.write(OrgChartV1Test.OLD.toCurrent());

    OrgChart chart = ConfigJson.read(stored, OrgChart.class);

    assertEquals(OrgChartV1Test.OLD.toCurrent(), chart);
    assertFalse(stored.contains("mobile"), stored);
  }
}
