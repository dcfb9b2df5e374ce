package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.intake.CleanLeadV1;
import java.time.Instant;

/** Another delivery of the same person merged into the lead. Frozen, id 634; read through {@link Upcast}. */
public record LeadTouchedV1(Instant at, CleanLeadV1 touch) implements LegacyLeadEvent {}
