package dev.leadrouter.http;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One engine on a fresh H2 database for all tests of a class that do not disturb each other
 * (contract tests; the database-specific behaviour is covered by the tests on both databases).
 */
abstract class SharedH2Engine {

  static EngineFixture engine;

  /** The engine and its database, both gone when the class is done ({@link #stopSharedEngine}). */
  @BeforeAll
  static void startSharedEngine() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty());
  }

  @AfterAll
  static void stopSharedEngine() {
    if (engine != null) engine.close();
    engine = null;
  }
}
