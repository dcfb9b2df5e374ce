package dev.leadrouter.persistence.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver on 127.0.0.1 as the other side would write it, for one {@link Platform}: our own signed
 * webhook (signature recomputed, constant-time compare, timestamp at most 5 minutes old), a 企业微信,
 * 钉钉 or 飞书 robot (key and signature checked as the platform documents, timestamp at most one hour
 * off, refusals answered with the platform's code), or an SMS/voice provider. Answers scripted
 * replies (then success) and applies each Idempotency-Key once.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One authentic request as it arrived (query parameters decoded). */
  record Request(String method, String path, Map<String, String> query, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** An answer: HTTP status and body ("" = none). */
  record Reply(int status, String body) {}

  /** What the other side verifies and how it answers. */
  sealed interface Platform {
    /** Null when the request is authentic, else the refusal to answer. */
    Reply refusal(Request request);

    /** The answer to an accepted request. */
    Reply ok();

    /** An HTTP 200 answer carrying the platform's error {@code code}. */
    default Reply code(int code) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " has no result codes");
    }
  }

  /** 企业微信 and 钉钉 answer {@code {"errcode":…,"errmsg":…}}, errcode 0 on success. */
  sealed interface ErrcodePlatform extends Platform {
    @Override
    default Reply ok() {
      return code(0);
    }

    @Override
    default Reply code(int code) {
      return new Reply(200, "{\"errcode\":" + code + ",\"errmsg\":\"" + (code == 0 ? "ok" : "error " + code) + "\"}");
    }
  }

  /** Our own webhook: X-Leadrouter-Signature over timestamp + "." + body, a JSON body and a key. */
  record Leadrouter(String secret) implements Platform {
    @Override
    public Reply refusal(Request r) {
      String timestamp = r.header("X-Leadrouter-Timestamp");
      String signature = r.header("X-Leadrouter-Signature");
      boolean ok = timestamp != null && signature != null && signature.startsWith("sha256=")
          && fresh(timestamp, 1000, 300) && r.header("Idempotency-Key") != null
          && "application/json".equals(r.header("Content-Type"))
          && same(HexFormat.of().formatHex(hmac(secret, timestamp + "." + r.body())), signature.substring(7));
      return ok ? null : new Reply(401, "");
    }

    @Override
    public Reply ok() {
      return new Reply(200, "");
    }
  }

  /** 企业微信 group robot: {@code ?key=} must be the robot's key, else errcode 93000. */
  record WeCom(String key) implements ErrcodePlatform {
    @Override
    public Reply refusal(Request r) {
      return key.equals(r.query().get("key")) ? null : code(93000);
    }
  }

  /**
   * 钉钉 custom robot with 加签: {@code access_token} must be known (else 300001), {@code timestamp}
   * (ms) at most one hour off and {@code sign} = base64(HmacSHA256(secret, timestamp + "\n" + secret))
   * after URL decoding (else 310000).
   */
  record DingTalk(String token, String secret) implements ErrcodePlatform {
    @Override
    public Reply refusal(Request r) {
      if (!token.equals(r.query().get("access_token"))) return code(300001);
      String timestamp = r.query().get("timestamp");
      String sign = r.query().get("sign");
      boolean ok = timestamp != null && sign != null && fresh(timestamp, 1, 3600)
          && same(Base64.getEncoder().encodeToString(hmac(secret, timestamp + "\n" + secret)), sign);
      return ok ? null : code(310000);
    }
  }

  /**
   * 飞书 custom bot with 签名校验: the path must end in the bot's token (else 19001); the body's
   * {@code timestamp} (s) at most one hour off and {@code sign} = base64(HmacSHA256 keyed with
   * timestamp + "\n" + secret over no data) (else 19021).
   */
  record Feishu(String token, String secret) implements Platform {
    @Override
    public Reply refusal(Request r) {
      if (!r.path().endsWith("/" + token)) return code(19001);
      String timestamp = jsonText(r.body(), "timestamp");
      String sign = jsonText(r.body(), "sign");
      boolean ok = timestamp != null && sign != null && fresh(timestamp, 1000, 3600)
          && same(Base64.getEncoder().encodeToString(hmac(timestamp + "\n" + secret, "")), sign);
      return ok ? null : code(19021);
    }

    @Override
    public Reply ok() {
      return new Reply(200,
          "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}");
    }

    @Override
    public Reply code(int code) {
      return new Reply(200, "{\"code\":" + code + ",\"data\":{},\"msg\":\"error " + code + "\"}");
    }
  }

  /** An SMS/voice provider: needs an Idempotency-Key; answers {@code okBody}. */
  record Provider(String okBody) implements Platform {
    @Override
    public Reply refusal(Request r) {
      return r.header("Idempotency-Key") == null ? new Reply(400, "") : null;
    }

    @Override
    public Reply ok() {
      return new Reply(200, okBody);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Platform platform;
  private final HttpServer server;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>(); // every authentic request
  private final Map<String, String> applied = new LinkedHashMap<>(); // key -> body, once
  private int rejected;

  private WebhookReceiver(Platform platform, int port) throws IOException {
    this.platform = platform;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  static WebhookReceiver start(String secret) throws IOException {
    return new WebhookReceiver(new Leadrouter(secret), 0);
  }

  static WebhookReceiver start(String secret, int port) throws IOException {
    return new WebhookReceiver(new Leadrouter(secret), port);
  }

  static WebhookReceiver start(Platform platform) throws IOException {
    return new WebhookReceiver(platform, 0);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Our webhook's URL. */
  String url() {
    return url("/hook");
  }

  /** {@code pathAndQuery} on this receiver, e.g. {@code /robot/send?access_token=t}. */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  /** The next accepted requests are answered with these HTTP statuses (then success). */
  synchronized WebhookReceiver answer(Integer... statuses) {
    for (int status : statuses) script.add(new Reply(status, ""));
    return this;
  }

  /** The next accepted requests are answered HTTP 200 with these platform error codes (then success). */
  synchronized WebhookReceiver answerCode(int... codes) {
    for (int code : codes) script.add(platform.code(code));
    return this;
  }

  /** The next accepted requests are answered HTTP 200 with these bodies (then success). */
  synchronized WebhookReceiver answerBody(String... bodies) {
    for (String body : bodies) script.add(new Reply(200, body));
    return this;
  }

  /** The Idempotency-Keys of the authentic requests, in order. */
  synchronized List<String> received() {
    return requests.stream().map(r -> r.header("Idempotency-Key")).toList();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized Map<String, String> applied() {
    return Map.copyOf(applied);
  }

  synchronized int rejected() {
    return rejected;
  }

  private void handle(HttpExchange exchange) throws IOException {
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        query(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Reply reply;
    synchronized (this) {
      reply = platform.refusal(request);
      if (reply != null) {
        rejected++;
      } else {
        requests.add(request);
        Reply scripted = script.poll();
        reply = scripted == null ? platform.ok() : scripted;
        String key = request.header("Idempotency-Key");
        if (reply.equals(platform.ok()) && key != null) applied.putIfAbsent(key, request.body());
      }
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    if (!reply.body().isEmpty()) exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null) return params;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  /**
   * Is {@code timestamp} (in units of {@code unitMillis}) within {@code maxSeconds} of now? Now is
   * the receiver's own wall clock, as on a real platform checking a signature's age.
   */
  private static boolean fresh(String timestamp, long unitMillis, long maxSeconds) {
    try {
      long millis = Long.parseLong(timestamp) * unitMillis;
      return Math.abs(Instant.now().toEpochMilli() - millis) <= maxSeconds * 1000;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static byte[] hmac(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean same(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonText(String body, String field) {
    try {
      JsonNode node = JSON.readTree(body).get(field);
      return node == null || !node.isValueNode() ? null : node.asText();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
