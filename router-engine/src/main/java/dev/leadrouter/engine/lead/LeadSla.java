package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.List;

/**
 * The SLA clock the lead runs on while a rep holds it (ADR 0006): the policy and its steps as copied
 * at assignment, the clock they count on, the deadlines still pending, the escalation level reached,
 * whether a breach was marked, and the hold (null: not on hold). Part of {@link LeadState}.
 */
public record LeadSla(
    String policy,
    List<SlaStep> plan,
    String clock,
    List<Deadline> pending,
    int escalationLevel,
    boolean breached,
    Instant heldAt,
    String holdReason)
    implements EngineSerializable {

  public static final LeadSla NONE = new LeadSla(null, List.of(), null, List.of(), 0, false, null, null);

  public LeadSla {
    plan = List.copyOf(plan);
    pending = List.copyOf(pending);
  }

  /** A clock started on assignment: nothing fired, not on hold. */
  public static LeadSla started(String policy, List<SlaStep> plan, String clock, List<Deadline> deadlines) {
    return new LeadSla(policy, plan, clock, deadlines, 0, false, null, null);
  }

  /** No rep, no clock (a breach marked stays marked). */
  public LeadSla stopped() {
    return new LeadSla(null, List.of(), null, List.of(), 0, breached, null, null);
  }

  public LeadSla withPending(List<Deadline> deadlines) {
    return new LeadSla(policy, plan, clock, deadlines, escalationLevel, breached, heldAt, holdReason);
  }

  /** The step of {@code d} fired: it is no longer pending. */
  public LeadSla withFired(Deadline d) {
    return withPending(pending.stream().filter(p -> p.step() != d.step()).toList());
  }

  /** The escalation level reached: never lower than before. */
  public LeadSla withEscalation(int level) {
    return new LeadSla(policy, plan, clock, pending, Math.max(escalationLevel, level), breached, heldAt, holdReason);
  }

  public LeadSla withBreached() {
    return new LeadSla(policy, plan, clock, pending, escalationLevel, true, heldAt, holdReason);
  }

  /** On hold from {@code at} for {@code reason} ({@code at} null: not on hold). */
  public LeadSla withHold(Instant at, String reason) {
    return new LeadSla(policy, plan, clock, pending, escalationLevel, breached, at, reason);
  }

  /** Acknowledged: only the steps that wait for something beyond acknowledgement stay pending. */
  public LeadSla acknowledged() {
    return withPending(pending.stream().filter(d -> step(d).survivesAcknowledgement()).toList());
  }

  public boolean onHold() {
    return heldAt != null;
  }

  /** The plan's step for a deadline (a legacy lead has no plan: its steps are rebuilt). */
  public SlaStep step(Deadline d) {
    return plan.stream().filter(p -> p.index() == d.step()).findFirst().orElseGet(() -> SlaStep.legacy(d));
  }
}
