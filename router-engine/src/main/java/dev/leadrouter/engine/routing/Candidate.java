package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;

/** One rep considered for a lead: eligible or not, and why. */
public record Candidate(String repId, boolean eligible, String reason) implements EngineSerializable {}
