package dev.leadrouter.engine.routing.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.intake.RegionResolver;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.sla.WorkingCalendar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A small org chart, calendars and helpers shared by the routing-rule tests. Dates in 2026. */
final class Fixtures {

  private Fixtures() {}

  /** Two teams; east has 王芳 (SaaS), 李雷 (SaaS, cn-office calendar), 赵敏 (制造); south has 陈静; one manager. */
  static final OrgChart ORG = ConfigJson.read("""
      {"teams": [{"id": "team-east", "name": "East", "managerId": "mgr"},
                 {"id": "team-south", "name": "South", "managerId": "mgr"},
                 {"id": "team-empty", "name": "Nobody", "managerId": "mgr"}],
       "people": [
         {"id": "mgr", "name": "周经理", "role": "manager"},
         {"id": "wang", "name": "王芳", "role": "rep", "team": "team-east", "regions": ["华东"], "industries": ["SaaS"], "capacity": 20},
         {"id": "li", "name": "李雷", "role": "rep", "team": "team-east", "regions": ["华东"], "industries": ["SaaS"], "capacity": 20, "calendar": "cn-office"},
         {"id": "zhao", "name": "赵敏", "role": "rep", "team": "team-east", "regions": ["华东", "华北"], "industries": ["制造"], "capacity": 20},
         {"id": "chen", "name": "陈静", "role": "rep", "team": "team-south", "regions": ["华南"], "capacity": 20},
         {"id": "gone", "name": "孙离", "role": "rep", "team": "team-south", "regions": ["华南"], "capacity": 20, "availability": "away"}
       ]}""", OrgChart.class);

  /** Asia/Shanghai, MON–FRI 09:00–12:00 and 13:00–18:00; 2026-10-01..07 off, 2026-10-10 (Saturday) worked. */
  static final WorkingCalendar CN_OFFICE = calendar("""
      {"name": "cn-office", "zone": "Asia/Shanghai",
       "hours": {"MON": ["09:00-12:00", "13:00-18:00"], "TUE": ["09:00-12:00", "13:00-18:00"],
                 "WED": ["09:00-12:00", "13:00-18:00"], "THU": ["09:00-12:00", "13:00-18:00"],
                 "FRI": ["09:00-12:00", "13:00-18:00"]},
       "holidays": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
       "workdays": ["2026-10-10"]}""");

  /** America/New_York, every day 01:00–04:00 and 09:00–17:00 (DST bends the night block). */
  static final WorkingCalendar NEW_YORK = calendar("""
      {"name": "ny", "zone": "America/New_York",
       "hours": {"MON": ["09:00-17:00"], "TUE": ["09:00-17:00"], "WED": ["09:00-17:00"], "THU": ["09:00-17:00"],
                 "FRI": ["09:00-17:00"], "SAT": ["09:00-17:00"], "SUN": ["01:00-04:00", "09:00-17:00"]}}""");

  static final Map<String, WorkingCalendar> CALENDARS = Map.of("cn-office", CN_OFFICE, "ny", NEW_YORK);

  static WorkingCalendar calendar(String json) {
    try {
      return WorkingCalendar.of(new ObjectMapper().readValue(json, WorkingCalendar.Spec.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RegionInfo region(String text) {
    return RegionResolver.resolve(text).orElse(RegionInfo.NONE);
  }

  /** A document with single quotes for readability. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String resource(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("no test resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
