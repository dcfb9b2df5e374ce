package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.adversarialBodies;
import static dev.leadrouter.engine.intake.source.SourceTestKit.assertNeverThrows;
import static dev.leadrouter.engine.intake.source.SourceTestKit.config;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static dev.leadrouter.engine.intake.source.SourceTestKit.onlyLead;
import static dev.leadrouter.engine.intake.source.SourceTestKit.pointers;
import static dev.leadrouter.engine.intake.source.SourceTestKit.post;
import static dev.leadrouter.engine.intake.source.SourceTestKit.utm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaLeadAdapterTest {

  /** The meta-leadgen source whose fetches this adapter parses. */
  private final SourceConfig leadgen = config("fb-leads", "meta-leadgen",
      Map.of("appSecret", "0123456789abcdef", "verifyToken", "meatyhamhock", "accessToken", "EAAG-token"), null);
  private final MetaLeadAdapter adapter = new MetaLeadAdapter();

  @Test
  void theGraphLeadObjectIsOneLeadKeyedOnItsId() {
    Result result = adapter.parse(post("fb-leads", resource("meta-lead/lead.json"), Map.of(), Map.of()), leadgen);

    assertEquals(List.of(), result.fetches());
    assertFalse(result.leads().get(0).test());
    assertEquals(new LeadInput("fb-leads", "1234567890123456", "Jane Doe", "+16175550100", "jane.doe@example.com",
        "Acme Robotics", "Boston", null, null, "high", utm(null, null, "Q4 Demo Push", null, null), null, null,
        Map.ofEntries(
            Map.entry("tags", "paid"),
            Map.entry("city", "Boston"),
            Map.entry("which_modules_do_you_need?", "routing;sla"),
            Map.entry("form_id", "987654321098765"),
            Map.entry("ad_id", "120210000000000001"),
            Map.entry("ad_name", "Router demo - video"),
            Map.entry("adset_id", "120210000000000003"),
            Map.entry("adset_name", "Ops leaders US"),
            Map.entry("campaign_id", "120210000000000004"),
            Map.entry("campaign_name", "Q4 Demo Push"),
            Map.entry("platform", "ig"),
            Map.entry("is_organic", "false"),
            Map.entry("submittedAt", "2026-11-24T08:15:01Z"))),
        onlyLead(result));
  }

  @Test
  void firstAndLastNameMakeTheNameWhenThereIsNoFullName() {
    String body = "{\"id\":\"77\",\"created_time\":\"not a time\",\"field_data\":[{\"name\":\"first_name\",\"values\":[\"Wei\"]},"
        + "{\"name\":\"last_name\",\"values\":[\"Li\"]},{\"name\":\"work_email\",\"values\":[\"wei@corp.example\"]}]}";

    LeadInput lead = onlyLead(adapter.parse(post("fb-leads", body), leadgen));

    assertEquals("Wei Li", lead.name());
    assertEquals("wei@corp.example", lead.email());
    assertNull(lead.phone());
    assertEquals("not a time", lead.attributes().get("submittedAt"));
  }

  @Test
  void graphsErrorAnswerIsMalformedWithItsMessageSoTheFetchIsRetried() {
    String body = "{\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\","
        + "\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"AbCdEf\"}}";

    Result result = adapter.parse(post("fb-leads", body), leadgen);

    assertEquals(List.of(new FieldError("/error", "Graph API error 190: Error validating access token: Session has expired")), result.errors());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON               | {\"id\":                                              | ''",
    "an array               | [{\"id\":\"1\"}]                                      | ''",
    "no id                  | {\"field_data\":[]}                                   | /id",
    "field_data an object   | {\"id\":\"1\",\"field_data\":{}}                      | /field_data",
    "a field without name   | {\"id\":\"1\",\"field_data\":[{\"values\":[\"x\"]}]}  | /field_data/0/name",
    "values a string        | {\"id\":\"1\",\"field_data\":[{\"name\":\"email\",\"values\":\"a@b.cn\"}]} | /field_data/0/values",
  })
  void malformedLeadObjectsNameThePart(String what, String body, String pointer) {
    Result result = adapter.parse(post("fb-leads", body), leadgen);

    assertEquals(List.of(pointer), pointers(result), what);
    assertEquals(List.of(), result.leads());
  }

  @Test
  void whatTheEngineFetchedItselfIsAuthenticByItsMarker() {
    byte[] body = resource("meta-lead/lead.json");

    assertEquals(Verdict.AUTHENTIC, adapter.verify(post("fb-leads", body,
        Map.of("x-leadrouter-fetch", SourceTokens.fetchMarker(leadgen)), Map.of()), leadgen, NOW));
    // the source id is public (it is in the URL): it cannot be the proof
    assertEquals(Verdict.refused("x-leadrouter-fetch does not match this source"),
        adapter.verify(post("fb-leads", body, Map.of("x-leadrouter-fetch", "fb-leads"), Map.of()), leadgen, NOW));
    assertFalse(adapter.verify(post("fb-leads", body,
        Map.of("x-leadrouter-fetch", SourceTokens.fetchMarker(config("other", "meta-leadgen", leadgen.secrets(), null))), Map.of()),
        leadgen, NOW).authentic());
    assertFalse(adapter.verify(post("fb-leads", body, Map.of(), Map.of()), leadgen, NOW).authentic(), "no marker, no token");
  }

  @Test
  void aStandaloneSourceUsesTheSharedTokenCheck() {
    SourceConfig standalone = config("fb-pulled", "meta-lead", Map.of("token", "t0k"), null);
    byte[] body = resource("meta-lead/lead.json");

    assertEquals(Verdict.AUTHENTIC, adapter.verify(post("fb-pulled", body, Map.of(), Map.of("token", "t0k")), standalone, NOW));
    assertEquals(Verdict.refused("wrong ?token"), adapter.verify(post("fb-pulled", body, Map.of(), Map.of("token", "t0K")), standalone, NOW));
    assertEquals(List.of(new FieldError("/x/secrets/token", "required")), adapter.validate(leadgen, "/x"));
    assertEquals(List.of(), adapter.validate(standalone, "/x"));
  }

  @Test
  void aThousandAdversarialBodiesNeverThrow() {
    String marker = SourceTokens.fetchMarker(leadgen);
    assertNeverThrows(adapter, leadgen, adversarialBodies(resource("meta-lead/lead.json"), 99, 1000),
        body -> Map.of("x-leadrouter-fetch", marker), Map.of());
  }
}
