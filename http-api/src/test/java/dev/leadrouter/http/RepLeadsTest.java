package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rep's lead list through the real server: what the rep needs to call, completed by a second
 * delivery of the same contact, with its summary in the reader's locale from the org chart.
 */
class RepLeadsTest {

  private static final String FIRST = "{\"name\":\"李娜女士\",\"phone\":\"138 0013 8000\",\"region\":\"上海\","
      + "\"industry\":\"工业自动化\",\"budget\":\"50万到200万元\"}";
  private static final String AGAIN = "{\"name\":\"李娜\",\"phone\":\"021-6123 4567 / 13800138000\","
      + "\"company\":\"上海电气\",\"region\":\"上海\",\"budget\":\"300万元\"}";

  @ParameterizedTest
  @MethodSource("dev.leadrouter.http.TestDb#both")
  void theListShowsWhomToCallInTheReadersLanguage(TestDb db) {
    try (EngineFixture engine = EngineFixture.startFresh(db, ConfigFactory.empty())) {
      String leadId = engine.postLead(FIRST);
      AtomicReference<String> rep = new AtomicReference<>();
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode view = engine.view(leadId);
        assertEquals("ASSIGNED", view.get("status").asText(), view.toString());
        rep.set(view.at("/assignment/repId").asText());
      });
      String repId = rep.get();
      String token = engine.token(repId, "rep");
      assertEquals(leadId, engine.postLead(AGAIN), "the same phone within the dedup window: merged");

      JsonNode lead = awaitLead(engine, repId, token, l -> assertEquals("上海电气", l.path("company").asText()));
      assertEquals("李娜", lead.get("name").asText());
      assertEquals("李娜女士", lead.get("salutation").asText());
      assertEquals("[\"+8613800138000\",\"+862161234567\"]", lead.get("phones").toString(), "phones united");
      assertEquals("上海市", lead.get("province").asText());
      assertEquals("上海市", lead.get("city").asText());
      assertEquals("华东", lead.get("region").asText());
      assertEquals("工业自动化", lead.get("industry").asText());
      assertEquals("{\"min\":500000,\"max\":2000000,\"currency\":\"CNY\",\"negotiable\":false,\"text\":\"50万–200万 CNY\"}",
          lead.get("budget").toString(), "the first budget is kept");
      assertEquals("api", lead.get("source").asText());
      assertTrue(lead.get("deadlines").size() > 0, lead.toString());
      JsonNode held = engine.view(leadId);
      for (String field : new String[] {"name", "salutation", "company"}) {
        assertEquals(held.at("/contact/" + field).asText(), lead.get(field).asText(), field + ": the list shows what the lead holds");
      }
      assertEquals(held.at("/contact/phones").toString(), lead.get("phones").toString(), "phones: as the lead holds them");
      assertEquals(held.at("/industry").asText(), lead.get("industry").asText());
      assertEquals(held.at("/region/city").asText(), lead.get("city").asText());
      assertEquals(held.at("/budget/min").asLong(), lead.at("/budget/min").asLong());
      String summary = lead.get("summary").asText();
      assertTrue(summary.startsWith("李娜女士 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 50万–200万 CNY · 来源 api · 剩余 "),
          summary);

      int index = indexOf(OrgChartApiTest.demoChart(), repId);
      ObjectNode english = OrgChartApiTest.demoWith(index, p -> p.put("locale", "en-US"));
      HttpResponse<String> put = engine.put("/api/v1/org", engine.admin(), english.toString());
      assertEquals(200, put.statusCode(), put.body());
      assertEquals("en", EngineFixture.json(engine.get("/api/v1/org", engine.admin())).at("/people/" + index + "/locale")
          .asText(), "stored as the supported locale");
      JsonNode inEnglish = awaitLead(engine, repId, token, l -> assertTrue(l.get("summary").asText().contains(" left"), l.toString()));
      assertTrue(inEnglish.get("summary").asText().startsWith(
          "李娜女士 · +8613800138000 · 上海电气 · 上海市 · 工业自动化 · 500K–2M CNY · source api · "), inEnglish.toString());
      assertEquals("500K–2M CNY", inEnglish.at("/budget/text").asText());
      JsonNode byAdmin = EngineFixture.json(engine.get("/api/v1/reps/" + repId + "/leads", engine.admin()));
      assertEquals("500K–2M CNY", byAdmin.at("/leads/0/budget/text").asText(), "an admin not in the chart: the rep's");
      JsonNode byManager = EngineFixture.json(engine.get("/api/v1/reps/" + repId + "/leads", engine.token("dir-sales", "director")));
      assertEquals("50万–200万 CNY", byManager.at("/leads/0/budget/text").asText(), "a director without locale: zh-CN");

      ProblemAssertions.assertInvalid(engine.put("/api/v1/org", engine.admin(),
          OrgChartApiTest.demoWith(index, p -> p.put("locale", "zh-TW")).toString()), "/people/" + index + "/locale");
    }
  }

  private static JsonNode awaitLead(EngineFixture engine, String repId, String token,
      java.util.function.Consumer<JsonNode> until) {
    AtomicReference<JsonNode> out = new AtomicReference<>();
    awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> response = engine.get("/api/v1/reps/" + repId + "/leads", token);
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
      JsonNode leads = EngineFixture.json(response).get("leads");
      assertEquals(1, leads.size(), response.body());
      until.accept(leads.get(0));
      out.set(leads.get(0));
    });
    return out.get();
  }

  private static int indexOf(JsonNode chart, String personId) {
    for (int i = 0; i < chart.get("people").size(); i++) {
      if (chart.get("people").get(i).get("id").asText().equals(personId)) return i;
    }
    throw new AssertionError("no " + personId);
  }
}
