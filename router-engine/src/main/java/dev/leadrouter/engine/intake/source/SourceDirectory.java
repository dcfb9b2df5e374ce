package dev.leadrouter.engine.intake.source;

import java.util.concurrent.atomic.AtomicReference;

/** This node's copy of the lead sources in force, kept current by the document topic. */
public final class SourceDirectory {

  private record Versioned(int version, Sources sources) {}

  private final AtomicReference<Versioned> current = new AtomicReference<>(new Versioned(-1, Sources.empty()));

  public Sources current() {
    return current.get().sources();
  }

  /** Keeps the newer of the two (topic messages may overtake each other). */
  public void update(int version, Sources sources) {
    current.accumulateAndGet(new Versioned(version, sources), (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }
}
