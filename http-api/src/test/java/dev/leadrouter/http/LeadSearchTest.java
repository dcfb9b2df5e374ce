package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/leads?phone=&email=&status=&repId=&source=}: cleaned like intake, scoped for managers. */
class LeadSearchTest extends SharedH2Engine {

  private static String eastLead;
  private static String southLead;

  @BeforeAll
  static void postTwoLeads() {
    eastLead = engine.postLead("{\"name\":\"王工\",\"phone\":\"138 0013 8000\",\"email\":\" Wang@Example.CN \","
        + "\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}");
    southLead = engine.postLead("{\"name\":\"陈总\",\"phone\":\"13900139000\",\"region\":\"深圳\",\"industry\":\"SaaS\"}");
    awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(List.of(eastLead), ids(search("phone=" + enc("+86 138-0013-8000"), engine.admin())));
      assertEquals(List.of(southLead), ids(search("phone=13900139000", engine.admin())));
      // The assignment is projected after the receipt: wait for it too, or the status filters race it.
      assertEquals(List.of(eastLead), ids(search("status=assigned&repId=rep-east-1", engine.admin())));
    });
  }

  @Test
  void aPhoneInAnyWrittenFormFindsTheLead() {
    for (String written : List.of("13800138000", "+8613800138000", "0086 138 0013 8000", "１３８００１３８０００")) {
      assertEquals(List.of(eastLead), ids(search("phone=" + enc(written), engine.admin())), written);
    }
  }

  @Test
  void anEmailIsMatchedCleanedLikeIntake() {
    assertEquals(List.of(eastLead), ids(search("email=" + enc("WANG@example.cn"), engine.admin())));
    assertEquals(List.of(eastLead), ids(search("email=" + enc("mailto:Wang＠Example.CN."), engine.admin())));
    assertEquals(List.of(eastLead), ids(search("email=" + enc("王工 <wang@example.cn>"), engine.admin())));
  }

  @Test
  void statusAndRepFilterTogether() {
    assertEquals(List.of(eastLead), ids(search("status=assigned&repId=rep-east-1", engine.admin())));
    assertEquals(List.of(), ids(search("status=queued&repId=rep-east-1", engine.admin())));
  }

  @Test
  void theSourceFindsTheLeadsItDelivered() {
    String source = "fair-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String lead = engine.postLead("{\"name\":\"赵总\",\"phone\":\"" + EngineFixture.newPhone() + "\",\"region\":\"上海\",\"source\":\"" + source + "\"}");
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals(List.of(lead), ids(search("source=" + source, engine.admin()))));
    assertEquals(List.of(), ids(search("source=" + source + "&status=closed", engine.admin())));
  }

  @Test
  void aManagerSeesOnlyTheirTeamsAndRegionsLeads() {
    String mgrSouth = engine.token("mgr-south", "manager");
    assertEquals(List.of(), ids(search("phone=13800138000", mgrSouth)));
    assertEquals(List.of(southLead), ids(search("phone=13900139000", mgrSouth)));
    assertEquals(List.of(eastLead), ids(search("phone=13800138000", engine.token("mgr-east", "manager"))));
  }

  @Test
  void repsAndSourcesMayNotSearch() {
    ProblemAssertions.assertProblem(engine.get("/api/v1/leads?phone=13800138000", engine.token("rep-east-1", "rep")),
        403, "forbidden", "Forbidden");
    ProblemAssertions.assertProblem(engine.get("/api/v1/leads?phone=13800138000", engine.token("web", "source")),
        403, "forbidden", "Forbidden");
  }

  @Test
  void badFiltersAreNamed() {
    ProblemAssertions.assertInvalid(engine.get("/api/v1/leads?phone=12345", engine.admin()), "?phone");
    ProblemAssertions.assertInvalid(engine.get("/api/v1/leads?email=wang.example.cn", engine.admin()), "?email");
    ProblemAssertions.assertInvalid(engine.get("/api/v1/leads?status=lost", engine.admin()), "?status");
    ProblemAssertions.assertInvalid(engine.get("/api/v1/leads?status=assigned&limit=0", engine.admin()), "?limit");
    ProblemAssertions.assertInvalid(engine.get("/api/v1/leads", engine.admin()), "?phone");
  }

  private static HttpResponse<String> search(String query, String token) {
    HttpResponse<String> r = engine.get("/api/v1/leads?" + query, token);
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }

  private static List<String> ids(HttpResponse<String> response) {
    JsonNode leads = EngineFixture.json(response).get("leads");
    return java.util.stream.StreamSupport.stream(leads.spliterator(), false).map(l -> l.get("leadId").asText()).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
