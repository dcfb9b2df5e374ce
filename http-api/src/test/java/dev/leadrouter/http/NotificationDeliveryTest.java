package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** End to end: a lead's REMINDER reaches a signed-webhook receiver of the assigned rep. */
class NotificationDeliveryTest {

  private static final String SECRET = "e2e-webhook-secret";

  /** A received request whose signature verified: key and body. */
  record Delivered(String key, JsonNode body) {}

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void theReminderReachesTheWebhookSigned(TestDb db) throws Exception {
    List<Delivered> delivered = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String ts = exchange.getRequestHeaders().getFirst("X-Leadrouter-Timestamp");
      String sig = exchange.getRequestHeaders().getFirst("X-Leadrouter-Signature");
      int status;
      synchronized (delivered) {
        if (verify(ts, sig, body)) {
          delivered.add(new Delivered(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
              Json.MAPPER.readTree(body)));
          status = 204;
        } else {
          rejected.add(ts + " " + sig);
          status = 401;
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
    Config database = db.create();
    Config extra = EngineFixture.FAST
        .withValue("leadrouter.notifications.webhook.url",
            ConfigValueFactory.fromAnyRef("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))
        .withValue("leadrouter.notifications.webhook.secret", ConfigValueFactory.fromAnyRef(SECRET))
        .withFallback(ConfigFactory.parseMap(Map.of(
            "leadrouter.notifications.poll-interval", "100ms",
            "leadrouter.notifications.retry.base", "100ms")));
    try (EngineFixture engine = EngineFixture.start(database, extra)) {
      ObjectNode chart = OrgChartApiTest.demoChart();
      for (JsonNode p : chart.get("people")) {
        if (p.get("id").asText().equals("rep-east-1")) {
          ((ObjectNode) p).putArray("channels").add("app").add("webhook");
          ((ObjectNode) p).put("locale", "en");
        }
      }
      assertEquals(200, engine.put("/api/v1/org", engine.admin(), chart.toString()).statusCode());

      String leadId = engine.postLead(LeadFlowTest.SHANGHAI_AUTOMATION);
      awaitAssert(Duration.ofSeconds(20), () -> {
        synchronized (delivered) {
          assertTrue(delivered.stream().anyMatch(d -> d.body().get("kind").asText().equals("REMINDER")),
              "delivered: " + delivered + " rejected: " + rejected);
        }
      });
      synchronized (delivered) {
        assertEquals(List.of(), rejected);
        Delivered reminder = delivered.stream().filter(d -> d.body().get("kind").asText().equals("REMINDER"))
            .findFirst().orElseThrow();
        assertEquals(leadId, reminder.body().get("leadId").asText());
        assertEquals("rep-east-1", reminder.body().get("recipientId").asText());
        assertEquals("webhook", reminder.body().get("channel").asText());
        assertTrue(reminder.key().startsWith(leadId + ":") && reminder.key().endsWith(":rep-east-1:webhook"),
            reminder.key());
        JsonNode lead = reminder.body().get("lead");
        assertEquals("王工", lead.get("salutation").asText(), "the lead's details, read from its row at send time");
        assertEquals("[\"+8613800138000\"]", lead.get("phones").toString());
        assertEquals("上海市", lead.at("/region/province").asText());
        assertEquals("工业自动化", lead.get("industry").asText());
        assertEquals(800000, lead.at("/budget/min").asLong());
        assertEquals("api", lead.get("source").asText());
        assertEquals("en", reminder.body().get("locale").asText(), "rep-east-1 reads English");
        assertTrue(reminder.body().get("text").asText().startsWith("Follow-up reminder: 王工 (lead " + leadId + "): "
            + "+8613800138000 · 上海市 · 工业自动化 · 800K"), reminder.body().toString());
      }
      awaitAssert(Duration.ofSeconds(5), () -> assertTrue(engine.outbox().ofLead(leadId).stream()
          .anyMatch(r -> r.channel().equals("webhook") && r.status().equals("SENT"))));
      assertTrue(engine.outbox().ofLead(leadId).stream()
          .filter(r -> r.channel().equals("app")).allMatch(r -> r.status().equals("PENDING")),
          "channels without a deliverer stay PENDING");
    } finally {
      receiver.stop(0);
      db.drop(database);
    }
  }

  private static boolean verify(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null || !signature.startsWith("sha256=")) return false;
    try {
      if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) return false;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, signature.substring(7).getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      return false;
    }
  }
}
