package dev.leadrouter.persistence.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Fresh databases for tests (this module's and other modules'), as config overrides for {@code
 * DatabaseConfig.load(overrides)}. Test code: other modules get it from this module's test-jar
 * ({@code <type>test-jar</type>}, test scope), so it never ships in the application jar.
 *
 * <pre>
 *   Config config = DatabaseConfig.load(TestDatabases.h2(tempDir));
 *   Config config = DatabaseConfig.load(TestDatabases.postgres());   // may throw, see below
 * </pre>
 *
 * <p>PostgreSQL: the server comes from env {@code LEADROUTER_TEST_PG_URL} (default {@value
 * #DEFAULT_PG_URL}, any existing database to connect to), {@code LEADROUTER_TEST_PG_USER} and {@code
 * LEADROUTER_TEST_PG_PASSWORD} (default {@code leadrouter}/{@code leadrouter}; the role needs
 * CREATEDB). Each call creates a database {@code lr_test_<random>}. If the server cannot be reached,
 * {@link #postgres()} throws {@link PostgresUnavailableException} (tests turn it into a skipped test,
 * e.g. with JUnit's {@code Assumptions.abort}) — except when env {@code CI} is {@code true}: then it
 * throws {@link IllegalStateException}, so a missing PostgreSQL fails the build.
 */
public final class TestDatabases {

  public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  public static final String TEST_DB_PREFIX = "lr_test_";

  private static final Pattern TEST_DB_NAME = Pattern.compile("lr_test_[0-9a-f]{16}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile String unavailableReason; // cached once PostgreSQL was found unreachable

  private TestDatabases() {}

  /** PostgreSQL is not reachable and env {@code CI} is not {@code true}: skip the test. */
  public static final class PostgresUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PostgresUnavailableException(String message) {
      super(message);
    }
  }

  /** Overrides for a new embedded H2 file database in {@code dir} (use a fresh temp directory). */
  public static Config h2(Path dir) {
    String dataDir = dir.toAbsolutePath().normalize().toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leadrouter.db.vendor", "h2");
    m.put("leadrouter.data-dir", dataDir);
    // Same form as h2.conf builds from leadrouter.data-dir; pinned here so that an application.conf
    // on the test classpath cannot point the test at another database.
    m.put(
        "leadrouter.db.url",
        "jdbc:h2:file:" + dataDir + "/leadrouter;DATABASE_TO_UPPER=false;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    m.put("leadrouter.db.user", "sa");
    m.put("leadrouter.db.password", "");
    return ConfigFactory.parseMap(m, "TestDatabases.h2");
  }

  /**
   * Creates an empty database {@code lr_test_<random>} and returns overrides pointing to it. Drop it
   * with {@link #dropPostgres(Config)} when done.
   *
   * @throws PostgresUnavailableException server unreachable and not on CI (skip the test)
   * @throws IllegalStateException server unreachable on CI, or the database could not be created
   */
  public static Config postgres() {
    if (!postgresAvailable()) {
      String msg =
          "PostgreSQL for tests is not available at "
              + adminUrl()
              + " as user "
              + user()
              + " ("
              + unavailableReason
              + "). Set LEADROUTER_TEST_PG_URL/_USER/_PASSWORD.";
      if (isCi()) {
        throw new IllegalStateException("CI=true: " + msg);
      }
      throw new PostgresUnavailableException(msg);
    }
    String name = TEST_DB_PREFIX + HexFormat.of().formatHex(randomBytes(8));
    try (Connection c = adminConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leadrouter.db.vendor", "postgres");
    m.put("leadrouter.db.url", withDatabaseName(adminUrl(), name));
    m.put("leadrouter.db.user", user());
    m.put("leadrouter.db.password", password());
    return ConfigFactory.parseMap(m, "TestDatabases.postgres");
  }

  /**
   * Drops the test database that {@code overrides} (from {@link #postgres()}) points to, closing any
   * connections still open to it. Does nothing for other configs.
   */
  public static void dropPostgres(Config overrides) {
    if (!overrides.hasPath("leadrouter.db.url")) {
      return;
    }
    String name = databaseName(overrides.getString("leadrouter.db.url"));
    if (name == null || !TEST_DB_NAME.matcher(name).matches()) {
      return;
    }
    // WITH (FORCE) ends the sessions still connected; an autovacuum worker on the new database runs
    // as a superuser and may only be ended by a member of pg_signal_backend (.ci/run grants it), so
    // without that role the drop is tried again for a while: the worker is done within moments.
    SQLException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try (Connection c = adminConnection();
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        return;
      } catch (SQLException e) {
        last = e;
        try {
          Thread.sleep(250);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IllegalStateException("Cannot drop test database " + name, last);
  }

  /** Whether the test PostgreSQL server accepts a connection (3 s timeout; a failure is cached). */
  public static boolean postgresAvailable() {
    if (unavailableReason != null) {
      return false;
    }
    try (Connection c = adminConnection()) {
      return c.isValid(3);
    } catch (SQLException e) {
      unavailableReason = e.getMessage();
      return false;
    }
  }

  /** Env {@code CI} is {@code true} (case-insensitive). */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static Connection adminConnection() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("password", password());
    p.setProperty("connectTimeout", "3");
    p.setProperty("loginTimeout", "3");
    return DriverManager.getConnection(adminUrl(), p);
  }

  private static String adminUrl() {
    return env("LEADROUTER_TEST_PG_URL", DEFAULT_PG_URL);
  }

  private static String user() {
    return env("LEADROUTER_TEST_PG_USER", "leadrouter");
  }

  private static String password() {
    return env("LEADROUTER_TEST_PG_PASSWORD", "leadrouter");
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** {@code jdbc:postgresql://host:port/db?params} with {@code db} replaced (params kept). */
  static String withDatabaseName(String url, String db) {
    int hostStart = url.indexOf("//");
    if (hostStart < 0) {
      throw new IllegalArgumentException("Expected jdbc:postgresql://host[:port]/database, got " + url);
    }
    int query = url.indexOf('?', hostStart + 2);
    String beforeQuery = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = beforeQuery.indexOf('/', hostStart + 2);
    String hostPart = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    return hostPart + "/" + db + params;
  }

  static String databaseName(String url) {
    int hostStart = url.indexOf("//");
    if (!url.startsWith("jdbc:postgresql:") || hostStart < 0) {
      return null;
    }
    int query = url.indexOf('?', hostStart + 2);
    String beforeQuery = query < 0 ? url : url.substring(0, query);
    int slash = beforeQuery.indexOf('/', hostStart + 2);
    return slash < 0 ? null : beforeQuery.substring(slash + 1);
  }
}
