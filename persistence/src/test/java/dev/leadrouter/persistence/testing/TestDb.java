package dev.leadrouter.persistence.testing;

import com.typesafe.config.Config;
import dev.leadrouter.persistence.DatabaseConfig;
import dev.leadrouter.persistence.DatabaseVendor;
import java.nio.file.Path;

/** A fresh database of the given vendor for one test; closing drops it (PostgreSQL). */
public final class TestDb implements AutoCloseable {

  private final DatabaseVendor vendor;
  private final Config overrides;

  private TestDb(DatabaseVendor vendor, Config overrides) {
    this.vendor = vendor;
    this.overrides = overrides;
  }

  /** H2 in {@code tempDir}, or a new PostgreSQL database (the test is skipped if there is none). */
  public static TestDb fresh(DatabaseVendor vendor, Path tempDir) {
    switch (vendor) {
      case H2:
        return new TestDb(vendor, TestDatabases.h2(tempDir));
      case POSTGRES:
        return new TestDb(vendor, PostgresAssumptions.postgresOrSkip());
      default:
        throw new IllegalArgumentException(vendor.toString());
    }
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  public Config overrides() {
    return overrides;
  }

  /** The resolved application config for this database, with extra overrides on top. */
  public Config config(Config extra) {
    return DatabaseConfig.load(extra.withFallback(overrides));
  }

  @Override
  public void close() {
    if (vendor == DatabaseVendor.POSTGRES) {
      TestDatabases.dropPostgres(overrides);
    }
  }
}
