package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;

/** What routing matches a lead on. Null attributes match any rep. */
public record RoutingCriteria(String region, String industry, String budgetBand)
    implements EngineSerializable {}
