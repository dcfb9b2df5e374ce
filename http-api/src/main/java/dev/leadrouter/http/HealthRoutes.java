package dev.leadrouter.http;

import dev.leadrouter.persistence.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/alive}, {@code /health/ready} (database reachable; org chart loaded through
 * sharding and this node an Up cluster member) and {@code /metrics}.
 */
public final class HealthRoutes extends ApiDirectives {

  private final Database db;
  private final BooleanSupplier engineStarted;
  private final PrometheusMeterRegistry metrics;
  private final Executor blocking;

  public HealthRoutes(Auth auth, Database db, BooleanSupplier engineStarted, PrometheusMeterRegistry metrics, Executor blocking) {
    super(auth);
    this.db = db;
    this.engineStarted = engineStarted;
    this.metrics = metrics;
    this.blocking = blocking;
  }

  public Route route() {
    return concat(
        pathPrefix("health", () -> concat(
            path("alive", () -> get(() -> complete(Json.response(StatusCodes.OK, Map.of("status", "UP"))))),
            path("ready", () -> get(() -> onSuccess(
                CompletableFuture.supplyAsync(() -> db.isReachable(Duration.ofSeconds(2)), blocking),
                dbUp -> {
                  boolean started = engineStarted.getAsBoolean();
                  if (dbUp && started) {
                    return complete(Json.response(StatusCodes.OK, Map.of("status", "UP", "database", "UP", "engine", "UP")));
                  }
                  return complete(Problems.unavailable("database " + (dbUp ? "up" : "unreachable")
                      + ", engine " + (started ? "started" : "starting")));
                }))))),
        path("metrics", () -> get(() -> withRole(List.of("admin", "director"), p -> complete(
            HttpResponse.create().withEntity(HttpEntities.create(
                ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8"),
                metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8))))))));
  }
}
