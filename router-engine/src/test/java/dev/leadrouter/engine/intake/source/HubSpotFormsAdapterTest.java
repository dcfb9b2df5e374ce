package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.adversarialBodies;
import static dev.leadrouter.engine.intake.source.SourceTestKit.assertNeverThrows;
import static dev.leadrouter.engine.intake.source.SourceTestKit.config;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static dev.leadrouter.engine.intake.source.SourceTestKit.pointers;
import static dev.leadrouter.engine.intake.source.SourceTestKit.post;
import static dev.leadrouter.engine.intake.source.SourceTestKit.utm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.SourceLead;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubSpotFormsAdapterTest {

  private static final String TOKEN = "pull-7c1f0e2a9b";

  private final HubSpotFormsAdapter adapter = new HubSpotFormsAdapter();
  private final SourceConfig config = config("hs-forms", "hubspot-forms", Map.of("token", TOKEN),
      "{\"formGuid\":\"5e3c2b1a-6d7f-4c8e-9a0b-1c2d3e4f5a6b\"}");

  @Test
  void oneLeadPerSubmissionKeyedOnTheConversionId() {
    Result result = adapter.parse(post("hs-forms", resource("hubspot-forms/submissions.json"), Map.of(), Map.of("token", TOKEN)), config);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(), result.fetches());
    assertEquals(List.of(
        new SourceLead(new LeadInput("hs-forms", "5f4c9a3e-0b1d-4d57-9f1e-2c8a7e6b5d41", "Jane Doe", "+1 617 555 0100",
            "jane.doe@example.com", "Acme Robotics", null, null, null, "high",
            utm("newsletter", "email", "nov-launch", "cta", null), null, "Need routing for 40 reps", Map.of(
                "tags", "paid",
                "interests", "Routing;SLA",
                "how_did_you_hear_about_us", "Webinar",
                "landingUrl", "https://www.example.com/contact-sales?utm_source=newsletter&utm_medium=email&utm_campaign=nov-launch&utm_content=cta",
                "form_guid", "5e3c2b1a-6d7f-4c8e-9a0b-1c2d3e4f5a6b",
                "submittedAt", "2026-11-24T08:25:00Z")), false),
        // no phone, no e-mail: still a lead, the engine decides
        new SourceLead(new LeadInput("hs-forms", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "Sam", null, null, null, null,
            null, null, "high", utm(null, null, null, null, null), null, null, Map.of(
                "tags", "paid",
                "landingUrl", "https://www.example.com/pricing",
                "form_guid", "5e3c2b1a-6d7f-4c8e-9a0b-1c2d3e4f5a6b",
                "submittedAt", "2026-11-24T08:15:00Z")), false)),
        result.leads());
  }

  @Test
  void anEmptyPageHasNoLeads() {
    assertEquals(Result.of(List.of()), adapter.parse(post("hs-forms", "{\"results\":[]}"), config));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON                 | {\"results\":                                                  | ''",
    "an array                 | []                                                            | ''",
    "no results               | {\"paging\":{}}                                               | /results",
    "results an object        | {\"results\":{}}                                              | /results",
    "a result that is text    | {\"results\":[\"x\"]}                                         | /results/0",
    "no conversionId          | {\"results\":[{\"values\":[]}]}                               | /results/0/conversionId",
    "values an object         | {\"results\":[{\"conversionId\":\"c\",\"values\":{}}]}        | /results/0/values",
    "a value without name     | {\"results\":[{\"conversionId\":\"c\",\"values\":[{\"value\":\"v\"}]}]} | /results/0/values/0/name",
  })
  void malformedPagesNameThePart(String what, String body, String pointer) {
    Result result = adapter.parse(post("hs-forms", body), config);

    assertEquals(List.of(pointer), pointers(result), what);
    assertEquals(List.of(), result.leads());
  }

  @Test
  void theSharedTokenCheckGuardsThePulledDocument() {
    byte[] body = resource("hubspot-forms/submissions.json");

    assertEquals(Verdict.AUTHENTIC, adapter.verify(post("hs-forms", body, Map.of(), Map.of("token", TOKEN)), config, NOW));
    assertEquals(Verdict.refused("wrong ?token"), adapter.verify(post("hs-forms", body, Map.of(), Map.of("token", TOKEN + "x")), config, NOW));
    assertEquals(Verdict.refused("missing query parameter ?token"), adapter.verify(post("hs-forms", body, Map.of(), Map.of()), config, NOW));
    assertEquals(Verdict.refused("source has no secrets.token to check ?token against"),
        adapter.verify(post("hs-forms", body, Map.of(), Map.of("token", TOKEN)), config("hs-forms", "hubspot-forms", Map.of(), null), NOW));
  }

  @Test
  void validateRequiresTheToken() {
    assertEquals(List.of(new FieldError("/sources/2/secrets/token", "required")),
        adapter.validate(config("hs-forms", "hubspot-forms", Map.of(), null), "/sources/2"));
    assertEquals(List.of(), adapter.validate(config, "/sources/2"));
  }

  @Test
  void aThousandAdversarialBodiesNeverThrow() {
    assertNeverThrows(adapter, config, adversarialBodies(resource("hubspot-forms/submissions.json"), 1009, 1000),
        body -> Map.of(), Map.of("token", TOKEN));
  }
}
