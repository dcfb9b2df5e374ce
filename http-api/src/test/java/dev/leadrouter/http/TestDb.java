package dev.leadrouter.http;

import com.typesafe.config.Config;
import dev.leadrouter.persistence.testing.TestDatabases;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/** The two databases every integration test runs on. PostgreSQL is skipped only off CI. */
public enum TestDb {
  H2, POSTGRES;

  public Config create() {
    if (this == H2) {
      try {
        return TestDatabases.h2(Files.createTempDirectory("leadrouter-test"));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return TestDatabases.postgres();
    } catch (TestDatabases.PostgresUnavailableException e) {
      Assumptions.abort(e.getMessage());
      throw e;
    }
  }

  public void drop(Config config) {
    if (this == POSTGRES) TestDatabases.dropPostgres(config);
  }

  public static Stream<Arguments> both() {
    return Stream.of(Arguments.of(H2), Arguments.of(POSTGRES));
  }
}
