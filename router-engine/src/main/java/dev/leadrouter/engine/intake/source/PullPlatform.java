package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clue list APIs the engine pulls, as their published formats define them: how to ask for one
 * page of a time window, how to refresh the OAuth access token, and what an answer means. Pure: no
 * I/O, no clock; the caller sends the {@link Request}s.
 *
 * <ul>
 *   <li>巨量引擎 {@code GET <base>/2/tools/clue/get/} (query {@code advertiser_ids}, {@code start_time},
 *       {@code end_time} as {@code yyyy-MM-dd HH:mm:ss} Beijing time, {@code page}, {@code page_size}),
 *       header {@code Access-Token}; refresh {@code POST <base>/oauth2/refresh_token/}.
 *   <li>巨量本地推 {@code POST <base>/2/tools/clue/life/get/} (JSON {@code local_account_ids}, same
 *       times and paging), same token.
 *   <li>腾讯广告 {@code POST <base>/v1.3/lead_clues/get?access_token=&timestamp=&nonce=} (JSON
 *       {@code account_id}, {@code time_range} in epoch seconds, {@code page}, {@code page_size});
 *       refresh {@code GET <base>/oauth/token?grant_type=refresh_token…}.
 * </ul>
 *
 * Errors come as HTTP 200 with {@code code} ≠ 0: each platform's token-expired and rate-limit codes
 * are told apart from the rest.
 */
public enum PullPlatform {

  OCEANENGINE("oceanengine", "advertiserIds", "https://api.oceanengine.com/open_api", "app_id",
      Set.of(40102L, 40104L, 40105L), Set.of(40100L)),
  DOUYIN_LOCAL("douyin-local", "localAccountIds", "https://api.oceanengine.com/open_api", "app_id",
      Set.of(40102L, 40104L, 40105L), Set.of(40100L)),
  TENCENT_ADS("tencent-ads", "accountId", "https://api.e.qq.com", "client_id",
      Set.of(11000L, 11002L, 11004L, 11005L), Set.of(11008L, 11016L, 11017L, 11018L, 11019L));

  /** An HTTP request to send: method, full URL, headers, body (null for none). */
  public record Request(String method, String url, Map<String, String> headers, String body) {
    public Request {
      headers = Map.copyOf(headers);
    }
  }

  /** What a clue-list answer means. */
  public sealed interface Answer {}

  /** A page: how many clues it holds and whether another page follows. */
  public record Page(int clues, boolean more) implements Answer {}

  /** The access token is expired or invalid: refresh it and ask again. */
  public record TokenExpired(String message) implements Answer {}

  /** The platform asks to slow down: back off. */
  public record RateLimited(String message) implements Answer {}

  /** Anything else that is not a page: back off and ask again. */
  public record Failed(String message) implements Answer {}

  /** What a refresh answer holds: the new tokens, or why there are none. */
  public sealed interface Refreshed {}

  /** New tokens; {@code refreshToken} is the rotated one (the old one is spent). */
  public record Tokens(String accessToken, Duration expiresIn, String refreshToken) implements Refreshed {}

