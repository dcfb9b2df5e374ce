package dev.leadrouter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/**
 * {@link JdbcSession} over one pooled connection with autocommit off, for {@code JdbcProjection}.
 * The projection calls {@link #commit()} (handler work + offset in one transaction) or {@link
 * #rollback()}, then {@link #close()}, which returns the connection to the pool (HikariCP rolls back
 * uncommitted work and restores autocommit).
 */
public final class PlainJdbcSession implements JdbcSession {

  private final Connection connection;

  /** Borrows a connection from {@code dataSource}; throws {@link IllegalStateException} if it cannot. */
  public PlainJdbcSession(DataSource dataSource) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot get a JDBC connection for a projection session", e);
    }
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("Cannot disable autocommit for a projection session", e);
    }
    this.connection = c;
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> func) throws Exception {
    return func.apply(connection);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
  }

  @Override
  public void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
