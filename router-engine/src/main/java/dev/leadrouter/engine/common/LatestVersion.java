package dev.leadrouter.engine.common;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;

/**
 * This node's copy of a versioned document in force (SLA policies, pipelines), read synchronously by
 * entities and kept current by {@link DocumentStore}'s topic. Topic messages may overtake each other,
 * so an update never replaces a newer version with an older one.
 */
public class LatestVersion<T> {

  private final AtomicReference<T> current;
  private final ToIntFunction<T> version;

  protected LatestVersion(T initial, ToIntFunction<T> version) {
    this.current = new AtomicReference<>(initial);
    this.version = version;
  }

  public T current() {
    return current.get();
  }

  /** Keeps the newer of the two. */
  public void update(T fresh) {
    current.accumulateAndGet(fresh, (old, next) -> version.applyAsInt(next) >= version.applyAsInt(old) ? next : old);
  }
}
