package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.leadrouter.persistence.source.SourceEventStore;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lead sources over HTTP: the sources document, deliveries in JSON, form and multipart, the
 * verbatim store, 401/404/415/422/400, retries, and a reference fetched from a local "platform".
 * On both databases.
 */
class SourceApiTest {

  private static final String TOKEN = "s3cret-token";

  private static String sources(String platformUrl) {
    return """
        {"sources": [
          {"id": "landing", "type": "generic", "secrets": {"token": "%s"}, "priority": "high", "tags": ["spring"],
           "credibility": 0.9,
           "options": {"fields": {"sourceEventId": "/id", "name": "/contact/name", "phone": "/contact/mobile",
                                  "email": "/contact/email", "region": "/city", "industry": {"const": "工业自动化"},
                                  "landingUrl": "/page"}}},
          {"id": "form", "type": "generic", "secrets": {"token": "%s"},
           "options": {"fields": {"name": {"form": "your-name"}, "phone": {"form": "your-tel"}, "region": {"const": "上海"}}}},
          {"id": "pages", "type": "generic", "secrets": {"token": "%s"},
           "options": {"list": "/data/list", "fields": {"sourceEventId": "/clue_id", "name": "/name", "phone": "/tel"}}},
          {"id": "off", "type": "generic", "enabled": false, "secrets": {"token": "%s"}, "options": {"fields": {"name": "/n"}}}
        ]}
        """.formatted(TOKEN, TOKEN, TOKEN, TOKEN);
  }

