package dev.leadrouter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain blocking JDBC for the stores: borrows a pooled connection per call and turns any {@link
 * SQLException} into an {@link IllegalStateException} saying {@code what} failed. Call from the
 * blocking dispatcher. (Projections use {@link PlainJdbcSession}, whose transaction the projection owns.)
 */
public final class Jdbc {

  /** Work on a borrowed connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Work on a statement prepared from the call's SQL. */
  @FunctionalInterface
  public interface StatementWork<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  /** Sets the parameters of an update. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} on a connection of its own (autocommit). */
  public <T> T withConnection(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException(what, e);
    }
  }

  /** Prepares {@code sql} on a connection of its own (autocommit) and runs {@code work} on it. */
  public <T> T withStatement(String what, String sql, StatementWork<T> work) {
    return withConnection(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        return work.run(ps);
      }
    });
  }

  /** Executes one update (autocommit); answers the row count. */
  public int update(String what, String sql, Binder binder) {
    return withStatement(what, sql, ps -> {
      binder.bind(ps);
      return ps.executeUpdate();
    });
  }

  /** Runs {@code work} in one transaction (rolled back on any failure). */
  public <T> T inTransaction(String what, Work<T> work) {
    return withConnection(what, c -> {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    });
  }
}
