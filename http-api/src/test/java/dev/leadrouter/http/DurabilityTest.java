package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Deadlines survive the engine stopping and entities leaving memory; each fires exactly once. */
class DurabilityTest {

  static final Config SLOW = ConfigFactory.parseString("""
      leadrouter.sla.seed.policies = [{
        name = standard
        steps = [
          { action = remind, after = 4s }
          { action = escalate-manager, after = 6s }
          { action = escalate-director, after = 8s }
        ]
      }]
      """);

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void pendingDeadlinesFireOnceInANewActorSystem(TestDb db) {
    Config database = db.create();
    try {
      List<String> leads = new ArrayList<>();
      try (EngineFixture first = EngineFixture.start(database, SLOW)) {
        for (int i = 0; i < 5; i++) {
          leads.add(first.postLead("{\"name\":\"客户" + i + "\",\"phone\":\"1380013800" + i
              + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}"));
        }
        awaitAssert(Duration.ofSeconds(5), () ->
            leads.forEach(id -> assertEquals("ASSIGNED", first.view(id).get("status").asText())));
      }
      try (EngineFixture second = EngineFixture.start(database, SLOW)) {
        awaitAssert(Duration.ofSeconds(20), () -> leads.forEach(id -> assertFiredOnce(second, id)));
      }
    } finally {
      db.drop(database);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void deadlinesOfPassivatedLeadsFireThroughTheScannerOnTime(TestDb db) {
    Config database = db.create();
    // A poll every 3 s: a scanner that only woke what was already due would fire steps up to 3 s late.
    Config passivateFast = ConfigFactory.parseString("""
        leadrouter.lead.idle-timeout = 1s
        leadrouter.deadlines { poll-interval = 3s, lookahead = 5s }
        """).withFallback(SLOW);
    try (EngineFixture engine = EngineFixture.start(database, passivateFast)) {
      List<String> leads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        leads.add(engine.postLead("{\"name\":\"客户" + i + "\",\"phone\":\"1390013900" + i
            + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}"));
      }
      // No one reads the leads until the last step is due: they passivate after 1 s idle, well before.
      awaitAssert(Duration.ofSeconds(20), () -> leads.forEach(id -> assertFiredOnce(engine, id)));
      // Read ahead and woken at the due time: each step fires after 4, 6 and 8 s, never early, and
      // not a poll late (a recovery and a write, on a loaded CI machine: well under a second).
      for (String id : leads) {
        JsonNode timeline = engine.view(id).get("timeline");
        Instant assigned = Instant.parse(timeline.get(1).get("at").asText());
        for (int step = 0; step < 3; step++) {
          long late = Duration.between(assigned.plusSeconds(4 + 2 * step),
              Instant.parse(timeline.get(2 + step).get("at").asText())).toMillis();
          assertTrue(late >= 0 && late < 1_000, "lead " + id + " step " + step + " fired " + late + " ms late");
        }
      }
    } finally {
      db.drop(database);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void leadsLeaveMemoryAfterTheirOwnIdleTimeoutAndComeBackForTheNextCommand(TestDb db) {
    Config database = db.create();
    // Leads idle for 1 s leave memory; every other entity keeps sharding's 2 minutes.
    Config leadsLeaveFast = ConfigFactory.parseString("""
        leadrouter.lead.idle-timeout = 1s
        leadrouter.metrics.poll-interval = 300ms
        """);
    try (EngineFixture engine = EngineFixture.start(database, leadsLeaveFast)) {
      String leadId = engine.postLead("{\"name\":\"赵工\",\"phone\":\"13600136000\",\"region\":\"上海\","
          + "\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
      String[] rep = new String[1];
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode view = engine.view(leadId);
        assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
        rep[0] = view.at("/assignment/repId").asText();
      });
      awaitAssert(Duration.ofSeconds(15), () -> {
        String scrape = engine.get("/metrics", engine.admin()).body();
        assertEquals(0, EngineFixture.inMemory(scrape, "Lead"), "leads in memory");
        assertTrue(EngineFixture.inMemory(scrape, "Rep") >= 1, "the rep stays in memory: " + EngineFixture.inMemory(scrape, "Rep"));
      });
      // The rep's acknowledgement finds the lead in the journal, assigned to that rep.
      java.net.http.HttpResponse<String> ack = engine.post("/api/v1/leads/" + leadId + "/ack", engine.token(rep[0], "rep"), "{}");
      assertEquals(200, ack.statusCode(), ack.body());
      assertEquals("ACKNOWLEDGED", engine.view(leadId).get("status").asText());
    } finally {
      db.drop(database);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void anIdleOpportunityThatLeftMemoryIsDowngradedOnceThroughTheScannerOnTime(TestDb db) {
    Config database = db.create();
    // 48 h / 14400 = 12 s idle; entities passivate after 1 s without a message.
    Config passivateFast = ConfigFactory.parseString("""
        pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 1s
        leadrouter.deadlines { poll-interval = 3s, lookahead = 5s }
        leadrouter.sla.time-scale = 14400
        """).withFallback(SLOW);
    try (EngineFixture engine = EngineFixture.start(database, passivateFast)) {
      String leadId = engine.postLead("{\"name\":\"王工\",\"phone\":\"13700137000\",\"region\":\"上海\","
          + "\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
      String[] rep = new String[1];
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode view = engine.view(leadId);
        assertTrue(view.at("/assignment/repId").isTextual(), view.toString());
        rep[0] = view.at("/assignment/repId").asText();
      });
      String token = engine.token(rep[0], "rep");
      assertEquals(200, engine.post("/api/v1/leads/" + leadId + "/ack", token, "{}").statusCode());
      java.net.http.HttpResponse<String> converted = engine.post("/api/v1/leads/" + leadId + "/convert", token, "{}");
      assertEquals(201, converted.statusCode(), converted.body());
      String id = EngineFixture.json(converted).get("opportunityId").asText();
      assertEquals(201, engine.post("/api/v1/opportunities/" + id + "/actions", token,
          "{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\"}]}").statusCode());
      JsonNode moved = EngineFixture.json(engine.post("/api/v1/opportunities/" + id + "/stage", token,
          "{\"to\":\"solution_demo\"}"));
      Instant idleDeadline = Instant.parse(moved.get("idleDeadline").asText());

      // Nobody reads it until well after its deadline: it left memory after 1 s.
      sleepUntil(idleDeadline.plusSeconds(4));
      JsonNode view = EngineFixture.json(engine.get("/api/v1/opportunities/" + id, token));
      assertEquals("qualification", view.get("stage").asText(), view.toString());
      List<Instant> downgrades = new ArrayList<>();
      view.get("timeline").forEach(e -> {
        if (e.get("type").asText().equals("DOWNGRADED")) downgrades.add(Instant.parse(e.get("at").asText()));
      });
      assertEquals(1, downgrades.size(), view.toString());
      long late = Duration.between(idleDeadline, downgrades.get(0)).toMillis();
      assertTrue(late >= 0 && late < 1_000, "downgraded " + late + " ms after its deadline: " + view);
    } finally {
      db.drop(database);
    }
  }

  private static void sleepUntil(Instant at) {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis <= 0) return;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertFiredOnce(EngineFixture engine, String leadId) {
    JsonNode view = engine.view(leadId);
    assertEquals(List.of("RECEIVED", "ASSIGNED", "REMINDER", "ESCALATED", "ESCALATED"), LeadFlowTest.types(view),
        "lead " + leadId);
    assertEquals(7, engine.outbox().ofLead(leadId).stream().filter(r -> !r.kind().equals("ASSIGNED")).count(),
        "one outbox row per step notice, lead " + leadId);
  }
}
