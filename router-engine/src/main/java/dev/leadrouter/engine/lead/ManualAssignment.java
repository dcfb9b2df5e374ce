package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.lead.Lead.Status;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.sla.SlaPolicySet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a lead does with an assignment by hand ({@link Lead.Assign}): whether it may move at all
 * ({@link #check}), and the events that move it once its pool allowed the rep ({@link #events}):
 * from the fallback queue (or routing) a plain {@link Lead.LeadAssigned}; from another rep who has
 * not acknowledged it the same {@link Lead.LeadReassigned} an SLA reassign step writes (no deadline,
 * the rep told {@code REASSIGNED}) and then the new rep's assignment. Pure.
 */
public final class ManualAssignment {

  private ManualAssignment() {}

  /** What to do with the request now. */
  public sealed interface Check {}

  /** The lead is that rep's already: answer as before, persist nothing. */
  public record Already(Lead.Assigned reply) implements Check {}

  /** It cannot move: closed, acknowledged (or worked), or not recorded. */
  public record Refuse(Rejected rejection) implements Check {}

  /** Ask the region's pool about the rep; {@code fromRepId}: the rep it is taken from, or null. */
  public record Ask(String fromRepId) implements Check {}

  public static Check check(LeadState s, String repId) {
    if (s.status() == Status.NEW) return new Refuse(Rejected.of(Rejected.Code.NOT_FOUND, "no such lead"));
    if (s.status() == Status.CLOSED) return new Refuse(Rejected.of(Rejected.Code.CONFLICT, "the lead is closed"));
    if (s.holdsRep() && s.ownership().ownedBy(repId)) {
      return new Already(new Lead.Assigned(s.leadId(), repId, s.assignment().at(), null));
    }
    if (s.status() == Status.ACKNOWLEDGED || s.status() == Status.CONTACTED) {
      return new Refuse(Rejected.of(Rejected.Code.CONFLICT,
          "the lead was acknowledged by " + s.assignment().repId() + "; an acknowledged lead is not moved"));
    }
    return new Ask(s.status() == Status.ASSIGNED ? s.assignment().repId() : null);
  }

  /** The refusal of a rep the pool would not give the lead to, naming {@code /repId}. */
  public static Rejected repRefused(String repId, String reason) {
    return new Rejected(Rejected.Code.CONFLICT, repId + " cannot take the lead now: " + reason,
        List.of(new FieldError("/repId", reason)));
  }

  /** The events of the move to {@code decision}'s rep at {@code now} (after {@link #check} answered {@link Ask}). */
  public static List<Lead.Event> events(LeadState s, RoutingDecision decision, OrgChart org, SlaPolicySet policies,
      Instant now, double timeScale) {
    List<Lead.Event> out = new ArrayList<>(2);
    LeadState from = s;
    if (s.status() == Status.ASSIGNED) {
      String fromRepId = s.assignment().repId();
      Lead.LeadReassigned taken = new Lead.LeadReassigned(now, fromRepId, null, Notices.forMove(org, fromRepId));
      out.add(taken);
      from = s.apply(taken);
    }
    out.add(SlaCommands.assign(from, decision, org, policies, now, timeScale));
    return List.copyOf(out);
  }
}
