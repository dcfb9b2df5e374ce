package dev.leadrouter.http;

import com.typesafe.config.Config;
import dev.leadrouter.engine.boot.Engine;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.dedup.JdbcKeyClaims;
import dev.leadrouter.persistence.dedup.KeyClaimImport;
import dev.leadrouter.persistence.DatabaseConfig;
import dev.leadrouter.persistence.delivery.NotificationSettings;
import dev.leadrouter.persistence.delivery.OutboxDispatcher;
import dev.leadrouter.persistence.fetch.SourceFetcher;
import dev.leadrouter.persistence.fetch.SourcePullStore;
import dev.leadrouter.persistence.deadline.DeadlineScanner;
import dev.leadrouter.persistence.lead.LeadProjection;
import dev.leadrouter.persistence.lead.SourceHealthAlert;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.live.LiveChangeStore;
import dev.leadrouter.persistence.opportunity.OpportunityProjection;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel;
import dev.leadrouter.persistence.projection.SlicedProjection;
import dev.leadrouter.persistence.rep.RepProjection;
import dev.leadrouter.persistence.rep.RepRotationLog;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.imports.ImportReports;
import dev.leadrouter.persistence.source.SourceDeliveryLog;
import dev.leadrouter.persistence.session.LoginLinkUses;
import dev.leadrouter.persistence.source.SourceEventStore;
import dev.leadrouter.persistence.source.SourceIntake;
import dev.leadrouter.engine.dedup.Intake;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.LeadObserver;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.persistence.journal.JournalObserver;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import static org.apache.pekko.http.javadsl.server.Directives.*;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/** Starts leadrouter: database, cluster, entities, projections, deadline scanner, HTTP. */
public final class Main {

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  // First, before the logger below: with fewer than 3 cores the common ForkJoinPool has parallelism 1,
  // and CompletableFuture then starts a new thread for every async completion — and Scala's futures
  // as Java ones (every Pekko ask) run even thenApply as thenApplyAsync: thousands of threads a second
  // under load (docs/benchmarks.md, "Sustained runs"). The pool reads the property once, when first
  // touched, and initialising logging touches it: set in main() (as it was), it never took effect.
  static {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** A started engine. */
  public record Running(ServerBinding binding, EngineDeps deps, Database db, Auth auth) {
    public int port() {
      return binding.localAddress().getPort();
    }
  }

  private Main() {}

  public static void main(String[] args) {
    Config config = DatabaseConfig.load();
    if (args.length > 0 && args[0].equals("token")) {
      try {
        System.out.println(TokenCommand.run(args, config));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      return;
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "leadrouter", config);
    init(system, Clock.systemUTC()).whenComplete((running, error) -> {
      if (error != null) {
        log.error("leadrouter failed to start", error);
        system.terminate();
        return;
      }
      if (running.auth().demoMode()) printDemoBanner(running);
    });
  }

  public static CompletionStage<Running> init(ActorSystem<?> system, Clock clock) {
    Config config = system.settings().config();
    Database db = Database.create(config);
    int applied = db.migrate();
    log.info("Database {} ready ({} migrations applied)", db.vendor(), applied);
    KeyClaimImport.run(db, system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-database",
        () -> {
          db.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });

    Cluster cluster = Cluster.get(system);
    ClusterFormation formation = ClusterFormation.fromConfig(config, system.name());
    PekkoManagement.get(system).start().whenComplete((uri, error) -> {
      if (error != null) {
        log.error("management did not bind (pekko.management.http, LEADROUTER_MANAGEMENT_PORT): /cluster/members and"
            + " Cluster Bootstrap are unavailable on this node", error);
      } else {
        log.info("management on http://{}:{}", uri.host().address(), uri.port());
      }
    });
    ClusterFormation.join(system, formation);
    log.info("Cluster formation: {}", formation);
    EngineDeps deps = Engine.init(system, clock);
    java.util.List<SlicedProjection.Running> projections = java.util.List.of(
        LeadProjection.init(system, db, deps.settings(), clock, source -> deps.sources().current().credibility(source),
            new SourceHealthAlert(SourceHealthAlert.Settings.fromConfig(system.settings().config()),
                () -> SourceHealthAlert.recipients(deps.directory().current()))),
        OpportunityProjection.init(system, db, deps.settings(), clock),
        RepProjection.init(system, db, clock, () -> deps.routing().rules().document().breachStreakLimit()));

    Auth auth = Auth.fromConfig(config, clock);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    projections.forEach(p -> ProjectionMetrics.bind(metrics, p));
    StorageMetrics storageMetrics = new StorageMetrics(metrics);
    JournalObserver.Registry.get(system).set(storageMetrics);
    LeadObserver.Registry.get(system).set(new LeadMetrics(metrics));
    ClusterMetrics clusterMetrics = new ClusterMetrics(system, metrics, List.of(Lead.ENTITY_KEY, Rep.ENTITY_KEY,
        RoutingPool.ENTITY_KEY, RoutingLedger.ENTITY_KEY, DocumentStore.ENTITY_KEY, OpportunityProtocol.ENTITY_KEY));
    Duration metricsPoll = config.getDuration("leadrouter.metrics.poll-interval");
    ExecutionContextExecutor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    Duration askTimeout = config.getDuration("leadrouter.http.ask-timeout");
    AtomicBoolean started = new AtomicBoolean(false);
    // A rolling restart: readiness answers 503 from the first phase of CoordinatedShutdown, before the
    // HTTP binding stops taking connections and drains, and before this node's shards hand off.
    AtomicBoolean stopping = new AtomicBoolean(false);
    Duration unreadyDelay = formation instanceof ClusterFormation.SelfJoin || formation instanceof ClusterFormation.Manual
        ? Duration.ZERO : config.getDuration("leadrouter.cluster.unready-delay");
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "readiness-down", () -> {
      stopping.set(true);
      log.info("Shutting down: readiness answers 503 from now on, the HTTP port unbinds in {} ms", unreadyDelay.toMillis());
      return CompletableFuture.supplyAsync(Done::getInstance,
          CompletableFuture.delayedExecutor(unreadyDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    });
    LeadReadModel readModel = new LeadReadModel(db);
    SourceEventStore sourceEvents = new SourceEventStore(db);
    Intake intake = new Intake(deps, new JdbcKeyClaims(db, blocking, clock), askTimeout);
    SourceIntake sourceIntake = new SourceIntake(sourceEvents, intake, blocking, clock);
    SourcePullStore sourcePulls = new SourcePullStore(db);
    SourceFetcher.init(system, new SourceFetcher(sourceEvents, sourcePulls, sourceIntake, deps,
        SourceFetcher.Settings.fromConfig(config)));
    OutboxReadModel outboxReadModel = new OutboxReadModel(db);
    LiveFeed liveFeed = LiveFeed.start(system, new LiveChangeStore(db), readModel, new OpportunityReadModel(db), deps,
        blocking, LiveFeed.Settings.fromConfig(config));
    LeadRoutes leadRoutes = new LeadRoutes(deps, auth, askTimeout, metrics, readModel, outboxReadModel, blocking, intake);

    // Every route object is made once, here: a directive's inner route is a supplier that runs on
    // every request, and building every route class per request (config reads, regex compilation)
    // showed in the engine's CPU profile under load (docs/benchmarks.md).
    StreamRoutes appStreams = new StreamRoutes(deps, auth, new OutboxStore(db), blocking,
        config.getDuration("leadrouter.http.stream-poll-interval"), config.getDuration("leadrouter.http.stream-heartbeat"),
        liveFeed);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "app-streams-stop", () -> {
      appStreams.stop();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    SessionRoutes sessionRoutes = new SessionRoutes(deps, auth, new LoginLinkUses(db), blocking,
        SessionRoutes.Settings.fromConfig(config));
    Route v1 = concat(
        leadRoutes.route(),
        sessionRoutes.apiRoute(),
        leadRoutes.notificationsRoute(),
        new OpportunityRoutes(deps, auth, outboxReadModel, blocking, askTimeout).route(),
        new OrgRoutes(deps, auth, askTimeout).route(),
        new AvailabilityRoutes(deps, auth, askTimeout).route(),
        new RepRoutes(deps, auth, readModel, blocking, askTimeout).route(),
        new SlaRoutes(deps, auth, readModel, blocking, askTimeout).route(),
        new ReportRoutes(deps, auth, readModel, new RepRotationLog(db.dataSource()),
            SourceHealthAlert.Settings.fromConfig(config), blocking).route(),
        new RoutingRoutes(deps, auth, readModel, blocking, askTimeout).route(),
        new SourceRoutes(deps, auth, sourceIntake, sourceEvents, sourcePulls, new SourceDeliveryLog(db),
            config.getString("leadrouter.http.public-base-url"), blocking, askTimeout).route(),
        new ImportRoutes(auth, new LeadImport(deps, intake, askTimeout), new ImportReports(db), blocking, clock,
            ImportRoutes.Settings.fromConfig(config)).route(),
        new ProjectionRoutes(auth, projections.stream().map(SlicedProjection.Running::repair).toList(), blocking).route(),
        new OpportunityListRoutes(deps, auth, new OpportunityReadModel(db), PipelineStages.of(deps.pipelines()), blocking).route(),
        appStreams.route());
    Route api = pathPrefix("api", () -> pathPrefix("v1", () -> v1));
    JournalProbe journalProbe = new JournalProbe(system, Duration.ofSeconds(2));
    RateLimits rateLimits = RateLimits.fromConfig(config, auth, clock, metrics);
    // Built once: the directives below take suppliers, which run on every request.
    Route routes = concat(rateLimits.apply(() -> api), sessionRoutes.appRoute(), new PageRoutes(auth, Assets.load()).route(),
        new OpenApiRoutes().route(), new HealthRoutes(auth, db, journalProbe,
        () -> started.get() && cluster.selfMember().status() == MemberStatus.up(), stopping::get, metrics, blocking,
        () -> projections.stream().flatMap(p -> p.guard().problems().stream()).toList()).route());
    Route gated = handleExceptions(Problems.EXCEPTIONS, () ->
        handleRejections(Problems.REJECTIONS, () -> RouteTable.gate(() -> routes)));
    // pekko-http answers a request that outlives pekko.http.server.request-timeout (a body trickled
    // too slowly, an answer too late) with a plain-text 503 of its own unless told otherwise.
    Duration requestTimeout = config.getDuration("pekko.http.server.request-timeout");
    Route timed = withRequestTimeoutResponse(request -> Problems.unavailable("the request was not read and answered within "
        + requestTimeout.toSeconds() + " s (pekko.http.server.request-timeout): a body sent too slowly, or an engine too busy; retry"),
        () -> gated);
    Route all = new AccessLog(metrics, deps.sources()).apply(() -> timed);

    return Engine.start(deps, seedChart(config), seedRouting(config), config.getDuration("leadrouter.startup-timeout"))
        .thenCompose(chart -> {
          // Only once the org chart is loaded: a lead woken earlier fires its overdue SLA steps with an
          // empty chart (no one to notify), and the dispatcher would not see quiet hours.
          DeadlineScanner.init(system, db, deps, DeadlineScanner.Settings.fromConfig(config));
          List<String> channels = OutboxDispatcher.init(system, db, deps, NotificationSettings.fromConfig(config), storageMetrics);
          storageMetrics.channels(channels);
          new BacklogMetrics(metrics, clock, readModel, outboxReadModel,
              chart.regions().stream().map(OrgChart.Region::name).toList(), channels).start(system, metricsPoll, blocking);
          clusterMetrics.start(metricsPoll);
          started.set(true);
          log.info("Org chart in force: {} people in {} regions", chart.people().size(), chart.regions().size());
          return HttpServer.bind(system, config.getString("leadrouter.http.host"), config.getInt("leadrouter.http.port"),
              all, HttpServer.Limits.fromConfig(config));
        })
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
          log.info("leadrouter listening on http://{}:{}", binding.localAddress().getHostString(),
              binding.localAddress().getPort());
          return new Running(binding, deps, db, auth);
        });
  }

  /** The org chart file ({@code leadrouter.org-file}), else the bundled demo chart. */
  static OrgChart seedChart(Config config) {
    String file = config.getString("leadrouter.org-file");
    try (InputStream in = file.isBlank()
        ? Main.class.getResourceAsStream("/demo-org.json")
        : Files.newInputStream(Path.of(file))) {
      return Json.MAPPER.readValue(in, OrgChart.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the org chart " + (file.isBlank() ? "demo-org.json" : file), e);
    }
  }

  /**
   * The routing rules file ({@code leadrouter.routing-file}); else, with the bundled demo chart, the
   * bundled demo rules; else none (the built-in default routes until rules are published).
   */
  static String seedRouting(Config config) {
    String file = config.getString("leadrouter.routing-file");
    boolean demo = config.getString("leadrouter.org-file").isBlank();
    if (file.isBlank() && !demo) return null;
    try (InputStream in = file.isBlank() ? Main.class.getResourceAsStream("/demo-routing.json") : Files.newInputStream(Path.of(file))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the routing rules " + (file.isBlank() ? "demo-routing.json" : file), e);
    }
  }

  private static void printDemoBanner(Running running) {
    String base = "http://127.0.0.1:" + running.port();
    String admin = running.auth().issue("admin", "admin", Duration.ofDays(30));
    String rep = running.auth().issue("rep-east-1", "rep", Duration.ofDays(30));
    String manager = running.auth().issue("mgr-east", "manager", Duration.ofDays(30));
    System.out.println("""

        leadrouter is up on %s (demo org chart, H2 under the data directory)
          admin token   (sub admin):      export ADMIN=%s
          rep token     (sub rep-east-1): export REP=%s
          manager token (sub mgr-east):   export MGR=%s
        Try: curl -s -X POST %s/api/v1/leads -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
               -d '{"name":"王工","phone":"13800138000","region":"上海","industry":"工业自动化","budget":"80万"}'
        Pages: open %s/app/ and paste the manager's token (the board) or the rep's (the rep app).
        """.formatted(base, admin, rep, manager, base, base));
  }
}
