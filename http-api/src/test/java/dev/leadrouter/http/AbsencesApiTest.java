package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A manager plans their people's absences ({@code PUT /reps/{id}/absences}): a new routing version by
 * them holding only that change, the person skipped by routing while away, nobody else's people, the
 * dates checked as {@code PUT /routing} checks them, and an admin's publish in between kept.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbsencesApiTest extends SharedH2Engine {

  /** The two south reps in turn; rep-south-1 also has a daily limit the absences must leave alone. */
  private static final String SOUTH_RULES = """
      {"pools": [{"id": "south", "members": [{"person": "rep-south-1"}, {"person": "rep-south-2"}]}],
       "people": {"rep-south-1": {"maxNewPerDay": 50}},
       "default": {"id": "south", "target": {"pool": "south"}, "distribution": "roundRobin"},
       "fallbackQueue": "unassigned"}""";

  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  private static String around(int days) {
    return "{\"absences\":[{\"from\":\"" + TODAY.minusDays(days) + "\",\"to\":\"" + TODAY.plusDays(days)
        + "\",\"reason\":\"vacation\"}]}";
  }

  private static JsonNode tree(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode current() {
    return json(engine.get("/api/v1/routing", engine.admin()));
  }

  private static String lead() {
    return "{\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"广州\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
  }

  @Test
  @Order(1)
  void aManagersAbsenceIsANewRoutingVersionByThemAndTheRepIsNotRoutedThatDay() {
    HttpResponse<String> published = engine.put("/api/v1/routing", engine.admin(), SOUTH_RULES);
    assertEquals(200, published.statusCode(), published.body());
    JsonNode before = current();
    String manager = engine.token("mgr-south", "manager");

    HttpResponse<String> r = engine.put("/api/v1/reps/rep-south-2/absences", manager, around(1));
    assertEquals(200, r.statusCode(), r.body());
    int version = json(r).get("version").asInt();
    assertEquals(before.get("version").asInt() + 1, version);
    JsonNode after = current();
    assertEquals(version, after.get("version").asInt());
    assertEquals("mgr-south", after.get("by").asText());
    ObjectNode expected = before.get("document").deepCopy();
    expected.with("people").set("rep-south-2", tree(around(1)));
    assertEquals(expected, after.get("document"), "only rep-south-2's absences changed");
    assertEquals(version, json(engine.put("/api/v1/reps/rep-south-2/absences", manager, around(1))).get("version").asInt(),
        "the same list again writes nothing");

    awaitAssert(Duration.ofSeconds(5), () -> {
      JsonNode people = json(engine.get("/api/v1/availability", manager)).get("people");
      for (JsonNode p : people) {
        if (p.get("id").asText().equals("rep-south-2")) assertEquals(TODAY.minusDays(1).toString(), p.at("/absences/0/from").asText());
        if (p.get("id").asText().equals("rep-south-1")) assertEquals(0, p.get("absences").size());
      }
    });
    // Round robin over the two would give rep-south-2 one of these; away today, they get neither.
    for (int i = 0; i < 2; i++) {
      String leadId = engine.postLead(lead());
      awaitAssert(Duration.ofSeconds(10), () -> assertEquals("rep-south-1", engine.view(leadId).at("/assignment/repId").asText()));
      JsonNode routing = json(engine.get("/api/v1/leads/" + leadId + "/routing", manager));
      assertTrue(routing.toString().contains("on vacation until"), routing.toString());
    }

    HttpResponse<String> cleared = engine.put("/api/v1/reps/rep-south-2/absences", manager, "{\"absences\":[]}");
    assertEquals(200, cleared.statusCode(), cleared.body());
    assertEquals(before.get("document"), current().get("document"), "an empty list removes them (and the empty entry)");
  }

  @Test
  @Order(2)
  void onlyTheirManagersOrAnAdminAndOnlyKnownPeople() {
    String east = engine.token("mgr-east", "manager");
    HttpResponse<String> other = engine.put("/api/v1/reps/rep-south-1/absences", east, around(1));
    assertEquals(403, other.statusCode(), other.body());
    assertTrue(other.body().contains("only their managers or an admin"), other.body());
    assertEquals(403, engine.put("/api/v1/reps/rep-south-1/absences", engine.token("rep-south-1", "rep"), around(1)).statusCode());
    assertEquals(404, engine.put("/api/v1/reps/nobody/absences", engine.admin(), around(1)).statusCode());
    assertEquals(200, engine.put("/api/v1/reps/rep-south-1/absences", engine.token("dir-sales", "director"), "{\"absences\":[]}")
        .statusCode());
  }

  @Test
  @Order(3)
  void badDatesAreNamedAtTheFieldAndNothingIsStored() {
    String manager = engine.token("mgr-south", "manager");
    int version = current().get("version").asInt();
    record Case(String body, String field) {}
    for (Case c : List.of(
        new Case("{\"absences\":[{\"from\":\"2026-12-05\",\"to\":\"2026-12-01\"}]}", "/absences/0/to"),
        new Case("{\"absences\":[{\"from\":\"2026-12-01\",\"to\":\"2026-12-02\"},{\"from\":\"next week\",\"to\":\"2026-12-09\"}]}",
            "/absences/1/from"),
        new Case("{\"absences\":[{\"from\":\"2026-12-01\",\"to\":\"2026-12-02\",\"why\":\"x\"}]}", "/absences/0/why"),
        new Case("{\"absences\":[{\"to\":\"2026-12-02\"}]}", "/absences/0/from"),
        new Case("{}", "/absences"),
        new Case("{\"absences\":[],\"x\":1}", "/x"),
        new Case("{\"absences\":[{\"from\":\"2026-12-01\",\"to\":\"2026-12-02\",\"reason\":\"" + "x".repeat(201) + "\"}]}",
            "/absences/0/reason"),
        new Case("{\"absences\":[" + String.join(",", java.util.Collections.nCopies(101,
            "{\"from\":\"2026-12-01\",\"to\":\"2026-12-02\"}")) + "]}", "/absences"))) {
      HttpResponse<String> r = engine.put("/api/v1/reps/rep-south-2/absences", manager, c.body());
      assertEquals(400, r.statusCode(), c.body() + " " + r.body());
      assertEquals(c.field(), json(r).at("/errors/0/field").asText(), c.body() + " " + r.body());
    }
    assertEquals(version, current().get("version").asInt());
  }

  @Test
  @Order(4)
  void anAdminsPublishInBetweenIsKept() {
    String manager = engine.token("mgr-south", "manager");
    assertEquals(200, engine.put("/api/v1/reps/rep-south-1/absences", manager, around(2)).statusCode());
    // The admin publishes from a copy without the absence (as an editor loaded before it would) ...
    ObjectNode edited = tree(SOUTH_RULES).deepCopy();
    edited.put("fallbackQueue", "south-desk");
    HttpResponse<String> admin = engine.put("/api/v1/routing", engine.admin(), edited.toString());
    assertEquals(200, admin.statusCode(), admin.body());
    // ... and the manager's next change starts from the admin's version: the queue stays.
    HttpResponse<String> r = engine.put("/api/v1/reps/rep-south-2/absences", manager, around(3));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode doc = current().get("document");
    assertEquals("south-desk", doc.get("fallbackQueue").asText());
    assertEquals(50, doc.at("/people/rep-south-1/maxNewPerDay").asInt());
    assertFalse(doc.at("/people/rep-south-1").has("absences"), "the admin's version dropped it; not brought back");
    assertEquals(TODAY.plusDays(3).toString(), doc.at("/people/rep-south-2/absences/0/to").asText());
  }
}
