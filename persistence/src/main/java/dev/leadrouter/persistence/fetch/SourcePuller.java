package dev.leadrouter.persistence.fetch;

import dev.leadrouter.persistence.Backoff;
import dev.leadrouter.persistence.source.SourceIntake;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.intake.source.PullCursor;
import dev.leadrouter.engine.intake.source.PullOptions;
import dev.leadrouter.engine.intake.source.PullPlatform;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.engine.intake.source.SourceAdapters;
import dev.leadrouter.engine.intake.source.SourceConfig;
import dev.leadrouter.engine.intake.source.SourceTokens;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Pulls the clue lists of the sources that ask for it ({@link PullOptions}; 巨量引擎, 巨量本地推,
 * 腾讯广告), driven by the {@link SourceFetcher} singleton. One run reads the pages of the cursor's
 * window in order; each page with clues is handed to {@link SourceIntake} exactly like a pushed delivery
 * of the source (kept verbatim, clue ids make a clue read twice the same lead), and only then does the
 * cursor advance, durably. An expired access token is refreshed once per page with the refresh token
 * (the rotated one is stored); a rate limit or any other failure ends the run with backoff, the cursor
 * unchanged.
 */
final class SourcePuller {

  /** Pages one run reads before it lets other pulls go (it goes on at the next poll). */
  static final int MAX_PAGES_PER_RUN = 50;
  /** An access token is refreshed this long before it expires. */
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(1);

  /** A failed run: the message shown as the pull's last error. */
  private static final class PullFailure extends RuntimeException {
    PullFailure(String message) {
      super(message, null, false, false);
    }
  }

  private record Response(int status, byte[] body) {}

  private final SourcePullStore store;
  private final SourceIntake intake;
  private final EngineDeps deps;
  private final HttpClient http;
  private final SourceFetcher.Settings settings;
  private final Backoff backoff;

  SourcePuller(SourcePullStore store, SourceIntake intake, EngineDeps deps, HttpClient http,
      SourceFetcher.Settings settings, Backoff backoff) {
    this.store = store;
    this.intake = intake;
    this.deps = deps;
    this.http = http;
    this.settings = settings;
    this.backoff = backoff;
  }

  /** Makes sure every source that pulls has its row (blocking). */
  void ensureRows() {
    Instant now = deps.clock().instant();
    for (SourceConfig source : deps.sources().current().sources()) {
      if (source == null || !source.isEnabled()) continue;
      PullOptions.of(source).ifPresent(o -> store.ensure(source.id(), PullCursor.first(now, o.backfill()), now.toEpochMilli()));
    }
  }

  /** One run of a claimed pull; completes normally unless recording the outcome fails. */
  CompletionStage<Void> run(SourcePullStore.Row row, Executor blocking) {
    SourceConfig config = deps.sources().current().source(row.sourceId()).orElse(null);
    PullOptions options = config == null ? null : PullOptions.of(config).orElse(null);
    SourceAdapter adapter = config == null ? null : SourceAdapters.byType(config.type()).orElse(null);
    if (options == null || adapter == null) {
      return CompletableFuture.runAsync(() -> store.off(row.sourceId(), deps.clock().millis()), blocking);
    }
    Run run = new Run(row, config, options, adapter, blocking);
    return run.pages(row.cursor(), 0).handle((ok, error) -> {
      if (error != null) run.failed(error);
      return (Void) null;
    }).thenApplyAsync(v -> v, blocking);
  }

  /** The state of one run: the tokens in use and the attempts since the last accepted page. */
  private final class Run {
    private final SourcePullStore.Row row;
    private final SourceConfig config;
    private final PullOptions options;
    private final PullPlatform platform;
    private final SourceAdapter adapter;
    private final Executor blocking;
    private final String configuredHash;
    private String accessToken;
    private Long accessExpiresAt;
    private String refreshToken;
    private int attempts;

    Run(SourcePullStore.Row row, SourceConfig config, PullOptions options, SourceAdapter adapter, Executor blocking) {
      this.row = row;
      this.config = config;
      this.options = options;
      this.platform = options.platform();
      this.adapter = adapter;
      this.blocking = blocking;
      String configured = config.secret(PullOptions.REFRESH_TOKEN);
      this.configuredHash = configured == null ? null : sha256(configured);
      boolean reauthorized = configuredHash != null && !configuredHash.equals(row.configuredHash());
      // A new refresh token configured by an admin replaces the stored (rotated) one and its access token.
      this.refreshToken = reauthorized || row.refreshToken() == null ? configured : row.refreshToken();
      this.accessToken = reauthorized ? config.secret(PullOptions.ACCESS_TOKEN) : row.accessToken();
      this.accessExpiresAt = reauthorized ? null : row.accessTokenExpiresAt();
      this.attempts = row.attempts();
    }

    /** Reads pages from {@code cursor} until the window is done (or {@link #MAX_PAGES_PER_RUN} pages). */
    CompletionStage<Void> pages(PullCursor cursor, int read) {
      PullCursor page = cursor.opened(deps.clock().instant());
      return token(false)
          .thenCompose(token -> fetchPage(page, token))
          .thenCompose(response -> {
            PullPlatform.Answer answer = platform.classify(response.status(), response.body(), page.page(), options.pageSize());
            if (answer instanceof PullPlatform.TokenExpired expired) {
              // refreshed once; a token the platform still refuses ends the run
              return token(true).thenCompose(token -> fetchPage(page, token)).thenCompose(again -> {
                PullPlatform.Answer second = platform.classify(again.status(), again.body(), page.page(), options.pageSize());
                if (second instanceof PullPlatform.TokenExpired still) {
                  throw new PullFailure("the platform refused a freshly refreshed access token: " + still.message());
                }
                return accept(page, second, again.body(), read);
              });
            }
            return accept(page, answer, response.body(), read);
          });
    }

