package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.routing.RoutingDecision;
import java.time.Instant;

/** The lead's current assignment and the reasoning behind it. */
public record Assignment(String repId, Instant at, RoutingDecision decision) implements EngineSerializable {}
