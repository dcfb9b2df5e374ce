package dev.leadrouter.engine.lead.legacy;

import dev.leadrouter.engine.common.EngineSerializable;

/**
 * An event only old lead journals hold: frozen here, never written again, and read only through
 * {@code lead.LeadUpcast}, which turns it into the current event. It is not a {@code Lead.Event}, so
 * this package depends on nothing of {@code lead} (the arrow points one way: lead → legacy).
 */
public interface LegacyLeadEvent extends EngineSerializable {}
