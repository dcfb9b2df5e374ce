package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.intake.CleanLead;
import java.time.Instant;

/**
 * Another delivery of the same person, before touches carried the merged lead (the read models
 * merged it again, by rules of their own). Frozen, id 650.
 */
public record LeadTouchedV3(Instant at, CleanLead touch) implements LegacyLeadEvent {}
