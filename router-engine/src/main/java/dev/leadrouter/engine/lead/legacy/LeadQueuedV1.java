package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.routing.RoutingDecisionV1;
import java.time.Instant;
import java.util.List;

/** Nobody could take the lead (a decision before the routing rules). Frozen, id 621; read through {@link Upcast}. */
public record LeadQueuedV1(Instant at, String region, RoutingDecisionV1 decision, List<Notice> notices)
    implements LegacyLeadEvent {}
