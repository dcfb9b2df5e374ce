package dev.leadrouter.engine.opportunity;

import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's copy of the pipelines in force, read synchronously by opportunities and by leads
 * converting, kept current by {@code DocumentStore}'s topic (like {@code sla.SlaDirectory}).
 */
public final class PipelineDirectory {

  private final AtomicReference<PipelineSet> current;

  public PipelineDirectory(PipelineSet initial) {
    this.current = new AtomicReference<>(initial);
  }

  public PipelineSet current() {
    return current.get();
  }

  /** Keeps the newer of the two (topic messages may overtake each other). */
  public void update(PipelineSet set) {
    current.accumulateAndGet(set, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }
}
