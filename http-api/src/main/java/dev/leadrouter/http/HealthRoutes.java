package dev.leadrouter.http;

import dev.leadrouter.persistence.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/alive}, {@code /health/ready} (database reachable; the journal answering an entity's
 * recovery, so its circuit breaker is closed; org chart loaded through sharding and this node an Up
 * cluster member: UP, or DEGRADED with the projection slices that have parked events or lag beyond
 * {@code leadrouter.projection.max-lag}; 503 otherwise, see {@link Readiness}, and at once from the
 * first phase of a shutdown) and {@code /metrics}.
 */
public final class HealthRoutes extends ApiDirectives {

  private final Database db;
  private final JournalProbe journal;
  private final BooleanSupplier engineStarted;
  private final BooleanSupplier stopping;
  private final PrometheusMeterRegistry metrics;
  private final Executor blocking;

  private final Supplier<List<String>> projectionProblems;

  public HealthRoutes(Auth auth, Database db, JournalProbe journal, BooleanSupplier engineStarted, BooleanSupplier stopping,
      PrometheusMeterRegistry metrics, Executor blocking, Supplier<List<String>> projectionProblems) {
    super(auth);
    this.stopping = stopping;
    this.projectionProblems = projectionProblems;
    this.db = db;
    this.journal = journal;
    this.engineStarted = engineStarted;
    this.metrics = metrics;
    this.blocking = blocking;
  }

  public Route route() {
    return concat(
        pathPrefix("health", () -> concat(
            path("alive", () -> get(() -> complete(Json.response(StatusCodes.OK, Map.of("status", "UP"))))),
            path("ready", () -> get(() -> stopping.getAsBoolean()
                ? complete(Problems.unavailable("shutting down: this node is leaving, send requests to another node"))
                : onSuccess(
                CompletableFuture.supplyAsync(() -> db.isReachable(Duration.ofSeconds(2)), blocking)
                    .thenCombine(journal.journalAnswers(), (dbUp, journalUp) -> Readiness.decide(dbUp, journalUp,
                        engineStarted.getAsBoolean(), projectionProblems.get())),
                readiness -> complete(readiness.ready()
                    ? Json.response(StatusCodes.OK, readiness.body())
                    : Problems.unavailable(readiness.detail()))))))),
        path("metrics", () -> get(() -> allowedTo(Access.Action.READ_METRICS, p -> complete(
            HttpResponse.create().withEntity(HttpEntities.create(
                ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"),
                metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))))))));
  }
}
