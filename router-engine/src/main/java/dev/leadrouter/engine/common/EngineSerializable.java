package dev.leadrouter.engine.common;

/**
 * Marker for every message, event and state that crosses a serialization boundary (journal,
 * snapshot, remoting). Bound to {@link dev.leadrouter.engine.serialization.KryoSerializer}.
 */
public interface EngineSerializable {}
