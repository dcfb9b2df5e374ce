package dev.leadrouter.persistence.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** The database's failures are retried for ever; an event's own are counted towards parking. */
class FailureKindTest {

  @Test
  void sqlStatesOfTheDatabaseAreTransientThoseOfTheDataAreNot() throws Exception {
    try (Connection live = DriverManager.getConnection("jdbc:h2:mem:failure-kind")) {
      assertTrue(FailureKind.isTransient(new SQLException("connection lost", "08006"), live));
      assertTrue(FailureKind.isTransient(new SQLException("deadlock", "40P01"), live));
      assertTrue(FailureKind.isTransient(new SQLException("shutting down", "57P01"), live));
      assertTrue(FailureKind.isTransient(new IllegalStateException(new SQLTransientConnectionException("pool")), live));
      assertFalse(FailureKind.isTransient(new SQLException("value too long", "22001"), live));
      assertFalse(FailureKind.isTransient(new SQLException("null value in column", "23502"), live));
      assertFalse(FailureKind.isTransient(new NullPointerException("a bug"), live));
      Connection closed = DriverManager.getConnection("jdbc:h2:mem:failure-kind-2");
      closed.close();
      assertTrue(FailureKind.isTransient(new SQLException("value too long", "22001"), closed), "a dead connection is the database's");
    }
  }

  @Test
  void theDescriptionIsBoundedAndFreeOfNul() {
    String d = FailureKind.describe(new SQLException("bad\u0000byte " + "x".repeat(5000), "22021"), 200);
    assertTrue(d.length() <= 200);
    assertFalse(d.contains("\u0000"));
    assertEquals("outer <- inner [SQLSTATE 23502]",
        FailureKind.describe(new IllegalStateException("outer", new SQLException("inner", "23502")), 200));
  }
}
