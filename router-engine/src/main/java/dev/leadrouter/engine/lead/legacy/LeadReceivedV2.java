package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.intake.CleanLeadV2;
import java.time.Instant;

/**
 * The lead arrived, cleaned (with name parts, phone extensions and the source's attributes; before
 * alias, student and field sources). Frozen, id 635; read through {@link Upcast}.
 */
public record LeadReceivedV2(String leadId, Instant at, CleanLeadV2 lead, String notes) implements LegacyLeadEvent {}
