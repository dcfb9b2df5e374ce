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
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleAdsAdapterTest {

  private final GoogleAdsAdapter adapter = new GoogleAdsAdapter();
  private final SourceConfig config = config("gads", "google-ads", Map.of("googleKey", "k3y-from-the-lead-form"), null);

  private Verdict verify(String body) {
    return adapter.verify(post("gads", body), config, NOW);
  }

  @Test
  void aLeadFormSubmissionIsOneLeadKeyedOnLeadId() {
    Result result = adapter.parse(post("gads", resource("google-ads/lead.json"), Map.of(), Map.of()), config);

    assertFalse(result.leads().get(0).test());
    assertEquals(new LeadInput("gads",
        "TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789-AaBbCcDdEeFfGgHhIiJjKkLl",
        "Jane Doe", "+16175550100", "jane.doe@example.com", "Acme Robotics", "Boston, MA", null, null, "high",
        utm(null, null, null, null, null), null, null, Map.ofEntries(
            Map.entry("tags", "paid"),
            Map.entry("JOB_TITLE", "CTO"),
            Map.entry("CITY", "Boston"),
            Map.entry("REGION", "MA"),
            Map.entry("POSTAL_CODE", "02110"),
            Map.entry("COMPANY_SIZE", "51-200"),
            Map.entry("form_id", "40000000001"),
            Map.entry("campaign_id", "20000000002"),
            Map.entry("adgroup_id", "30000000003"),
            Map.entry("creative_id", "50000000005"),
            Map.entry("gcl_id", "EAIaIQobChMI-example-gclid"),
            Map.entry("api_version", "1.0"),
            Map.entry("submittedAt", "2026-11-24T08:15:01Z"))),
        onlyLead(result));
  }

  @Test
  void googlesTestLeadIsMarkedTestAndItsKeyIsAccepted() {
    String body = new String(resource("google-ads/test-lead.json"), StandardCharsets.UTF_8);

    Result result = adapter.parse(post("gads", body), config);

    assertTrue(result.leads().get(0).test());
    assertEquals(new LeadInput("gads", "Cj0KCQjwit_8BRCoARIsAIx3Rj7g-AeL6z35IWb6VYiZUygtTfwD3hDlgSGmY-XTTlK3lfV1wcuIwIAaAmMxEALw_wcB",
        "John Doe", "+11234567890", null, null, null, null, null, "high", utm(null, null, null, null, null), null, null,
        Map.of("tags", "paid", "form_id", "1234", "campaign_id", "123456", "api_version", "1.0",
            "gcl_id", "Cj0KCQjwit_8BRCoARIsAIx3Rj7g-AeL6z35IWb6VYiZUygtTfwD3hDlgSGmY-XTTlK3lfV1wcuIwIAaAmMxEALw_wcB")),
        onlyLead(result));
    assertEquals(Verdict.AUTHENTIC, verify(body), "Google's sample spells it Google_key");
  }

  @Test
  void firstAndLastNameAndWorkContactsFillInWhenTheFormAsksForThose() {
    String body = "{\"lead_id\":\"L1\",\"user_column_data\":[{\"column_id\":\"FIRST_NAME\",\"string_value\":\"Wei\"},"
        + "{\"column_id\":\"LAST_NAME\",\"string_value\":\"Li\"},{\"column_id\":\"WORK_EMAIL\",\"string_value\":\"wei@corp.example\"},"
        + "{\"column_id\":\"WORK_PHONE\",\"string_value\":\"+86 21 5555 0100\"},{\"column_name\":\"Preferred contact time\",\"string_value\":\"mornings\"}]}";

    LeadInput lead = onlyLead(adapter.parse(post("gads", body), config));

    assertEquals("Wei Li", lead.name());
    assertEquals("wei@corp.example", lead.email());
    assertEquals("+86 21 5555 0100", lead.phone());
    assertEquals("mornings", lead.attributes().get("Preferred contact time"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON                  | {\"lead_id\":                                                  | ''",
    "an array                  | [{\"lead_id\":\"x\"}]                                          | ''",
    "no lead_id                | {\"user_column_data\":[]}                                      | /lead_id",
    "no user_column_data       | {\"lead_id\":\"x\"}                                            | /user_column_data",
    "user_column_data a string | {\"lead_id\":\"x\",\"user_column_data\":\"EMAIL\"}             | /user_column_data",
    "a column that is a number | {\"lead_id\":\"x\",\"user_column_data\":[{\"column_id\":\"EMAIL\",\"string_value\":\"a@b.cn\"},7]} | /user_column_data/1",
    "a column without id       | {\"lead_id\":\"x\",\"user_column_data\":[{\"string_value\":\"a@b.cn\"}]} | /user_column_data/0/column_id",
  })
  void malformedLeadsNameThePart(String what, String body, String pointer) {
    Result result = adapter.parse(post("gads", body), config);

    assertEquals(List.of(pointer), pointers(result), what);
    assertEquals(List.of(), result.leads());
  }

  @Test
  void theGoogleKeyInTheBodyMustEqualTheSecret() {
    byte[] body = resource("google-ads/lead.json");

    assertEquals(Verdict.AUTHENTIC, adapter.verify(post("gads", body, Map.of(), Map.of()), config, NOW));
    assertEquals(Verdict.refused("wrong google_key"), verify("{\"lead_id\":\"x\",\"google_key\":\"k3y-from-the-lead-forM\"}"));
    assertEquals(Verdict.refused("wrong google_key"),
        adapter.verify(post("gads", body, Map.of(), Map.of()), config("gads", "google-ads", Map.of("googleKey", "rotated"), null), NOW));
    assertEquals(Verdict.refused("missing google_key"), verify("{\"lead_id\":\"x\"}"));
    assertEquals(Verdict.refused("missing google_key"), verify("{\"lead_id\":\"x\",\"google_key\":{\"k\":1}}"));
    assertEquals(Verdict.refused("body is not a JSON object: no google_key"), verify("google_key=k3y-from-the-lead-form"));
    assertEquals(Verdict.refused("source has no secrets.googleKey to check google_key against"),
        adapter.verify(post("gads", body, Map.of(), Map.of()), config("gads", "google-ads", Map.of(), null), NOW));
  }

  @Test
  void validateRequiresTheGoogleKey() {
    assertEquals(List.of(new FieldError("/sources/4/secrets/googleKey", "required")),
        adapter.validate(config("gads", "google-ads", Map.of(), null), "/sources/4"));
    assertEquals(List.of(), adapter.validate(config, "/sources/4"));
  }

  @Test
  void aThousandAdversarialBodiesNeverThrow() {
    assertNeverThrows(adapter, config, adversarialBodies(resource("google-ads/lead.json"), 31337, 1000), body -> Map.of(), Map.of());
  }
}
