package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.config;
import static dev.leadrouter.engine.intake.source.SourceTestKit.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceTokensTest {

  private final SourceConfig config = config("pull-1", "hubspot-forms", Map.of("token", "s3cret"), null);

  private static Delivery withQuery(Map<String, String> query) {
    return post("pull-1", "{}".getBytes(StandardCharsets.UTF_8), Map.of(), query);
  }

  @Test
  void theQueryTokenMustEqualTheSecret() {
    assertEquals(Verdict.AUTHENTIC, SourceTokens.verify(withQuery(Map.of("token", "s3cret")), config));
    assertFalse(SourceTokens.verify(withQuery(Map.of("token", "s3cre")), config).authentic());
    assertFalse(SourceTokens.verify(withQuery(Map.of("token", "s3cret ")), config).authentic());
    assertFalse(SourceTokens.verify(withQuery(Map.of("token", "")), config).authentic());
    assertFalse(SourceTokens.verify(withQuery(Map.of("Token", "s3cret")), config).authentic());
  }

  @Test
  void theFetchMarkerIsBoundToTheSourceAndItsSecrets() {
    String marker = SourceTokens.fetchMarker(config);

    assertEquals(marker, SourceTokens.fetchMarker(config("pull-1", "meta-lead", Map.of("token", "s3cret"), null)));
    assertNotEquals(marker, SourceTokens.fetchMarker(config("pull-2", "hubspot-forms", Map.of("token", "s3cret"), null)));
    assertNotEquals(marker, SourceTokens.fetchMarker(config("pull-1", "hubspot-forms", Map.of("token", "other"), null)));
    assertNotEquals(marker, "pull-1");
    assertNull(SourceTokens.fetchMarker(config("pull-1", "meta-lead", Map.of(), null)));
    assertTrue(SourceTokens.fetchedByEngine(post("pull-1", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("X-LeadRouter-Fetch", marker), Map.of()), config));
    assertFalse(SourceTokens.fetchedByEngine(post("pull-1", "{}".getBytes(StandardCharsets.UTF_8),
        Map.of("x-leadrouter-fetch", "pull-1"), Map.of()), config));
  }
}
