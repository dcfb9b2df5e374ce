package dev.leadrouter.engine.sla;

import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's copy of the SLA policies in force, read synchronously by leads when their clock starts
 * and kept current by {@link DocumentStore}'s topic.
 */
public final class SlaDirectory {

  private final AtomicReference<SlaPolicySet> current;

  public SlaDirectory(SlaPolicySet initial) {
    this.current = new AtomicReference<>(initial);
  }

  public SlaPolicySet current() {
    return current.get();
  }

  /** Keeps the newer of the two (topic messages may overtake each other). */
  public void update(SlaPolicySet set) {
    current.accumulateAndGet(set, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }
}
