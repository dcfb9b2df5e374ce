package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.People;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the live stream sends whom, for a change of a lead or opportunity: the row, "removed" or nothing. */
class LiveScopeTest {

  /** dir ← mgr-east ← mgr-sub ← rep-a; dir ← mgr-west ← rep-b. 华东 is mgr-east's region, 华西 mgr-west's. */
  private static final OrgChart CHART = new OrgChart(
      List.of(new OrgChart.Region("华东", "mgr-east"), new OrgChart.Region("华西", "mgr-west")),
      List.of(),
      List.of(People.director("dir").build(),
          People.manager("mgr-east").managedBy("dir").build(),
          People.manager("mgr-sub").managedBy("mgr-east").build(),
          People.rep("rep-a").managedBy("mgr-sub").build(),
          People.manager("mgr-west").managedBy("dir").build(),
          People.rep("rep-b").managedBy("mgr-west").build()));

  private final LiveScope scope = new LiveScope(new Access(CHART));

  @ParameterizedTest(name = "{0} ({1}), {2} of {3} in {4} taken from {5}: {6}")
  @CsvSource({
      // caller,  role,     kind,        owner, region, taken from, send
      "rep-a,    rep,      lead,        rep-a, 华西,    ,           ROW",
      "rep-b,    rep,      lead,        rep-a, 华西,    ,           NOTHING",
      "rep-a,    rep,      lead,        ,      华东,    ,           NOTHING",
      "rep-a,    rep,      lead,        rep-b, 华西,    rep-a,      REMOVED",
      "rep-a,    rep,      lead,        ,      华西,    rep-a,      REMOVED",
      "rep-b,    rep,      lead,        ,      华西,    rep-a,      NOTHING",
      // A manager: the chain below (at any depth) and the regions they manage.
      "mgr-east, manager,  lead,        rep-a, 华西,    ,           ROW",
      "mgr-sub,  manager,  lead,        rep-a, 华西,    ,           ROW",
      "mgr-east, manager,  lead,        ,      华东,    ,           ROW",
      "mgr-west, manager,  lead,        rep-a, 华西,    ,           ROW",
      "mgr-west, manager,  lead,        rep-a, 华东,    ,           NOTHING",
      "mgr-sub,  manager,  lead,        rep-b, 华西,    rep-a,      REMOVED",
      "mgr-east, manager,  lead,        rep-b, 华东,    rep-a,      ROW",
      "mgr-east, manager,  lead,        ,      未知,    ,           NOTHING",
      // Director and admin: everything.
      "dir,      director, lead,        rep-b, 华西,    ,           ROW",
      "admin,    admin,    lead,        ,      未知,    ,           ROW",
      // Opportunities follow READ_OPPORTUNITY, the same relations.
      "rep-a,    rep,      opportunity, rep-a, 华东,    ,           ROW",
      "rep-b,    rep,      opportunity, rep-a, 华东,    ,           NOTHING",
      "mgr-sub,  manager,  opportunity, rep-a, 华西,    ,           ROW",
      "mgr-west, manager,  opportunity, rep-b, 华东,    ,           ROW",
      "mgr-west, manager,  opportunity, rep-a, 华东,    ,           NOTHING",
      "dir,      director, opportunity, rep-a, 华东,    ,           ROW",
      // A source token sees nothing (the route refuses it anyway).
      "src-1,    source,   lead,        rep-a, 华东,    ,           NOTHING",
  })
  void whoGetsWhat(String caller, String role, String kind, String owner, String region, String takenFrom,
      LiveScope.Send expected) {
    assertEquals(expected, scope.send(new Auth.Principal(caller, role), kind, owner, region, takenFrom));
  }
}
