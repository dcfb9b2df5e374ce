package dev.leadrouter.engine.routing;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.intake.CleanLead;

/** What routing matches a lead on. Null attributes match any rep. */
public record RoutingCriteria(String region, String industry, String budgetBand)
    implements EngineSerializable {

  /** What routing matches a cleaned lead on: its macro region, industry and budget band. */
  public static RoutingCriteria of(CleanLead lead) {
    return new RoutingCriteria(lead.region().macro(), lead.industry(), lead.budgetBand());
  }
}
