package dev.leadrouter.persistence;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Our own connection pool (HikariCP) to the database described by {@code leadrouter.db}, plus the
 * Flyway migrations. The Pekko persistence plugins have a separate pool (Slick) to the same
 * database, configured from the same block (see persistence.conf).
 *
 * <pre>
 *   Config config = DatabaseConfig.load();
 *   try (Database db = Database.create(config)) {
 *     db.migrate();                       // before the ActorSystem starts persisting
 *     ... JdbcProjection.exactlyOnce(..., db::newSession, ...)
 *   }
 * </pre>
 */
public final class Database implements AutoCloseable {

  private final DatabaseVendor vendor;
  private final HikariDataSource dataSource;
  private final ExecutorService probeExecutor;
  private CompletableFuture<Boolean> probeInFlight; // guarded by this

  private Database(DatabaseVendor vendor, HikariDataSource dataSource) {
    this.vendor = vendor;
    this.dataSource = dataSource;
    this.probeExecutor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "leadrouter-db-probe");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the pool from {@code leadrouter.db} of a resolved application config (see {@link
   * DatabaseConfig#load()}). Does not connect yet and does not migrate: call {@link #migrate()}.
   */
  public static Database create(Config config) {
    Config db = config.getConfig("leadrouter.db");
    DatabaseVendor vendor = DatabaseVendor.parse(db.getString("vendor"));

    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("leadrouter-" + vendor.id());
    hikari.setJdbcUrl(db.getString("url"));
    hikari.setUsername(db.getString("user"));
    hikari.setPassword(db.getString("password"));
    hikari.setDriverClassName(db.getString("driver"));
    int poolSize = db.getInt("max-pool-size");
    if (poolSize < 2) {
      // Flyway holds two connections while migrating (schema history lock + migration).
      throw new IllegalArgumentException("leadrouter.db.max-pool-size must be at least 2, was " + poolSize);
    }
    hikari.setMaximumPoolSize(poolSize);
    if (db.hasPath("connection-timeout")) {
      hikari.setConnectionTimeout(
          Math.max(250L, db.getDuration("connection-timeout", TimeUnit.MILLISECONDS)));
    }
    // Do not fail construction when the database is down; migrate()/isReachable() report it.
    hikari.setInitializationFailTimeout(-1);
    return new Database(vendor, new HikariDataSource(hikari));
  }

  /**
   * Applies pending migrations from {@code classpath:db/migration/<vendor>}. Safe to call on every
   * start and from several nodes at once (Flyway locks); returns the number of migrations applied
   * (0 when the schema is up to date).
   */
  public int migrate() {
    return Flyway.configure(Database.class.getClassLoader())
        .dataSource(dataSource)
        .locations(vendor.migrationLocation(), DatabaseVendor.COMMON_MIGRATIONS)
        .failOnMissingLocations(true)
        .load()
        .migrate()
        .migrationsExecuted;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  /**
   * A new JDBC session (own connection, autocommit off) for {@code JdbcProjection}: pass {@code
   * database::newSession} as the session factory.
   */
  public PlainJdbcSession newSession() {
    return new PlainJdbcSession(dataSource);
  }

  /**
   * Readiness check: borrows a connection and validates it, waiting at most {@code timeout}. Never
   * throws. Concurrent callers share one probe, so a hanging database does not pile up threads.
   */
  public boolean isReachable(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    CompletableFuture<Boolean> probe;
    synchronized (this) {
      if (dataSource.isClosed()) {
        return false;
      }
      if (probeInFlight == null || probeInFlight.isDone()) {
        try {
          probeInFlight = CompletableFuture.supplyAsync(this::probe, probeExecutor);
        } catch (RejectedExecutionException e) {
          return false;
        }
      }
      probe = probeInFlight;
    }
    try {
      return probe.get(Math.max(1L, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean probe() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(5);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      probeExecutor.shutdownNow();
    }
    dataSource.close();
  }
}
