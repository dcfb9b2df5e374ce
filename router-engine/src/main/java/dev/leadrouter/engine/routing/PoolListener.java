package dev.leadrouter.engine.routing;

/**
 * What a routing pool tells the leads it routes, as a port the pool declares: routing names no
 * entity above it. The engine's wiring delivers each call to the lead.
 */
public interface PoolListener {

  /** A rep was chosen: the lead is offered them (it then reserves the rep's slot). */
  void offer(String leadId, RoutingDecision decision);

  /**
   * Nobody can take the lead now: it waits for a candidate to return, or — {@code fallback} — in the
   * fallback queue of {@code region}, whose manager (else the directors) is told.
   */
  void enqueue(String leadId, RoutingDecision decision, boolean fallback, String region);
}
