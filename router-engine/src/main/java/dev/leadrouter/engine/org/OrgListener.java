package dev.leadrouter.engine.org;

/**
 * What the org chart store tells the rest of the engine when a chart is stored, as a port it
 * declares: the store names no entity that reads the chart. The engine's wiring updates this node's
 * directory, publishes the chart to every node, tells the routing pools and deactivates reps.
 */
public interface OrgListener {

  /** {@code chart} is in force from now on; {@code previous} was before (null for the first, seeded chart). */
  void stored(OrgChart previous, OrgChart chart);
}
