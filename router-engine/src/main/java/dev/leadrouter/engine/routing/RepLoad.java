package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;

/** A rep's open-lead count and the epoch millis of their last assignment (0 = never). */
public record RepLoad(int openLeads, long lastAssignedAtMillis) implements EngineSerializable {
  public static final RepLoad NONE = new RepLoad(0, 0L);
}
