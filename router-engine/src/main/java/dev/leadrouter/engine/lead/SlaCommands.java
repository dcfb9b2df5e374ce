package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaPolicy;
import dev.leadrouter.engine.sla.SlaPolicySet;
import dev.leadrouter.engine.sla.SlaSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the commands on a lead's SLA decide, given its state: the clock a new assignment starts,
 * and whether an acknowledgement, hold or contact is recorded, repeats what was recorded (answered
 * as before, nothing persisted) or is refused. Pure.
 */
public final class SlaCommands {

  private SlaCommands() {}

  /** Either the event to persist or, when {@code event} is null, the reply to give at once. */
  public record Decision<E extends Lead.Event, R>(E event, R reply) {
    static <E extends Lead.Event, R> Decision<E, R> persist(E event) {
      return new Decision<>(event, null);
    }

    static <E extends Lead.Event, R> Decision<E, R> answer(R reply) {
      return new Decision<>(null, reply);
    }
  }

  /**
   * The lead goes to the rep of {@code decision}: the most specific policy for its priority, region
   * and the rep's team, on the rep's (or the policy's) calendar, its steps copied with their
   * deadlines from {@code now} (ADR 0006), and the rep told.
   */
  public static Lead.LeadAssigned assign(LeadState state, RoutingDecision decision, OrgChart org,
      SlaPolicySet policies, Instant now, double timeScale) {
    String repId = decision.repId();
    Optional<OrgChart.Person> rep = org.person(repId);
    SlaPolicy policy = policies.select(state.data().lead().priority(), state.region(),
        rep.map(OrgChart.Person::team).orElse(null));
    SlaPolicySet.NamedClock clock = policies.clockFor(policy, rep.map(OrgChart.Person::calendar).orElse(null));
    List<Deadline> deadlines = SlaSchedule.deadlines(policy.steps(), now, timeScale, clock.clock());
    return new Lead.LeadAssigned(now, repId, decision, policy.name(), policies.version(), clock.name(), policy.steps(),
        deadlines, Notices.forAssignment(org, repId));
  }

  /** Only the assigned rep acknowledges, once; the time to first touch counts from the assignment. */
  public static Decision<Lead.LeadAcknowledged, Lead.AckReply> acknowledge(LeadState s, String repId, Instant now) {
    boolean owner = s.ownership().ownedBy(repId);
    if ((s.status() == Status.ACKNOWLEDGED || s.status() == Status.CONTACTED) && owner) {
      return Decision.answer(new Lead.Acknowledged(s.leadId(), s.response().acknowledgedAt(),
          s.response().timeToFirstTouchMs()));
    }
    if (s.status() != Status.ASSIGNED) {
      return Decision.answer(refused(owner ? Rejected.Code.CONFLICT : Rejected.Code.FORBIDDEN,
          "lead is " + name(s) + (owner ? "" : " and not assigned to " + repId)));
    }
    if (!owner) return Decision.answer(refused(Rejected.Code.FORBIDDEN, "lead is assigned to another rep"));
    long ttf = Math.max(0, Duration.between(s.assignment().at(), now).toMillis());
    return Decision.persist(new Lead.LeadAcknowledged(now, repId, ttf));
  }

  /** Only a lead a rep holds whose clock still counts (not contacted) goes on hold; on hold already: as before. */
  public static Decision<Lead.LeadHeld, Lead.SlaReply> hold(LeadState s, String by, String reason, Instant now) {
    if (!s.holdsRep() || s.status() == Status.CONTACTED) {
      return Decision.answer(refused(Rejected.Code.CONFLICT,
          "only an assigned lead whose clock runs can be put on hold; it is " + name(s)));
    }
    if (s.sla().onHold()) return Decision.answer(changed(s, s.sla().heldAt()));
    return Decision.persist(new Lead.LeadHeld(now, by, reason));
  }

  /** The refusal of a resume, when the lead is not on hold. */
  public static Optional<Lead.Refused> refuseResume(LeadState s) {
    return s.sla().onHold() ? Optional.empty()
        : Optional.of(refused(Rejected.Code.CONFLICT, "the lead is not on hold"));
  }

  /** Only a lead on hold resumes: each pending step keeps the time it had left, counted on the lead's clock. */
  public static Decision<Lead.LeadResumed, Lead.SlaReply> resume(LeadState s, String by, Instant now,
      SlaPolicySet policies) {
    Optional<Lead.Refused> refused = refuseResume(s);
    if (refused.isPresent()) return Decision.answer(refused.get());
    SlaPolicySet.NamedClock clock = policies.clockNamed(s.sla().clock());
    return Decision.persist(new Lead.LeadResumed(now, by,
        SlaSchedule.resumed(s.sla().pending(), s.sla().heldAt(), now, clock.clock())));
  }

  /** Only the rep holding the lead records a contact; contacted already: as before. */
  public static Decision<Lead.LeadContacted, Lead.SlaReply> contact(LeadState s, String repId, Instant now) {
    boolean owner = s.ownership().ownedBy(repId);
    if (s.status() == Status.CONTACTED && owner) return Decision.answer(changed(s, s.response().contactedAt()));
    if (!owner || !s.holdsRep()) {
      return Decision.answer(owner ? refused(Rejected.Code.CONFLICT, "lead is " + name(s))
          : refused(Rejected.Code.FORBIDDEN, "lead is not assigned to " + repId));
    }
    return Decision.persist(new Lead.LeadContacted(now, repId));
  }

  /** The lead's status and hold after an SLA command at {@code at}. */
  public static Lead.SlaChanged changed(LeadState s, Instant at) {
    return new Lead.SlaChanged(s.leadId(), s.status(), s.sla().onHold(), at);
  }

  private static Lead.Refused refused(Rejected.Code code, String message) {
    return new Lead.Refused(Rejected.of(code, message));
  }

  private static String name(LeadState s) {
    return s.status().name().toLowerCase();
  }
}
