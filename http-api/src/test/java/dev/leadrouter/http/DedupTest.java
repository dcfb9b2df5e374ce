package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliveries of the same person (same phone or e-mail) within the dedup window are one lead: the
 * lead records every source and fills what it lacked, and is routed once — also when the
 * deliveries race each other (sharded contact keys, no global lock). On both databases.
 */
class DedupTest {

  private static String delivery(String source, String phone, String email, String extra) {
    return "{\"source\":\"" + source + "\",\"sourceEventId\":\"" + UUID.randomUUID() + "\",\"name\":\"王工\""
        + (phone == null ? "" : ",\"phone\":\"" + phone + "\"") + (email == null ? "" : ",\"email\":\"" + email + "\"")
        + ",\"region\":\"上海\",\"industry\":\"工业自动化\"" + extra + "}";
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void theSamePersonFromThreeSourcesIsOneLeadThatRecordsEveryTouch(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      String phone = EngineFixture.newPhone();
      String email = "wang." + UUID.randomUUID().toString().substring(0, 8) + "@example.cn";
      String first = engine.postLead(delivery("web-form", phone, null, ""));
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(first).get("status").asText()));

      String byPhone = engine.postLead(delivery("crm", " +86 " + phone, email, ",\"company\":\"苏州精密\",\"budget\":\"80万\""));
      String byEmail = engine.postLead(delivery("douyin", null, email.toUpperCase(), ""));

      assertEquals(first, byPhone, "the same phone in another form");
      assertEquals(first, byEmail, "the e-mail the second delivery brought");
      JsonNode view = engine.view(first);
      assertEquals(List.of("web-form", "crm", "douyin"), view.get("sources").findValuesAsText("source"));
      assertEquals("苏州精密", view.at("/contact/company").asText(), "filled from the second delivery");
      assertEquals("50-200万", view.get("budgetBand").asText());
      assertEquals(1, view.at("/contact/emails").size(), view.toString());
      assertEquals(email, view.at("/contact/emails/0").asText());
      List<String> types = view.get("timeline").findValuesAsText("type");
      assertEquals(1, types.stream().filter("ASSIGNED"::equals).count(), "routed once: " + types);
      assertEquals(2, types.stream().filter("TOUCHED"::equals).count(), types.toString());

      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(List.of(first), EngineFixture.json(
          engine.get("/api/v1/leads?email=" + email, engine.admin())).get("leads").findValuesAsText("leadId"),
          "the e-mail only a touch brought finds the lead"));

      String someoneElse = engine.postLead(delivery("crm", EngineFixture.newPhone(), null, ""));
      assertNotEquals(first, someoneElse);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void twentyRacingDeliveriesOfOnePersonFromDifferentSourcesAreOneLead(TestDb db) throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      String phone = EngineFixture.newPhone();
      String token = engine.admin();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      ExecutorService pool = Executors.newFixedThreadPool(20);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String body = delivery("source-" + i, phone, null, "");
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
        for (Future<HttpResponse<String>> post : posts) {
          HttpResponse<String> r = post.get(30, TimeUnit.SECONDS);
          assertEquals(202, r.statusCode(), r.body());
          ids.add(EngineFixture.json(r).get("leadId").asText());
        }
        assertEquals(1, ids.size(), ids.toString());
        String leadId = ids.iterator().next();
        awaitAssert(Duration.ofSeconds(10), () -> {
          JsonNode view = engine.view(leadId);
          assertEquals(20, view.get("sources").size(), view.toString());
          assertTrue(view.get("timeline").findValuesAsText("type").stream().filter("ASSIGNED"::equals).count() <= 1);
        });
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
