package dev.leadrouter.engine;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.intake.source.SourceDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** What the entities need from their node: time, settings, the org chart, the SLA policies, the lead sources, the routing rules, sharding, the org topic. */
public record EngineDeps(
    Clock clock,
    EngineSettings settings,
    OrgDirectory directory,
    SlaDirectory sla,
    SourceDirectory sources,
    RoutingDirectory routing,
    ClusterSharding sharding,
    ActorRef<Topic.Command<OrgChart>> orgTopic) {}
