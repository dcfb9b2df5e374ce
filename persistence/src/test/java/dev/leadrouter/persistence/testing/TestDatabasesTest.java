package dev.leadrouter.persistence.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TestDatabasesTest {

  @Test
  void replacesTheDatabaseNameAndKeepsParameters() {
    assertEquals(
        "jdbc:postgresql://127.0.0.1:5432/lr_test_x",
        TestDatabases.withDatabaseName("jdbc:postgresql://127.0.0.1:5432/postgres", "lr_test_x"));
    assertEquals(
        "jdbc:postgresql://db:5432/lr_test_x?ssl=false&reWriteBatchedInserts=true",
        TestDatabases.withDatabaseName(
            "jdbc:postgresql://db:5432/postgres?ssl=false&reWriteBatchedInserts=true", "lr_test_x"));
    assertEquals(
        "jdbc:postgresql://db/lr_test_x",
        TestDatabases.withDatabaseName("jdbc:postgresql://db", "lr_test_x"));
  }

  @Test
  void extractsTheDatabaseName() {
    assertEquals("lr_test_ab", TestDatabases.databaseName("jdbc:postgresql://h:1/lr_test_ab?x=y"));
    assertNull(TestDatabases.databaseName("jdbc:h2:file:/tmp/x/leadrouter"));
  }
}
