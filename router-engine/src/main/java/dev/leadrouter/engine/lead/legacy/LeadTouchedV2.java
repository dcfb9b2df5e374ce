package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.intake.CleanLeadV2;
import java.time.Instant;

/** Another delivery of the same person merged into the lead. Frozen, id 636; read through {@link Upcast}. */
public record LeadTouchedV2(Instant at, CleanLeadV2 touch) implements LegacyLeadEvent {}
