package dev.leadrouter.engine.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart as first persisted reads as today's chart with every field kept and the new ones absent. */
class OrgChartV1Test {

  static final OrgChartV1 OLD = new OrgChartV1(
      List.of(new OrgChartV1.Region("华东", "m1"), new OrgChartV1.Region("华南", "m1")),
      List.of(new OrgChartV1.Team("t1", "East", "m1")),
      List.of(
          new OrgChartV1.Person("m1", "周经理", OrgChart.MANAGER, null, "t1", null, null, null, null, null,
              "m1@example.cn", List.of("app", "email")),
          new OrgChartV1.Person("r1", "李娜", OrgChart.REP, "m1", "t1", List.of("华东"), List.of("制造"),
              List.of("50-200万"), 20, OrgChart.AWAY, null, null)));

  @Test
  void everyComponentOfAnOldRecordKeepsItsNameAndValue() throws Exception {
    OrgChart current = OLD.toCurrent();

    assertSameComponents(OLD.regions().get(1), current.regions().get(1));
    assertSameComponents(OLD.teams().get(0), current.teams().get(0));
    for (int i = 0; i < OLD.people().size(); i++) {
      assertSameComponents(OLD.people().get(i), current.people().get(i));
    }
    assertEquals(List.of("app"), current.people().get(1).channels());
  }

  @Test
  void fieldsAddedSinceAreAbsent() {
    OrgChart.Person rep = OLD.toCurrent().people().get(1);

    assertNull(rep.mobile());
    assertNull(rep.quietHours());
    assertNull(rep.calendar());
  }

  private static void assertSameComponents(Record old, Record current) throws Exception {
    for (RecordComponent c : old.getClass().getRecordComponents()) {
      Object now = current.getClass().getMethod(c.getName()).invoke(current);
      assertEquals(c.getAccessor().invoke(old), now, old.getClass().getSimpleName() + "." + c.getName());
    }
  }
}
