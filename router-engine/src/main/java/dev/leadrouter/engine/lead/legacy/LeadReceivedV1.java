package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.intake.CleanLeadV1;
import java.time.Instant;

/** The lead arrived, cleaned (before name parts were kept). Frozen, id 620; read through {@link Upcast}. */
public record LeadReceivedV1(String leadId, Instant at, CleanLeadV1 lead, String notes) implements LegacyLeadEvent {}
