package dev.leadrouter.http;

import com.typesafe.config.Config;
import dev.leadrouter.persistence.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two databases every integration test runs on. PostgreSQL is skipped only off CI. A database
 * {@link #create}d is the caller's to {@link #drop}: the PostgreSQL database, or the H2 directory.
 */
public enum TestDb {
  H2, POSTGRES;

  public Config create() {
    if (this == H2) {
      try {
        return TestDatabases.h2(Files.createTempDirectory("leadrouter-test"));
      } catch (IOException e) {
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
    if (this == POSTGRES) {
      TestDatabases.dropPostgres(config);
    } else {
      deleteDirectory(Path.of(config.getString("leadrouter.data-dir")));
    }
  }

  private static void deleteDirectory(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test database directory " + dir, e);
    }
  }

  public static Stream<Arguments> both() {
    return Stream.of(Arguments.of(H2), Arguments.of(POSTGRES));
  }
}
