package dev.leadrouter.engine;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.intake.source.SourceDirectory;
import dev.leadrouter.engine.opportunity.PipelineDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What the entities need from their node: time, settings, the org chart, the SLA policies, the lead
 * sources, the routing rules, sharding, the org topic and the opportunity pipelines.
 */
public record EngineDeps(
    Clock clock,
    EngineSettings settings,
    OrgDirectory directory,
    SlaDirectory sla,
    SourceDirectory sources,
    RoutingDirectory routing,
    ClusterSharding sharding,
    ActorRef<Topic.Command<OrgChart>> orgTopic,
    PipelineDirectory pipelines) {

  /** Deps whose pipelines are the configured seed (version 0) until a stored version is published. */
  public EngineDeps(Clock clock, EngineSettings settings, OrgDirectory directory, SlaDirectory sla,
      SourceDirectory sources, RoutingDirectory routing, ClusterSharding sharding,
      ActorRef<Topic.Command<OrgChart>> orgTopic) {
    this(clock, settings, directory, sla, sources, routing, sharding, orgTopic,
        new PipelineDirectory(settings == null ? null : settings.opportunities().seedPipelines()));
  }
}
