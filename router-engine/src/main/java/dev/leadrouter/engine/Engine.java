package dev.leadrouter.engine;

import dev.leadrouter.engine.lead.IntakeKey;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartStore;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.sla.SlaPolicyStore;
import dev.leadrouter.engine.routing.RoutingPool;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Starts the engine's entities on this node and seeds the SLA policies and the org chart. */
public final class Engine {

  private Engine() {}

  public static EngineDeps init(ActorSystem<?> system, Clock clock) {
    EngineSettings settings = EngineSettings.fromConfig(system.settings().config());
    OrgDirectory directory = new OrgDirectory();
    ActorRef<Topic.Command<OrgChart>> topic =
        system.systemActorOf(Topic.create(OrgChart.class, OrgChartStore.TOPIC), "org-chart-topic",
            Props.empty());
    ActorRef<OrgChart> listener = system.systemActorOf(
        Behaviors.receiveMessage((OrgChart chart) -> {
          directory.update(chart);
          return Behaviors.same();
        }),
        "org-directory", Props.empty());
    topic.tell(Topic.subscribe(listener));
    SlaDirectory sla = new SlaDirectory(settings.seedPolicies());
    ActorRef<Topic.Command<SlaPolicyStore.Published>> slaTopic = system.systemActorOf(
        Topic.create(SlaPolicyStore.Published.class, "sla-policies"), "sla-policies-topic", Props.empty());
    ActorRef<SlaPolicyStore.Published> slaListener = system.systemActorOf(
        Behaviors.receiveMessage((SlaPolicyStore.Published published) -> {
          sla.update(SlaPolicyStore.compile(published));
          return Behaviors.same();
        }),
        "sla-directory", Props.empty());
    slaTopic.tell(Topic.subscribe(slaListener));
    EngineDeps deps = new EngineDeps(clock, settings, directory, sla, ClusterSharding.get(system), topic);
    OrgChartStore.init(system, deps);
    SlaPolicyStore.init(deps.sharding(), clock, published -> {
      sla.update(SlaPolicyStore.compile(published));
      slaTopic.tell(Topic.publish(published));
    });
    Lead.init(system, deps);
    Rep.init(system, deps);
    RoutingPool.init(system, deps);
    IntakeKey.init(system, deps);
    return deps;
  }

  /**
   * Loads the stored SLA policies and org chart (or stores the seeds if none was ever stored) into
   * this node's directories, and wakes every region's pool so queued leads can drain.
   */
  public static CompletionStage<OrgChart> start(EngineDeps deps, OrgChart seed, Duration timeout) {
    java.util.List<dev.leadrouter.engine.common.FieldError> errors =
        dev.leadrouter.engine.org.OrgChartValidator.validate(seed);
    if (!errors.isEmpty()) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new IllegalArgumentException("the org chart file is invalid: " + errors));
    }
    CompletionStage<SlaPolicyStore.Version> policies = deps.sharding()
        .entityRefFor(SlaPolicyStore.ENTITY_KEY, SlaPolicyStore.ID)
        .<SlaPolicyStore.Version>ask(replyTo -> new SlaPolicyStore.Seed(deps.settings().slaSeed(), replyTo), timeout)
        .thenApply(v -> {
          if (v.json() != null) deps.sla().update(SlaPolicyStore.compile(new SlaPolicyStore.Published(v.version(), v.json())));
          return v;
        });
    return policies.thenCompose(v -> deps.sharding()
        .entityRefFor(OrgChartStore.ENTITY_KEY, OrgChartStore.ID)
        .<OrgChart>ask(replyTo -> new OrgChartStore.Seed(seed, replyTo), timeout))
        .thenApply(chart -> {
          deps.directory().update(chart);
          for (String region : OrgChartStore.poolRegions(chart)) {
            deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region).tell(new RoutingPool.OrgChanged(chart));
          }
          return chart;
        });
  }
}
