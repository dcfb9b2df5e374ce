package dev.leadrouter.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;

/**
 * Builds the application {@link Config} with the database settings for the selected vendor.
 *
 * <p>How it works: {@code persistence.conf} holds the vendor-independent wiring (plugin ids, the
 * shared Slick database, projection settings), all pointing at the one connection block {@code
 * leadrouter.db}. That block comes from {@code h2.conf} or {@code postgres.conf}, chosen by {@code
 * leadrouter.db.vendor} ({@code "h2"} by default, env {@code LEADROUTER_DB}, or set it in
 * application.conf / {@code -Dleadrouter.db.vendor=postgres} / test overrides). Layers, highest
 * priority first:
 *
 * <pre>
 *   overrides (tests) &gt; -D system properties &gt; application.conf
 *     &gt; h2.conf | postgres.conf &gt; persistence.conf &gt; reference.conf (all libraries)
 * </pre>
 *
 * So application.conf may still pin any database key; the env variables used inside the vendor files
 * ({@code LEADROUTER_DB_URL}, ...) apply unless a higher layer sets the same key.
 *
 * <p>Usage: the main class calls {@code DatabaseConfig.load()} instead of {@code
 * ConfigFactory.load()} and hands the result to the ActorSystem and to {@link Database#create}; tests
 * call {@code DatabaseConfig.load(TestDatabases.h2(dir))} (or with other overrides).
 */
public final class DatabaseConfig {

  public static final String VENDOR_PATH = "leadrouter.db.vendor";
  static final String PERSISTENCE_RESOURCE = "persistence.conf";

  private DatabaseConfig() {}

  /** The fully resolved application config ({@code ConfigFactory.load()} plus the database layers). */
  public static Config load() {
    return load(ConfigFactory.empty());
  }

  /**
   * Like {@link #load()}, with {@code overrides} on top of everything (also on top of system
   * properties and of the env variables referenced by the config files).
   */
  public static Config load(Config overrides) {
    Config stack =
        overrides
            .withFallback(ConfigFactory.defaultOverrides())
            .withFallback(ConfigFactory.defaultApplication());
    return withDatabase(stack)
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  /**
   * Returns {@code base} with the vendor file and {@code persistence.conf} as fallbacks, unresolved.
   * {@code base} is the application layer(s) without reference.conf (e.g. {@code
   * ConfigFactory.defaultApplication()}); resolve the result after adding reference.conf, as {@link
   * #load(Config)} does.
   */
  public static Config withDatabase(Config base) {
    Config common = resource(PERSISTENCE_RESOURCE);
    DatabaseVendor vendor = vendorOf(base.withFallback(common));
    return base.withFallback(resource(vendor.configResource())).withFallback(common);
  }

  /** Reads {@code leadrouter.db.vendor} from a (possibly unresolved) config. */
  public static DatabaseVendor vendorOf(Config config) {
    Config resolved =
        config.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    return DatabaseVendor.parse(resolved.getString(VENDOR_PATH));
  }

  private static Config resource(String name) {
    return ConfigFactory.parseResources(
        DatabaseConfig.class.getClassLoader(),
        name,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }
}
