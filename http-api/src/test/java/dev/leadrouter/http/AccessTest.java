package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.opportunity.OpportunityView;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.http.Access.Action;
import dev.leadrouter.http.Access.Relation;
import dev.leadrouter.http.Access.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who may do what: the access table (docs/api.md, Authentication) and the relations behind it. */
class AccessTest {

  /**
   * One row per action; per role the relations under which it is allowed: {@code *} any, {@code -}
   * none, else the relations joined by {@code +}. Every role × relation × action is checked.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // action,          admin, director, manager,                      rep,   source
      "INTAKE_LEAD,        *,     -,        -,                            -,     *",
      "PREVIEW_LEAD,       *,     *,        *,                            -,     *",
      "SEARCH_LEADS,       *,     *,        *,                            -,     -",
      "READ_SLA_BOARD,     *,     *,        *,                            -,     -",
      "READ_LEAD,          *,     *,        MANAGER_ABOVE+REGION_MANAGER, OWNER, -",
      "CLOSE_LEAD,         *,     *,        MANAGER_ABOVE+REGION_MANAGER, OWNER, -",
      "HOLD_LEAD,          *,     *,        MANAGER_ABOVE+REGION_MANAGER, OWNER, -",
      "RESUME_LEAD,        *,     *,        MANAGER_ABOVE+REGION_MANAGER, OWNER, -",
      "ACKNOWLEDGE_LEAD,   -,     -,        -,                            *,     -",
      "RECORD_CONTACT,     -,     -,        -,                            *,     -",
      "ASSIGN_LEAD,        *,     *,        MANAGER_ABOVE+REGION_MANAGER, -,     -",
      "CONVERT_LEAD,       *,     MANAGER_ABOVE, MANAGER_ABOVE,           OWNER, -",
      "READ_OPPORTUNITY,   *,     *,        MANAGER_ABOVE+REGION_MANAGER, OWNER, -",
      "WORK_OPPORTUNITY,   *,     MANAGER_ABOVE, MANAGER_ABOVE,           OWNER, -",
      "MANAGE_OPPORTUNITY, *,     MANAGER_ABOVE, MANAGER_ABOVE,           -,     -",
      "READ_REP,           *,     *,        MANAGER_ABOVE,                SELF,  -",
      "MANAGE_ROTATION,    *,     *,        MANAGER_ABOVE,                -,     -",
      "READ_STREAM,        *,     SELF,     SELF,                         SELF,  SELF",
      "READ_LIVE,          *,     *,        *,                            *,     -",
      "READ_QUEUE,         *,     *,        *,                            -,     -",
      "READ_RULES,         *,     *,        *,                            -,     -",
      "MANAGE_RULES,       *,     -,        -,                            -,     -",
      "MANAGE_SOURCES,     *,     -,        -,                            -,     -",
      "PREVIEW_SOURCE,     *,     *,        *,                            -,     -",
      "MANAGE_ORG,         *,     -,        -,                            -,     -",
      "READ_AVAILABILITY,  *,     *,        *,                            -,     -",
      "SET_AVAILABILITY,   *,     MANAGER_ABOVE, MANAGER_ABOVE,           -,     -",
      "IMPORT_LEADS,       *,     -,        -,                            -,     -",
      "LIST_OPPORTUNITIES, *,     *,        *,                            *,     -",
      "READ_FUNNEL,        *,     *,        *,                            *,     -",
      "READ_REPORTS,       *,     *,        *,                            -,     -",
      "REPAIR_PROJECTIONS, *,     -,        -,                            -,     -",
      "READ_METRICS,       *,     *,        -,                            -,     -",
      "READ_ME,            *,     *,        *,                            *,     -",
      "ISSUE_LOGIN_LINK,   *,     MANAGER_ABOVE+SELF, MANAGER_ABOVE+SELF, -,     -",
  })
  void table(Action action, String admin, String director, String manager, String rep, String source) {
    List<String> cells = List.of(admin, director, manager, rep, source);
    for (Role role : Role.values()) {
      Set<Relation> allowed = relations(cells.get(role.ordinal()));
      for (Relation relation : Relation.values()) {
        assertEquals(allowed.contains(relation), Access.decide(role, relation, action).allowed(),
            role + " " + relation + " " + action);
      }
    }
  }

  @Test
  void theTableNamesEveryActionOnce() throws NoSuchMethodException {
    CsvSource table = AccessTest.class.getDeclaredMethod("table", Action.class, String.class, String.class,
        String.class, String.class, String.class).getAnnotation(CsvSource.class);
    List<String> named = Arrays.stream(table.value()).map(row -> row.split(",")[0].strip()).toList();
    assertEquals(Arrays.stream(Action.values()).map(Action::name).toList(), named);
  }

  @ParameterizedTest(name = "{0} denied to {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "READ_LEAD        | rep     | this lead is not yours to see",
      "CLOSE_LEAD       | rep     | only the assigned rep, their managers or an admin close a lead",
      "HOLD_LEAD        | manager | only the assigned rep, their managers or an admin put a lead on hold",
      "RESUME_LEAD      | source  | only the assigned rep, their managers or an admin resume a lead",
      "ACKNOWLEDGE_LEAD | admin   | only the assigned rep acknowledges a lead",
      "RECORD_CONTACT   | manager | only the assigned rep records the contact",
      "ASSIGN_LEAD      | rep     | only the lead's managers, a director or an admin assign a lead",
      "CONVERT_LEAD     | rep     | only the assigned rep, their managers or an admin convert a lead",
      "READ_OPPORTUNITY | rep     | no such opportunity",
      "WORK_OPPORTUNITY | director| only the owner, their managers or an admin work on an opportunity",
      "MANAGE_OPPORTUNITY | rep   | only the owner's managers or an admin move an opportunity back or snooze it that long",
      "READ_REP         | rep     | not your rep",
      "MANAGE_ROTATION  | rep     | only their manager, a director or an admin puts a rep back in rotation",
      "READ_STREAM      | manager | a live stream is only for the person it belongs to",
      "SEARCH_LEADS     | rep     | role rep may not do this",
      "MANAGE_ORG       | director| role director may not do this",
      "IMPORT_LEADS     | manager | role manager may not do this",
      "INTAKE_LEAD      | manager | role manager may not do this",
  })
  void aDenialSaysWhyInTheWordsOfThe403(Action action, String role, String reason) {
    Access.Decision decision = Access.decide(Role.of(role), Relation.NONE, action);
    assertFalse(decision.allowed());
    assertEquals(reason, decision.reason());
  }

  /**
   * dir ← mgr-east ← mgr-sub ← rep-a; dir ← mgr-west ← rep-b. Region 华东 is mgr-east's, 华西
   * mgr-west's.
   */
  private static final OrgChart CHART = new OrgChart(
      List.of(new OrgChart.Region("华东", "mgr-east"), new OrgChart.Region("华西", "mgr-west")),
      List.of(),
      List.of(People.director("dir").build(),
          People.manager("mgr-east").managedBy("dir").build(),
          People.manager("mgr-sub").managedBy("mgr-east").build(),
          People.rep("rep-a").managedBy("mgr-sub").build(),
          People.manager("mgr-west").managedBy("dir").build(),
          People.rep("rep-b").managedBy("mgr-west").build()));

