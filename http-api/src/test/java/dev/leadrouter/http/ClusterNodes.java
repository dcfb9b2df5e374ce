package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Several {@link RunningJar}s forming one cluster on 127.0.0.1 and one PostgreSQL database: node
 * {@code i} has its own data directory and a fixed cluster port (so it can restart at the same
 * address), {@code LEADROUTER_CLUSTER_SEEDS} names the first two nodes, HTTP and management ports are
 * free ports. {@link #startAll()} starts the first seed (it forms the cluster), then the others. {@link #close()}
 * stops every node still running; the caller owns the database.
 */
final class ClusterNodes implements AutoCloseable {

  private final Path dir;
  private final String timeScale;
  private final Map<String, String> env;
  private final int[] clusterPorts;
  private final RunningJar[] nodes;
  private final int[] starts;

  ClusterNodes(Path dir, int size, String timeScale, Config db, Path orgFile) throws IOException {
    this.dir = dir;
    this.timeScale = timeScale;
    this.clusterPorts = new int[size];
    this.nodes = new RunningJar[size];
    this.starts = new int[size];
    for (int i = 0; i < size; i++) clusterPorts[i] = freePort();
    Map<String, String> e = new LinkedHashMap<>();
    e.put("LEADROUTER_DB", "postgres");
    e.put("LEADROUTER_DB_URL", db.getString("leadrouter.db.url") + "?reWriteBatchedInserts=true");
    e.put("LEADROUTER_DB_USER", db.getString("leadrouter.db.user"));
    e.put("LEADROUTER_DB_PASSWORD", db.getString("leadrouter.db.password"));
    e.put("LEADROUTER_ORG_FILE", orgFile.toString());
    e.put("LEADROUTER_CLUSTER_SEEDS", "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1]);
    this.env = Map.copyOf(e);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  int size() {
    return nodes.length;
  }

  /** Starts node {@code i} (again, after a kill or stop) and waits until it listens. */
  RunningJar start(int i) throws Exception {
    Path data = dir.resolve("node" + i);
    Files.createDirectories(data);
    Map<String, String> e = new LinkedHashMap<>(env);
    e.put("LEADROUTER_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
    nodes[i] = RunningJar.start(data, "run" + (++starts[i]) + ".log", timeScale, e);
    return nodes[i];
  }

  /** Node 0 (the first seed forms the cluster), then the others at once. */
  void startAll() throws Exception {
    start(0);
    java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(nodes.length);
    try {
      List<java.util.concurrent.Future<RunningJar>> started = new ArrayList<>();
      for (int i = 1; i < nodes.length; i++) {
        int n = i;
        started.add(starters.submit(() -> start(n)));
      }
      for (java.util.concurrent.Future<RunningJar> f : started) f.get();
    } finally {
      starters.shutdown();
    }
  }

  RunningJar node(int i) {
    return nodes[i];
  }

  /** The remoting address of node {@code i}, as /cluster/members names it. */
  String address(int i) {
    return "pekko://leadrouter@127.0.0.1:" + clusterPorts[i];
  }

  /** The running nodes. */
  List<RunningJar> up() {
    List<RunningJar> out = new ArrayList<>();
    for (RunningJar n : nodes) if (n != null && n.alive()) out.add(n);
    return out;
  }

  /** Waits until {@code viewer}'s /cluster/members shows exactly {@code expected} Up (sorted addresses) and none unreachable. */
  void awaitMembersUp(RunningJar viewer, List<String> expected, Duration max) {
    awaitAssert(max, () -> {
      JsonNode m = viewer.members();
      List<String> upMembers = StreamSupport.stream(m.get("members").spliterator(), false)
          .filter(x -> x.get("status").asText().equals("Up")).map(x -> x.get("node").asText()).sorted().toList();
      assertEquals(expected.stream().sorted().toList(), upMembers, "Up members: " + m);
      assertEquals(0, m.get("unreachable").size(), "unreachable: " + m);
    });
  }

  List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) out.add(address(i));
    return out;
  }

  void kill(int i) throws InterruptedException {
    nodes[i].kill();
  }

  /** SIGTERM to node {@code i}; whether it left and exited within {@code max}. */
  boolean stop(int i, Duration max) throws InterruptedException {
    return nodes[i].stop(max);
  }

  /** Stops every node and keeps their logs in {@code target/cluster-logs/<name>} (the data directory is temporary). */
  void close(String name) throws InterruptedException {
    close();
    try {
      Path keep = Path.of("target", "cluster-logs", name);
      Files.createDirectories(keep);
      for (int i = 0; i < nodes.length; i++) {
        Path data = dir.resolve("node" + i);
        if (!Files.isDirectory(data)) continue;
        try (var logs = Files.list(data)) {
          for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
            Files.copy(log, keep.resolve("node" + i + "-" + log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (RunningJar n : nodes) if (n != null) n.close();
  }
}
