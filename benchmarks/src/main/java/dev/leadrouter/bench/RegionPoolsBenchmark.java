package dev.leadrouter.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.intake.source.SourceDirectory;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgChartDocument;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.rules.RoutingDirectory;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.sla.SlaDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing decisions per second through the real {@link RoutingPool} actors — rules, workload
 * cache, offers in flight, fairness ledger and its saves in {@link RoutingLedger} (to Pekko's
 * in-memory journal) — when the same number of leads comes from one region or is spread over several.
 * Each region's pool decides on its own actor, so with {@code regions} ≥ cores the rate should grow
 * with the cores; one region is one actor, one core at most.
 *
 * <p>Org chart: {@code repsPerRegion} reps tagged with each of seven macro regions (capacity far
 * above the run), the built-in default rules (least loaded in one pool of every rep: a decision looks
 * at all {@code 7 × repsPerRegion} members). Lead and Rep entities are stand-ins: a lead counts its
 * offer and settles it with the pool as the rep's confirmation would, a rep answers an empty
 * workload. An invocation routes {@value #LEADS} leads, split evenly
 * over the regions, and waits for every offer; lead ids repeat (512 per region), so the stand-in
 * lead entities are started before the measurement and not counted.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RegionPoolsBenchmark {

  static final int LEADS = 2_000;
  private static final int LEAD_IDS = 512;
  private static final String[] MACROS = {"华北", "东北", "华东", "华中", "华南", "西南", "西北"};

  @Param({"1", "2", "7"})
  public int regions;

  @Param({"20"})
  public int repsPerRegion;

  private ActorSystem<Void> system;
  private EngineDeps deps;
  private final AtomicReference<CountDownLatch> offers = new AtomicReference<>(new CountDownLatch(0));
  private final List<List<LeadFacts>> leadsByRegion = new ArrayList<>();
  private long next;

  @Setup(Level.Trial)
  public void start() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.loglevel = WARNING
        leadrouter.routing.offer-timeout = 1h
        """).withFallback(PersistenceTestKitPlugin.getInstance().config()).withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "bench", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    while (cluster.selfMember().status() != MemberStatus.up()) Thread.sleep(50);

    List<OrgChart.Person> people = new ArrayList<>();
    people.add(new OrgChart.Person("dir", "总监", OrgChart.DIRECTOR, null, null, null, null, null, null, null, null, null,
        null, null, null));
    for (String macro : MACROS) {
      for (int i = 0; i < repsPerRegion; i++) {
        people.add(new OrgChart.Person(macro + "-" + i, null, OrgChart.REP, "dir", null, List.of(macro), List.of(),
            List.of(), 1_000_000, OrgChart.AVAILABLE, null, null, null, null, null));
      }
    }
    OrgDirectory directory = new OrgDirectory();
    directory.update(new OrgChart(List.of(), List.of(), people));
    EngineSettings settings = EngineSettings.fromConfig(config);
    SlaDirectory sla = new SlaDirectory(settings.seedPolicies());
    ActorRef<Topic.Command<OrgChart>> topic =
        system.systemActorOf(Topic.create(OrgChart.class, OrgChartDocument.TOPIC), "org-topic", Props.empty());
    deps = new EngineDeps(Clock.systemUTC(), settings, directory, sla, new SourceDirectory(),
        new RoutingDirectory(directory, sla), ClusterSharding.get(system), topic);
    // A lead takes its offer and the rep confirms at once (as Rep.Reserve would report): the offer
    // leaves the pool's in-flight set, as it does in production within milliseconds.
    deps.sharding().init(Entity.of(Lead.ENTITY_KEY, ctx -> Behaviors.receiveMessage((Lead.Command m) -> {
      if (m instanceof Lead.Offer offer) {
        String region = ctx.getEntityId().substring(0, ctx.getEntityId().indexOf('|'));
        deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region).tell(
            new RoutingPool.RepChanged(offer.decision().repId(), ctx.getEntityId(), RepWorkload.NONE, false));
        offers.get().countDown();
      }
      return Behaviors.same();
    })));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> Behaviors.receiveMessage((Rep.Command m) -> {
      if (m instanceof Rep.GetLoad get) get.replyTo().tell(RepWorkload.NONE);
      return Behaviors.same();
    })));
    RoutingPool.init(system, deps, new dev.leadrouter.engine.boot.PoolPort(deps));
    RoutingLedger.init(system, deps.sharding());
    for (int r = 0; r < regions; r++) {
      List<LeadFacts> leads = new ArrayList<>();
      String[] industries = {"SaaS", "K12教育", "工业自动化", "新能源电池"};
      for (int i = 0; i < 64; i++) {
        leads.add(LeadFacts.of(industries[i % industries.length], new RegionInfo(MACROS[r], null, null, null), null));
      }
      leadsByRegion.add(leads);
    }
    routeAll(); // start every pool (their rep workloads asked once) before measuring
  }

  @TearDown(Level.Trial)
  public void stop() {
    system.terminate();
  }

  @Benchmark
  @OperationsPerInvocation(LEADS)
  public void routeLeads() throws InterruptedException {
    routeAll();
  }

  private void routeAll() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(LEADS);
    offers.set(latch);
    Instant now = Instant.now();
    int perRegion = LEADS / regions;
    for (int r = 0; r < regions; r++) {
      var pool = deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, MACROS[r]);
      List<LeadFacts> leads = leadsByRegion.get(r);
      int count = r == regions - 1 ? LEADS - perRegion * (regions - 1) : perRegion;
      for (int i = 0; i < count; i++) {
        // A fixed set of lead ids per region: their stand-in entities start once, in the setup.
        pool.tell(new RoutingPool.Route(MACROS[r] + "|" + (next++ % LEAD_IDS), leads.get(i % leads.size()), now,
            List.of()));
      }
    }
    if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException(latch.getCount() + " offers missing");
  }
}
