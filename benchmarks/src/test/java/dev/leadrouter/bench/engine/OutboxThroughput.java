package dev.leadrouter.bench.engine;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.DatabaseConfig;
import dev.leadrouter.persistence.delivery.NotificationSettings;
import dev.leadrouter.persistence.delivery.OutboxDispatcher;
import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.delivery.WebhookChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Outbox delivery throughput over the webhook channel (issue 6: at least 1,000 deliveries/s).
 *
 * <p>Fills a fresh outbox with {@code rows} PENDING webhook rows (through {@link
 * OutboxStore#insert}, payloads like the projection's reminders), starts a local webhook receiver
 * (JDK HttpServer on 127.0.0.1, answering 200 with {@code receiverThreads} threads) and runs {@link
 * OutboxDispatcher} (the behavior itself, as the guardian of a local ActorSystem, with the real
 * {@link WebhookChannel} and {@code leadrouter.notifications.max-in-flight = maxInFlight}) until every
 * row is SENT. Reports rows SENT per second (overall, and between 10 % and 90 %).
 *
 * <p>System properties [defaults]: {@code db} (required), {@code rows} [50000], {@code maxInFlight}
 * [64], {@code receiverThreads} [4], {@code extraSql} [none] (one statement run after the
 * migrations, for schema experiments), {@code maxMinutes} [10], {@code report}
 * [target/bench/outbox.txt].
 */
public final class OutboxThroughput {

  private OutboxThroughput() {}

  public static void main(String[] args) throws Exception {
    Bench.watchdog(Duration.ofMinutes(Bench.longProp("maxMinutes", 10)));
    String db = Bench.database();
    int rows = (int) Bench.longProp("rows", 50_000);
    int maxInFlight = (int) Bench.longProp("maxInFlight", 64);
    int receiverThreads = (int) Bench.longProp("receiverThreads", 4);
    Path report = Path.of(Bench.prop("report", "target/bench/outbox.txt"));

    AtomicLong received = new AtomicLong();
    ExecutorService receiverPool = Executors.newFixedThreadPool(receiverThreads);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    receiver.createContext("/hook", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      received.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.setExecutor(receiverPool);
    receiver.start();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    Path work = Files.createTempDirectory("bench-outbox");
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("leadrouter.db.vendor", "postgres");
    m.put("leadrouter.db.url", Bench.jdbcUrl(db));
    m.put("leadrouter.db.user", Bench.prop("dbUser", "leadrouter"));
    m.put("leadrouter.db.password", Bench.prop("dbPassword", "leadrouter"));
    m.put("leadrouter.data-dir", work.toString());
    m.put("leadrouter.notifications.max-in-flight", maxInFlight);
    m.put("leadrouter.notifications.webhook.url", url);
    m.put("leadrouter.notifications.webhook.secret", "bench-webhook-secret");
    m.put("pekko.actor.provider", "local");
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.put("pekko.loglevel", "WARNING");
    Config config = DatabaseConfig.load(ConfigFactory.parseMap(m, "bench"));
    Bench.log("outbox throughput: %,d webhook rows, max-in-flight %d, receiver %s (%d threads), database %s; %s", rows,
        maxInFlight, url, receiverThreads, db, Bench.jvmDescription());

    List<String> out = new ArrayList<>();
    try (Database database = Database.create(config)) {
      database.migrate();
      String extraSql = Bench.prop("extraSql", "");
      if (!extraSql.isEmpty()) {
        // an experiment on the schema, e.g. an index: -DextraSql="CREATE INDEX ..."
        try (Connection c = database.dataSource().getConnection(); var st = c.createStatement()) {
          st.execute(extraSql);
        }
        Bench.log("executed: %s", extraSql);
      }
      fill(database, rows);
      NotificationSettings settings = NotificationSettings.fromConfig(config);
      Clock clock = Clock.systemUTC();
      try (Connection c = Bench.connect(db)) {
        long t0 = System.nanoTime();
        ActorSystem<OutboxDispatcher.Command> system = ActorSystem.create(
            OutboxDispatcher.create(new OutboxStore(database), List.of(new WebhookChannel(settings.webhook(), clock)),
                OutboxDispatcher.delivery(settings, RandomGenerator.getDefault()), clock, settings),
            "bench-outbox", config);
        long t10 = -1;
        long t90 = -1;
        long done = -1;
        long lastLog = 0;
        List<String> series = new ArrayList<>();
        long end = t0 + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
          long sent = Bench.count(c, "SELECT count(*) FROM outbox WHERE status = 'SENT'");
          long now = System.nanoTime() - t0;
          if (t10 < 0 && sent >= rows / 10) t10 = now;
          if (t90 < 0 && sent >= rows * 9L / 10) t90 = now;
          if (now - lastLog >= 1_000_000_000L || sent >= rows) {
            lastLog = now;
            series.add(String.format(Locale.ROOT, "%6.1f s  SENT %,8d  received %,8d", now / 1e9, sent, received.get()));
            Bench.log("%s", series.get(series.size() - 1).trim());
          }
          if (sent >= rows) {
            done = now;
            break;
          }
          Thread.sleep(100);
        }
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long failed = Bench.count(c, "SELECT count(*) FROM outbox WHERE status <> 'SENT'");
        out.add("# outbox delivery throughput (webhook), " + Instant.now());
        out.add(Bench.jvmDescription());
        out.add(String.format(Locale.ROOT, "%,d rows, max-in-flight %d, receiver threads %d; requests received %,d;"
            + " rows not SENT at the end %,d", rows, maxInFlight, receiverThreads, received.get(), failed));
        if (!extraSql.isEmpty()) out.add("schema experiment: " + extraSql);
        out.add(done < 0 ? "NOT all rows SENT within 5 minutes"
            : String.format(Locale.ROOT, "all rows SENT after %.2f s: %.0f rows/s overall; %.0f rows/s between 10 %% and 90 %%",
                done / 1e9, rows / (done / 1e9), (rows * 0.8) / ((t90 - t10) / 1e9)));
        out.add("");
        out.add("progress:");
        out.addAll(series);
      }
    } finally {
      receiver.stop(0);
      receiverPool.shutdownNow();
    }
    Bench.writeReport(report, out, 5);
    System.exit(0);
  }

  /** {@code rows} PENDING webhook rows, due now, inserted in transactions of 1,000. */
  private static void fill(Database database, int rows) throws Exception {
    long t = System.nanoTime();
    long now = System.currentTimeMillis();
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      List<OutboxStore.NewRow> batch = new ArrayList<>(1000);
      for (int i = 0; i < rows; i++) {
        String lead = java.util.UUID.randomUUID().toString();
        String rep = "rep-" + (i % 30);
        String payload = Bench.JSON.createObjectNode()
            .put("leadId", lead).put("kind", "REMINDER").put("role", "rep").put("recipientId", rep)
            .put("channel", "webhook").put("at", Instant.ofEpochMilli(now).toString())
            .put("step", 0).put("action", "REMIND").put("dueAt", Instant.ofEpochMilli(now).toString()).toString();
        batch.add(new OutboxStore.NewRow(lead + ":3:" + rep + ":webhook", lead, rep, "webhook", "REMINDER", payload));
        if (batch.size() == 1000 || i == rows - 1) {
          OutboxStore.insert(c, batch, now);
          c.commit();
          batch.clear();
        }
      }
      c.setAutoCommit(true);
      try (var st = c.createStatement()) {
        st.execute("ANALYZE outbox"); // as autovacuum would soon: the claim query's plan depends on it
      }
    }
    Bench.log("%,d PENDING webhook rows inserted in %.1f s", rows, (System.nanoTime() - t) / 1e9);
  }
}
