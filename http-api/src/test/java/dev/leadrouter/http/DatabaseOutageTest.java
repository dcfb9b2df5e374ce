package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the database gone, intake answers 503 problem — never a 2xx for a lead that is not durable —
 * and readiness says so; when the database is back, intake works again without a restart, and
 * readiness says ready no sooner than intake accepts (not while the journal's breaker is open).
 * PostgreSQL only: it is the database that can be taken away from a running engine.
 */
class DatabaseOutageTest {

  static final String LEAD = "{\"name\":\"断网\",\"phone\":\"13500001111\",\"region\":\"上海\",\"industry\":\"SaaS\"}";

  @Test
  void intakeAnswers503WhileTheDatabaseIsUnreachable() throws Exception {
    Config database = TestDb.POSTGRES.create();
    String url = database.getString("leadrouter.db.url");
    String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    // The pool's connection timeout stays well above the ask timeout, as in production (10 s and 5 s):
    // intake must still answer within its own bound, not the pool's (a claim batch waits out the pool's).
    Config quick = ConfigFactory.parseString("leadrouter.http.ask-timeout = 2s\nleadrouter.db.connection-timeout = 6s");
    try (EngineFixture engine = EngineFixture.start(database, quick)) {
      engine.postLead(LEAD);

      admin(database, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
      awaitAssert(Duration.ofSeconds(20), () -> {
        HttpResponse<String> r = engine.post("/api/v1/leads", engine.admin(), LEAD.replace("13500001111", "13500002222"));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      });
      // Every delivery while down is refused within the ask timeout of its two steps (claim, lead), even
      // several at once queued behind one claim batch that waits for a connection.
      List<CompletableFuture<Long>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String body = LEAD.replace("13500001111", "1350000444" + i);
        answers.add(CompletableFuture.supplyAsync(() -> {
          long t0 = System.nanoTime();
          HttpResponse<String> r = engine.post("/api/v1/leads", engine.admin(), body);
          assertEquals(503, r.statusCode(), r.body());
          return (System.nanoTime() - t0) / 1_000_000;
        }));
        Thread.sleep(300);
      }
      for (CompletableFuture<Long> answer : answers) {
        long ms = answer.get(30, TimeUnit.SECONDS);
        assertTrue(ms < 5_500, "a 503 within the two 2 s bounds, took " + ms + " ms");
      }
      assertEquals(503, engine.get("/health/ready", "").statusCode());

      admin(database, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      // Readiness tells the truth: once it says ready, intake accepts (the journal's breaker is closed).
      awaitAssert(Duration.ofSeconds(40), () -> assertEquals(200, engine.get("/health/ready", "").statusCode()));
      HttpResponse<String> r = engine.post("/api/v1/leads", engine.admin(), LEAD.replace("13500001111", "13500003333"));
      assertEquals(202, r.statusCode(), r.body());
    } finally {
      TestDb.POSTGRES.drop(database);
    }
  }

  /** Runs statements on the server's maintenance database as the test role (the test database's owner). */
  private static void admin(Config database, String... sql) throws Exception {
    String url = database.getString("leadrouter.db.url");
    String maintenance = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection c = DriverManager.getConnection(maintenance, database.getString("leadrouter.db.user"),
        database.getString("leadrouter.db.password")); Statement st = c.createStatement()) {
      for (String s : sql) st.execute(s);
    }
  }
}