  private final Access access = new Access(CHART);

  @ParameterizedTest(name = "{0} to {1}: {2}")
  @CsvSource({
      "rep-a,    rep-a,    SELF",
      "mgr-sub,  rep-a,    MANAGER_ABOVE",
      "mgr-east, rep-a,    MANAGER_ABOVE",
      "dir,      rep-a,    MANAGER_ABOVE",
      "mgr-west, rep-a,    NONE",
      "rep-b,    rep-a,    NONE",
      "rep-a,    mgr-sub,  NONE",
      "mgr-sub,  mgr-east, NONE",
      "mgr-east, nobody,   NONE",
      "admin,    rep-a,    NONE",
  })
  void relationToAPerson(String subject, String personId, Relation expected) {
    assertEquals(expected, access.toPerson(subject, personId));
  }

  @ParameterizedTest(name = "{0} to a lead of {1} in {2}: {3}")
  @CsvSource({
      "rep-a,    rep-a, 华西, OWNER",
      "mgr-east, rep-a, 华西, MANAGER_ABOVE",
      "mgr-sub,  rep-a, 华东, MANAGER_ABOVE",
      "mgr-west, rep-a, 华西, REGION_MANAGER",
      "mgr-west,      , 华西, REGION_MANAGER",
      "mgr-east,      , 华西, NONE",
      "mgr-sub,       , 华东, NONE",
      "rep-b,    rep-a, 华东, NONE",
      "rep-a,         , 华东, NONE",
      "mgr-west, rep-b, 未知, MANAGER_ABOVE",
      "mgr-east,      , 未知, NONE",
  })
  void relationToALead(String subject, String repId, String region, Relation expected) {
    assertEquals(expected, access.toLead(subject, repId, region));
  }

