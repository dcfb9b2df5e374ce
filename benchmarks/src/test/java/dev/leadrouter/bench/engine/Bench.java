package dev.leadrouter.bench.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.http.Main;
import dev.leadrouter.persistence.DatabaseConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Shared parts of the in-process benchmarks: parameters (system properties with defaults), a
 * generated org chart, a real engine ({@link Main#init}) on a local PostgreSQL database, leads told
 * straight to the {@link Lead} entities (no HTTP), read-model queries, heap readings and a hard time
 * limit. Not a test: run by benchmarks/bench-*.sh, never by {@code mvn verify}.
 */
final class Bench {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  static final String[] REGIONS = {"华东", "华南", "华北"};
  private static final String[] INDUSTRIES = {"工业自动化", "新能源电池", "SaaS", "K12教育"};

  private Bench() {}

  // ---------------------------------------------------------------- parameters

  static String prop(String name, String def) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? def : v.trim();
  }

  static long longProp(String name, long def) {
    long v = Long.parseLong(prop(name, Long.toString(def)));
    if (v < 0) throw new IllegalArgumentException(name + " must be >= 0, got " + v);
    return v;
  }

  static double doubleProp(String name, double def) {
    double v = Double.parseDouble(prop(name, Double.toString(def)));
    if (!(v > 0)) throw new IllegalArgumentException(name + " must be > 0, got " + v);
    return v;
  }

  /** The database of this run ({@code -Ddb=...}, created by the script; always on 127.0.0.1). */
  static String database() {
    String db = prop("db", "");
    if (!DB_NAME.matcher(db).matches()) throw new IllegalArgumentException("-Ddb=<database> required, got '" + db + "'");
    return db;
  }

  static String jdbcUrl(String db) {
    return "jdbc:postgresql://127.0.0.1:5432/" + db + "?reWriteBatchedInserts=true";
  }

  /** Ends the JVM (status 3) if the run is still going after {@code limit}: every run stops by itself. */
  static void watchdog(Duration limit) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(limit.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("bench: time limit " + limit + " reached, stopping");
      System.err.flush();
      Runtime.getRuntime().halt(3);
    }, "bench-watchdog");
    t.setDaemon(true);
    t.start();
  }

  /** Writes the report, prints its first {@code echoLines} lines and logs where it is. */
  static void writeReport(Path report, List<String> lines, long echoLines) throws IOException {
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.write(report, lines);
    lines.stream().limit(echoLines).forEach(System.out::println);
    log("report written to %s", report.toAbsolutePath());
  }

  static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "%s  " + format + "%n", prepend(Instant.now().toString().substring(11, 23), args));
    System.out.flush();
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** The JVM's flags, for the record. */
  static String jvmDescription() {
    Runtime rt = Runtime.getRuntime();
    return "Java " + System.getProperty("java.version") + ", " + rt.availableProcessors() + " CPUs, max heap "
        + rt.maxMemory() / (1024 * 1024) + " MiB, flags " + ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  // ---------------------------------------------------------------- engine

  /**
   * The engine's config for {@code db}: PostgreSQL on 127.0.0.1, HTTP and cluster on free loopback
   * ports, the generated org chart, a fixed JWT secret, {@code extra} (HOCON) on top.
   */
  static Config config(String db, Path workDir, Path orgChart, String extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leadrouter.db.vendor", "postgres");
    m.put("leadrouter.db.url", jdbcUrl(db));
    m.put("leadrouter.db.user", prop("dbUser", "leadrouter"));
    m.put("leadrouter.db.password", prop("dbPassword", "leadrouter"));
    m.put("leadrouter.data-dir", workDir.toAbsolutePath().toString());
    m.put("leadrouter.org-file", orgChart.toAbsolutePath().toString());
    m.put("leadrouter.auth.jwt-secret", "bench-secret-bench-secret-bench-secret-0123");
    m.put("leadrouter.http.host", "127.0.0.1");
    m.put("leadrouter.http.port", 0);
    m.put("leadrouter.startup-timeout", "60s");
    m.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    m.put("pekko.remote.artery.canonical.port", 0);
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.put("pekko.loglevel", "WARNING");
    return DatabaseConfig.load(ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseMap(m, "bench")));
  }

  /** A started engine: the ActorSystem and what {@link Main#init} returned. */
  record Engine(ActorSystem<Void> system, Main.Running running) {
    EngineDeps deps() {
      return running.deps();
    }

    /** Terminates the ActorSystem (CoordinatedShutdown: sharding hand-off, database pools closed). */
    void stop() throws Exception {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * The open leads every rep of the bench org chart holds (asking each Rep entity, which brings it
   * into memory). A rep answers after the reservations it received before the question.
   */
  static long openLeadsHeld(Engine engine, int repsPerRegion) throws Exception {
    long open = 0;
    for (int r = 0; r < REGIONS.length; r++) {
      for (int i = 0; i < repsPerRegion; i++) {
        open += engine.deps().sharding().entityRefFor(Rep.ENTITY_KEY, repId(r, i))
            .<Rep.Status>ask(Rep.GetStatus::new, Duration.ofSeconds(60)).toCompletableFuture()
            .get(60, TimeUnit.SECONDS).openLeads();
      }
    }
    return open;
  }

  static Engine start(Config config) throws Exception {
    return start(config, Clock.systemUTC());
  }

  /** The engine on {@code clock} (the restart bench runs a kept database at the time it was made for). */
  static Engine start(Config config, Clock clock) throws Exception {
    // bench-*.sh set java.util.concurrent.ForkJoinPool.common.parallelism=2 as Main.main does.
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "leadrouter", config);
    try {
      Main.Running running = Main.init(system, clock).toCompletableFuture().get(120, TimeUnit.SECONDS);
      return new Engine(system, running);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * An org chart with one director, one manager per region and {@code repsPerRegion} reps per region
   * (any industry, any budget, capacity {@code capacity}, channel app), written to {@code dir}.
   */
  static Path orgChart(Path dir, int repsPerRegion, int capacity) throws IOException {
    ObjectNode chart = JSON.createObjectNode();
    ArrayNode regions = chart.putArray("regions");
    ArrayNode teams = chart.putArray("teams");
    ArrayNode people = chart.putArray("people");
    ObjectNode director = people.addObject();
    director.put("id", "dir-bench").put("name", "Bench Director").put("role", "director")
        .put("email", "director@bench.invalid").putArray("channels").add("app");
    for (int r = 0; r < REGIONS.length; r++) {
      String manager = "mgr-" + r;
      regions.addObject().put("name", REGIONS[r]).put("managerId", manager);
      teams.addObject().put("id", "team-" + r).put("name", "Team " + REGIONS[r]).put("managerId", manager);
      ObjectNode m = people.addObject();
      m.put("id", manager).put("name", "Manager " + r).put("role", "manager").put("managerId", "dir-bench")
          .put("team", "team-" + r).put("email", manager + "@bench.invalid").putArray("channels").add("app");
      for (int i = 0; i < repsPerRegion; i++) {
        ObjectNode rep = people.addObject();
        rep.put("id", repId(r, i)).put("name", "Rep " + r + "/" + i).put("role", "rep")
            .put("managerId", manager).put("team", "team-" + r);
        rep.putArray("regions").add(REGIONS[r]);
        rep.put("capacity", capacity).put("availability", "available");
        rep.putArray("channels").add("app");
      }
    }
    Path file = dir.resolve("bench-org.json");
    Files.writeString(file, JSON.writeValueAsString(chart));
    return file;
  }

  /** The id of rep {@code i} of region {@code r} in {@link #orgChart}. */
  static String repId(int r, int i) {
    return "rep-" + r + "-" + i;
  }

  /** The setting after which idle entities leave memory (a HOCON duration, or {@code off}). */
  static final String IDLE_TIMEOUT = "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout";

  /** The config lines that make entities, leads among them, leave memory after {@code idle} (e.g. {@code 30s}, or {@code off}). */
  static String passivateAfter(String idle) {
    return IDLE_TIMEOUT + " = " + idle + "\nleadrouter.lead.idle-timeout = " + idle;
  }

  // ---------------------------------------------------------------- leads

  /** A realistic cleaned lead, as {@code POST /api/v1/leads} would build it (regions round-robin). */
  static CleanLead lead(String runId, long seq) {
    ObjectNode body = JSON.createObjectNode()
        .put("source", "bench")
        .put("sourceEventId", "bench-" + runId + "-" + seq)
        .put("name", "压测客户" + seq)
        .put("phone", String.format(Locale.ROOT, "+86138%08d", seq % 100_000_000L))
        .put("email", "b" + seq + "." + runId + "@bench.example.com")
        .put("company", "苏州恒拓精密机械有限公司")
        .put("region", REGIONS[(int) (seq % REGIONS.length)])
        .put("industry", INDUSTRIES[(int) (seq % INDUSTRIES.length)])
        .put("budget", "50-200万");
    LeadInputParser.Result parsed = LeadInputParser.parse(body);
    if (!parsed.ok()) throw new IllegalStateException("bench lead invalid: " + parsed.errors());
    return LeadCleaner.clean(parsed.input());
  }

  static String runId() {
    return Long.toString(System.currentTimeMillis(), 36);
  }

  /**
   * Tells {@link Lead.Receive} to new lead entities with at most {@code inFlight} unanswered, like
   * the HTTP route does after the intake key; the lead then routes itself through its region's pool.
   */
  static final class Creator {
    private final EngineDeps deps;
    private final String runId = runId();
    private final Semaphore permits;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    Creator(EngineDeps deps, int inFlight) {
      this.deps = deps;
      this.permits = new Semaphore(inFlight);
    }

    /** Sends one new lead (blocks while {@code inFlight} are unanswered). */
    void createOne() throws InterruptedException {
      permits.acquire();
      long seq = sent.getAndIncrement();
      CleanLead lead = lead(runId, seq);
      deps.sharding().entityRefFor(Lead.ENTITY_KEY, Ids.newLeadId())
          .<Lead.Accepted>ask(replyTo -> new Lead.Receive(lead, null, replyTo), Duration.ofSeconds(60))
          .whenComplete((ok, error) -> {
            (error == null ? accepted : failed).incrementAndGet();
            permits.release();
          });
    }

    /** Waits until every lead sent was answered (or {@code timeout}). */
    boolean awaitAnswers(Duration timeout) throws InterruptedException {
      long end = System.nanoTime() + timeout.toNanos();
      while (accepted.get() + failed.get() < sent.get()) {
        if (System.nanoTime() > end) return false;
        Thread.sleep(50);
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- database

  static Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(db), prop("dbUser", "leadrouter"), prop("dbPassword", "leadrouter"));
  }

  /** A probe of a run's progress that may read the database. */
  @FunctionalInterface
  interface Probe<T> {
    T get() throws Exception;
  }

  /**
   * Polls {@code done} every 100 ms from {@code t0nanos} until it holds or {@code deadlineNanos}
   * passes, adding a {@code progress} line (prefixed with the seconds since {@code t0nanos}) to
   * {@code series} and the log every 5 s and once at the end. Returns the nanoseconds from
   * {@code t0nanos} to the probe that found it done, or -1 when it never did.
   */
  static long pollUntilDone(long t0nanos, long deadlineNanos, Probe<Boolean> done, Probe<String> progress,
      List<String> series) throws Exception {
    long lastTick = -1;
    while (System.nanoTime() < deadlineNanos) {
      boolean finished = done.get();
      long elapsed = System.nanoTime() - t0nanos;
      long tick = elapsed / 5_000_000_000L;
      if (tick != lastTick || finished) {
        lastTick = tick;
        series.add(String.format(Locale.ROOT, "%6.1f s  ", elapsed / 1e9) + progress.get());
        log("%s", series.get(series.size() - 1).trim());
      }
      if (finished) return elapsed;
      Thread.sleep(100);
    }
    return -1;
  }

  static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static final String ASSIGNED = "SELECT count(*) FROM lead_index WHERE status = 'ASSIGNED'";
  static final String PENDING_DEADLINES = "SELECT count(*) FROM deadline_index WHERE step >= 0";

  /** Waits until {@code sql} counts at least {@code expected} (polling), logging progress; false on timeout. */
  static boolean awaitCount(Connection c, String what, String sql, long expected, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    long last = -1;
    long lastLog = 0;
    while (true) {
      long n = count(c, sql);
      if (n >= expected) {
        log("%s: %,d of %,d", what, n, expected);
        return true;
      }
      if (System.nanoTime() > end) {
        log("%s: only %,d of %,d after %s", what, n, expected, timeout);
        return false;
      }
      if (n != last && System.nanoTime() - lastLog > 5_000_000_000L) {
        log("%s: %,d of %,d", what, n, expected);
        lastLog = System.nanoTime();
      }
      last = n;
      Thread.sleep(250);
    }
  }

  // ---------------------------------------------------------------- heap and entities

  /** Used heap after repeated full collections (System.gc is a full, compacting GC with G1). */
  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** {@code jcmd <pid> GC.class_histogram}, in-process (it runs a full GC first). */
  static String classHistogram() throws Exception {
    return (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  /** Entities of {@code Lead} alive in this node's shard region (from sharding itself). */
  static long residentLeads(ActorSystem<?> system) throws Exception {
    return resident(system, Lead.ENTITY_KEY);
  }

  /** Entities of type {@code key} alive in this node's shard region (from sharding itself). */
  static long resident(ActorSystem<?> system, EntityTypeKey<?> key) throws Exception {
    ShardRegion.CurrentShardRegionState state = AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(key, replyTo),
            Duration.ofSeconds(30), system.scheduler())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return state.getShards().stream().mapToLong(s -> s.getEntityIds().size()).sum();
  }

  /** Collections and their total time so far, per collector (G1 Young / Old / Concurrent). */
  static String gcSummary() {
    StringBuilder sb = new StringBuilder();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (sb.length() > 0) sb.append("; ");
      sb.append(String.format(Locale.ROOT, "%s: %,d in %,d ms", gc.getName(), gc.getCollectionCount(), gc.getCollectionTime()));
    }
    return sb.toString();
  }

  /** p-th percentile (0..100) of sorted values, nearest rank. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024.0));
  }

  static List<String> topLines(String text, int n) {
    return text.lines().limit(n).toList();
  }
}
