package dev.leadrouter.persistence.fetch;

import dev.leadrouter.persistence.Backoff;
import dev.leadrouter.persistence.source.SourceIntake;
import dev.leadrouter.persistence.source.SourceEventStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.engine.intake.source.SourceAdapters;
import dev.leadrouter.engine.intake.source.SourceConfig;
import dev.leadrouter.engine.intake.source.SourceTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Fetches the leads a delivery only referred to (Meta leadgen ids, WeCom add-contact events) from
 * the platform's API: one per cluster (a singleton). Claims due rows of {@code source_fetches}
 * (leased), GETs each URL (first getting a short-lived token from {@code tokenUrl} when the platform
 * needs one, cached until it expires), and hands the answer to the row's adapter as a delivery of the
 * same source, kept verbatim like any other. A failure (network, non-2xx, an answer the adapter
 * calls malformed, e.g. an expired token) is retried with exponential backoff and full jitter,
 * never given up: a fetch that keeps failing stays visible with its last error.
 *
 * <p>The same singleton runs the scheduled pulls of the sources that ask for them ({@link SourcePuller},
 * rows of {@code source_pulls}, leased and backed off the same way).
 */
public final class SourceFetcher {

  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Claimed(List<SourceEventStore.FetchRow> rows, List<SourcePullStore.Row> pulls, Throwable error)
      implements Command {}

  private record Finished() implements Command {}

  /** {@code leadrouter.sources.fetch}. */
  public record Settings(Duration pollInterval, int batch, Duration lease, Duration timeout, Duration retryBase,
      Duration retryMax) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("leadrouter.sources.fetch");
      return new Settings(c.getDuration("poll-interval"), c.getInt("batch"), c.getDuration("lease"),
          c.getDuration("timeout"), c.getDuration("retry.base"), c.getDuration("retry.max-delay"));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Token(String value, Instant expiresAt) {}

  private final SourceEventStore store;
  private final SourceIntake intake;
  private final EngineDeps deps;
  private final Settings settings;
  private final HttpClient http;
  private final Backoff backoff;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final SourcePullStore pulls;
  private final SourcePuller puller;

  public SourceFetcher(SourceEventStore store, SourcePullStore pulls, SourceIntake intake, EngineDeps deps,
      Settings settings) {
    this.store = store;
    this.intake = intake;
    this.deps = deps;
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.backoff = new Backoff(settings.retryBase(), settings.retryMax(), RandomGenerator.getDefault());
    this.pulls = pulls;
    this.puller = new SourcePuller(pulls, intake, deps, http, settings, backoff);
  }

  public static void init(ActorSystem<?> system, SourceFetcher fetcher) {
    ClusterSingleton.get(system).init(SingletonActor.of(
        Behaviors.supervise(fetcher.behavior()).onFailure(SupervisorStrategy.restart()), "source-fetcher"));
  }

