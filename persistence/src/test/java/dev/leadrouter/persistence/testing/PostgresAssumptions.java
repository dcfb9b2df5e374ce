package dev.leadrouter.persistence.testing;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Assumptions;

/** JUnit side of {@link TestDatabases}: a missing PostgreSQL skips the test (fails on CI=true). */
public final class PostgresAssumptions {

  private PostgresAssumptions() {}

  /** {@link TestDatabases#postgres()}, aborting (skipping) the test if PostgreSQL is unavailable. */
  public static Config postgresOrSkip() {
    try {
      return TestDatabases.postgres();
    } catch (TestDatabases.PostgresUnavailableException e) {
      Assumptions.abort(e.getMessage());
      throw e; // not reached
    }
  }
}
