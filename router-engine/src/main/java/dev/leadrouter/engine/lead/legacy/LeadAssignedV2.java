package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.sla.SlaStep;
import java.time.Instant;
import java.util.List;

/** The lead went to a rep with its SLA plan (a decision before the routing rules). Frozen, id 628; read through {@link Upcast}. */
public record LeadAssignedV2(Instant at, String repId, RoutingDecisionV1 decision, String policy, int policyVersion,
    String clock, List<SlaStep> steps, List<Deadline> deadlines, List<Notice> notices) implements LegacyLeadEvent {}
