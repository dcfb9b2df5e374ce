package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.TimelineEntry;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.HealthScore;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.routing.Candidate;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The lead as the API shows it (DESIGN §6). Built from the entity state; never the state itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadView(
    String leadId,
    String status,
    Instant receivedAt,
    Contact contact,
    RegionInfo region,
    String industry,
    Budget budget,
    String budgetBand,
    String priority,
    LeadInput.Utm utm,
    String clientIp,
    List<String> flags,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> attributes,
    HealthScore health,
    List<SourceTouch> sources,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> fieldSources,
    AssignmentView assignment,
    RoutingDecision routing,
    SlaView sla,
    List<TimelineEntry> timeline)
    implements EngineSerializable {

  /**
   * Who to call: the name, how to address them ({@code 李女士}) and the honorific, role, alias (the
   * name in another script), the student a parent wrote for, and name tags it was written with; the phones with any extension (E.164 → digits); e-mails; company.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Contact(
      String name,
      String salutation,
      String honorific,
      String role,
      String alias,
      String student,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> nameTags,
      List<String> phones,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> phoneExtensions,
      List<String> emails,
      String company)
      implements EngineSerializable {

    static Contact of(CleanLead lead) {
      return new Contact(lead.name(), lead.salutation(), lead.honorific(), lead.role(), lead.alias(), lead.student(),
          lead.nameTags(), lead.phones(),
          lead.phoneExtensions(), lead.emails(), lead.company());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceTouch(String source, String sourceEventId, Instant at) implements EngineSerializable {}

  /** {@code by}: who assigned the lead by hand (rule {@code manual}), else null (left out of the JSON). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AssignmentView(String repId, Instant at, String rule, List<Candidate> candidates, String by)
      implements EngineSerializable {
    /** A view of an assignment made by the routing rules. */
    public AssignmentView(String repId, Instant at, String rule, List<Candidate> candidates) {
      this(repId, at, rule, candidates, null);
    }
  }

  /**
   * The SLA as the lead runs it: state (NOT_STARTED, RUNNING, ON_HOLD, ESCALATED, BREACHED,
   * ACKNOWLEDGED, CONTACTED, STOPPED), the policy and clock, the steps still to fire with their time
   * left, and the hold.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SlaView(
      String state,
      String policy,
      String clock,
      List<DeadlineView> deadlines,
      int escalationLevel,
      boolean breached,
      Instant heldAt,
      String holdReason,
      Instant acknowledgedAt,
      Long timeToFirstTouchMs,
      Instant contactedAt)
      implements EngineSerializable {}

  /** A step still to fire: its action, the condition that cancels it, when it is due and the time left. */
  public record DeadlineView(String kind, String until, Instant dueAt, long msLeft) implements EngineSerializable {}

  /** What routing reads of the lead as this view shows it (its first source; no previous owner). */
  public LeadFacts routingFacts() {
    String source = sources == null || sources.isEmpty() ? null : sources.get(0).source();
    return new LeadFacts(source, priority, industry, region, budget, budgetBand,
        contact == null ? null : contact.company(), tags, LeadFacts.utm(utm), attributes, null);
  }

  /** The view with no source credibility known (every source counts {@link HealthScore#DEFAULT_CREDIBILITY}). */
  public static LeadView of(LeadState s, Instant now) {
    return of(s, now, source -> HealthScore.DEFAULT_CREDIBILITY);
  }

  /** The view; {@code credibility} gives each source's configured credibility. */
  public static LeadView of(LeadState s, Instant now, java.util.function.ToDoubleFunction<String> credibility) {
    var lead = s.data().lead();
    LeadSla run = s.sla();
    AssignmentView assignment = s.assignment() == null ? null : new AssignmentView(
        s.assignment().repId(), s.assignment().at(), s.assignment().decision().rule(),
        s.assignment().decision().candidates(), s.assignment().decision().assignedBy());
    // On hold, the time left is frozen at the moment the hold began.
    Instant reference = run.onHold() ? run.heldAt() : now;
    List<DeadlineView> deadlines = run.pending().stream()
        .map(d -> new DeadlineView(d.action().name(), run.step(d).until(), d.dueAt(),
            d.dueAt().toEpochMilli() - reference.toEpochMilli()))
        .toList();
    Response response = s.response();
    SlaView sla = new SlaView(slaState(s), run.policy(), run.clock(), deadlines, run.escalationLevel(),
        run.breached(), run.heldAt(), run.holdReason(), response.acknowledgedAt(), response.timeToFirstTouchMs(),
        response.contactedAt());
    List<SourceTouch> touches = s.data().touches();
    return new LeadView(s.leadId(), s.status().name(), s.data().receivedAt(),
        Contact.of(lead),
        lead.region(), lead.industry(), lead.budget(), lead.budgetBand(), lead.priority(), lead.utm(),
        lead.clientIp(), lead.flags(), lead.tags(), lead.attributes(),
        HealthScore.of(lead, touches.stream().map(SourceTouch::at).toList(), now,
            touches.stream().mapToDouble(t -> credibility.applyAsDouble(t.source())).max()
                .orElse(HealthScore.DEFAULT_CREDIBILITY),
            s.holdsRep()),
        touches, lead.fieldSources(),
        assignment, s.assignment() != null ? s.assignment().decision() : s.ownership().queuedBy(), sla, s.timeline());
  }

  private static String slaState(LeadState s) {
    return switch (s.status()) {
      case NEW, RECEIVED, QUEUED, UNROUTED -> "NOT_STARTED";
      case ASSIGNED -> s.sla().onHold() ? "ON_HOLD" : s.sla().breached() ? "BREACHED"
          : s.sla().escalationLevel() > 0 ? "ESCALATED" : "RUNNING";
      case ACKNOWLEDGED -> s.sla().onHold() ? "ON_HOLD" : "ACKNOWLEDGED";
      case CONTACTED -> "CONTACTED";
      case CLOSED -> s.response().contactedAt() != null ? "CONTACTED"
          : s.response().acknowledgedAt() != null ? "ACKNOWLEDGED" : "STOPPED";
    };
  }
}
