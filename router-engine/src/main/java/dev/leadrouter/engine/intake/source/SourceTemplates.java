package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the admin page offers to add a source of each adapter type ({@code GET /api/v1/sources/templates}):
 * built from the adapters' own declarations ({@link SourceAdapter#keys()}, {@link
 * SourceAdapter#startingOptions()}, {@link SourceAdapter#sample}), so a new adapter appears without
 * an edit here. Only the words describing each option and secret key live here, by key name.
 */
public final class SourceTemplates {

  /** One option or secret key and what it is for. */
  public record Key(String name, String description) {}

  /**
   * One adapter type: its option and secret keys, the options a new source starts with, whether its
   * deliveries carry the token in the URL, and whether the engine can send it a test delivery.
   */
  public record Template(String type, List<Key> options, List<Key> secrets, JsonNode startingOptions,
      boolean tokenInUrl, boolean testDelivery) {}

  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("fields", "lead field → where the platform puts it (a field id, ref or JSON Pointer; see docs/sources.md)"),
      Map.entry("list", "JSON Pointer to the array of leads in a delivery (one lead per element)"),
      Map.entry("attributes", "attribute name → value spec, kept with the lead"),
      Map.entry("signature", "{header, algorithm: hmac-sha256, encoding: hex|base64, prefix}: verify an HMAC instead of ?token"),
      Map.entry("publicUrl", "the https URL HubSpot posts to (what it signs), as the platform sees it"),
      Map.entry("formGuid", "the HubSpot form's GUID"),
      Map.entry("apiBaseUrl", "the platform API's base URL (https; only for a local stand-in)"),
      Map.entry("appsecretProof", "send appsecret_proof with Graph API calls (true/false)"),
      Map.entry("customFields", "the platform's custom field name → lead field, e.g. {\"公司名称\": \"company\"}"),
      Map.entry("advertiserIds", "the advertiser ids to pull clues for"),
      Map.entry("localAccountIds", "the local-service account ids to pull clues for"),
      Map.entry("accountId", "the advertiser account id to pull lead clues for"),
      Map.entry("corpId", "the WeCom corp id (企业ID)"),
      Map.entry("pull", "true: the engine pulls leads from the platform on a schedule"),
      Map.entry("appId", "the developer app id"),
      Map.entry("pullIntervalSeconds", "seconds between pulls"),
      Map.entry("pageSize", "clues per page asked for"),
      Map.entry("backfillHours", "hours back the first pull starts"),
      Map.entry("overlapSeconds", "seconds each window overlaps the previous one"),
      Map.entry("token", "the token the platform sends (?token=… in the URL, or its callback token)"),
      Map.entry("signingSecret", "the secret the platform signs deliveries with (HMAC-SHA256)"),
      Map.entry("clientSecret", "the HubSpot app's client secret (signature v3)"),
      Map.entry("appSecret", "the app secret (signatures, token refresh)"),
      Map.entry("verifyToken", "the verify token of the webhook subscription handshake"),
      Map.entry("accessToken", "the API access token"),
      Map.entry("refreshToken", "the OAuth refresh token"),
      Map.entry("googleKey", "the key set on the Google Ads lead form webhook"),
      Map.entry("aesKey", "the EncodingAESKey (43 characters)"),
      Map.entry("corpSecret", "the WeCom app secret (to fetch contact details)"));

  private SourceTemplates() {}

  /** Every adapter's template, in {@link SourceAdapters#types()} order. */
  public static List<Template> all() {
    return SourceAdapters.types().stream().map(type -> of(SourceAdapters.byType(type).orElseThrow())).toList();
  }

  static Template of(SourceAdapter adapter) {
    JsonNode starting = adapter.startingOptions();
    SourceConfig blank = new SourceConfig("template", adapter.type(),
        adapter.keys().secrets().stream().collect(java.util.stream.Collectors.toMap(k -> k, k -> "x")),
        null, null, null, starting, null);
    return new Template(adapter.type(), keys(adapter.keys().options()), keys(adapter.keys().secrets()), starting,
        adapter.tokenInUrl(blank), adapter.sample(blank, Instant.EPOCH).isPresent());
  }

  private static List<Key> keys(java.util.Set<String> names) {
    return names.stream().sorted().map(n -> new Key(n, WORDS.getOrDefault(n, "see docs/sources.md"))).toList();
  }
}