  /** The polling actor (also for tests, which spawn it directly). */
  public Behavior<Command> behavior() {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
      int[] inFlight = {0};
      timers.startSingleTimer(new Poll(), Duration.ZERO);
      return Behaviors.receive(Command.class)
          .onMessage(Poll.class, p -> {
            if (inFlight[0] > 0) return Behaviors.same();
            ctx.pipeToSelf(CompletableFuture.supplyAsync(this::claim, blocking),
                (claimed, error) -> claimed != null ? claimed : new Claimed(List.of(), List.of(), error));
            return Behaviors.same();
          })
          .onMessage(Claimed.class, c -> {
            if (c.error() != null) ctx.getLog().warn("Claiming source fetches failed: {}", c.error().toString());
            for (SourceEventStore.FetchRow row : c.rows()) {
              inFlight[0]++;
              ctx.pipeToSelf(fetch(row, blocking), (ok, error) -> {
                if (error != null) ctx.getLog().warn("Recording fetch {} failed (its lease will expire): {}", row.id(), error.toString());
                return new Finished();
              });
            }
            for (SourcePullStore.Row pull : c.pulls()) {
              inFlight[0]++;
              ctx.pipeToSelf(puller.run(pull, blocking), (ok, error) -> {
                if (error != null) ctx.getLog().warn("Recording pull of {} failed (its lease will expire): {}", pull.sourceId(),
                    SourcePuller.describe(error));
                return new Finished();
              });
            }
            if (c.rows().isEmpty() && c.pulls().isEmpty()) timers.startSingleTimer(new Poll(), settings.pollInterval());
            return Behaviors.same();
          })
          .onMessage(Finished.class, f -> {
            if (--inFlight[0] == 0) timers.startSingleTimer(new Poll(), Duration.ZERO);
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** Due fetches and due pulls (the rows of sources that newly pull are made first), leased. */
  private Claimed claim() {
    long now = deps.clock().millis();
    List<SourceEventStore.FetchRow> rows = store.claimFetches(now, settings.batch(), settings.lease().toMillis());
    puller.ensureRows();
    return new Claimed(rows, pulls.claim(now, settings.batch(), settings.lease().toMillis()), null);
  }

  /** Fetches one row and records the outcome; completes normally unless recording fails. */
  CompletionStage<Void> fetch(SourceEventStore.FetchRow row, Executor blocking) {
    SourceConfig config = deps.sources().current().source(row.sourceId()).orElse(null);
    SourceAdapter adapter = SourceAdapters.byType(row.adapterType()).orElse(null);
    CompletionStage<List<String>> leads;
    if (config == null) {
      leads = CompletableFuture.failedFuture(new IllegalStateException("source " + row.sourceId() + " is not configured (or disabled)"));
    } else if (adapter == null) {
      leads = CompletableFuture.failedFuture(new IllegalStateException("no adapter " + row.adapterType()));
    } else {
      leads = token(row.tokenUrl())
          .thenCompose(token -> get(withToken(row.url(), token), row.headers()))
          .thenCompose(body -> {
            Delivery answer = new Delivery(row.sourceId(), "application/json", body,
                Map.of(SourceTokens.FETCH_HEADER, SourceTokens.fetchMarker(config)),
                Map.of(), Map.of(), deps.clock().instant());
            SourceAdapter.Result parsed = adapter.parse(answer, config);
            if (!parsed.errors().isEmpty()) {
              if (row.tokenUrl() != null) tokens.remove(row.tokenUrl()); // an expired token looks like this
              throw new IllegalStateException("the platform answered " + parsed.errors());
            }
            return intake.receive(answer, parsed);
          })
          .thenApply(processed -> processed.leads().stream().map(SourceIntake.Lead::leadId).toList());
    }
    return leads.handle((ids, error) -> {
      if (error == null) {
        store.fetchDone(row.id(), ids);
      } else {
        int attempts = row.attempts() + 1;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        store.fetchRetry(row.id(), attempts, deps.clock().millis() + backoff.backoffMillis(attempts),
            SourcePuller.describe(cause));
      }
      return (Void) null;
    }).thenApplyAsync(v -> v, blocking);
  }

  private CompletionStage<byte[]> get(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout()).GET();
    headers.forEach(request::header);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) throw new IllegalStateException("HTTP " + r.statusCode() + " from " + redact(url));
      return r.body();
    });
  }

  /** The access token for {@code tokenUrl} (cached until a minute before it expires), or null when none is needed. */
  private CompletionStage<String> token(String tokenUrl) {
    if (tokenUrl == null) return CompletableFuture.completedFuture(null);
    Token cached = tokens.get(tokenUrl);
    Instant now = deps.clock().instant();
    if (cached != null && cached.expiresAt().isAfter(now)) return CompletableFuture.completedFuture(cached.value());
    return get(tokenUrl, Map.of()).thenApply(body -> {
      try {
        JsonNode answer = JSON.readTree(body);
        JsonNode token = answer.get("access_token");
        if (token == null || token.asText().isBlank()) throw new IllegalStateException("no access_token in the token answer: " + answer);
        long seconds = answer.path("expires_in").asLong(7200);
        tokens.put(tokenUrl, new Token(token.asText(), now.plusSeconds(Math.max(0, seconds - 60))));
        return token.asText();
      } catch (IOException e) {
        throw new IllegalStateException("the token answer is not JSON", e);
      }
    });
  }

  static String withToken(String url, String token) {
    if (token == null) return url;
    return url + (url.contains("?") ? "&" : "?") + "access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The URL without its query (which may hold tokens), for error messages. */
  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
