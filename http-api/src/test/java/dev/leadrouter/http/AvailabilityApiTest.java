package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A manager marks their own people away or back: a new org chart version by them, nobody else's people. */
class AvailabilityApiTest extends SharedH2Engine {

  private static JsonNode person(JsonNode chart, String id) {
    for (JsonNode p : chart.get("people")) if (p.get("id").asText().equals(id)) return p;
    throw new AssertionError("no " + id);
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("people").forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  @Test
  void aManagerSetsTheirRepAwayAsANewOrgVersionByThem() {
    String manager = engine.token("mgr-south", "manager");
    int before = json(engine.get("/api/v1/org/versions", engine.admin())).get("versions").size();
    HttpResponse<String> r = engine.put("/api/v1/reps/rep-south-2/availability", manager, "{\"availability\":\"away\"}");
    assertEquals(200, r.statusCode(), r.body());
    int version = json(r).get("version").asInt();
    assertEquals(before + 1, version);
    JsonNode stored = json(engine.get("/api/v1/org/versions/" + version, engine.admin()));
    assertEquals("mgr-south", stored.get("by").asText());
    assertEquals("away", person(stored.get("document"), "rep-south-2").get("availability").asText());
    assertEquals("available", person(stored.get("document"), "rep-south-1").get("availability").asText());

    HttpResponse<String> again = engine.put("/api/v1/reps/rep-south-2/availability", manager, "{\"availability\":\"away\"}");
    assertEquals(version, json(again).get("version").asInt(), "the same availability again writes nothing");
    EngineFixture.awaitAssert(java.time.Duration.ofSeconds(5), () -> assertEquals("away",
        person(json(engine.get("/api/v1/availability", manager)), "rep-south-2").get("availability").asText()));
    assertEquals(200, engine.put("/api/v1/reps/rep-south-2/availability", manager, "{\"availability\":\"available\"}").statusCode());
  }

  @Test
  void aManagerListsAndChangesOnlyTheirOwnPeople() {
    String manager = engine.token("mgr-east", "manager");
    assertEquals(List.of("rep-east-1", "rep-east-2", "rep-east-3", "rep-north-1"),
        ids(json(engine.get("/api/v1/availability", manager))));
    HttpResponse<String> other = engine.put("/api/v1/reps/rep-south-1/availability", manager, "{\"availability\":\"away\"}");
    assertEquals(403, other.statusCode(), other.body());
    assertTrue(other.body().contains("only their managers or an admin"), other.body());
    assertEquals(403, engine.put("/api/v1/reps/mgr-east/availability", manager, "{\"availability\":\"away\"}").statusCode(),
        "not even themself");
    assertEquals(9, ids(json(engine.get("/api/v1/availability", engine.admin()))).size());
    assertEquals(8, ids(json(engine.get("/api/v1/availability", engine.token("dir-sales", "director")))).size());
    assertEquals(403, engine.get("/api/v1/availability", engine.token("rep-east-1", "rep")).statusCode());
  }

  @Test
  void onlyAvailableOrAwayIsTakenAndNamedAtTheField() {
    String manager = engine.token("mgr-east", "manager");
    for (String body : List.of("{\"availability\":\"deactivated\"}", "{}", "{\"availability\":\"gone\"}")) {
      HttpResponse<String> r = engine.put("/api/v1/reps/rep-east-3/availability", manager, body);
      assertEquals(400, r.statusCode(), body);
      assertEquals("/availability", json(r).get("errors").get(0).get("field").asText(), body);
    }
    HttpResponse<String> unknown = engine.put("/api/v1/reps/rep-east-3/availability", manager, "{\"availability\":\"away\",\"x\":1}");
    assertEquals(400, unknown.statusCode());
    assertEquals("/x", json(unknown).get("errors").get(0).get("field").asText());
    assertEquals(404, engine.put("/api/v1/reps/nobody/availability", engine.admin(), "{\"availability\":\"away\"}").statusCode());
    // found by HostileInputTest's fuzz (seed 46070958715972): a body of `null` was a 500
    for (String body : List.of("null", "[]", "\"away\"")) {
      HttpResponse<String> odd = engine.put("/api/v1/reps/rep-east-3/availability", manager, body);
      assertEquals(400, odd.statusCode(), body + " " + odd.body());
    }
  }
}
