package dev.leadrouter.engine.vocab;

import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;

/** One line of the lead's history as shown to people (worded by {@link Timeline}). */
public record TimelineEntry(Instant at, String type, String detail) implements EngineSerializable {}
