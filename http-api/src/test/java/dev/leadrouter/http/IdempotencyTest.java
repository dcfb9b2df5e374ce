package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;

/** The same delivery twice is one lead: by {@code source}+{@code sourceEventId} or by the caller's Idempotency-Key. */
class IdempotencyTest extends SharedH2Engine {

  /** A Shanghai automation lead (routes to a 华东 rep) of a new person (own phone) carrying {@code extra} fields. */
  private static String lead(String extra) {
    return "{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"上海\",\"industry\":\"工业自动化\","
        + "\"budget\":\"80万\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  private static HttpResponse<String> postWithKey(String token, String key, String body) {
    return engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/leads"))
        .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String accepted(HttpResponse<String> response) {
    assertEquals(202, response.statusCode(), response.body());
    return EngineFixture.json(response).get("leadId").asText();
  }

  @Test
  void theSameSourceEventTwiceIsOneLead() {
    String body = lead("\"source\":\"crm\",\"sourceEventId\":\"" + unique() + "\"");
    String first = engine.postLead(body);
    String second = engine.postLead(body);
    assertEquals(first, second);

    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(first).get("status").asText()));
    String repId = engine.view(first).at("/assignment/repId").asText();
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode leads = EngineFixture.json(engine.get("/api/v1/reps/" + repId + "/leads", engine.admin())).get("leads");
      long listed = 0;
      for (JsonNode l : leads) if (l.get("leadId").asText().equals(first)) listed++;
      assertEquals(1, listed, leads.toString());
    });
    assertEquals(1, engine.view(first).get("timeline").findValues("type").stream()
        .filter(t -> t.asText().equals("RECEIVED")).count(), "received once");
  }

  @Test
  void theSameEventIdFromAnotherSourceIsAnotherLead() {
    String eventId = unique();
    String fromCrm = engine.postLead(lead("\"source\":\"crm\",\"sourceEventId\":\"" + eventId + "\""));
    String fromWeb = engine.postLead(lead("\"source\":\"web-form\",\"sourceEventId\":\"" + eventId + "\""));
    assertNotEquals(fromCrm, fromWeb);
    assertEquals("web-form", engine.view(fromWeb).at("/sources/0/source").asText());
  }

  @Test
  void aColonInSourceOrEventIdDoesNotMakeTwoEventsOne() {
    String eventId = unique();
    String first = engine.postLead(lead("\"source\":\"shop\",\"sourceEventId\":\"a:" + eventId + "\""));
    String second = engine.postLead(lead("\"source\":\"shop:a\",\"sourceEventId\":\"" + eventId + "\""));
    assertNotEquals(first, second, "(shop, a:X) and (shop:a, X) are different events");
  }

  @Test
  void theSameIdempotencyKeyWithTheSameBodyIsOneLead() {
    String key = unique();
    String body = lead("\"notes\":\"first call\"");
    String first = accepted(postWithKey(engine.admin(), key, body));
    String second = accepted(postWithKey(engine.admin(), key, body));
    assertEquals(first, second);
  }

  @Test
  void theSameIdempotencyKeyWithAnotherBodyIsUnprocessable() {
    String key = unique();
    accepted(postWithKey(engine.admin(), key, lead("\"notes\":\"first call\"")));
    HttpResponse<String> reused = postWithKey(engine.admin(), key, lead("\"notes\":\"a different call\""));
    assertProblem(reused, 422, "idempotency-key-reused", "Idempotency-Key reused");
  }

  @Test
  void theSameIdempotencyKeyFromTwoCallersIsTwoLeads() {
    String key = unique();
    // Two people (two phones): were the keys shared, the second body would be refused (422).
    String a = accepted(postWithKey(engine.token("ops-a", "admin"), key, lead("")));
    String b = accepted(postWithKey(engine.token("ops-b", "admin"), key, lead("")));
    assertNotEquals(a, b);
  }

  @Test
  void theSameSourceEventIsOneLeadWhetherOrNotAnIdempotencyKeyCameWithIt() {
    String body = lead("\"source\":\"crm\",\"sourceEventId\":\"" + unique() + "\"");
    String withKey = accepted(postWithKey(engine.admin(), unique(), body));
    String withoutKey = engine.postLead(body);
    assertEquals(withKey, withoutKey, "DESIGN §6: same sourceEventId again → same leadId");
  }

  @Test
  void twentyConcurrentDeliveriesOfOneEventAreOneLead() throws Exception {
    String body = lead("\"source\":\"crm\",\"sourceEventId\":\"" + unique() + "\"");
    String token = engine.admin();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        posts.add(pool.submit(() -> {
          go.await();
          return client.send(HttpRequest.newBuilder(engine.uri("/api/v1/leads"))
                  .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
              HttpResponse.BodyHandlers.ofString());
        }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<HttpResponse<String>> post : posts) ids.add(accepted(post.get(30, TimeUnit.SECONDS)));
      assertEquals(1, ids.size(), ids.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
