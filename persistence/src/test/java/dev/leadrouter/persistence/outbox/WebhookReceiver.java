package dev.leadrouter.persistence.outbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a customer would write it: verifies the signature (recomputed HMAC,
 * constant-time compare, timestamp at most 5 minutes old), answers scripted statuses, and applies
 * each Idempotency-Key once.
 */
final class WebhookReceiver implements AutoCloseable {

  private final String secret;
  private final HttpServer server;
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<String> received = new ArrayList<>(); // keys of every verified request
  private final Map<String, String> applied = new LinkedHashMap<>(); // key -> body, once
  private int rejected;

  private WebhookReceiver(String secret, int port) throws IOException {
    this.secret = secret;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/hook", this::handle);
    server.start();
  }

  static WebhookReceiver start(String secret) throws IOException {
    return new WebhookReceiver(secret, 0);
  }

  static WebhookReceiver start(String secret, int port) throws IOException {
    return new WebhookReceiver(secret, port);
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/hook";
  }

  /** The next requests are answered with these statuses (then 200). */
  synchronized WebhookReceiver answer(Integer... statuses) {
    script.addAll(List.of(statuses));
    return this;
  }

  synchronized List<String> received() {
    return List.copyOf(received);
  }

  synchronized Map<String, String> applied() {
    return Map.copyOf(applied);
  }

  synchronized int rejected() {
    return rejected;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    int status;
    synchronized (this) {
      if (!verified(exchange, body) || key == null
          || !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        rejected++;
        status = 401;
      } else {
        received.add(key);
        Integer scripted = script.poll();
        status = scripted == null ? 200 : scripted;
        if (status / 100 == 2) applied.putIfAbsent(key, new String(body, StandardCharsets.UTF_8));
      }
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private boolean verified(HttpExchange exchange, byte[] body) {
    String timestamp = exchange.getRequestHeaders().getFirst("X-Leadrouter-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-Leadrouter-Signature");
    if (timestamp == null || signature == null || !signature.startsWith("sha256=")) return false;
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(Instant.now().getEpochSecond() - ts) > 300) return false;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
      byte[] given = signature.substring("sha256=".length()).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, given);
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
