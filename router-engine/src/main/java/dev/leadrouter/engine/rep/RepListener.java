package dev.leadrouter.engine.rep;

import dev.leadrouter.engine.routing.rules.RepWorkload;

/**
 * What a rep tells the rest of the engine, as a port the rep declares: the rep names none of the
 * entities above it (leads, routing pools). The engine's wiring delivers each call to its entity.
 */
public interface RepListener {

  /** The answer to a {@link Rep.Reserve}, for the lead that asked. */
  void reservation(String leadId, String repId, boolean reserved, String reason);

  /** The rep was deactivated: the lead is to leave them and be routed again. */
  void withdraw(String leadId, String repId, String reason);

  /**
   * The rep's workload, after a change or to settle the offer of {@code leadId} (null: none;
   * {@code refused}: the rep refused it), for the routing pool of {@code region}, or of every region
   * when {@code region} is null (a rep may be a candidate of any region's rules).
   */
  void workload(String repId, String leadId, RepWorkload workload, boolean refused, String region);
}
