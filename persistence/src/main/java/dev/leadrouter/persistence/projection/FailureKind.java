package dev.leadrouter.persistence.projection;

import dev.leadrouter.persistence.ColumnText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a projection's failure to apply an event is the database's (transient: retry as long as
 * it takes, never park) or the event's (the same event fails again: retry a bounded number of times,
 * then park it). Pure but for the connection's liveness check.
 */
public final class FailureKind {

  /** SQLSTATE classes that say the database, not the event, is at fault (connection, rollback, resources, shutdown). */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

  private FailureKind() {}

  /** True when the failure is the database's: the connection is broken or the SQLSTATE names a transient cause. */
  public static boolean isTransient(Throwable failure, Connection c) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) return true;
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().length() >= 2
          && TRANSIENT_CLASSES.contains(s.getSQLState().substring(0, 2))) {
        return true;
      }
    }
    try {
      return !c.isValid(2);
    } catch (SQLException e) {
      return true;
    }
  }

  /** The failure as one line an admin can read: the messages of the cause chain, NUL-free and bounded. */
  public static String describe(Throwable failure, int maxLength) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = failure; t != null && out.length() < maxLength; t = t.getCause()) {
      if (out.length() > 0) out.append(" <- ");
      String m = t.getMessage();
      out.append(m == null ? t.getClass().getSimpleName() : m);
      if (t instanceof SQLException s && s.getSQLState() != null) out.append(" [SQLSTATE ").append(s.getSQLState()).append(']');
    }
    return ColumnText.fit(out.toString(), maxLength);
  }
}
