package dev.leadrouter.engine.intake.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the engine pulls a source of a pulled platform ({@link PullPlatform}): the options of a source
 * with {@code "pull": true}. Pure.
 *
 * @param interval how often the clue list is asked for ({@code pullIntervalSeconds}, default 60)
 * @param pageSize clues per page ({@code pageSize}, 1–100, default 100)
 * @param backfill how far back the first window starts ({@code backfillHours}, default 24)
 * @param overlap how far each window reaches back into the previous one, for clues the platform lists
 *     late ({@code overlapSeconds}, default 120; a clue seen twice is the same lead)
 * @param apiBaseUrl the platform's API root ({@code apiBaseUrl}; tests and private gateways)
 * @param appId the developer app (巨量引擎 {@code app_id}, 腾讯广告 {@code client_id})
 * @param accountIds the accounts whose clues are listed (numbers, as text)
 */
public record PullOptions(PullPlatform platform, Duration interval, int pageSize, Duration backfill, Duration overlap,
    String apiBaseUrl, String appId, List<String> accountIds) {

  /** The options every pulled platform knows (besides its account option). */
  static final Set<String> OPTION_KEYS = Set.of("pull", "pullIntervalSeconds", "pageSize", "backfillHours",
      "overlapSeconds", "apiBaseUrl", "appId");
  /** The secrets of pulling: the app secret and the OAuth refresh token (an access token is optional). */
  static final Set<String> SECRET_KEYS = Set.of("appSecret", "refreshToken", "accessToken");

  public static final String APP_SECRET = "appSecret";
  public static final String REFRESH_TOKEN = "refreshToken";
  public static final String ACCESS_TOKEN = "accessToken";

  private static final int DEFAULT_INTERVAL = 60;
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int DEFAULT_BACKFILL_HOURS = 24;
  private static final int DEFAULT_OVERLAP = 120;

  public PullOptions {
    accountIds = List.copyOf(accountIds);
  }

  /** Whether the source asks to be pulled ({@code "pull": true}). */
  public static boolean enabled(SourceConfig config) {
    JsonNode pull = config.options() == null ? null : config.options().get("pull");
    return pull != null && pull.isBoolean() && pull.booleanValue();
  }

  /** The pull settings of a valid source that pulls; empty when it does not pull (or is not a pulled platform). */
  public static Optional<PullOptions> of(SourceConfig config) {
    Optional<PullPlatform> platform = PullPlatform.byType(config.type());
    if (platform.isEmpty() || !enabled(config)) return Optional.empty();
    JsonNode o = config.options();
    String base = config.option("apiBaseUrl");
    return Optional.of(new PullOptions(platform.get(),
        Duration.ofSeconds(integer(o, "pullIntervalSeconds", DEFAULT_INTERVAL)),
        (int) integer(o, "pageSize", DEFAULT_PAGE_SIZE),
        Duration.ofHours(integer(o, "backfillHours", DEFAULT_BACKFILL_HOURS)),
        Duration.ofSeconds(integer(o, "overlapSeconds", DEFAULT_OVERLAP)),
        stripSlash(base == null || base.isBlank() ? platform.get().defaultBaseUrl() : base),
        config.option("appId"), ids(o.get(platform.get().accountOption()))));
  }

  /** What is wrong with the pull options of a source of {@code platform} (pointers under {@code pointer}). */
  static List<FieldError> validate(PullPlatform platform, SourceConfig config, String pointer) {
    JsonReader o = JsonReader.at(config.options(), pointer + "/options");
    if (!o.isObject()) return List.of();
    JsonReader pull = o.field("pull");
    if (pull.exists() && !pull.node().isBoolean()) pull.error("true or false");
    range(o.field("pullIntervalSeconds"), 10, 86_400);
    range(o.field("pageSize"), 1, 100);
    range(o.field("backfillHours"), 0, 24 * 90);
    range(o.field("overlapSeconds"), 0, 3_600);
    String base = config.option("apiBaseUrl");
    if (o.has("apiBaseUrl") && (base == null || !httpUrlWithoutQuery(base))) {
      o.field("apiBaseUrl").error("an absolute https URL without query, e.g. " + platform.defaultBaseUrl());
    }
    JsonReader accounts = o.field(platform.accountOption());
    if (accounts.exists() && ids(accounts.node()).isEmpty()) accounts.error(platform.accountOptionShape());
    if (!enabled(config)) return o.errors();
    if (config.option("appId") == null || config.option("appId").isBlank()) {
      o.field("appId").error("required to pull: the developer app's id (" + platform.appIdName() + ")");
    }
    if (!accounts.exists()) accounts.error("required to pull: " + platform.accountOptionShape());
    List<FieldError> errors = new ArrayList<>(o.errors());
    errors.addAll(SourceTokens.requireSecrets(config, pointer, APP_SECRET, REFRESH_TOKEN));
    return errors;
  }

  /** A whole number (written {@code 30} or {@code 30.0}) from {@code min} to {@code max}, when given. */
  private static void range(JsonReader n, long min, long max) {
    if (!n.exists()) return;
    if (!n.node().canConvertToExactIntegral() || n.node().asLong() < min || n.node().asLong() > max) {
      n.error("an integer from " + min + " to " + max);
    }
  }

  private static long integer(JsonNode o, String name, long fallback) {
    JsonNode n = o.get(name);
    return n == null || !n.canConvertToExactIntegral() ? fallback : n.asLong();
  }

  /** Account ids: a number, a string of digits, or a non-empty array of them; empty when anything else. */
  static List<String> ids(JsonNode node) {
    if (node == null) return List.of();
    List<String> out = new ArrayList<>();
    for (JsonNode id : node.isArray() ? node : List.of(node)) {
      String text = id.isIntegralNumber() ? id.bigIntegerValue().toString() : id.isTextual() ? id.textValue().strip() : "";
      if (!text.matches("\\d{1,20}")) return List.of();
      out.add(text);
    }
    return out;
  }

  static boolean httpUrlWithoutQuery(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
