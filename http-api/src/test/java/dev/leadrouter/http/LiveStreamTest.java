package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/reps/{id}/stream}: app notifications as server-sent events, resumable. */
class LiveStreamTest {

  private static final String SHANGHAI =
      "{\"name\":\"王工\",\"phone\":\"13800138000\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";

  private static EngineFixture engine;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, EngineFixture.FAST);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** One server-sent event as the client parses it. */
  record Event(String id, String type, String data) {}

  /** Opens the stream and reads events until {@code count} arrived (or fails after 20 s). */
  private List<Event> read(String personId, String lastEventId, int count) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(engine.uri("/api/v1/reps/" + personId + "/stream"))
        .header("Authorization", "Bearer " + engine.token(personId, "rep"));
    if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    try (InputStream body = response.body()) {
      return CompletableFuture.supplyAsync(() -> {
        List<Event> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String id = null, type = null, data = null, line;
          while (events.size() < count && (line = lines.readLine()) != null) {
            if (line.startsWith("id:")) id = line.substring(3).trim();
            else if (line.startsWith("event:")) type = line.substring(6).trim();
            else if (line.startsWith("data:")) data = line.substring(5).trim();
            else if (line.isEmpty() && data != null) {
              events.add(new Event(id, type, data));
              id = type = data = null;
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return events;
      }).get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void theRepGetsTheAssignmentThenTheReminderAndAReconnectResumesAfterTheLastEvent() throws Exception {
    String leadId = engine.postLead(SHANGHAI);
    String[] rep = new String[1];
    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode view = engine.view(leadId);
      assertEquals("ASSIGNED", view.get("status").asText());
      rep[0] = view.at("/assignment/repId").asText();
    });

    List<Event> first = read(rep[0], null, 1);
    assertEquals("ASSIGNED", first.get(0).type());
    JsonNode data = Json.MAPPER.readTree(first.get(0).data());
    assertEquals(leadId, data.get("leadId").asText());
    assertEquals(rep[0], data.get("recipientId").asText());

    // FAST: the reminder comes 2 s after the assignment; resuming after the first event skips it.
    List<Event> next = read(rep[0], first.get(0).id(), 1);
    assertEquals("REMINDER", next.get(0).type());
    assertTrue(Long.parseLong(next.get(0).id()) > Long.parseLong(first.get(0).id()));

    awaitAssert(Duration.ofSeconds(10), () -> {
      JsonNode rows = EngineFixture.json(engine.get("/api/v1/notifications?leadId=" + leadId, engine.admin()));
      for (JsonNode row : rows.get("notifications")) {
        if (row.get("channel").asText().equals("app") && row.get("recipientId").asText().equals(rep[0])) {
          assertEquals("SENT", row.get("status").asText(), row.toString());
        }
      }
    });
  }

  @Test
  void onlyThePersonOrAnAdminMayOpenAStream() {
    assertProblem(engine.get("/api/v1/reps/rep-east-1/stream", engine.token("rep-east-2", "rep")), 403, "forbidden", "Forbidden");
    assertProblem(engine.get("/api/v1/reps/nobody/stream", engine.admin()), 404, "not-found", "Not found");
    HttpResponse<String> bad = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/reps/rep-east-1/stream"))
        .header("Authorization", "Bearer " + engine.token("rep-east-1", "rep")).header("Last-Event-ID", "yesterday").GET());
    assertInvalid(bad, "Last-Event-ID");
  }
}
