package dev.leadrouter.engine.org;

import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's current copy of the org chart, read synchronously by entities (escalation targets are
 * resolved when a step fires). Kept current on every node by the documents topic and the periodic
 * refresh ({@code leadrouter.documents.refresh-interval}, docs/architecture.md "Caches in a
 * cluster"); topic messages may overtake each other, so a versioned update never replaces a newer
 * version with an older one.
 */
public final class OrgDirectory {

  private record Versioned(int version, OrgChart chart) {}

  private final AtomicReference<Versioned> current = new AtomicReference<>(new Versioned(0, OrgChart.empty()));

  public OrgChart current() {
    return current.get().chart();
  }

  /** The document version of the chart in force (0: none stored, or set without a version). */
  public int version() {
    return current.get().version();
  }

  /** Puts {@code chart} in force and forgets the version held (tests, a chart that is not a stored document). */
  public void update(OrgChart chart) {
    current.set(new Versioned(0, chart));
  }

  /** Puts version {@code version} of the chart in force unless a newer one is. */
  public void update(int version, OrgChart chart) {
    current.accumulateAndGet(new Versioned(version, chart), (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
  }
}
