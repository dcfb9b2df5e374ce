package dev.leadrouter.engine.intake.source;

import static dev.leadrouter.engine.intake.source.SourceTestKit.NOW;
import static dev.leadrouter.engine.intake.source.SourceTestKit.adversarialBodies;
import static dev.leadrouter.engine.intake.source.SourceTestKit.assertNeverThrows;
import static dev.leadrouter.engine.intake.source.SourceTestKit.config;
import static dev.leadrouter.engine.intake.source.SourceTestKit.resource;
import static dev.leadrouter.engine.intake.source.SourceTestKit.get;
import static dev.leadrouter.engine.intake.source.SourceTestKit.pointers;
import static dev.leadrouter.engine.intake.source.SourceTestKit.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.SourceAdapter.Fetch;
import dev.leadrouter.engine.intake.source.SourceAdapter.Result;
import dev.leadrouter.engine.intake.source.SourceAdapter.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaLeadgenAdapterTest {

  private static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
  private static final String ACCESS_TOKEN = "EAAGm0PX4ZCpsBAexamplePageToken";
  private static final Map<String, String> SECRETS =
      Map.of("appSecret", APP_SECRET, "verifyToken", "meatyhamhock", "accessToken", ACCESS_TOKEN);
  private static final String FIELDS =
      "id,created_time,ad_id,ad_name,adset_id,adset_name,campaign_id,campaign_name,form_id,field_data,is_organic,platform";

  private final MetaLeadgenAdapter adapter = new MetaLeadgenAdapter();
  private final SourceConfig config = config("fb-leads", "meta-leadgen", SECRETS, null);

  private static String hmacHex(String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Delivery signed(byte[] body, String header) {
    return post("fb-leads", body, header == null ? Map.of() : Map.of("X-Hub-Signature-256", header), Map.of());
  }

  // ---- parse ----

  @Test
  void twoLeadgenIdsAreTwoFetchesOfTheLeadObjectAndNoLeads() {
    Result result = adapter.parse(post("fb-leads", resource("meta-leadgen/two-leads.json"), Map.of(), Map.of()), config);

    String proof = hmacHex(APP_SECRET, ACCESS_TOKEN.getBytes(StandardCharsets.UTF_8));
    Map<String, String> auth = Map.of("Authorization", "Bearer " + ACCESS_TOKEN);
    assertEquals(List.of(), result.errors());
    assertEquals(List.of(), result.leads());
    assertEquals(List.of(
            new Fetch("1234567890123456", "meta-lead",
                "https://graph.facebook.com/v26.0/1234567890123456?fields=" + FIELDS + "&appsecret_proof=" + proof, auth, null),
            new Fetch("1234567890123499", "meta-lead",
                "https://graph.facebook.com/v26.0/1234567890123499?fields=" + FIELDS + "&appsecret_proof=" + proof, auth, null)),
        result.fetches());
  }

  @Test
  void optionsChooseTheApiVersionFieldsAndTheProof() {
    SourceConfig custom = config("fb-leads", "meta-leadgen", SECRETS,
        "{\"apiBaseUrl\":\"https://graph.facebook.com/v25.0/\",\"fields\":\"id,created_time,field_data\",\"appsecretProof\":false}");
    String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"time\":1,\"changes\":["
        + "{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":444,\"page_id\":1,\"form_id\":2,\"created_time\":1}},"
        + "{\"field\":\"feed\",\"value\":{\"item\":\"status\"}},"
        + "{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":\"444\"}}]}]}";

    Result result = adapter.parse(post("fb-leads", body), custom);

    assertEquals(List.of(new Fetch("444", "meta-lead", "https://graph.facebook.com/v25.0/444?fields=id,created_time,field_data",
        Map.of("Authorization", "Bearer " + ACCESS_TOKEN), null)), result.fetches());
  }

  @Test
  void notificationsForOtherObjectsFetchNothing() {
    Result result = adapter.parse(post("fb-leads", "{\"object\":\"user\",\"entry\":[{\"changes\":[{\"field\":\"photos\"}]}]}"), config);

    assertEquals(new Result(List.of(), List.of(), List.of(), null), result);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not JSON                | {\"object\":                                                                     | ''",
    "an array                | [{\"object\":\"page\"}]                                                           | ''",
    "no entry                | {\"object\":\"page\"}                                                             | /entry",
    "entry not an array      | {\"object\":\"page\",\"entry\":{}}                                                | /entry",
    "an entry that is text   | {\"object\":\"page\",\"entry\":[\"x\"]}                                           | /entry/0",
    "no changes              | {\"object\":\"page\",\"entry\":[{\"id\":\"1\"}]}                                  | /entry/0/changes",
    "a change that is a list | {\"object\":\"page\",\"entry\":[{\"changes\":[[]]}]}                              | /entry/0/changes/0",
    "no value                | {\"object\":\"page\",\"entry\":[{\"changes\":[{\"field\":\"leadgen\"}]}]}         | /entry/0/changes/0/value",
    "no leadgen_id           | {\"object\":\"page\",\"entry\":[{\"changes\":[{\"field\":\"leadgen\",\"value\":{\"form_id\":1}}]}]} | /entry/0/changes/0/value/leadgen_id",
    "a path in leadgen_id    | {\"object\":\"page\",\"entry\":[{\"changes\":[{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":\"../me\"}}]}]} | /entry/0/changes/0/value/leadgen_id",
  })
  void malformedNotificationsNameThePart(String what, String body, String pointer) {
    Result result = adapter.parse(post("fb-leads", body), config);

    assertEquals(List.of(pointer), pointers(result), what);
    assertEquals(List.of(), result.fetches());
  }

  // ---- verify ----

  @Test
  void theSha256SignatureOverTheRawBodyIsAuthentic() {
    byte[] body = resource("meta-leadgen/two-leads.json");

    assertEquals(Verdict.AUTHENTIC, adapter.verify(signed(body, "sha256=" + hmacHex(APP_SECRET, body)), config, NOW));
    assertEquals(Verdict.AUTHENTIC, adapter.verify(signed(body, "sha256=" + hmacHex(APP_SECRET, body).toUpperCase()), config, NOW));
  }

  @Test
  void aTamperedBodyAnotherSecretOrNoHeaderIsRefused() {
    byte[] body = resource("meta-leadgen/two-leads.json");
    String good = "sha256=" + hmacHex(APP_SECRET, body);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("1234567890123499", "1234567890123498").getBytes(StandardCharsets.UTF_8);

    assertEquals(Verdict.refused("X-Hub-Signature-256 does not match"), adapter.verify(signed(tampered, good), config, NOW));
    assertFalse(adapter.verify(signed(body, "sha256=" + hmacHex("another-app-secret", body)), config, NOW).authentic());
    assertEquals(Verdict.refused("missing X-Hub-Signature-256 header"), adapter.verify(signed(body, null), config, NOW));
    assertEquals(Verdict.refused("X-Hub-Signature-256 must be sha256=<hex>"),
        adapter.verify(signed(body, hmacHex(APP_SECRET, body)), config, NOW));
    assertEquals(Verdict.refused("X-Hub-Signature-256 is not hex"), adapter.verify(signed(body, "sha256=zz"), config, NOW));
    assertFalse(adapter.verify(signed(body, "sha1=" + hmacHex(APP_SECRET, body)), config, NOW).authentic());
  }

  // ---- handshake ----

  @Test
  void theSubscriptionHandshakeEchoesTheChallengeForTheRightToken() {
    assertEquals(Optional.of("1158201444"), adapter.handshake(get("fb-leads",
        Map.of("hub.mode", "subscribe", "hub.challenge", "1158201444", "hub.verify_token", "meatyhamhock")), config));
  }

  @Test
  void aWrongTokenOrModeOrNoChallengeIsNotAHandshake() {
    assertEquals(Optional.empty(), adapter.handshake(get("fb-leads",
        Map.of("hub.mode", "subscribe", "hub.challenge", "1158201444", "hub.verify_token", "meatyhamhoc")), config));
    assertEquals(Optional.empty(), adapter.handshake(get("fb-leads",
        Map.of("hub.mode", "subscribe", "hub.challenge", "1158201444")), config));
    assertEquals(Optional.empty(), adapter.handshake(get("fb-leads",
        Map.of("hub.mode", "unsubscribe", "hub.challenge", "1158201444", "hub.verify_token", "meatyhamhock")), config));
    assertEquals(Optional.empty(), adapter.handshake(get("fb-leads",
        Map.of("hub.mode", "subscribe", "hub.verify_token", "meatyhamhock")), config));
    assertEquals(Optional.empty(), adapter.handshake(get("fb-leads", Map.of()), config));
  }

  @Test
  void validateRequiresTheThreeSecretsAndAnHttpsBase() {
    SourceConfig bad = config("fb-leads", "meta-leadgen", Map.of("appSecret", "x"),
        "{\"apiBaseUrl\":\"http://graph.facebook.com/v26.0\",\"fields\":\"id&access_token=x\"}");

    assertEquals(List.of(new FieldError("/s/secrets/verifyToken", "required"), new FieldError("/s/secrets/accessToken", "required"),
            new FieldError("/s/options/apiBaseUrl", "an absolute https URL without query (http only for localhost)"),
            new FieldError("/s/options/fields", "comma-separated Graph API field names")),
        adapter.validate(bad, "/s"));
    assertEquals(List.of(), adapter.validate(config, "/s"));
    assertEquals(List.of(), adapter.validate(config("fb-leads", "meta-leadgen", SECRETS, "{\"apiBaseUrl\":\"http://127.0.0.1:8089/v26.0\"}"), "/s"));
  }

  @Test
  void aLocalStandInForGraphIsFetchedOverHttpButNoRemoteHost() {
    String body = "{\"object\":\"page\",\"entry\":[{\"changes\":[{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":\"5\"}}]}]}";
    SourceConfig local = config("fb-leads", "meta-leadgen", SECRETS, "{\"apiBaseUrl\":\"http://localhost:8089/graph\",\"appsecretProof\":false}");
    SourceConfig remote = config("fb-leads", "meta-leadgen", SECRETS, "{\"apiBaseUrl\":\"http://graph.example.com/v26.0\",\"appsecretProof\":false}");

    assertEquals("http://localhost:8089/graph/5?fields=" + FIELDS, adapter.parse(post("fb-leads", body), local).fetches().get(0).url());
    assertEquals("https://graph.facebook.com/v26.0/5?fields=" + FIELDS, adapter.parse(post("fb-leads", body), remote).fetches().get(0).url());
  }

  @Test
  void aThousandAdversarialBodiesNeverThrow() {
    assertNeverThrows(adapter, config, adversarialBodies(resource("meta-leadgen/two-leads.json"), 2024, 1000),
        body -> Map.of("X-Hub-Signature-256", "sha256=" + hmacHex(APP_SECRET, body)), Map.of());
  }
}
