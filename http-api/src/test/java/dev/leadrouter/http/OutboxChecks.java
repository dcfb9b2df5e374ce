package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the fault tests check in the outbox of the database the real jars ran on. */
final class OutboxChecks {

  private OutboxChecks() {}

  /** Outbox rows are keyed by event; a doubled event or notice would show as two rows with one meaning. */
  static void noOutboxRowIsDoubled(Config db) throws Exception {
    String sql = "SELECT lead_id, recipient_id, channel, kind, payload::json->>'step', count(*) FROM outbox"
        + " GROUP BY lead_id, recipient_id, channel, kind, payload::json->>'step' HAVING count(*) > 1";
    try (Connection c = DriverManager.getConnection(db.getString("leadrouter.db.url"),
            db.getString("leadrouter.db.user"), db.getString("leadrouter.db.password"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> doubled = new ArrayList<>();
      while (rs.next()) {
        doubled.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
            + " step " + rs.getString(5) + " x" + rs.getLong(6));
      }
      assertEquals(List.of(), doubled, "doubled outbox rows");
    }
    try (Connection c = DriverManager.getConnection(db.getString("leadrouter.db.url"),
            db.getString("leadrouter.db.user"), db.getString("leadrouter.db.password"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
      assertTrue(rs.next() && rs.getLong(1) > 0, "the outbox has rows to compare");
    }
  }

}