  private static HttpResponse<String> post(EngineFixture engine, String path, String contentType, byte[] body) {
    return engine.send(HttpRequest.newBuilder(engine.uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> postJson(EngineFixture engine, String path, String json) {
    return post(engine, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void deliveriesBecomeLeadsAndAreKeptVerbatim(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      assertInvalid(engine.put("/api/v1/sources", engine.admin(),
          "{\"sources\": [{\"id\": \"x y\", \"type\": \"nope\"}, {\"id\": \"g\", \"type\": \"generic\"}]}"),
          "/sources/0/id", "/sources/0/type", "/sources/1/options", "/sources/1/secrets/token");
      HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), sources("http://127.0.0.1:1"));
      assertEquals(200, put.statusCode(), put.body());
      JsonNode shown = EngineFixture.json(engine.get("/api/v1/sources", engine.admin()));
      assertEquals("***", shown.at("/document/sources/0/secrets/token").asText(), "secrets are never shown");
      assertTrue(shown.get("adapterTypes").toString().contains("generic"));
      assertProblem(engine.get("/api/v1/sources", engine.token("mgr-east", "manager")), 403, "forbidden", "Forbidden");

      String phone = EngineFixture.newPhone();
      String eventId = UUID.randomUUID().toString();
      String body = "{\"id\":\"" + eventId + "\",\"contact\":{\"name\":\"王工\",\"mobile\":\"" + phone
          + "\",\"email\":\"wang@example.cn\"},\"city\":\"上海\",\"page\":\"https://x.cn/a?utm_source=baidu&utm_campaign=s1\"}";
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals(202,
          postJson(engine, "/api/v1/sources/landing/events?token=" + TOKEN, body).statusCode()));
      HttpResponse<String> again = postJson(engine, "/api/v1/sources/landing/events?token=" + TOKEN, body);
      assertEquals(202, again.statusCode(), again.body());
      JsonNode answer = EngineFixture.json(again);
      String leadId = answer.at("/leads/0/leadId").asText();
      assertEquals("duplicate", answer.at("/leads/0/outcome").asText(), "a retried delivery is a duplicate: " + answer);
      assertEquals(0, answer.get("pending").asInt());
      JsonNode view = engine.view(leadId);
      assertEquals("landing", view.at("/sources/0/source").asText());
      assertEquals(1, view.get("sources").size(), "a retried delivery is the same event");
      assertEquals("high", view.get("priority").asText());
      assertEquals("baidu", view.at("/utm/source").asText());
      assertEquals("华东", view.at("/region/macro").asText());
      assertTrue(view.at("/health/score").asInt() > 50, view.get("health").toString());
      assertEquals(0.9, view.at("/health/credibility").asDouble());

      SourceEventStore.StoredEvent kept = new SourceEventStore(engine.running.db()).find(answer.get("eventId").asLong()).orElseThrow();
      assertEquals(body, new String(kept.body(), StandardCharsets.UTF_8), "kept verbatim");
      assertEquals("ACCEPTED", kept.status());
      assertEquals(List.of(leadId), kept.leadIds());
      assertEquals(TOKEN, kept.query().get("token"));

      // multipart and urlencoded forms
      String boundary = "----lr" + UUID.randomUUID();
      String formPhone = EngineFixture.newPhone();
      String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"your-name\"\r\n\r\n李女士\r\n"
          + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"your-tel\"\r\n\r\n" + formPhone + "\r\n"
          + "--" + boundary + "--\r\n";
      HttpResponse<String> mp = post(engine, "/api/v1/sources/form/events?token=" + TOKEN,
          "multipart/form-data; boundary=" + boundary, multipart.getBytes(StandardCharsets.UTF_8));
      assertEquals(202, mp.statusCode(), mp.body());
      assertEquals("李", engine.view(EngineFixture.json(mp).at("/leads/0/leadId").asText()).at("/contact/name").asText());
      HttpResponse<String> urlencoded = post(engine, "/api/v1/sources/form/events?token=" + TOKEN,
          "application/x-www-form-urlencoded",
          ("your-name=%E8%B5%B5%E6%80%BB&your-tel=" + EngineFixture.newPhone()).getBytes(StandardCharsets.UTF_8));
      assertEquals(202, urlencoded.statusCode(), urlencoded.body());
      assertEquals("赵", engine.view(EngineFixture.json(urlencoded).at("/leads/0/leadId").asText()).at("/contact/name").asText());

      // a page of two clues → two leads; one without a phone is counted
      HttpResponse<String> page = postJson(engine, "/api/v1/sources/pages/events?token=" + TOKEN,
          "{\"data\":{\"list\":[{\"clue_id\":\"c1-" + eventId + "\",\"name\":\"甲\",\"tel\":\"" + EngineFixture.newPhone()
              + "\"},{\"clue_id\":\"c2-" + eventId + "\",\"name\":\"乙\",\"tel\":\"" + EngineFixture.newPhone()
              + "\"},{\"clue_id\":\"c3-" + eventId + "\",\"name\":\"丙\"}]}}");
      assertEquals(202, page.statusCode(), page.body());
      assertEquals(2, EngineFixture.json(page).get("leads").size());
      assertEquals(1, EngineFixture.json(page).get("withoutContact").asInt());

      // preview: parsed, cleaned, scored and routed on paper, nothing written
      String previewPhone = EngineFixture.newPhone();
      HttpResponse<String> preview = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/sources/landing/preview"))
          .header("Authorization", "Bearer " + engine.admin()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.replace(phone, previewPhone).replace(eventId, "p-" + eventId))));
      assertEquals(200, preview.statusCode(), preview.body());
      JsonNode previewed = EngineFixture.json(preview).at("/leads/0");
      assertEquals("+86" + previewPhone, previewed.at("/lead/phones/0").asText());
      assertFalse(previewed.at("/routing/repId").isNull(), previewed.toString());
      assertTrue(previewed.at("/health/score").asInt() > 0);
      assertEquals(0, EngineFixture.json(engine.get("/api/v1/leads?phone=" + previewPhone, engine.admin())).get("leads").size());

      // refusals
      assertProblem(postJson(engine, "/api/v1/sources/landing/events?token=wrong", body), 401, "unauthorized", "Unauthorized");
      assertProblem(postJson(engine, "/api/v1/sources/landing/events", body), 401, "unauthorized", "Unauthorized");
      assertProblem(postJson(engine, "/api/v1/sources/nope/events?token=" + TOKEN, body), 404, "not-found", "Not found");
      assertProblem(postJson(engine, "/api/v1/sources/off/events?token=" + TOKEN, body), 404, "not-found", "Not found");
      assertProblem(post(engine, "/api/v1/sources/landing/events?token=" + TOKEN, "text/plain", "hi".getBytes()),
          415, "unsupported-media-type", "Unsupported media type");
      assertProblem(postJson(engine, "/api/v1/sources/landing/events?token=" + TOKEN,
          "{\"id\":\"x\",\"contact\":{\"name\":\"无联系方式\"}}"), 422, "no-contact", "No contact");
      HttpResponse<String> malformed = postJson(engine, "/api/v1/sources/landing/events?token=" + TOKEN, "{\"id\":");
      assertEquals(400, malformed.statusCode(), malformed.body());
      assertProblem(post(engine, "/api/v1/sources/form/events?token=" + TOKEN, "multipart/form-data; boundary=zzz",
          "garbage".getBytes()), 400, "invalid-input", "Invalid input");
    }
  }

  /**
   * A page of clues is applied one clue after the other in the platform's creation order: two clues of
   * the same person (the same phone) listed newest first always give the lead of the older clue, the
   * newer one merged into it — every time, not depending on which ask won a race.
   */
  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void aPageOfCluesIsAppliedInCreationOrder(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), """
          {"sources": [{"id": "juliang", "type": "oceanengine", "secrets": {"token": "%s"}, "priority": "normal"}]}
          """.formatted(TOKEN));
      assertEquals(200, put.statusCode(), put.body());
      for (int run = 0; run < 4; run++) {
        String phone = EngineFixture.newPhone();
        String older = "73" + UUID.randomUUID().toString().replaceAll("[^0-9]", "").substring(0, 10) + run + "1";
        String newer = older.substring(0, older.length() - 1) + "2";
        String page = """
            {"code": 0, "message": "OK", "data": {"list": [
              {"clue_id": "%s", "name": "王磊", "telephone": "%s", "create_time_detail": "2026-11-24 10:05:00", "remark": "第二次留资"},
              {"clue_id": "%s", "name": "王先生", "telephone": "%s", "create_time_detail": "2026-11-24 10:00:00", "remark": "第一次留资"}],
              "page_info": {"page": 1, "page_size": 10, "total_number": 2, "total_page": 1}}}""".formatted(newer, phone, older, phone);
        HttpResponse<String> posted = run == 0
            ? awaitPosted(engine, "/api/v1/sources/juliang/events?token=" + TOKEN, page)
            : postJson(engine, "/api/v1/sources/juliang/events?token=" + TOKEN, page);
        assertEquals(202, posted.statusCode(), posted.body());
        JsonNode leads = EngineFixture.json(posted).get("leads");
        assertEquals(2, leads.size(), posted.body());
        String leadId = leads.get(0).get("leadId").asText();
        assertEquals(leadId, leads.get(1).get("leadId").asText(), "the newer clue is merged into the older one's lead");
        assertEquals("created", leads.get(0).get("outcome").asText(), posted.body());
        assertEquals("merged", leads.get(1).get("outcome").asText(), posted.body());
        JsonNode view = engine.view(leadId);
        assertEquals(older, view.at("/sources/0/sourceEventId").asText(), view.toString());
        assertEquals(newer, view.at("/sources/1/sourceEventId").asText(), view.toString());
      }
    }
  }

  private static HttpResponse<String> awaitPosted(EngineFixture engine, String path, String body) {
    java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> answer = new java.util.concurrent.atomic.AtomicReference<>();
    awaitAssert(Duration.ofSeconds(10), () -> {
      answer.set(postJson(engine, path, body));
      assertEquals(202, answer.get().statusCode(), answer.get().body());
    });
    return answer.get();
  }

  /**
   * A Meta leadgen webhook carries ids only: answered at once, the lead is fetched from the Graph
   * API (a local stand-in that fails first), and becomes a lead; the fetch is retried, not dropped.
   */
  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void aReferencedLeadIsFetchedFromThePlatformWithRetries(TestDb db) throws Exception {
    String phone = "+8613" + EngineFixture.newPhone().substring(2);
    String leadgenId = String.valueOf(1_000_000_000L + (long) (Math.random() * 1_000_000_000L));
    AtomicInteger calls = new AtomicInteger();
    HttpServer graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    graph.createContext("/", exchange -> {
      byte[] answer = calls.incrementAndGet() == 1 ? "{\"error\":{\"message\":\"busy\"}}".getBytes(StandardCharsets.UTF_8)
          : ("{\"id\":\"" + leadgenId + "\",\"created_time\":\"2026-11-24T08:15:01+0000\",\"form_id\":\"98765\","
              + "\"field_data\":[{\"name\":\"full_name\",\"values\":[\"周女士\"]},"
              + "{\"name\":\"phone_number\",\"values\":[\"" + phone + "\"]},"
              + "{\"name\":\"city\",\"values\":[\"杭州\"]}]}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(calls.get() == 1 ? 500 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    graph.start();
    Config fastFetch = ConfigFactory.parseString("leadrouter.sources.fetch { poll-interval = 100ms, retry.base = 200ms }");
    try (EngineFixture engine = EngineFixture.startFresh(db, fastFetch)) {
      String appSecret = "app-secret-" + UUID.randomUUID();
      HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), """
          {"sources": [{"id": "fb", "type": "meta-leadgen",
            "secrets": {"appSecret": "%s", "verifyToken": "vt", "accessToken": "page-token"},
            "options": {"apiBaseUrl": "http://127.0.0.1:%d/v26.0"}}]}
          """.formatted(appSecret, graph.getAddress().getPort()));
      assertEquals(200, put.statusCode(), put.body());

      HttpResponse<String> handshake = engine.send(HttpRequest.newBuilder(engine.uri(
          "/api/v1/sources/fb/events?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=42")).GET());
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals("42", engine.send(HttpRequest.newBuilder(engine.uri(
          "/api/v1/sources/fb/events?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=42")).GET()).body()));

      byte[] webhook = ("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"time\":1795508103,\"changes\":[{\"field\":\"leadgen\","
          + "\"value\":{\"leadgen_id\":\"" + leadgenId + "\",\"page_id\":\"1\",\"form_id\":\"98765\",\"created_time\":1795508101}}]}]}")
          .getBytes(StandardCharsets.UTF_8);
      String signature = "sha256=" + java.util.HexFormat.of().formatHex(dev.leadrouter.engine.common.Hmac.sha256(
          appSecret.getBytes(StandardCharsets.UTF_8), webhook));
      HttpResponse<String> accepted = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/sources/fb/events"))
          .header("Content-Type", "application/json").header("X-Hub-Signature-256", signature)
          .POST(HttpRequest.BodyPublishers.ofByteArray(webhook)));
      assertEquals(202, accepted.statusCode(), accepted.body());
      assertEquals(1, EngineFixture.json(accepted).get("fetches").asInt());
      assertEquals(0, EngineFixture.json(accepted).get("leads").size());
      assertProblem(engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/sources/fb/events"))
          .header("Content-Type", "application/json").header("X-Hub-Signature-256", "sha256=00")
          .POST(HttpRequest.BodyPublishers.ofByteArray(webhook))), 401, "unauthorized", "Unauthorized");

      SourceEventStore store = new SourceEventStore(engine.running.db());
      awaitAssert(Duration.ofSeconds(30), () -> {
        var state = store.fetchState("fb", leadgenId).orElseThrow();
        assertEquals("DONE", state.status(), state.toString());
        assertEquals(1, state.attempts(), "one failure before the answer");
        assertEquals(1, state.leadIds().size());
      });
      String leadId = store.fetchState("fb", leadgenId).orElseThrow().leadIds().get(0);
      JsonNode view = engine.view(leadId);
      assertEquals("周", view.at("/contact/name").asText());
      assertEquals("fb", view.at("/sources/0/source").asText());
      assertEquals(leadgenId, view.at("/sources/0/sourceEventId").asText());
      assertEquals(2, calls.get());
    } finally {
      graph.stop(0);
    }
  }
}
