package dev.leadrouter.bench.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the engine and of PostgreSQL over a stretch of a run (DESIGN §9: per item, not only
 * per second). The engine: this JVM's process CPU time (engine and the in-process load driver). PostgreSQL:
 * user + system time from {@code /proc/<pid>/stat} of every {@code postgres} process on this machine
 * (as shared/perf/e2e.py reads it), and of those serving the run's database alone. A process that
 * ends between two readings loses its time; the engine's pool keeps its backends for the whole run.
 */
final class Cpu {

  private static final double MS_PER_TICK = 1000.0 / clockTicksPerSecond();

  /** One reading: the JVM's CPU nanoseconds, each postgres process's ticks, the run database's backends. */
  record Reading(long jvmNanos, Map<Long, Long> pgTicks, Set<Long> dbBackends) {}

  /** CPU milliseconds between two readings (or a sum of stretches). */
  record Spent(double engineMs, double pgAllMs, double pgDbMs) {
    Spent plus(Spent other) {
      return new Spent(engineMs + other.engineMs, pgAllMs + other.pgAllMs, pgDbMs + other.pgDbMs);
    }

    /** "engine x ms, PostgreSQL y ms (z ms in this database's backends) per item" and the totals. */
    String per(long items, String item) {
      return String.format(Locale.ROOT, "CPU per %s: engine %.2f ms, PostgreSQL %.2f ms (all postgres processes;"
              + " %.2f ms in this database's backends); totals: engine %,.0f ms, PostgreSQL %,.0f ms (%,.0f ms)",
          item, engineMs / items, pgAllMs / items, pgDbMs / items, engineMs, pgAllMs, pgDbMs);
    }
  }

  static final Spent NONE = new Spent(0, 0, 0);

  private Cpu() {}

  static Reading read(Connection c, String db) throws SQLException {
    long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    Set<Long> backends = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, db);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) backends.add(rs.getLong(1));
      }
    }
    return new Reading(jvm, postgresTicks(), backends);
  }

  /** From {@code from} to {@code to}: a process new since {@code from} counts whole. */
  static Spent between(Reading from, Reading to) {
    long all = 0;
    long db = 0;
    for (var e : to.pgTicks().entrySet()) {
      long d = e.getValue() - from.pgTicks().getOrDefault(e.getKey(), 0L);
      all += d;
      if (to.dbBackends().contains(e.getKey())) db += d;
    }
    return new Spent((to.jvmNanos() - from.jvmNanos()) / 1e6, all * MS_PER_TICK, db * MS_PER_TICK);
  }

  private static Map<Long, Long> postgresTicks() {
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (!stat.substring(open + 1, close).startsWith("postgres")) continue;
          String[] f = stat.substring(close + 2).split(" ");
          ticks.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return ticks;
  }

  private static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
    } catch (IOException | RuntimeException e) {
      return 100;
    }
  }

  /** The load average when a run starts (the machine is shared). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
