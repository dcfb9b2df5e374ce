package dev.leadrouter.engine.boot;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EngineSettings;

import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.opportunity.Opportunity;
import dev.leadrouter.engine.opportunity.OpportunityDeps;
import dev.leadrouter.engine.opportunity.PipelineDirectory;
import dev.leadrouter.engine.opportunity.Pipelines;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgChartValidator;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.intake.source.SourceDirectory;
import dev.leadrouter.engine.intake.source.Sources;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.RoutingRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Starts the engine's entities on this node and seeds the configuration documents and the org chart. */
public final class Engine {

  private Engine() {}

  public static EngineDeps init(ActorSystem<?> system, Clock clock) {
    EngineSettings settings = EngineSettings.fromConfig(system.settings().config());
    OrgDirectory directory = new OrgDirectory();
    // Unused since the chart travels on the documents topic with its version (ADR 0016); kept while
    // EngineDeps names it.
    ActorRef<Topic.Command<OrgChart>> topic =
        system.systemActorOf(Topic.create(OrgChart.class, OrgChartDocument.TOPIC), "org-chart-topic",
            Props.empty());
    SlaDirectory sla = new SlaDirectory(settings.seedPolicies());
    SourceDirectory sources = new SourceDirectory();
    RoutingDirectory routing = new RoutingDirectory(directory, sla);
    PipelineDirectory pipelines = new PipelineDirectory(settings.opportunities().seedPipelines());
    Map<String, Consumer<DocumentStore.Published>> apply = Map.of(
        SlaPolicies.KIND, p -> sla.update(SlaPolicies.compile(p.version(), p.json())),
        Pipelines.KIND, p -> pipelines.update(Pipelines.compile(p.version(), p.json())),
        Sources.KIND, p -> sources.update(p.version(), Sources.parse(p.json())),
        RoutingRules.KIND, p -> routing.publish(p.version(), p.json()),
        OrgChartDocument.KIND, p -> directory.update(p.version(), OrgChartDocument.parse(p.json())));
    ActorRef<Topic.Command<DocumentStore.Published>> documents = system.systemActorOf(
        Topic.create(DocumentStore.Published.class, "documents"), "documents-topic", Props.empty());
    ActorRef<DocumentStore.Published> documentListener = system.systemActorOf(
        Behaviors.receiveMessage((DocumentStore.Published published) -> {
          apply.get(published.kind()).accept(published);
          return Behaviors.same();
        }),
        "documents", Props.empty());
    documents.tell(Topic.subscribe(documentListener));
    EngineDeps deps = new EngineDeps(clock, settings, directory, sla, sources, routing, ClusterSharding.get(system), topic,
        pipelines);
    OrgPort org = new OrgPort(deps);
    DocumentStore.init(deps.sharding(), clock,
        List.of(SlaPolicies.DOCUMENT, Sources.DOCUMENT, RoutingRules.document(directory, sla), OrgChartDocument.DOCUMENT,
            Pipelines.document(sla)),
        published -> {
          if (published.kind().equals(OrgChartDocument.KIND)) {
            // The pools and reps are told once, from here; every node's directory through the topic.
            org.published(published);
          } else {
            apply.get(published.kind()).accept(published);
          }
          documents.tell(Topic.publish(published));
        });
    refreshDocuments(system, deps, documentListener);
    Lead.init(system, deps);
    Opportunity.init(deps.sharding(), opportunityDeps(deps));
    Rep.init(system, deps, new RepPort(deps));
    RoutingPool.init(system, deps, new PoolPort(deps));
    RoutingLedger.init(system, deps.sharding());
    return deps;
  }

  /**
   * Every {@code leadrouter.documents.refresh-interval}, reads each document in force from its store
   * and hands it to this node's listener (directories keep the newer version). A topic message is
   * delivered at most once and a node that joins sees only what is published once its subscription
   * has spread: this bounds how long a node can hold an old version (docs/architecture.md, "Caches in a
   * cluster").
   */
  private static void refreshDocuments(ActorSystem<?> system, EngineDeps deps, ActorRef<DocumentStore.Published> listener) {
    Duration interval = system.settings().config().getDuration("leadrouter.documents.refresh-interval");
    if (interval.isZero()) return;
    List<String> kinds = List.of(SlaPolicies.KIND, Sources.KIND, Pipelines.KIND, OrgChartDocument.KIND, RoutingRules.KIND);
    system.scheduler().scheduleWithFixedDelay(interval, interval, () -> {
      for (String kind : kinds) {
        deps.sharding().entityRefFor(DocumentStore.ENTITY_KEY, kind)
            .<DocumentStore.Version>ask(DocumentStore.Get::new, interval)
            .thenAccept(v -> {
              if (v.json() != null) listener.tell(new DocumentStore.Published(kind, v.version(), v.json()));
            });
      }
    }, system.executionContext());
  }

  /** What opportunities need of the engine's deps. */
  public static OpportunityDeps opportunityDeps(EngineDeps deps) {
    return new OpportunityDeps(deps.clock(), deps.settings().timeScale(), deps.settings().leadTags(), deps.pipelines(),
        deps.sla(), deps.directory());
  }

