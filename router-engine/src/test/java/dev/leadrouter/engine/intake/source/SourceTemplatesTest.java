package dev.leadrouter.engine.intake.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates come from the adapters; a sample delivery passes the adapter's own verify and parse. */
class SourceTemplatesTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void oneTemplatePerAdapterWithEveryKeyDescribed() {
    List<SourceTemplates.Template> all = SourceTemplates.all();
    assertEquals(List.copyOf(SourceAdapters.types()), all.stream().map(SourceTemplates.Template::type).toList());
    for (SourceTemplates.Template t : all) {
      t.options().forEach(k -> assertNotEquals("see docs/sources.md", k.description(), t.type() + " option " + k.name()));
      t.secrets().forEach(k -> assertNotEquals("see docs/sources.md", k.description(), t.type() + " secret " + k.name()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"generic", "typeform"})
  void theStartingConfigIsValidAndItsSampleIsAuthenticAndHasALead(String type) {
    SourceAdapter adapter = SourceAdapters.byType(type).orElseThrow();
    SourceConfig config = config(type, adapter.startingOptions());
    assertEquals(List.of(), new Sources(List.of(config)).validate());
    Delivery sample = adapter.sample(config, NOW).orElseThrow();
    assertTrue(adapter.verify(sample, config, NOW).authentic(), adapter.verify(sample, config, NOW).reason());
    SourceAdapter.Result result = adapter.parse(sample, config);
    assertEquals(List.of(), result.errors());
    assertEquals(1, result.leads().size());
    assertTrue(result.leads().get(0).input().email() != null);
    assertTrue(SourceTemplates.all().stream().anyMatch(t -> t.type().equals(type) && t.testDelivery()));
  }

  @Test
  void aGenericSampleFollowsTheMappingListAndSignature() throws Exception {
    SourceAdapter adapter = SourceAdapters.byType("generic").orElseThrow();
    JsonNode options = SourceJson.read(("{\"list\":\"/data/items\",\"fields\":{\"name\":\"/contact/name\",\"email\":{\"pointer\":\"/mail\"}},"
        + "\"signature\":{\"header\":\"X-Sig\",\"encoding\":\"base64\",\"prefix\":\"sha256=\"}}").getBytes(StandardCharsets.UTF_8)).orElseThrow();
    SourceConfig config = new SourceConfig("landing", "generic", Map.of("signingSecret", "s3cret"), null, null, null, options, null);
    assertEquals(List.of(), new Sources(List.of(config)).validate());
    Delivery sample = adapter.sample(config, NOW).orElseThrow();
    assertFalse(adapter.tokenInUrl(config));
    assertTrue(sample.header("X-Sig").orElseThrow().startsWith("sha256="));
    assertTrue(adapter.verify(sample, config, NOW).authentic());
    SourceAdapter.Result result = adapter.parse(sample, config);
    assertEquals("测试 Test", result.leads().get(0).input().name());
    assertEquals("test.delivery@example.com", result.leads().get(0).input().email());
  }

  private static SourceConfig config(String type, JsonNode options) {
    Map<String, String> secrets = type.equals("generic") ? Map.of("token", "t0ken") : Map.of("signingSecret", "s3cret");
    return new SourceConfig("s1", type, secrets, null, null, null, options, null);
  }
}
