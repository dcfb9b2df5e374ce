package dev.leadrouter.http;

import dev.leadrouter.engine.lead.LeadView;
import dev.leadrouter.engine.opportunity.OpportunityView;
import dev.leadrouter.engine.org.OrgChart;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read, act on or manage what: the one place the API decides authorization. A decision
 * depends on the caller's {@link Role}, the caller's {@link Relation} to the thing (worked out from
 * the org chart) and the {@link Action}; {@link #decide(Role, Relation, Action)} is that table. Pure:
 * it reads the chart it is given, nothing else. A denial carries the detail of the 403 problem.
 */
public final class Access {

  /** A token's role (its {@code role} claim). */
  public enum Role {
    ADMIN, DIRECTOR, MANAGER, REP, SOURCE;

    /** The role of a claim Auth accepted ({@link Auth#ROLES}). */
    public static Role of(String claim) {
      return valueOf(claim.toUpperCase(Locale.ROOT));
    }

    boolean in(Role... roles) {
      for (Role r : roles) if (r == this) return true;
      return false;
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the caller is to the person or lead at hand; the first that holds, in this order. */
  public enum Relation {
    /** The person at hand is the caller. */
    SELF,
    /** The lead at hand is assigned to the caller, or the opportunity at hand is the caller's. */
    OWNER,
    /**
     * The person (or the lead's assigned rep, or the opportunity's owner) is somewhere below the
     * caller in the managerId chain.
     */
    MANAGER_ABOVE,
    /** The caller manages the lead's region. */
    REGION_MANAGER,
    /** None of these, or nothing in particular is at hand. */
    NONE;

    boolean in(Relation... relations) {
      for (Relation r : relations) if (r == this) return true;
      return false;
    }
  }

  /** What the caller wants to do, each with the detail of its 403 (null: "role X may not do this"). */
  public enum Action {
    /** {@code POST /leads}. */
    INTAKE_LEAD(null),
    /** {@code POST /leads/preview}. */
    PREVIEW_LEAD(null),
    /** {@code GET /leads?…}; a manager's results are narrowed to {@link #leadScope}. */
    SEARCH_LEADS(null),
    /** {@code GET /sla/board}; narrowed like {@link #SEARCH_LEADS}. */
    READ_SLA_BOARD(null),
    /** A lead's view, its routing explanation and its notifications. */
    READ_LEAD("this lead is not yours to see"),
    CLOSE_LEAD("only the assigned rep, their managers or an admin close a lead"),
    HOLD_LEAD("only the assigned rep, their managers or an admin put a lead on hold"),
    RESUME_LEAD("only the assigned rep, their managers or an admin resume a lead"),
    /** Decided on the role alone: the lead itself refuses a rep it is not assigned to. */
    ACKNOWLEDGE_LEAD("only the assigned rep acknowledges a lead"),
    /** Decided on the role alone, as {@link #ACKNOWLEDGE_LEAD}. */
    RECORD_CONTACT("only the assigned rep records the contact"),
    /**
     * {@code POST /leads/{id}/assign}: a manager who may read the lead, a director or an admin; a
     * manager only to a rep below them ({@link #onAssignment}).
     */
    ASSIGN_LEAD("only the lead's managers, a director or an admin assign a lead"),
    /** {@code POST /leads/{id}/convert}. */
    CONVERT_LEAD("only the assigned rep, their managers or an admin convert a lead"),
    /**
     * An opportunity's view. Whoever may not read an opportunity is told it does not exist
     * ({@link #onOpportunity}): its denial is a 404, for every action on it.
     */
    READ_OPPORTUNITY(NO_SUCH_OPPORTUNITY),
    /** Record an action on an opportunity, move its stage, snooze its idle clock. */
    WORK_OPPORTUNITY("only the owner, their managers or an admin work on an opportunity"),
    /**
     * Not an endpoint: whether a stage move or snooze is sent as the owner's manager's (backwards
     * moves, snoozes past the pipeline's limit).
     */
    MANAGE_OPPORTUNITY("only the owner's managers or an admin move an opportunity back or snooze it that long"),
    /** A rep's load and rotation, and their open leads. */
    READ_REP("not your rep"),
    /** {@code POST /reps/{id}/rotation}. */
    MANAGE_ROTATION("only their manager, a director or an admin puts a rep back in rotation"),
    /** {@code GET /reps/{id}/stream}. */
    READ_STREAM("a live stream is only for the person it belongs to"),
    /**
     * {@code GET /stream}, the browser's live stream: any person; each event is narrowed to what
     * {@link #READ_LEAD} and {@link #READ_OPPORTUNITY} allow ({@link LiveScope}).
     */
    READ_LIVE(null),
    /** A region's fallback queue. */
    READ_QUEUE(null),
    /** Read the SLA policies and routing rules (versions, diffs) and simulate a routing draft. */
    READ_RULES(null),
    /** Replace the SLA policies or routing rules, roll the rules back. */
    MANAGE_RULES(null),
    /** Read and replace the sources document, its templates, a source's fetches and last deliveries; send a test delivery. */
    MANAGE_SOURCES(null),
    /** Preview a delivery through a source's mapping. */
    PREVIEW_SOURCE(null),
    /** Read and replace the org chart. */
    MANAGE_ORG(null),
    /** {@code GET /availability}: the people whose availability the caller may set; narrowed to those below a manager or director. */
    READ_AVAILABILITY(null),
    /**
     * {@code PUT /reps/{id}/availability}: mark a person away or available (a new org chart version);
     * {@code PUT /reps/{id}/absences}: their planned absences (a new routing rules version).
     */
    SET_AVAILABILITY("only their managers or an admin set a person's availability"),
    /** {@code POST /imports}: a bulk import of leads from a file (dry run or import). */
    IMPORT_LEADS(null),
    /** {@code GET /opportunities?…}; narrowed to {@link #opportunityScope}. */
    LIST_OPPORTUNITIES(null),
    /** {@code GET /reports/funnel}; narrowed like {@link #LIST_OPPORTUNITIES}. */
    READ_FUNNEL(null),
    /** The lead reports ({@code GET /reports/first-touch}, {@code /sla}, {@code /follow-up}, {@code /sources}); a manager's narrowed to {@link #leadScope}. */
    READ_REPORTS(null),
    /** List and replay parked projection events. */
    REPAIR_PROJECTIONS(null),
    /** {@code GET /metrics}. */
    READ_METRICS(null),
    /** {@code GET /me}: who a token or session is. Every person's role. */
    READ_ME(null),
    /** {@code POST /login-links}: a sign-in link for a person below the caller (or an admin's, for anyone). */
    ISSUE_LOGIN_LINK("only an admin, or a manager or director for their own people, issues a login link");

    private final String denial;

    Action(String denial) {
      this.denial = denial;
    }
  }

  /** The 404 detail of an opportunity that does not exist, or that the caller may not see. */
  public static final String NO_SUCH_OPPORTUNITY = "no such opportunity";

  /**
   * Allowed, or denied with the reason the problem gives: a 403, or a 404 when {@code hidden} (the
   * caller may not even know the thing exists).
   */
  public record Decision(boolean allowed, boolean hidden, String reason) {
    static final Decision ALLOWED = new Decision(true, false, null);

    static Decision denied(String reason) {
      return new Decision(false, false, reason);
    }
  }

  /** The reps and regions whose leads a manager sees; {@link #leadScope} is empty for everyone else. */
  public record LeadScope(Set<String> reps, Set<String> regions) {}

  private final OrgChart org;

  /** Decides with {@code org}, the chart in force for the request. */
  public Access(OrgChart org) {
    this.org = org;
  }

  // ------------------------------------------------------------------ the table

  /** May a caller of {@code role}, standing in {@code relation} to the thing, do {@code action}? */
  public static Decision decide(Role role, Relation relation, Action action) {
    boolean allowed = switch (action) {
      case INTAKE_LEAD -> role.in(Role.ADMIN, Role.SOURCE);
      case PREVIEW_LEAD -> role.in(Role.ADMIN, Role.DIRECTOR, Role.MANAGER, Role.SOURCE);
      case SEARCH_LEADS, READ_SLA_BOARD, READ_QUEUE, READ_RULES, PREVIEW_SOURCE, READ_REPORTS ->
          role.in(Role.ADMIN, Role.DIRECTOR, Role.MANAGER);
      case READ_LEAD, CLOSE_LEAD, HOLD_LEAD, RESUME_LEAD -> role.in(Role.ADMIN, Role.DIRECTOR)
          || (role == Role.REP && relation == Relation.OWNER)
          || (role == Role.MANAGER && relation.in(Relation.MANAGER_ABOVE, Relation.REGION_MANAGER));
      case ASSIGN_LEAD -> role.in(Role.ADMIN, Role.DIRECTOR)
          || (role == Role.MANAGER && relation.in(Relation.MANAGER_ABOVE, Relation.REGION_MANAGER));
      case ACKNOWLEDGE_LEAD, RECORD_CONTACT -> role == Role.REP;
      case READ_OPPORTUNITY -> role.in(Role.ADMIN, Role.DIRECTOR)
          || (role == Role.REP && relation == Relation.OWNER)
          || (role == Role.MANAGER && relation.in(Relation.MANAGER_ABOVE, Relation.REGION_MANAGER));
      case CONVERT_LEAD, WORK_OPPORTUNITY -> role == Role.ADMIN
          || (role == Role.REP && relation == Relation.OWNER)
          || (role.in(Role.MANAGER, Role.DIRECTOR) && relation == Relation.MANAGER_ABOVE);
      case MANAGE_OPPORTUNITY -> role == Role.ADMIN
          || (role.in(Role.MANAGER, Role.DIRECTOR) && relation == Relation.MANAGER_ABOVE);
      case READ_REP -> role.in(Role.ADMIN, Role.DIRECTOR)
          || (role == Role.REP && relation == Relation.SELF)
          || (role == Role.MANAGER && relation == Relation.MANAGER_ABOVE);
      case MANAGE_ROTATION -> role.in(Role.ADMIN, Role.DIRECTOR)
          || (role == Role.MANAGER && relation == Relation.MANAGER_ABOVE);
      case READ_AVAILABILITY -> role.in(Role.ADMIN, Role.DIRECTOR, Role.MANAGER);
      case SET_AVAILABILITY -> role == Role.ADMIN
          || (role.in(Role.MANAGER, Role.DIRECTOR) && relation == Relation.MANAGER_ABOVE);
      case READ_STREAM -> role == Role.ADMIN || relation == Relation.SELF;
      case MANAGE_RULES, MANAGE_SOURCES, MANAGE_ORG, IMPORT_LEADS, REPAIR_PROJECTIONS -> role == Role.ADMIN;
      case READ_METRICS -> role.in(Role.ADMIN, Role.DIRECTOR);
      case READ_ME -> role.in(Role.ADMIN, Role.DIRECTOR, Role.MANAGER, Role.REP);
      case ISSUE_LOGIN_LINK -> role == Role.ADMIN
          || (role.in(Role.MANAGER, Role.DIRECTOR) && relation.in(Relation.MANAGER_ABOVE, Relation.SELF));
      case LIST_OPPORTUNITIES, READ_FUNNEL, READ_LIVE -> role.in(Role.ADMIN, Role.DIRECTOR, Role.MANAGER, Role.REP);
    };
    if (allowed) return Decision.ALLOWED;
    return Decision.denied(action.denial != null ? action.denial : "role " + role + " may not do this");
  }

  /**
   * Whether the caller's role may do {@code action} to anything at all (under some relation): the
   * check before reading a request whose body names the thing the real decision is about.
   */
  public static Decision mayEver(Auth.Principal caller, Action action) {
    Role role = Role.of(caller.role());
    for (Relation relation : Relation.values()) {
      if (decide(role, relation, action).allowed()) return Decision.ALLOWED;
    }
    return decide(role, Relation.NONE, action);
  }

  /** An action that depends on the caller's role alone. */
  public static Decision decide(Auth.Principal caller, Action action) {
    return decide(Role.of(caller.role()), Relation.NONE, action);
  }

  /** An action on a person (a rep's status, rotation, leads or stream). */
  public Decision onPerson(Auth.Principal caller, String personId, Action action) {
    return decide(Role.of(caller.role()), toPerson(caller.subject(), personId), action);
  }

  /** An action on a lead, as its view shows it. */
  public Decision onLead(Auth.Principal caller, LeadView lead, Action action) {
    String repId = lead.assignment() == null ? null : lead.assignment().repId();
    return decide(Role.of(caller.role()), toLead(caller.subject(), repId, lead.region().macro()), action);
  }

  /** The 403 detail of a manager assigning a lead to someone outside their chain. */
  public static final String NOT_YOUR_REP = "a manager assigns a lead only to a rep below them";

  /**
   * {@link Action#ASSIGN_LEAD} of the lead, as its view shows it, to {@code repId}: the lead's table
   * row, and for a manager the rep must be below them in the managerId chain too.
   */
  public Decision onAssignment(Auth.Principal caller, LeadView lead, String repId) {
    Decision onLead = onLead(caller, lead, Action.ASSIGN_LEAD);
    if (!onLead.allowed() || Role.of(caller.role()) != Role.MANAGER) return onLead;
    return toPerson(caller.subject(), repId) == Relation.MANAGER_ABOVE ? onLead : Decision.denied(NOT_YOUR_REP);
  }

  /**
   * An action on an opportunity, as its view shows it. A caller who may not read it gets a hidden
   * denial (404, as if it did not exist) whatever the action; one who may read it but not do
   * {@code action} an ordinary one (403).
   */
  public Decision onOpportunity(Auth.Principal caller, OpportunityView opportunity, Action action) {
    Role role = Role.of(caller.role());
    Relation relation = toLead(caller.subject(), opportunity.ownerId(), opportunity.region());
    if (!decide(role, relation, Action.READ_OPPORTUNITY).allowed()) return new Decision(false, true, NO_SUCH_OPPORTUNITY);
    return decide(role, relation, action);
  }

  // ------------------------------------------------------------------ relations

  /** What {@code subject} is to the person {@code personId}. */
  public Relation toPerson(String subject, String personId) {
    if (subject.equals(personId)) return Relation.SELF;
    if (isAbove(subject, personId)) return Relation.MANAGER_ABOVE;
    return Relation.NONE;
  }

  /** What {@code subject} is to a lead assigned to {@code repId} (null: to nobody) in {@code region}. */
  public Relation toLead(String subject, String repId, String region) {
    if (repId != null && subject.equals(repId)) return Relation.OWNER;
    if (repId != null && isAbove(subject, repId)) return Relation.MANAGER_ABOVE;
    if (org.region(region).map(r -> managesRegion(subject, r)).orElse(false)) return Relation.REGION_MANAGER;
    return Relation.NONE;
  }

  /**
   * The leads a lead list may show the caller: for a manager, those of the reps below them and
   * those in the regions they manage (the leads {@link Action#READ_LEAD} lets them read); empty
   * (no narrowing) for every other role the list admits.
   */
  public Optional<LeadScope> leadScope(Auth.Principal caller) {
    if (Role.of(caller.role()) != Role.MANAGER) return Optional.empty();
    Set<String> reps = org.people().stream().map(OrgChart.Person::id)
        .filter(id -> isAbove(caller.subject(), id)).collect(Collectors.toSet());
    Set<String> regions = org.regions().stream().filter(r -> managesRegion(caller.subject(), r))
        .map(OrgChart.Region::name).collect(Collectors.toSet());
    return Optional.of(new LeadScope(reps, regions));
  }

  /**
   * The opportunities a list or report may show the caller: a rep their own, a manager those a lead
   * list shows them ({@link #leadScope}: of the reps below them or in the regions they manage); empty
   * (no narrowing) for an admin or director.
   */
  public Optional<LeadScope> opportunityScope(Auth.Principal caller) {
    if (Role.of(caller.role()) == Role.REP) return Optional.of(new LeadScope(Set.of(caller.subject()), Set.of()));
    return leadScope(caller);
  }

  /** The manager-scope walk: is {@code subject} somewhere above {@code personId}? */
  private boolean isAbove(String subject, String personId) {
    return org.manages(subject, personId);
  }

  private static boolean managesRegion(String subject, OrgChart.Region region) {
    return subject.equals(region.managerId());
  }
}