  @Test
  void aManagersLeadListsReachTheRepsBelowAndTheRegionsTheyManage() {
    Optional<Access.LeadScope> scope = access.leadScope(new Auth.Principal("mgr-east", "manager"));
    assertEquals(Optional.of(new Access.LeadScope(Set.of("mgr-sub", "rep-a"), Set.of("华东"))), scope);
    assertEquals(Optional.of(new Access.LeadScope(Set.of(), Set.of())),
        access.leadScope(new Auth.Principal("rep-a", "manager")));
  }

  @Test
  void otherRolesListsAreNotNarrowed() {
    for (String role : List.of("admin", "director", "rep", "source")) {
      assertTrue(access.leadScope(new Auth.Principal("dir", role)).isEmpty(), role);
    }
  }

  @Test
  void anOpportunityListShowsARepTheirOwnAManagerTheirLeadScopeAndTheOthersEverything() {
    assertEquals(Optional.of(new Access.LeadScope(Set.of("rep-a"), Set.of())),
        access.opportunityScope(new Auth.Principal("rep-a", "rep")));
    assertEquals(access.leadScope(new Auth.Principal("mgr-east", "manager")),
        access.opportunityScope(new Auth.Principal("mgr-east", "manager")));
    assertTrue(access.opportunityScope(new Auth.Principal("dir", "director")).isEmpty());
    assertTrue(access.opportunityScope(new Auth.Principal("admin", "admin")).isEmpty());
  }

  @Test
  void aPersonsActionsFollowTheRelation() {
    assertTrue(access.onPerson(new Auth.Principal("mgr-east", "manager"), "rep-a", Action.MANAGE_ROTATION).allowed());
    assertFalse(access.onPerson(new Auth.Principal("mgr-west", "manager"), "rep-a", Action.READ_REP).allowed());
    assertTrue(access.onPerson(new Auth.Principal("rep-a", "rep"), "rep-a", Action.READ_REP).allowed());
    assertFalse(access.onPerson(new Auth.Principal("rep-a", "rep"), "rep-a", Action.MANAGE_ROTATION).allowed());
    assertTrue(access.onPerson(new Auth.Principal("mgr-west", "manager"), "mgr-west", Action.READ_STREAM).allowed());
    assertFalse(access.onPerson(new Auth.Principal("mgr-west", "manager"), "mgr-west", Action.READ_REP).allowed());
  }

  /** A lead in {@code region} assigned to {@code repId} (null: queued). */
  private static dev.leadrouter.engine.lead.LeadView leadOf(String repId, String region) {
    return new dev.leadrouter.engine.lead.LeadView("lead-1", repId == null ? "QUEUED" : "ASSIGNED", null, null,
        new dev.leadrouter.engine.vocab.RegionInfo(region, null, null, "CN"), null, null, null, null, null, null,
        List.of(), List.of(), java.util.Map.of(), null, List.of(), java.util.Map.of(),
        repId == null ? null : new dev.leadrouter.engine.lead.LeadView.AssignmentView(repId, null, "r", List.of()),
        null, null, List.of());
  }

  @ParameterizedTest(name = "{0} ({1}) assigns a lead of {2} in {3} to {4}: {5}")
  @CsvSource({
      // A manager: may read the lead (region manager of a queued lead, or above its rep) and the rep is below them.
      "mgr-east, manager,  ,      华东, rep-a, true",
      "mgr-sub,  manager,  ,      华东, rep-a, false",
      "mgr-west, manager,  ,      华东, rep-b, false",
      "mgr-east, manager,  ,      华东, rep-b, false",
      "mgr-west, manager,  ,      华西, rep-b, true",
      "mgr-sub,  manager,  rep-a, 华西, rep-a, true",
      "mgr-west, manager,  rep-a, 华西, rep-b, true",
      "mgr-west, manager,  rep-b, 华东, rep-a, false",
      // Directors and admins: any rep; reps and sources: never.
      "dir,      director, ,      华西, rep-a, true",
      "admin,    admin,    rep-b, 华西, rep-a, true",
      "rep-a,    rep,      rep-a, 华东, rep-a, false",
      "landing,  source,   ,      华东, rep-a, false",
  })
  void aManagerAssignsALeadTheyMayReadToARepBelowThem(String subject, String role, String repId, String region,
      String to, boolean allowed) {
    Access.Decision d = access.onAssignment(new Auth.Principal(subject, role), leadOf(repId, region), to);
    assertEquals(allowed, d.allowed(), () -> d.reason());
  }

