package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.intake.LeadInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter type either has a test delivery — its sample, signed or tokened with the source's own
 * secrets, passes the adapter's verify and parses into one lead with the fake contact — or is one of
 * {@link #NO_SAMPLE}, whose deliveries the engine cannot imitate, with its reason.
 */
class SourceSamplesTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  /** Their deliveries carry only ids the engine then fetches from the platform. */
  private static final Set<String> NO_SAMPLE = Set.of("meta-leadgen", "wecom");

  static Stream<String> types() {
    return SourceAdapters.types().stream();
  }

  @ParameterizedTest
  @MethodSource("types")
  void eachTypeHasASampleThatVerifiesAndParsesOrSaysWhyNot(String type) {
    SourceAdapter adapter = SourceAdapters.byType(type).orElseThrow();
    SourceConfig config = config(adapter, "test-");
    boolean listed = SourceTemplates.all().stream().anyMatch(t -> t.type().equals(type) && t.testDelivery());
    if (NO_SAMPLE.contains(type)) {
      assertTrue(adapter.sample(config, NOW).isEmpty(), type);
      assertNotNull(adapter.noSample(), type + " must say why it has no sample");
      assertTrue(adapter.noSample().contains("fetches"), adapter.noSample());
      assertFalse(listed, type);
      return;
    }
    assertNull(adapter.noSample(), type);
    assertTrue(listed, type + " template offers a test delivery");
    assertEquals(List.of(), new Sources(List.of(config)).validate(), type + ": the starting config is valid");
    Delivery sample = adapter.sample(config, NOW).orElseThrow(() -> new AssertionError(type + " has no sample"));
    SourceAdapter.Verdict verdict = adapter.verify(sample, config, NOW);
    assertTrue(verdict.authentic(), type + ": " + verdict.reason());
    SourceAdapter.Result result = adapter.parse(sample, config);
    assertEquals(List.of(), result.errors(), type);
    assertEquals(1, result.leads().size(), type);
    LeadInput lead = result.leads().get(0).input();
    assertTrue("test@example.com".equals(lead.email()) || String.valueOf(lead.phone()).contains("13800138000"),
        type + ": the fake contact, got " + lead.email() + " / " + lead.phone());
    assertNotNull(lead.name(), type);
    // the starting options map the sample's company question (a custom field on the Chinese platforms)
    assertTrue(String.valueOf(lead.company()).contains("Co."), type + ": company " + lead.company());

    // signed or tokened with the source's secrets: another source's secrets do not verify it
    SourceConfig other = config(adapter, "other-");
    if (!other.secrets().isEmpty()) assertFalse(adapter.verify(sample, other, NOW).authentic(), type);
  }

  @Test
  void hubSpotsSampleIsSignedAtTheTimeItIsSent() {
    SourceAdapter adapter = SourceAdapters.byType("hubspot-webhook").orElseThrow();
    SourceConfig config = config(adapter, "test-");
    Delivery sample = adapter.sample(config, NOW).orElseThrow();
    assertEquals(Long.toString(NOW.toEpochMilli()), sample.header("x-hubspot-request-timestamp").orElseThrow());
    assertFalse(adapter.verify(sample, config, NOW.plusSeconds(600)).authentic());
  }

  @Test
  void formSamplesArePostedAsForms() {
    for (String type : List.of("cf7", "jotform")) {
      SourceAdapter adapter = SourceAdapters.byType(type).orElseThrow();
      Delivery sample = adapter.sample(config(adapter, "test-"), NOW).orElseThrow();
      assertTrue(sample.isForm(), type);
      assertEquals(Map.of("token", "test-token"), sample.query(), type);
    }
  }

  /** A source of this type with its starting options and a test value for every secret it knows. */
  static SourceConfig config(SourceAdapter adapter, String secretPrefix) {
    Map<String, String> secrets = new TreeMap<>();
    adapter.keys().secrets().forEach(k -> secrets.put(k, secretPrefix + k));
    if (adapter.type().equals("wecom")) secrets.put("aesKey", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    JsonNode starting = adapter.startingOptions();
    ObjectNode options = starting == null ? PlatformJson.MAPPER.createObjectNode() : ((ObjectNode) starting).deepCopy();
    if (adapter.type().equals("hubspot-webhook")) options.put("publicUrl", "https://leads.example.com/api/v1/sources/s1/events");
    return new SourceConfig("s1", adapter.type(), secrets, null, null, null, options.isEmpty() ? null : options, null);
  }
}
