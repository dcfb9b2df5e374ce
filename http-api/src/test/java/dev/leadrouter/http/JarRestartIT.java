package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, stopped hard (SIGKILL right after it answered 202s) or gracefully (SIGTERM while
 * leads stream in), restarted on the same data directory: every accepted lead is there and its
 * deadlines fire, once each.
 */
class JarRestartIT {

  private static final String SECRET = "kill-nine-secret-kill-nine-secret-0123456789";
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void acceptedLeadsAndTheirDeadlinesSurviveKillDashNine(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "leadrouter.jar").toAbsolutePath();
    String token = adminToken(dir);
    List<String> accepted = new ArrayList<>();
    Process first = start(jar, dir, dir.resolve("first.log"));
    try {
      int port = awaitPort(dir.resolve("first.log"));
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = post(port, token, "{\"name\":\"客户" + i + "\",\"phone\":\"1360000" + String.format("%04d", i)
            + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
        assertEquals(202, r.statusCode(), r.body());
        accepted.add(Json.MAPPER.readTree(r.body()).get("leadId").asText());
      }
    } finally {
      first.destroyForcibly().waitFor();
    }

    Process second = start(jar, dir, dir.resolve("second.log"));
    try {
      int port = awaitPort(dir.resolve("second.log"));
      awaitAssert(Duration.ofSeconds(40), () -> {
        for (String id : accepted) {
          JsonNode view = view(port, token, id);
          // On a loaded machine a lead may wait in the fallback queue while its pool starts: that detour is fine.
          assertEquals(List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED"),
              LeadFlowTest.types(view).stream().filter(t -> !t.equals("QUEUED")).toList(), "lead " + id);
        }
      });
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  @Test
  void aGracefulStopUnderLoadLosesNoAcceptedLead(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "leadrouter.jar").toAbsolutePath();
    String token = adminToken(dir);
    List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    Process first = start(jar, dir, dir.resolve("first.log"));
    int port = awaitPort(dir.resolve("first.log"));
    java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(4);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 4; t++) {
      posters.submit(() -> {
        while (!stop.get()) {
          int i = seq.incrementAndGet();
          try {
            HttpResponse<String> r = post(port, token, "{\"name\":\"客户" + i + "\",\"phone\":\"135"
                + String.format("%08d", i) + "\",\"region\":\"广州\",\"industry\":\"SaaS\"}");
            if (r.statusCode() == 202) accepted.add(Json.MAPPER.readTree(r.body()).get("leadId").asText());
          } catch (Exception refusedWhileStopping) {
            // connection refused or reset once the server unbinds: not accepted, nothing to find
          }
        }
        return null;
      });
    }
    awaitAssert(Duration.ofSeconds(20), () -> org.junit.jupiter.api.Assertions.assertTrue(accepted.size() >= 50));
    first.destroy(); // SIGTERM: CoordinatedShutdown unbinds, lets in-flight requests finish, stops
    org.junit.jupiter.api.Assertions.assertTrue(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "engine stopped");
    stop.set(true);
    posters.shutdown();
    posters.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);

    Process second = start(jar, dir, dir.resolve("second.log"));
    try {
      int again = awaitPort(dir.resolve("second.log"));
      List<String> all = List.copyOf(accepted);
      for (String id : all) {
        assertEquals(id, view(again, token, id).get("leadId").asText());
      }
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  @Test
  void anOpportunitysIdleDowngradeFiresOnceAfterKillDashNine(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target", "leadrouter.jar").toAbsolutePath();
    String admin = adminToken(dir);
    String opportunityId;
    Instant idleDeadline;
    // 48 h / 8640 = 20 s of idleness.
    Process first = start(jar, dir, dir.resolve("first.log"), "8640");
    try {
      int port = awaitPort(dir.resolve("first.log"));
      HttpResponse<String> r = post(port, admin, "/api/v1/leads", "{\"name\":\"王工\",\"phone\":\"13600009999\","
          + "\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
      assertEquals(202, r.statusCode(), r.body());
      String leadId = Json.MAPPER.readTree(r.body()).get("leadId").asText();
      String[] rep = new String[1];
      awaitAssert(Duration.ofSeconds(20), () -> {
        JsonNode view = get(port, admin, "/api/v1/leads/" + leadId);
        assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
        rep[0] = view.at("/assignment/repId").asText();
      });
      String token = token(dir, rep[0], "rep");
      assertEquals(200, post(port, token, "/api/v1/leads/" + leadId + "/ack", "{}").statusCode());
      HttpResponse<String> converted = post(port, token, "/api/v1/leads/" + leadId + "/convert", "{\"name\":\"产线改造\"}");
      assertEquals(201, converted.statusCode(), converted.body());
      opportunityId = Json.MAPPER.readTree(converted.body()).get("opportunityId").asText();
      HttpResponse<String> demo = post(port, token, "/api/v1/opportunities/" + opportunityId + "/actions",
          "{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\",\"url\":\"https://files.example.cn/demo.mp4\"}]}");
      assertEquals(201, demo.statusCode(), demo.body());
      HttpResponse<String> moved = post(port, token, "/api/v1/opportunities/" + opportunityId + "/stage",
          "{\"to\":\"solution_demo\"}");
      assertEquals(200, moved.statusCode(), moved.body());
      idleDeadline = Instant.parse(Json.MAPPER.readTree(moved.body()).get("idleDeadline").asText());
    } finally {
      first.destroyForcibly().waitFor();
    }

    Process second = start(jar, dir, dir.resolve("second.log"), "8640");
    try {
      int port = awaitPort(dir.resolve("second.log"));
      String path = "/api/v1/opportunities/" + opportunityId;
      awaitAssert(Duration.ofSeconds(60), () -> {
        JsonNode view = get(port, admin, path);
        assertEquals("qualification", view.get("stage").asText(), view.toString());
      });
      // A wake-up of the scanner and the entity's own timer both passed: still exactly one downgrade,
      // and not before its deadline.
      Thread.sleep(5_000);
      JsonNode view = get(port, admin, path);
      List<JsonNode> downgrades = new ArrayList<>();
      view.get("timeline").forEach(e -> {
        if (e.get("type").asText().equals("DOWNGRADED")) downgrades.add(e);
      });
      assertEquals(1, downgrades.size(), view.toString());
      assertFalse(Instant.parse(downgrades.get(0).get("at").asText()).isBefore(idleDeadline), "never early: " + view);
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  private static String token(Path dir, String subject, String role) {
    return Auth.fromConfig(com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
        "leadrouter.auth.jwt-secret", SECRET, "leadrouter.data-dir", dir.toString())), java.time.Clock.systemUTC())
        .issue(subject, role, Duration.ofHours(1));
  }

  private static String adminToken(Path dir) {
    return token(dir, "admin", "admin");
  }

  private Process start(Path jar, Path dir, Path log) throws IOException {
    // 15 min / 300 = 3 s reminder, 6 s manager, 12 s director.
    return start(jar, dir, log, "300");
  }

  private Process start(Path jar, Path dir, Path log, String timeScale) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LEADROUTER_DATA_DIR", dir.toString());
    pb.environment().put("LEADROUTER_HTTP_PORT", "0");
    pb.environment().put("LEADROUTER_CLUSTER_PORT", "0");
    pb.environment().put("LEADROUTER_JWT_SECRET", SECRET);
    pb.environment().put("LEADROUTER_SLA_TIME_SCALE", timeScale);
    return pb.start();
  }

  private static int awaitPort(Path log) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log)) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (m.find()) return Integer.parseInt(m.group(1));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the engine did not start: " + (Files.exists(log) ? Files.readString(log) : "no log"));
  }

  private HttpResponse<String> post(int port, String token, String body) throws Exception {
    return post(port, token, "/api/v1/leads", body);
  }

  private HttpResponse<String> post(int port, String token, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode view(int port, String token, String id) {
    return get(port, token, "/api/v1/leads/" + id);
  }

  private JsonNode get(int port, String token, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      return Json.MAPPER.readTree(r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
