package dev.leadrouter.http;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.persistence.projection.ParkedEvents;
import dev.leadrouter.persistence.projection.ProjectionRepair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Events a read-model projection parked (ADR 0010), for admins: {@code GET
 * /admin/projection-failures?status=PARKED|REPLAYED&limit=} lists them newest first; {@code POST
 * /admin/projection-failures/{id}/replay} applies the parked events of that row's lead again, in
 * order, once the cause is fixed (200 with the rows replayed; 409 when it fails again, with the error).
 * Rows of every projection (leads, opportunities) are listed together; each is replayed by its own.
 */
public final class ProjectionRoutes extends ApiDirectives {

  private final List<ProjectionRepair> repairs;
  private final Executor blocking;

  /** {@code repairs}: one per projection; a row is replayed by its own projection's. */
  public ProjectionRoutes(Auth auth, List<ProjectionRepair> repairs, Executor blocking) {
    super(auth);
    this.repairs = List.copyOf(repairs);
    this.blocking = blocking;
  }

  public Route route() {
    return pathPrefix("admin", () -> pathPrefix("projection-failures", () -> allowedTo(Access.Action.REPAIR_PROJECTIONS, p -> concat(
        pathEnd(() -> get(() -> parameterOptional("status", status -> parameterOptional("limit", limit -> list(status, limit))))),
        path(PathMatchers.longSegment().slash("replay"), id -> post(() -> replay(id)))))));
  }

  private Route list(Optional<String> status, Optional<String> limit) {
    List<FieldError> errors = new ArrayList<>();
    int max = limit(limit, 100, 1000, errors);
    String wanted = status.map(s -> s.strip().toUpperCase(java.util.Locale.ROOT)).orElse(null);
    if (wanted != null && !List.of(ParkedEvents.PARKED, ParkedEvents.REPLAYED).contains(wanted)) {
      errors.add(new FieldError("?status", "PARKED or REPLAYED"));
    }
    if (!errors.isEmpty()) return complete(Problems.invalid(errors));
    return onSuccess(CompletableFuture.supplyAsync(() -> repairs.get(0).parked().list(wanted, max), blocking),
        rows -> complete(Json.response(StatusCodes.OK, Map.of("failures", rows))));
  }

  private Route replay(long id) {
    return onSuccess(CompletableFuture.supplyAsync(() -> replayed(id), blocking), outcome -> {
      if (outcome instanceof ProjectionRepair.Replayed r) {
        return complete(Json.response(StatusCodes.OK, Map.of("replayed", r.rows())));
      }
      if (outcome instanceof ProjectionRepair.AlreadyReplayed a) {
        return complete(Json.response(StatusCodes.OK, Map.of("replayed", List.of(), "alreadyReplayed", a.row())));
      }
      if (outcome instanceof ProjectionRepair.Failed f) {
        return complete(Problems.of(StatusCodes.CONFLICT, "replay-failed", "Replay failed",
            "the parked event " + id + " still cannot be applied: " + f.error(), List.of()));
      }
      return complete(Problems.notFound("no parked event " + id));
    });
  }

  /** The replay by the projection the row belongs to (each answers NotFound for another's rows). */
  private ProjectionRepair.Outcome replayed(long id) {
    ProjectionRepair.Outcome outcome = new ProjectionRepair.NotFound(id);
    for (ProjectionRepair repair : repairs) {
      outcome = repair.replay(id);
      if (!(outcome instanceof ProjectionRepair.NotFound)) return outcome;
    }
    return outcome;
  }
}
