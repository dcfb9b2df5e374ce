package dev.leadrouter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that trickle their request headers cannot lock others out: one address holds at most its
 * share of connections, and a connection whose first request head is not complete within
 * {@code leadrouter.http.request-header-timeout} is closed.
 */
class SlowClientsTest {

  static EngineFixture engine;

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, ConfigFactory.parseString("""
        leadrouter.http.max-connections = 16
        leadrouter.http.max-connections-per-address = 4
        leadrouter.http.request-header-timeout = 2s
        """));
  }

  @AfterAll
  static void stop() {
    if (engine != null) engine.close();
  }

  @Test
  void tricklingConnectionsFromOneAddressDoNotStopOtherClients() throws Exception {
    List<Socket> tricklers = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 20; i++) {
        Socket s = new Socket("127.0.0.1", engine.running.port());
        s.getOutputStream().write("GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        tricklers.add(s);
      }
      // A header line every 200 ms: never idle, never complete.
      trickle.scheduleAtFixedRate(() -> tricklers.forEach(s -> {
        try {
          s.getOutputStream().write("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closed) {
          // the server closed it: expected
        }
      }), 200, 200, TimeUnit.MILLISECONDS);

      // Another address is served while the 20 trickle (4 held, 16 closed at once).
      assertEquals("HTTP/1.1 200 OK", statusLine("127.0.0.2"));

      // Within the header timeout (2 s) every trickling connection is closed by the server...
      long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      for (Socket s : tricklers) {
        s.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        assertTrue(closedByServer(s.getInputStream()), "a trickling connection is still open");
      }
      // ...and a fresh client from the same address gets its answer.
      assertEquals(200, engine.get("/health/alive", null).statusCode());
    } finally {
      trickle.shutdownNow();
      for (Socket s : tricklers) s.close();
    }
  }

  /** The status line of GET /health/alive sent over a connection from {@code localAddress}. */
  private static String statusLine(String localAddress) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(localAddress, 0));
      s.connect(new InetSocketAddress("127.0.0.1", engine.running.port()), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  /** True when the server closed the connection (end of stream or reset) before the socket's timeout. */
  private static boolean closedByServer(InputStream in) throws IOException {
    try {
      while (true) {
        if (in.read() < 0) return true;
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }
}
