package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent duplicate deliveries never make two leads (issue 17 §3), for the cases IdempotencyTest
 * (one source event, racing) and DedupTest (one phone from many sources, racing) leave open: one
 * Idempotency-Key without a source event id, one event through a source's webhook, and one e-mail
 * without any key. Every answer is 2xx with the one lead's id (a webhook may answer a delivery still
 * pending), and search finds exactly one lead.
 */
class ConcurrentDuplicatesTest extends SharedH2Engine {

  private static final int RACERS = 24;
  private static final String TOKEN = "race-token";

  @BeforeAll
  static void aWebhookSource() {
    HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), "{\"sources\":[{\"id\":\"race\",\"type\":\"generic\","
        + "\"secrets\":{\"token\":\"" + TOKEN + "\"},\"options\":{\"fields\":{\"sourceEventId\":\"/id\",\"name\":\"/name\","
        + "\"phone\":\"/mobile\",\"region\":{\"const\":\"上海\"},\"industry\":{\"const\":\"工业自动化\"}}}}]}");
    assertEquals(200, put.statusCode(), put.body());
  }

  @Test
  void oneIdempotencyKeyDeliveredByManyAtOnceIsOneLead() throws Exception {
    String phone = EngineFixture.newPhone();
    String key = UUID.randomUUID().toString();
    String body = "{\"name\":\"王工\",\"phone\":\"" + phone + "\",\"region\":\"上海\",\"industry\":\"工业自动化\"}";
    List<HttpResponse<String>> answers = race(i -> intake(body).header("Idempotency-Key", key).build());
    assertOneLead(answers, "leadId", "phone=" + phone);
  }

  @Test
  void oneWebhookEventDeliveredByManyAtOnceIsOneLead() throws Exception {
    String phone = EngineFixture.newPhone();
    String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"王工\",\"mobile\":\"" + phone + "\"}";
    List<HttpResponse<String>> answers = race(i -> HttpRequest.newBuilder(engine.uri("/api/v1/sources/race/events?token=" + TOKEN))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertOneLead(answers, "/leads/0/leadId", "phone=" + phone);
  }

  @Test
  void oneEmailWithoutKeysDeliveredByManyAtOnceIsOneLead() throws Exception {
    String email = "race-" + UUID.randomUUID() + "@example.cn";
    List<HttpResponse<String>> answers = race(i -> intake("{\"name\":\"王工\",\"email\":\"" + email
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\"}").build());
    assertOneLead(answers, "leadId", "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
  }

  private static HttpRequest.Builder intake(String body) {
    return HttpRequest.newBuilder(engine.uri("/api/v1/leads")).header("Authorization", "Bearer " + engine.admin())
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** Sends {@link #RACERS} requests released together, each on its own connection. */
  private static List<HttpResponse<String>> race(IntFunction<HttpRequest> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        HttpRequest r = request.apply(i);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        sent.add(pool.submit(() -> {
          go.await();
          return client.send(r, HttpResponse.BodyHandlers.ofString());
        }));
      }
      go.countDown();
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> f : sent) answers.add(f.get(30, TimeUnit.SECONDS));
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every answer 2xx naming one lead (a pending webhook answer names none), and search finds just it. */
  private static void assertOneLead(List<HttpResponse<String>> answers, String leadIdAt, String query) {
    Set<String> ids = new HashSet<>();
    for (HttpResponse<String> answer : answers) {
      assertTrue(answer.statusCode() / 100 == 2, answer.statusCode() + " " + answer.body());
      JsonNode body = EngineFixture.json(answer);
      JsonNode id = leadIdAt.startsWith("/") ? body.at(leadIdAt) : body.path(leadIdAt);
      if (!id.isMissingNode() && !id.asText().isEmpty()) ids.add(id.asText());
      else assertTrue(body.path("pending").asInt() > 0, "no lead and not pending: " + answer.body());
    }
    assertEquals(1, ids.size(), "one lead among the answers: " + ids);
    String leadId = ids.iterator().next();
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode found = EngineFixture.json(engine.get("/api/v1/leads?" + query, engine.admin())).get("leads");
      assertEquals(List.of(leadId), found.findValuesAsText("leadId"), "search by " + query + ": " + found);
    });
  }
}