  /**
   * Loads the stored SLA policies, pipelines and org chart (or stores the seeds if none was ever stored) into
   * this node's directories, and wakes every region's pool so queued leads can drain.
   */
  public static CompletionStage<OrgChart> start(EngineDeps deps, OrgChart seed, Duration timeout) {
    return start(deps, seed, null, timeout);
  }

  /**
   * Like {@link #start(EngineDeps, OrgChart, Duration)}, also storing {@code routingSeed} (a routing
   * document, or null) as the routing rules if none were ever stored.
   */
  public static CompletionStage<OrgChart> start(EngineDeps deps, OrgChart seed, String routingSeed, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    OrgChartValidator.Checked checked = OrgChartValidator.check(seed);
    if (!checked.errors().isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("the org chart file is invalid: " + checked.errors()));
    }
    CompletionStage<Void> documents = seed(deps, SlaPolicies.KIND, deps.settings().slaSeed(), deadline)
        .thenAccept(v -> deps.sla().update(SlaPolicies.compile(v.version(), v.json())))
        .thenCompose(x -> seed(deps, Sources.KIND, deps.settings().sourcesSeed(), deadline))
        .thenAccept(v -> deps.sources().update(v.version(), Sources.parse(v.json())))
        .thenCompose(x -> seed(deps, Pipelines.KIND, deps.settings().opportunities().pipelinesSeed(), deadline))
        .thenAccept(v -> {
          if (v.json() != null) deps.pipelines().update(Pipelines.compile(v.version(), v.json()));
        });
    return documents
        .thenCompose(v -> seed(deps, OrgChartDocument.KIND, OrgChartDocument.json(checked.chart()), deadline))
        .thenApply(v -> {
          OrgChart chart = OrgChartDocument.parse(v.json());
          deps.directory().update(v.version(), chart);
          return chart;
        })
        .thenCompose(chart -> {
          return routingInForce(deps, routingSeed, deadline).thenApply(v -> {
            deps.routing().publish(v.version(), v.json());
            return chart;
          });
        })
        .thenApply(chart -> {
          OrgPort org = new OrgPort(deps);
          org.tellPools(chart.poolRegions(), chart);
          org.deactivate(chart.people().stream()
              .filter(p -> p.isRep() && p.isDeactivated()).map(OrgChart.Person::id).toList());
          return chart;
        });
  }

  /**
   * The routing document in force: what is stored, else the seed file (validated against the org
   * chart and calendars now in force; an invalid one stops the start), else none (version 0).
   */
  private static CompletionStage<DocumentStore.Version> routingInForce(EngineDeps deps, String seed, long deadline) {
    return ask(deps, RoutingRules.KIND, DocumentStore.Get::new, deadline).thenCompose(stored -> {
      if (stored.json() != null || seed == null) return CompletableFuture.completedFuture(stored);
      List<dev.leadrouter.engine.common.FieldError> errors =
          RoutingRules.errors(seed, deps.directory().current(), deps.sla().current());
      if (!errors.isEmpty()) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException("the routing rules file is invalid: " + errors));
      }
      return seed(deps, RoutingRules.KIND, seed, deadline);
    });
  }

  /** Stores {@code json} as the document of {@code kind} unless one is stored; answers the version in force. */
  private static CompletionStage<DocumentStore.Version> seed(EngineDeps deps, String kind, String json, long deadline) {
    return ask(deps, kind, replyTo -> new DocumentStore.Seed(json, replyTo), deadline);
  }

  /** How long one start-up ask waits before it is sent again. */
  static final Duration ATTEMPT = Duration.ofSeconds(10);

  /**
   * Asks the document store of {@code kind}, again after each unanswered {@link #ATTEMPT} until
   * {@code deadline} ({@link System#nanoTime()}) passes. During a rolling restart the shard holding the
   * store can be moving between nodes, and an ask sent then may never be answered (the clean-clone CI
   * once saw a restarted node give up after a single 30 s ask). Both start-up asks, Get and Seed, are
   * idempotent, so sending one twice is harmless.
   */
  private static CompletionStage<DocumentStore.Version> ask(EngineDeps deps, String kind,
      Function<ActorRef<DocumentStore.Version>, DocumentStore.Command> message, long deadline) {
    return retryOnTimeout(wait -> deps.sharding().entityRefFor(DocumentStore.ENTITY_KEY, kind).ask(message::apply, wait),
        ATTEMPT, deadline);
  }

  /**
   * Runs {@code attempt} with a wait of {@code each} (less if {@code deadline} is nearer), and again
   * while it fails with a {@link TimeoutException} and the deadline has not passed; any other failure,
   * or a timeout past the deadline, is the answer.
   */
  static <T> CompletionStage<T> retryOnTimeout(Function<Duration, CompletionStage<T>> attempt, Duration each, long deadline) {
    Duration wait = Duration.ofNanos(Math.max(1, Math.min(deadline - System.nanoTime(), each.toNanos())));
    return attempt.apply(wait)
        .handle((answer, failure) -> {
          if (failure == null) return CompletableFuture.completedFuture(answer);
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof TimeoutException && System.nanoTime() < deadline) {
            return retryOnTimeout(attempt, each, deadline);
          }
          return CompletableFuture.<T>failedFuture(cause);
        })
        .thenCompose(stage -> stage);
  }
}