  @Test
  void aManagerRefusedForTheRepIsToldSo() {
    Access.Decision d = access.onAssignment(new Auth.Principal("mgr-east", "manager"), leadOf(null, "华东"), "rep-b");
    assertEquals(Access.NOT_YOUR_REP, d.reason());
  }

  /** An opportunity of rep-a in 华东 (mgr-east's region, mgr-east above rep-a too) and one of rep-b in 华西. */
  private static OpportunityView opportunityOf(String ownerId, String region) {
    return new OpportunityView("opp-1", "1", "MES", ownerId, region, "web", "default", "qualification", null, null,
        null, null, null, null, null, null, List.of(), List.of());
  }

  @ParameterizedTest(name = "{0} ({1}) {3} on {2}'s: allowed {4}, hidden {5}")
  @CsvSource({
      // Whoever may not read it is told it does not exist, whatever they ask.
      "rep-b,    rep,      rep-a, READ_OPPORTUNITY,   false, true",
      "rep-b,    rep,      rep-a, WORK_OPPORTUNITY,   false, true",
      "mgr-west, manager,  rep-a, WORK_OPPORTUNITY,   false, true",
      "rep-a,    source,   rep-a, READ_OPPORTUNITY,   false, true",
      // The owner works on it, but manages nothing.
      "rep-a,    rep,      rep-a, READ_OPPORTUNITY,   true,  false",
      "rep-a,    rep,      rep-a, WORK_OPPORTUNITY,   true,  false",
      "rep-a,    rep,      rep-a, MANAGE_OPPORTUNITY, false, false",
      // The manager chain works on it and manages it; a region manager only reads it.
      "mgr-sub,  manager,  rep-a, MANAGE_OPPORTUNITY, true,  false",
      "dir,      director, rep-a, MANAGE_OPPORTUNITY, true,  false",
      "mgr-west, manager,  rep-b, WORK_OPPORTUNITY,   true,  false",
      "mgr-east, manager,  rep-b, READ_OPPORTUNITY,   false, true",
      "admin,    admin,    rep-b, MANAGE_OPPORTUNITY, true,  false",
  })
  void anOpportunityIsHiddenFromWhoeverMayNotReadIt(String subject, String role, String owner, Action action,
      boolean allowed, boolean hidden) {
    OpportunityView opportunity = opportunityOf(owner, owner.equals("rep-a") ? "华东" : "华西");
    Access.Decision decision = access.onOpportunity(new Auth.Principal(subject, role), opportunity, action);
    assertEquals(allowed, decision.allowed(), decision.toString());
    assertEquals(hidden, decision.hidden(), decision.toString());
    if (hidden) assertEquals(Access.NO_SUCH_OPPORTUNITY, decision.reason());
  }

  @Test
  void aRegionManagerReadsTheOpportunitiesOfTheirRegionButDoesNotWorkOnThem() {
    Auth.Principal mgrWest = new Auth.Principal("mgr-west", "manager");
    OpportunityView inTheWest = opportunityOf("rep-a", "华西");
    assertTrue(access.onOpportunity(mgrWest, inTheWest, Action.READ_OPPORTUNITY).allowed());
    Access.Decision work = access.onOpportunity(mgrWest, inTheWest, Action.WORK_OPPORTUNITY);
    assertFalse(work.allowed());
    assertFalse(work.hidden(), "they see it, so they are told why not: 403");
  }

  private static Set<Relation> relations(String cell) {
    if (cell.equals("*")) return EnumSet.allOf(Relation.class);
    if (cell.equals("-")) return EnumSet.noneOf(Relation.class);
    return Arrays.stream(cell.split("\\+")).map(Relation::valueOf)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Relation.class)));
  }
}
