package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Capacity holds under parallel intake: the Rep entity refuses what would exceed it. */
class ConcurrencyTest {

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void twoHundredParallelLeadsIntoFiftySlots(TestDb db) throws Exception {
    Config database = db.create();
    Config longSla = ConfigFactory.parseString("leadrouter.sla.time-scale = 1");
    try (EngineFixture engine = EngineFixture.start(database, longSla)) {
      JsonNode org = EngineFixture.json(engine.get("/api/v1/org", engine.admin()));
      for (JsonNode person : org.get("people")) {
        if (person.get("id").asText().equals("rep-south-1")) ((ObjectNode) person).put("capacity", 30);
        if (person.get("id").asText().equals("rep-south-2")) ((ObjectNode) person).put("capacity", 20);
      }
      assertEquals(200, engine.put("/api/v1/org", engine.admin(), org.toString()).statusCode());

      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<String>> posts = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String body = "{\"name\":\"并发" + i + "\",\"phone\":\"1370000" + String.format("%04d", i)
            + "\",\"region\":\"深圳\",\"industry\":\"新能源电池\",\"budget\":\"面议\"}";
        posts.add(pool.submit(() -> engine.postLead(body)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : posts) ids.add(f.get());
      pool.shutdown();

      awaitAssert(Duration.ofSeconds(30), () -> {
        Map<String, Integer> byStatus = new HashMap<>();
        Map<String, Integer> byRep = new HashMap<>();
        for (String id : ids) {
          JsonNode view = engine.view(id);
          byStatus.merge(view.get("status").asText(), 1, Integer::sum);
          if (view.get("status").asText().equals("ASSIGNED")) byRep.merge(view.at("/assignment/repId").asText(), 1, Integer::sum);
        }
        assertEquals(Map.of("ASSIGNED", 50, "QUEUED", 150), byStatus);
        assertEquals(Map.of("rep-south-1", 30, "rep-south-2", 20), byRep);
      });
      HttpResponse<String> queue = engine.get("/api/v1/queues/" + URLEncoder.encode("华南", StandardCharsets.UTF_8), engine.admin());
      assertEquals(200, queue.statusCode(), queue.body());
      assertEquals(150, EngineFixture.json(queue).get("leads").size());
      awaitAssert(Duration.ofSeconds(5), () -> {
        for (String rep : List.of("rep-south-1", "rep-south-2")) {
          int listed = EngineFixture.json(engine.get("/api/v1/reps/" + rep + "/leads", engine.admin())).get("leads").size();
          assertTrue(listed <= (rep.equals("rep-south-1") ? 30 : 20), rep + " holds " + listed);
        }
      });
    } finally {
      db.drop(database);
    }
  }
}
