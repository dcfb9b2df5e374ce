package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Hmac;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Meta (Facebook/Instagram) Lead Ads webhook ({@code meta-leadgen}): Page {@code leadgen} change
 * notifications. They carry ids only, so parse returns one {@link Fetch} per {@code leadgen_id} — GET
 * {@code <apiBaseUrl>/<leadgen_id>?fields=…} with the Page access token as a Bearer header — whose
 * answer the engine parses with {@link MetaLeadAdapter}; never a lead.
 *
 * <p>Signed: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(appSecret, raw body)>}. The
 * subscription handshake (GET {@code hub.mode=subscribe}, {@code hub.verify_token}) echoes
 * {@code hub.challenge}. Secrets {@code appSecret}, {@code verifyToken}, {@code accessToken}; options
 * {@code apiBaseUrl} (default {@value #DEFAULT_API_BASE}; https, or http to localhost), {@code fields} (default {@value
 * #DEFAULT_FIELDS}), {@code appsecretProof} (default true: adds {@code appsecret_proof}).
 */
public final class MetaLeadgenAdapter implements SourceAdapter {

  public static final String TYPE = "meta-leadgen";
  public static final String DEFAULT_API_BASE = "https://graph.facebook.com/v26.0";
  public static final String DEFAULT_FIELDS =
      "id,created_time,ad_id,ad_name,adset_id,adset_name,campaign_id,campaign_name,form_id,field_data,is_organic,platform";
  static final String SIGNATURE_HEADER = "x-hub-signature-256";
  private static final Pattern FIELDS = Pattern.compile("[A-Za-z0-9_.,{}()]+");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Keys keys() {
    return Keys.of(List.of("apiBaseUrl", "fields", "appsecretProof"), List.of("appSecret", "verifyToken", "accessToken"));
  }

  @Override
  public List<FieldError> validate(SourceConfig config, String pointer) {
    List<FieldError> errors = new ArrayList<>(SourceTokens.requireSecrets(config, pointer, "appSecret", "verifyToken", "accessToken"));
    String base = config.option("apiBaseUrl");
    if (base != null && !isApiBase(base)) {
      errors.add(new FieldError(pointer + "/options/apiBaseUrl", "an absolute https URL without query (http only for localhost)"));
    }
    String fields = config.option("fields");
    if (fields != null && !FIELDS.matcher(fields).matches()) {
      errors.add(new FieldError(pointer + "/options/fields", "comma-separated Graph API field names"));
    }
    return errors;
  }

  @Override
  public String noSample() {
    return "a Meta leadgen notification carries only a leadgen_id, which the engine then fetches from the Graph API"
        + " with the source's access token, so a made-up one could not be fetched: send a real test lead with Meta's"
        + " Lead Ads Testing Tool (developers.facebook.com/tools/lead-ads-testing), then see it in the source's"
        + " deliveries and GET /api/v1/sources/{id}/fetches";
  }

  @Override
  public Verdict verify(Delivery delivery, SourceConfig config, Instant now) {
    String secret = config.secret("appSecret");
    if (secret == null) return Verdict.refused("source has no secrets.appSecret to check X-Hub-Signature-256");
    String header = delivery.header(SIGNATURE_HEADER).map(String::strip).orElse(null);
    if (header == null || header.isEmpty()) return Verdict.refused("missing X-Hub-Signature-256 header");
    if (!header.startsWith("sha256=")) return Verdict.refused("X-Hub-Signature-256 must be sha256=<hex>");
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring("sha256=".length()));
    } catch (IllegalArgumentException e) {
      return Verdict.refused("X-Hub-Signature-256 is not hex");
    }
    byte[] expected = Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8), delivery.body());
    return Hmac.same(expected, given) ? Verdict.AUTHENTIC : Verdict.refused("X-Hub-Signature-256 does not match");
  }

  @Override
  public Optional<String> handshake(Delivery get, SourceConfig config) {
    String expected = config.secret("verifyToken");
    String challenge = get.query().get("hub.challenge");
    if (expected == null || challenge == null || !"subscribe".equals(get.query().get("hub.mode"))) return Optional.empty();
    return SourceTokens.same(expected, get.query().get("hub.verify_token")) ? Optional.of(challenge) : Optional.empty();
  }

  @Override
  public Result parse(Delivery delivery, SourceConfig config) {
    JsonNode root = SourceJson.read(delivery.body()).orElse(null);
    if (root == null) return Result.malformed("", "not JSON: expected {\"object\":\"page\",\"entry\":[…]}");
    if (!root.isObject()) return Result.malformed("", "expected an object {\"object\":\"page\",\"entry\":[…]}");
    String object = SourceJson.text(root.get("object"));
    if (object != null && !object.equals("page")) return Result.of(List.of()); // another object's notification: nothing to fetch
    JsonNode entries = root.get("entry");
    if (entries == null || !entries.isArray()) return Result.malformed("/entry", "required: an array of entries");
    List<FieldError> errors = new ArrayList<>();
    Set<String> leadgenIds = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String at = "/entry/" + i;
      JsonNode changes = entry.isObject() ? entry.get("changes") : null;
      if (!entry.isObject()) {
        errors.add(new FieldError(at, "expected an entry object"));
      } else if (changes == null || !changes.isArray()) {
        errors.add(new FieldError(at + "/changes", "required: an array of changes"));
      } else {
        for (int j = 0; j < changes.size(); j++) {
          JsonNode change = changes.get(j);
          String changeAt = at + "/changes/" + j;
          if (!change.isObject()) {
            errors.add(new FieldError(changeAt, "expected a change object"));
            continue;
          }
          if (!"leadgen".equals(SourceJson.text(change.get("field")))) continue;
          JsonNode value = change.get("value");
          if (value == null || !value.isObject()) {
            errors.add(new FieldError(changeAt + "/value", "required: the leadgen object"));
            continue;
          }
          String leadgenId = SourceJson.id(value.get("leadgen_id"));
          if (leadgenId == null) {
            errors.add(new FieldError(changeAt + "/value/leadgen_id", value.hasNonNull("leadgen_id") ? "must be a numeric id" : "required"));
          } else {
            leadgenIds.add(leadgenId);
          }
        }
      }
    }
    if (!errors.isEmpty()) return new Result(List.of(), List.of(), errors, null);
    List<Fetch> fetches = new ArrayList<>();
    for (String id : leadgenIds) fetches.add(fetch(id, config));
    return new Result(List.of(), fetches, List.of(), null);
  }

  /** GET the Lead object: {@code <apiBaseUrl>/<leadgen_id>?fields=…[&appsecret_proof=…]}, Bearer token. */
  static Fetch fetch(String leadgenId, SourceConfig config) {
    String base = config.option("apiBaseUrl");
    if (base == null || !isApiBase(base)) base = DEFAULT_API_BASE;
    base = base.strip().replaceAll("/+$", "");
    String fields = config.option("fields");
    if (fields == null || !FIELDS.matcher(fields).matches()) fields = DEFAULT_FIELDS;
    StringBuilder url = new StringBuilder(base).append('/').append(leadgenId).append("?fields=").append(fields);
    String token = config.secret("accessToken");
    String appSecret = config.secret("appSecret");
    if (token != null && appSecret != null && !"false".equalsIgnoreCase(config.option("appsecretProof"))) {
      url.append("&appsecret_proof=").append(appsecretProof(appSecret, token));
    }
    Map<String, String> headers = token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    return new Fetch(leadgenId, MetaLeadAdapter.TYPE, url.toString(), headers, null);
  }

  /** Meta's {@code appsecret_proof}: hex HMAC-SHA256 of the access token, keyed with the app secret. */
  static String appsecretProof(String appSecret, String accessToken) {
    return HexFormat.of().formatHex(Hmac.sha256(appSecret, accessToken));
  }

  /** https, or http to this machine (tests stand in for Graph): the access token must not cross a network in clear. */
  private static boolean isApiBase(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) return false;
      String host = uri.getHost();
      boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
      return "https".equalsIgnoreCase(uri.getScheme()) || ("http".equalsIgnoreCase(uri.getScheme()) && loopback);
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
