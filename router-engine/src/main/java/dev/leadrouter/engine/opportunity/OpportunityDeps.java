package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import java.time.Clock;

/**
 * What an {@link Opportunity} needs from its node: time, the SLA time-scale, the number of
 * projection tags, the pipelines, the SLA document (its working calendars) and the org chart. Its
 * own record rather than the engine's deps, so this package depends on nothing that knows leads.
 */
public record OpportunityDeps(Clock clock, double timeScale, int tags, PipelineDirectory pipelines, SlaDirectory sla,
    OrgDirectory org) {}
