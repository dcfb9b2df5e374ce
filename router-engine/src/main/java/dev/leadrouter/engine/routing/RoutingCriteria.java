package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;

/**
 * What routing matched a lead on before the routing rules: macro region, industry and budget band.
 * Frozen: only queue entries of old journals hold it ({@link RoutingPool.QueuedLead}); routing now
 * reads {@link dev.leadrouter.engine.routing.rules.LeadFacts}.
 */
public record RoutingCriteria(String region, String industry, String budgetBand)
    implements EngineSerializable {}
