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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.SourceLead;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubSpotWebhookAdapterTest {

  private static final String SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  /** As configured in HubSpot, with an encoded ':' in the query … */
  private static final String PUBLIC_URL = "https://leads.example.com/api/v1/sources/hs-crm/events?tenant=acme%3Aeast";
  /** … and as HubSpot signs it: %3A decoded. */
  private static final String SIGNED_URI = "https://leads.example.com/api/v1/sources/hs-crm/events?tenant=acme:east";

  private final HubSpotWebhookAdapter adapter = new HubSpotWebhookAdapter();
  private final SourceConfig config = config("hs-crm", "hubspot-webhook", Map.of("clientSecret", SECRET),
      "{\"publicUrl\":\"" + PUBLIC_URL + "\"}");

  /** v3 as HubSpot documents it, computed here without the adapter's code. */
  private static String sign(String secret, String uri, byte[] body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String source = "POST" + uri + new String(body, StandardCharsets.UTF_8) + timestamp;
      return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Delivery signed(byte[] body, String signature, String timestamp) {
    Map<String, String> headers = new java.util.HashMap<>();
    if (signature != null) headers.put("X-HubSpot-Signature-v3", signature);
    if (timestamp != null) headers.put("X-HubSpot-Request-Timestamp", timestamp);
    headers.put("X-HubSpot-Signature-Version", "v1");
    return post("hs-crm", body, headers, Map.of());
  }

  private static String millis(java.time.Instant at) {
    return Long.toString(at.toEpochMilli());
  }

  private Verdict verify(byte[] body, String signature, String timestamp) {
    return adapter.verify(signed(body, signature, timestamp), config, NOW);
  }

  // ---- parse ----

  @Test
  void oneLeadPerContactFromTheDocumentedEventArray() {
    Result result = adapter.parse(post("hs-crm", resource("hubspot-webhook/two-contacts.json"), Map.of(), Map.of()), config);

    assertEquals(List.of(), result.errors());
    assertEquals(List.of(), result.fetches());
    assertEquals(List.of(new SourceLead(jane(), false), new SourceLead(wei(), false)), result.leads());
  }

  private static LeadInput jane() {
    return new LeadInput("hs-crm", "62515:1001:1001013", "Jane Doe", "+1 617 555 0100; +1 617 555 0199", "jane.doe@example.com",
        "Acme Robotics", "Boston, MA, United States", null, null, "high", utm("google", "cpc", "spring-demo", null, null),
        null, null, Map.ofEntries(
            Map.entry("tags", "paid"),
            Map.entry("city", "Boston"),
            Map.entry("state", "MA"),
            Map.entry("country", "United States"),
            Map.entry("jobtitle", "CTO"),
            Map.entry("hs_analytics_source", "PAID_SEARCH"),
            Map.entry("landingUrl", "https://www.example.com/demo?utm_source=google&utm_medium=cpc&utm_campaign=spring-demo"),
            Map.entry("portalId", "62515"),
            Map.entry("objectId", "1001"),
            Map.entry("subscriptionType", "contact.creation,contact.propertyChange"),
            Map.entry("changeSource", "FORM"),
            Map.entry("appId", "54321"),
            Map.entry("submittedAt", "2026-11-24T08:15:00Z")));
  }

  /** Two e-mail changes in one batch: the later one wins; the event sent twice changes nothing. */
  private static LeadInput wei() {
    return new LeadInput("hs-crm", "62515:1002:1002006", "Wei Li", null, "wei.li@example.cn", null, null, null, null,
        "high", utm(null, null, null, null, null), null, null, Map.of(
            "tags", "paid",
            "portalId", "62515",
            "objectId", "1002",
            "subscriptionType", "contact.creation,contact.propertyChange",
            "changeSource", "CRM_UI",
            "appId", "54321",
            "submittedAt", "2026-11-24T08:15:00.030Z"));
  }

  @Test
  void aRetriedDeliveryGivesTheSameLeadsUnderTheSameSourceEventIds() {
    Result first = adapter.parse(post("hs-crm", resource("hubspot-webhook/two-contacts.json"), Map.of(), Map.of()), config);
    Result retry = adapter.parse(post("hs-crm", resource("hubspot-webhook/two-contacts-retry.json"), Map.of(), Map.of()), config);

    assertEquals(2, retry.leads().size());
    assertEquals(bySourceEventId(first), bySourceEventId(retry));
    assertEquals(List.of("62515:1001:1001013", "62515:1002:1002006"),
        bySourceEventId(first).keySet().stream().sorted().toList());
  }

  private static Map<String, LeadInput> bySourceEventId(Result result) {
    return result.leads().stream().map(SourceLead::input).collect(Collectors.toMap(LeadInput::sourceEventId, l -> l));
  }

  @Test
  void aContactWithoutPhoneOrEmailIsStillALead() {
    String body = "[{\"eventId\":7,\"subscriptionId\":1,\"portalId\":62515,\"occurredAt\":1795508100000,"
        + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":55}]";

    LeadInput lead = SourceTestKit.onlyLead(adapter.parse(post("hs-crm", body), config));

    assertEquals("62515:55:7", lead.sourceEventId());
    assertNull(lead.phone());
    assertNull(lead.email());
  }

  @Test
  void genericObjectEventsCountForContactsOnly() {
    String body = "[{\"eventId\":8,\"portalId\":1,\"objectId\":10,\"objectTypeId\":\"0-1\",\"occurredAt\":1,"
        + "\"subscriptionType\":\"object.propertyChange\",\"propertyName\":\"email\",\"propertyValue\":\"a@b.cn\"},"
        + "{\"eventId\":9,\"portalId\":1,\"objectId\":11,\"objectTypeId\":\"0-3\",\"occurredAt\":1,"
        + "\"subscriptionType\":\"object.creation\"},"
        + "{\"eventId\":10,\"portalId\":1,\"objectId\":12,\"occurredAt\":1,\"subscriptionType\":\"contact.deletion\"},"
        + "{\"eventId\":11,\"portalId\":1,\"objectId\":13,\"occurredAt\":1,\"subscriptionType\":\"deal.creation\"}]";

    LeadInput lead = SourceTestKit.onlyLead(adapter.parse(post("hs-crm", body), config));

    assertEquals("1:10:8", lead.sourceEventId());
    assertEquals("a@b.cn", lead.email());
  }

  @Test
  void aBatchWithoutContactEventsHasNoLeads() {
    Result result = adapter.parse(post("hs-crm", "[{\"eventId\":1,\"portalId\":1,\"objectId\":2,\"subscriptionType\":\"company.creation\"}]"), config);

    assertEquals(List.of(), result.leads());
    assertEquals(List.of(), result.errors());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON                  | [{\"eventId\":                                                        | ''",
    "an object, not an array   | {\"eventId\":1}                                                      | ''",
    "trailing garbage          | []]                                                                  | ''",
    "an event that is a number | [42]                                                                 | /0",
    "no subscriptionType       | [{\"eventId\":1,\"portalId\":1,\"objectId\":2}]                      | /0/subscriptionType",
    "no objectId               | [{\"eventId\":1,\"portalId\":1,\"subscriptionType\":\"contact.creation\"}] | /0/objectId",
    "portalId not an id        | [{\"eventId\":1,\"portalId\":\"x\",\"objectId\":2,\"subscriptionType\":\"contact.creation\"}] | /0/portalId",
    "eventId a fraction        | [{\"eventId\":1.5,\"portalId\":1,\"objectId\":2,\"subscriptionType\":\"contact.creation\"}] | /0/eventId",
    "second event bad          | [{\"eventId\":1,\"portalId\":1,\"objectId\":2,\"subscriptionType\":\"contact.creation\"},null] | /1",
  })
  void malformedBodiesNameThePart(String what, String body, String pointer) {
    Result result = adapter.parse(post("hs-crm", body), config);

    assertEquals(List.of(pointer), pointers(result), what);
    assertEquals(List.of(), result.leads());
  }

  // ---- verify ----

  @Test
  void aCorrectV3SignatureIsAuthentic() {
    byte[] body = resource("hubspot-webhook/two-contacts.json");
    String ts = millis(NOW.minusSeconds(10));

    assertEquals(Verdict.AUTHENTIC, verify(body, sign(SECRET, SIGNED_URI, body, ts), ts));
  }

  @Test
  void aTamperedBodyIsRefused() {
    byte[] body = resource("hubspot-webhook/two-contacts.json");
    String ts = millis(NOW);
    String signature = sign(SECRET, SIGNED_URI, body, ts);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("jane.doe@example.com", "eve@example.com")
        .getBytes(StandardCharsets.UTF_8);

    Verdict verdict = verify(tampered, signature, ts);

    assertFalse(verdict.authentic());
    assertEquals("X-HubSpot-Signature-v3 does not match", verdict.reason());
  }

  @Test
  void aSignatureWithAnotherSecretIsRefused() {
    byte[] body = resource("hubspot-webhook/two-contacts.json");
    String ts = millis(NOW);

    assertFalse(verify(body, sign("another-app-secret", SIGNED_URI, body, ts), ts).authentic());
  }

  @Test
  void theSignedUriIsThePublicUrlWithHubSpotsCharactersDecoded() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    String ts = millis(NOW);

    assertFalse(verify(body, sign(SECRET, PUBLIC_URL, body, ts), ts).authentic(), "signed over the still-encoded URL");
    assertFalse(verify(body, sign(SECRET, "https://other.example.com/hook", body, ts), ts).authentic(), "another URL");
  }

  @Test
  void aReplayedTimestampIsPartOfTheSignature() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    String signature = sign(SECRET, SIGNED_URI, body, millis(NOW.minusSeconds(60)));

    assertFalse(verify(body, signature, millis(NOW)).authentic());
  }

  @Test
  void missingHeadersAreRefusedWithAReason() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    String ts = millis(NOW);

    assertEquals(Verdict.refused("missing X-HubSpot-Signature-v3 header"), verify(body, null, ts));
    assertEquals(Verdict.refused("missing X-HubSpot-Request-Timestamp header"), verify(body, sign(SECRET, SIGNED_URI, body, ts), null));
    assertEquals(Verdict.refused("X-HubSpot-Request-Timestamp is not milliseconds since the epoch"),
        verify(body, sign(SECRET, SIGNED_URI, body, "yesterday"), "yesterday"));
    assertEquals(Verdict.refused("X-HubSpot-Signature-v3 is not base64"), verify(body, "%%%", ts));
  }

  @Test
  void aTimestampOlderThanFiveMinutesIsRefusedEvenWhenSigned() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    String justInTime = millis(NOW.minus(Duration.ofMinutes(5)));
    String stale = millis(NOW.minus(Duration.ofMinutes(5)).minusMillis(1));
    String ahead = millis(NOW.plus(Duration.ofMinutes(6)));

    assertTrue(verify(body, sign(SECRET, SIGNED_URI, body, justInTime), justInTime).authentic());
    assertEquals(Verdict.refused("X-HubSpot-Request-Timestamp is older than 5 minutes"),
        verify(body, sign(SECRET, SIGNED_URI, body, stale), stale));
    assertFalse(verify(body, sign(SECRET, SIGNED_URI, body, ahead), ahead).authentic());
  }

  @Test
  void withoutSecretOrPublicUrlNothingIsAuthentic() {
    byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
    String ts = millis(NOW);
    SourceConfig noUrl = config("hs-crm", "hubspot-webhook", Map.of("clientSecret", SECRET), null);

    assertFalse(adapter.verify(signed(body, sign(SECRET, SIGNED_URI, body, ts), ts), noUrl, NOW).authentic());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://h.example/a%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B | https://h.example/a:/?@!$'()*,;",
    "https://h.example/a%3a%2f%3f%2a%2c%3b                   | https://h.example/a:/?*,;",
    "https://h.example/a%20b%23c%25d%2B%3D%26                 | https://h.example/a%20b%23c%25d%2B%3D%26",
    "https://h.example/hook?x=1&y=2                          | https://h.example/hook?x=1&y=2",
  })
  void decodesExactlyTheCharactersHubSpotLists(String configured, String signed) {
    assertEquals(signed, HubSpotWebhookAdapter.decodeUri(configured));
  }

  @Test
  void validateRequiresTheClientSecretAndTheUrlHubSpotCalls() {
    SourceConfig empty = config("hs-crm", "hubspot-webhook", Map.of(), "{\"publicUrl\":\"not a url\"}");

    assertEquals(List.of(new FieldError("/sources/0/secrets/clientSecret", "required"),
            new FieldError("/sources/0/options/publicUrl", "must be an absolute http(s) URL")),
        adapter.validate(empty, "/sources/0"));
    assertEquals(List.of("/sources/0/options/publicUrl"),
        adapter.validate(config("hs-crm", "hubspot-webhook", Map.of("clientSecret", "s"), null), "/sources/0")
            .stream().map(FieldError::field).toList());
    assertEquals(List.of(), adapter.validate(config, "/sources/0"));
  }

  @Test
  void aThousandAdversarialBodiesNeverThrow() {
    byte[] fixture = resource("hubspot-webhook/two-contacts.json");
    Function<byte[], Map<String, String>> headers = body -> {
      String ts = millis(NOW);
      return Map.of("X-HubSpot-Signature-v3", sign(SECRET, SIGNED_URI, body, ts), "X-HubSpot-Request-Timestamp", ts);
    };

    assertNeverThrows(adapter, config, adversarialBodies(fixture, 4711, 1000), headers, Map.of());
  }
}