  /** The refresh failed (an expired refresh token means the account must be authorized again). */
  public record RefreshFailed(String message) implements Refreshed {}

  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter OCEAN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);
  private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofHours(1);

  private final String type;
  private final String accountOption;
  private final String defaultBaseUrl;
  private final String appIdName;
  private final Set<Long> tokenCodes;
  private final Set<Long> rateCodes;

  PullPlatform(String type, String accountOption, String defaultBaseUrl, String appIdName, Set<Long> tokenCodes,
      Set<Long> rateCodes) {
    this.type = type;
    this.accountOption = accountOption;
    this.defaultBaseUrl = defaultBaseUrl;
    this.appIdName = appIdName;
    this.tokenCodes = tokenCodes;
    this.rateCodes = rateCodes;
  }

  public static Optional<PullPlatform> byType(String type) {
    return Arrays.stream(values()).filter(p -> p.type.equals(type)).findFirst();
  }

  public String type() {
    return type;
  }

  /** The option naming the accounts whose clues are listed. */
  public String accountOption() {
    return accountOption;
  }

  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  String appIdName() {
    return appIdName;
  }

  String accountOptionShape() {
    return this == TENCENT_ADS ? "the account id (a number)" : "a non-empty array of account ids (numbers)";
  }

  /** The option keys a source of this platform knows ({@code extra}: the adapter's own). */
  Set<String> optionKeys(String... extra) {
    java.util.Set<String> keys = new java.util.TreeSet<>(PullOptions.OPTION_KEYS);
    keys.add(accountOption);
    keys.addAll(List.of(extra));
    return keys;
  }

  /** The secret keys of a source of this platform: the post token and the pull secrets. */
  Set<String> secretKeys() {
    java.util.Set<String> keys = new java.util.TreeSet<>(PullOptions.SECRET_KEYS);
    keys.add(SourceTokens.TOKEN_SECRET);
    return keys;
  }

  /**
   * The request for page {@code page} of the clues created in {@code [start, end]}, authorized with
   * {@code accessToken}; {@code nonce} and {@code now} only for 腾讯广告's required parameters.
   */
  public Request page(PullOptions o, String accessToken, Instant start, Instant end, int page, String nonce, Instant now) {
    return switch (this) {
      case OCEANENGINE -> new Request("GET", o.apiBaseUrl() + "/2/tools/clue/get/?" + query(Map.of(
          "advertiser_ids", numbers(o.accountIds()).toString(), "start_time", OCEAN_TIME.format(start),
          "end_time", OCEAN_TIME.format(end), "page", String.valueOf(page), "page_size", String.valueOf(o.pageSize()))),
          Map.of("Access-Token", accessToken), null);
      case DOUYIN_LOCAL -> {
        ObjectNode body = PlatformJson.MAPPER.createObjectNode();
        body.set("local_account_ids", numbers(o.accountIds()));
        body.put("start_time", OCEAN_TIME.format(start));
        body.put("end_time", OCEAN_TIME.format(end));
        body.put("page", page);
        body.put("page_size", o.pageSize());
        yield new Request("POST", o.apiBaseUrl() + "/2/tools/clue/life/get/",
            Map.of("Access-Token", accessToken, "Content-Type", "application/json"), body.toString());
      }
      case TENCENT_ADS -> {
        ObjectNode body = PlatformJson.MAPPER.createObjectNode();
        body.put("account_id", new BigInteger(o.accountIds().get(0)));
        ObjectNode range = body.putObject("time_range");
        range.put("start_time", start.getEpochSecond());
        range.put("end_time", end.getEpochSecond());
        body.put("page", page);
        body.put("page_size", o.pageSize());
        yield new Request("POST", o.apiBaseUrl() + "/v1.3/lead_clues/get?" + query(Map.of("access_token", accessToken,
            "timestamp", String.valueOf(now.getEpochSecond()), "nonce", nonce)),
            Map.of("Content-Type", "application/json"), body.toString());
      }
    };
  }

  /** The request that trades {@code refreshToken} for a new access token (and a new refresh token). */
  public Request refresh(PullOptions o, String appSecret, String refreshToken) {
    if (this == TENCENT_ADS) {
      return new Request("GET", o.apiBaseUrl() + "/oauth/token?" + query(Map.of("client_id", o.appId(),
          "client_secret", appSecret, "grant_type", "refresh_token", "refresh_token", refreshToken)), Map.of(), null);
    }
    ObjectNode body = PlatformJson.MAPPER.createObjectNode();
    if (o.appId().matches("\\d{1,19}")) body.put("app_id", Long.parseLong(o.appId()));
    else body.put("app_id", o.appId());
    body.put("secret", appSecret);
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", refreshToken);
    return new Request("POST", o.apiBaseUrl() + "/oauth2/refresh_token/", Map.of("Content-Type", "application/json"),
        body.toString());
  }

  /**
   * What the answer to page {@code page} (of {@code pageSize}) means. Whether more follow: from {@code
   * page_info} ({@code total_page}/{@code page_total}, else {@code total_number}/{@code total}), else
   * whether the page was full.
   */
  public Answer classify(int status, byte[] body, int page, int pageSize) {
    if (status == 429) return new RateLimited("HTTP 429");
    if (status == 401) return new TokenExpired("HTTP 401");
    if (status / 100 != 2) return new Failed("HTTP " + status);
    PlatformJson.Read read = PlatformJson.read(body);
    if (read.node() == null || !read.node().isObject()) return new Failed("the answer is not a JSON object");
    JsonNode root = read.node();
    Long code = code(root);
    if (code == null) return new Failed("the answer has no code");
    if (code != 0) {
      String message = "code " + code + ": " + message(root);
      if (tokenCodes.contains(code)) return new TokenExpired(message);
      if (rateCodes.contains(code)) return new RateLimited(message);
      return new Failed(message);
    }
    JsonNode data = root.path("data");
    JsonNode list = data.get(this == TENCENT_ADS ? "leads_info" : "list");
    if (list != null && !list.isNull() && !list.isArray()) return new Failed("data." + (this == TENCENT_ADS ? "leads_info" : "list") + " is not an array");
    int clues = list == null ? 0 : list.size();
    JsonNode info = data.path("page_info");
    long totalPages = number(info, "total_page", "page_total");
    if (totalPages >= 0) return new Page(clues, page < totalPages);
    long total = number(info, "total_number", "total");
    if (total >= 0) return new Page(clues, (long) page * pageSize < total);
    return new Page(clues, clues >= pageSize);
  }

  /** The tokens in a refresh answer. */
  public Refreshed tokens(int status, byte[] body) {
    if (status / 100 != 2) return new RefreshFailed("the token endpoint answered HTTP " + status);
    PlatformJson.Read read = PlatformJson.read(body);
    if (read.node() == null || !read.node().isObject()) return new RefreshFailed("the token answer is not a JSON object");
    Long code = code(read.node());
    if (code == null || code != 0) {
      return new RefreshFailed("the token endpoint answered code " + code + ": " + message(read.node())
          + " (an expired refresh token means the account must be authorized again)");
    }
    JsonNode data = read.node().path("data");
    String access = PlatformJson.text(data.get("access_token"));
    String refresh = PlatformJson.text(data.get("refresh_token"));
    if (access == null || access.isBlank()) return new RefreshFailed("the token answer has no data.access_token");
    long seconds = number(data, this == TENCENT_ADS ? "access_token_expires_in" : "expires_in", "expires_in");
    return new Tokens(access, seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TOKEN_LIFE,
        refresh == null || refresh.isBlank() ? null : refresh);
  }

  private static Long code(JsonNode root) {
    JsonNode code = root.get("code");
    if (code == null) return null;
    if (code.canConvertToExactIntegral()) return code.asLong();
    return code.isTextual() && code.asText().matches("-?\\d{1,18}") ? Long.parseLong(code.asText()) : null;
  }

  private static String message(JsonNode root) {
    for (String field : List.of("message_cn", "message")) {
      String text = PlatformJson.text(root.get(field));
      if (text != null && !text.isBlank()) return text;
    }
    return "(no message)";
  }

  private static long number(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode n = node.get(name);
      if (n != null && n.canConvertToExactIntegral()) return n.asLong();
      if (n != null && n.isTextual() && n.asText().matches("\\d{1,18}")) return Long.parseLong(n.asText());
    }
    return -1;
  }

  private static ArrayNode numbers(List<String> ids) {
    ArrayNode out = PlatformJson.MAPPER.createArrayNode();
    ids.forEach(id -> out.add(new BigInteger(id)));
    return out;
  }

  private static String query(Map<String, String> params) {
    Map<String, String> ordered = new LinkedHashMap<>(new java.util.TreeMap<>(params));
    StringBuilder out = new StringBuilder();
    ordered.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }
}
