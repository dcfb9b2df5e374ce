package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.vocab.Deadline;
import java.time.Instant;
import java.util.List;

/**
 * The lead went to a rep, before SLA plans were copied into the lead (ADR 0006). Frozen, id 622. Not
 * upcast: the lead state and the projection read it as it is (its deadlines become legacy steps on
 * the wall clock, its timeline line names no policy).
 */
public record LeadAssignedV1(Instant at, String repId, RoutingDecisionV1 decision, String policy,
    List<Deadline> deadlines) implements LegacyLeadEvent {}
