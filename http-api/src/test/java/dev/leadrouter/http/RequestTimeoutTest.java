package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request whose body stops half way is answered 408 problem+json once the body timeout
 * ({@link RouteTable#BODY_TIMEOUT}) passes, and its connection closed: before, it got no answer at
 * all (pekko-http's request timeout does not fire while the body is unread) until the idle timeout.
 */
class RequestTimeoutTest {

  private static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.empty());
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  @Test
  void aBodyThatStopsHalfWayGetsA408ProblemAtTheBodyTimeout() throws Exception {
    long start = System.nanoTime();
    HttpLayerProblemsTest.Answer answer = HttpLayerProblemsTest.exchange(engine.running.port(),
        "POST /api/v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + engine.admin()
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
        out -> out.write("{\"name\":\"半".getBytes(StandardCharsets.UTF_8)));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    answer.problem(408, "request-timeout");
    assertEquals("close", answer.headers().get("connection"), answer.headers().toString());
    assertTrue(tookMs >= RouteTable.BODY_TIMEOUT.toMillis() - 500 && tookMs < 20_000,
        "answered at the body timeout, not the idle timeout: " + tookMs + " ms");
  }
}
