package dev.leadrouter.persistence.session;

import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The login links already used ({@code login_link_use}): a link signs one person in once, on
 * whichever node it is opened. The primary key decides between two nodes opening the same link at
 * once. Plain JDBC, blocking: call from the blocking dispatcher.
 */
public final class LoginLinkUses {

  /** SQLSTATE of a unique violation, the same on PostgreSQL and H2. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** Kept past expiry for longer than the token leeway, so a link can never be used twice. */
  private static final long PURGE_AFTER_MILLIS = 10 * 60_000;

  private final Jdbc jdbc;

  public LoginLinkUses(Database db) {
    this.jdbc = new Jdbc(db.dataSource());
  }

  /**
   * Records that link {@code linkId} (expiring at {@code expiresAt}, epoch ms) signed {@code personId}
   * in at {@code now}: true the first time, false when it was used before. Forgets links that have
   * expired, which can never be used again anyway.
   */
  public boolean use(String linkId, String personId, long now, long expiresAt) {
    return jdbc.withConnection("recording a login link's use failed", c -> {
      try (PreparedStatement purge = c.prepareStatement("DELETE FROM login_link_use WHERE expires_at < ?")) {
        purge.setLong(1, now - PURGE_AFTER_MILLIS);
        purge.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO login_link_use (link_id, person_id, used_at, expires_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, linkId);
        ps.setString(2, personId);
        ps.setLong(3, now);
        ps.setLong(4, expiresAt);
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) return false;
        throw e;
      }
    });
  }
}
