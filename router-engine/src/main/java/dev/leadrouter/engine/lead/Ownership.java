package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.routing.RoutingDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds the lead, or why nobody does: the current assignment (null: none), the decision it waits
 * under while queued, and the reps it is routed again without. Part of {@link LeadState}.
 */
public record Ownership(Assignment assignment, RoutingDecision queuedBy, List<String> refusedBy)
    implements EngineSerializable {

  public static final Ownership NONE = new Ownership(null, null, List.of());

  public Ownership {
    refusedBy = List.copyOf(refusedBy);
  }

  /** Assigned: no longer waiting under a queue decision. */
  public Ownership withAssignment(Assignment to) {
    return new Ownership(to, null, refusedBy);
  }

  /** No rep (the decision it was queued under stays). */
  public Ownership withoutAssignment() {
    return new Ownership(null, queuedBy, refusedBy);
  }

  /** Queued (or waiting for a candidate) under {@code decision}, with no rep. */
  public Ownership withQueuedBy(RoutingDecision decision) {
    return new Ownership(null, decision, refusedBy);
  }

  /** The rep lost the lead (refused, withdrawn or reassigned): routed again without them. */
  public Ownership withoutRep(String repId) {
    List<String> refused = new ArrayList<>(refusedBy);
    refused.add(repId);
    return new Ownership(null, queuedBy, refused);
  }

  /** Whether {@code repId} holds the current assignment. */
  public boolean ownedBy(String repId) {
    return assignment != null && assignment.repId().equals(repId);
  }
}
