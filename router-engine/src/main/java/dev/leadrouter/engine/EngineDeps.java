package dev.leadrouter.engine;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** What the entities need from their node: time, settings, the org chart, sharding, the org topic. */
public record EngineDeps(
    Clock clock,
    EngineSettings settings,
    OrgDirectory directory,
    ClusterSharding sharding,
    ActorRef<Topic.Command<OrgChart>> orgTopic) {}
