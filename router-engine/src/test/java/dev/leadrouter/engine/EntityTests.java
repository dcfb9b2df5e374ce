package dev.leadrouter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import dev.leadrouter.engine.intake.source.SourceDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * What the entity tests share: a one-node cluster running the persistence testkit's in-memory
 * journal, engine deps on a {@link MutableClock}, and {@link Relay}s that stand in for the sharded
 * entities an entity talks to.
 */
public final class EntityTests {

  private EntityTests() {}

  /** Commands, events and state go through Kryo and must come back equal. */
  public static final EventSourcedBehaviorTestKit.SerializationSettings KRYO_ROUND_TRIP =
      EventSourcedBehaviorTestKit.enabledSerializationSettings()
          .withVerifyCommands(true)
          .withVerifyEvents(true)
          .withVerifyState(true)
          .withVerifyEquality(true);

  private static final Config CONFIG = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      pekko.actor.testkit.typed.single-expect-default = 5s
      # A cluster node leaves, hands its shards off and stops remoting on shutdown: on a busy 2-core
      # machine that took over the default 10 s once in nine runs, failing a class that had passed.
      pekko.actor.testkit.typed.system-shutdown-default = 30s
      # Timers run on real time: keep the routing retry and offer expiry out of the way.
      leadrouter.routing.retry-interval = 1h
      leadrouter.routing.offer-timeout = 1h
      leadrouter.routing.reserve-retry = 1h
      leadrouter.routing.pool-init-timeout = 3s
      """).withFallback(EventSourcedBehaviorTestKit.config());

  /** A fresh actor system that has joined itself as a one-node cluster. */
  public static ActorTestKit start(String name) {
    return start(name, ConfigFactory.empty());
  }

  /** {@link #start(String)} with {@code extra} settings over the shared ones. */
  public static ActorTestKit start(String name, Config extra) {
    ActorTestKit testKit = ActorTestKit.create(name, extra.withFallback(CONFIG).withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    return testKit;
  }

  public static EngineDeps deps(ActorTestKit testKit, Clock clock, OrgDirectory directory) {
    ActorRef<Topic.Command<OrgChart>> topic = testKit.spawn(Topic.create(OrgChart.class, OrgChartDocument.TOPIC));
    return deps(testKit, clock, directory, topic);
  }

  public static EngineDeps deps(
      ActorTestKit testKit, Clock clock, OrgDirectory directory, ActorRef<Topic.Command<OrgChart>> topic) {
    EngineSettings settings = EngineSettings.fromConfig(testKit.system().settings().config());
    SlaDirectory sla = new SlaDirectory(settings.seedPolicies());
    return new EngineDeps(clock, settings, directory, sla, new SourceDirectory(), new RoutingDirectory(directory, sla),
        ClusterSharding.get(testKit.system()), topic);
  }

  /** A message that reached a stand-in entity, with the id of that entity. */
  public record Delivery(String entityId, Object message) {}

  /**
   * Stands in for every entity of one type: whatever they receive goes to the probe of the running
   * test, so the sharded entity type is initialised once per system and tests stay independent.
   */
  public static final class Relay {
    private final AtomicReference<ActorRef<Delivery>> target = new AtomicReference<>();

    public void to(TestProbe<Delivery> probe) {
      target.set(probe.getRef());
    }

    public void forward(String entityId, Object message) {
      ActorRef<Delivery> current = target.get();
      if (current != null) current.tell(new Delivery(entityId, message));
    }

    public <M> Behavior<M> entity(String entityId) {
      return Behaviors.receiveMessage(m -> {
        forward(entityId, m);
        return Behaviors.same();
      });
    }
  }

  /** The next message that reached a stand-in: it went to {@code entityId} and is a {@code type}. */
  public static <T> T expectDelivery(TestProbe<Delivery> probe, String entityId, Class<T> type) {
    Delivery d = probe.receiveMessage();
    assertEquals(entityId, d.entityId(), () -> "delivered to the wrong entity: " + d);
    return assertInstanceOf(type, d.message(), () -> "unexpected message: " + d);
  }
}