    private CompletionStage<Void> accept(PullCursor page, PullPlatform.Answer answer, byte[] body, int read) {
      if (answer instanceof PullPlatform.RateLimited limited) throw new PullFailure("rate limited: " + limited.message());
      if (answer instanceof PullPlatform.Failed failed) throw new PullFailure(failed.message());
      if (answer instanceof PullPlatform.TokenExpired expired) throw new PullFailure(expired.message());
      PullPlatform.Page p = (PullPlatform.Page) answer;
      CompletionStage<String> kept = p.clues() == 0 ? CompletableFuture.completedFuture(null)
          : intake.receive(delivery(page, body), config, adapter).thenApply(processed -> processed.result().errors().isEmpty()
              ? null : "page " + page.page() + " of window " + page.windowStart() + " – " + page.windowEnd()
                  + " is kept as source event " + processed.eventId() + " (MALFORMED) and was skipped: "
                  + processed.result().errors());
      return kept.thenComposeAsync(note -> {
        Instant now = deps.clock().instant();
        PullCursor next = page.after(p.more(), options.overlap());
        boolean pause = p.more() && read + 1 >= MAX_PAGES_PER_RUN;
        boolean done = !p.more() || pause;
        long nextAt = !p.more() ? PullCursor.nextRun(page.windowEnd(), now, options.interval()).toEpochMilli()
            : pause ? now.toEpochMilli() : now.toEpochMilli() + settings.lease().toMillis();
        store.advance(row.sourceId(), next, done ? "PENDING" : "PULLING", nextAt, now.toEpochMilli(), note);
        attempts = 0;
        return done ? CompletableFuture.<Void>completedFuture(null) : pages(next, read + 1);
      }, blocking);
    }

    /** The access token to use: the stored one while valid, else a refreshed one. */
    private CompletionStage<String> token(boolean force) {
      Instant now = deps.clock().instant();
      if (!force && accessToken != null
          && (accessExpiresAt == null || now.plus(TOKEN_MARGIN).toEpochMilli() < accessExpiresAt)) {
        return CompletableFuture.completedFuture(accessToken);
      }
      String appSecret = config.secret(PullOptions.APP_SECRET);
      if (refreshToken == null || appSecret == null) throw new PullFailure("no refresh token or app secret to get an access token");
      return send(platform.refresh(options, appSecret, refreshToken), "the token endpoint").thenApplyAsync(response -> {
        PullPlatform.Refreshed refreshed = platform.tokens(response.status(), response.body());
        if (refreshed instanceof PullPlatform.RefreshFailed failed) throw new PullFailure(failed.message());
        PullPlatform.Tokens tokens = (PullPlatform.Tokens) refreshed;
        Instant at = deps.clock().instant();
        accessToken = tokens.accessToken();
        accessExpiresAt = at.plus(tokens.expiresIn()).toEpochMilli();
        if (tokens.refreshToken() != null) refreshToken = tokens.refreshToken();
        store.saveTokens(row.sourceId(), accessToken, accessExpiresAt, refreshToken, configuredHash, at.toEpochMilli());
        return accessToken;
      }, blocking);
    }

    private CompletionStage<Response> fetchPage(PullCursor page, String token) {
      Instant now = deps.clock().instant();
      return send(platform.page(options, token, page.windowStart(), page.windowEnd(), page.page(),
          UUID.randomUUID().toString().replace("-", ""), now), "the clue list");
    }

    /** The page as a delivery of the source, marked as fetched by the engine; the query says what was asked. */
    private Delivery delivery(PullCursor page, byte[] body) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("start_time", page.windowStart().toString());
      query.put("end_time", page.windowEnd().toString());
      query.put("page", String.valueOf(page.page()));
      query.put("page_size", String.valueOf(options.pageSize()));
      String marker = SourceTokens.fetchMarker(config);
      return new Delivery(config.id(), "application/json", body,
          marker == null ? Map.of("x-leadrouter-pull", platform.type()) : Map.of(SourceTokens.FETCH_HEADER, marker,
              "x-leadrouter-pull", platform.type()),
          query, Map.of(), deps.clock().instant());
    }

    void failed(Throwable error) {
      int next = attempts + 1;
      long now = deps.clock().millis();
      store.retry(row.sourceId(), next, now + backoff.backoffMillis(next), describe(error), now);
    }
  }

  private CompletionStage<Response> send(PullPlatform.Request request, String what) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(settings.timeout())
        .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    request.headers().forEach(builder::header);
    return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Response(r.statusCode(), r.body()))
        .exceptionally(e -> {
          throw new PullFailure(what + " at " + redact(request.url()) + ": " + describe(e));
        });
  }

  /** What went wrong, in words (never a class name, never a URL's query, which may hold tokens). */
  static String describe(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
    String message = cause.getMessage() == null || cause.getMessage().isBlank() ? null : cause.getMessage();
    if (cause instanceof PullFailure) return message;
    if (cause instanceof HttpTimeoutException) return "no answer in time";
    if (cause instanceof ConnectException) return "cannot connect" + (message == null ? "" : " (" + message + ")");
    if (cause instanceof IOException) return "network error" + (message == null ? "" : ": " + message);
    return message == null ? "unexpected error" : message;
  }

  /** The URL without its query. */
  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
