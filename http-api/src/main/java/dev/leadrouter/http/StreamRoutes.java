package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.persistence.outbox.OutboxRow;
import dev.leadrouter.persistence.outbox.OutboxStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/v1/reps/{id}/stream}: a person's live stream of app notifications as server-sent
 * events (the rep app keeps it open). Each event is one outbox row of channel {@code app}: {@code
 * id} = the row id, {@code event} = its kind, {@code data} = its JSON payload. A client that
 * reconnects sends {@code Last-Event-ID} and gets every row after it; without it the stream starts at
 * the person's oldest undelivered row. A row written to a stream is marked SENT. At least once: the
 * app skips an event id it has seen.
 */
public final class StreamRoutes extends ApiDirectives {

  private static final int BATCH = 100;

  private final EngineDeps deps;
  private final OutboxStore store;
  private final Executor blocking;
  private final Duration poll;
  private final Duration heartbeat;

  public StreamRoutes(EngineDeps deps, Auth auth, OutboxStore store, Executor blocking, Duration poll,
      Duration heartbeat) {
    super(auth);
    this.deps = deps;
    this.store = store;
    this.blocking = blocking;
    this.poll = poll;
    this.heartbeat = heartbeat;
  }

  public Route route() {
    return path(PathMatchers.segment("reps").slash(PathMatchers.segment()).slash("stream"), personId ->
        get(() -> authenticated(caller -> ifAllowed(
            new Access(deps.directory().current()).onPerson(caller, personId, Access.Action.READ_STREAM),
            () -> stream(personId)))));
  }

  private Route stream(String personId) {
    if (deps.directory().current().person(personId).isEmpty()) {
      return complete(Problems.notFound("no person '" + personId + "' in the org chart"));
    }
    return optionalHeaderValueByName("Last-Event-ID", lastEventId -> {
      Optional<Long> after;
      try {
        after = lastEventId.map(String::trim).map(Long::parseLong);
      } catch (NumberFormatException e) {
        return complete(Problems.invalid(List.of(new dev.leadrouter.engine.common.FieldError(
            "Last-Event-ID", "must be the id of an event this stream sent (a number)"))));
      }
      return completeOK(events(personId, after), EventStreamMarshalling.toEventStream());
    });
  }

  private Source<ServerSentEvent, NotUsed> events(String personId, Optional<Long> after) {
    Source<Long, NotUsed> start = Source.completionStage(after.isPresent()
        ? CompletableFuture.completedFuture(after.get())
        : CompletableFuture.supplyAsync(() -> store.appStreamStart(personId), blocking));
    return start.flatMapConcat(first -> {
      long[] cursor = {first};
      return Source.tick(Duration.ZERO, poll, NotUsed.getInstance())
          .mapAsync(1, tick -> CompletableFuture.supplyAsync(() -> {
            List<OutboxRow> rows = store.appRows(personId, cursor[0], BATCH);
            if (!rows.isEmpty()) cursor[0] = rows.get(rows.size() - 1).id();
            return rows;
          }, blocking))
          .mapConcat(rows -> rows)
          .mapAsync(1, row -> CompletableFuture.supplyAsync(() -> {
            store.markSent(row.id(), deps.clock().millis());
            return ServerSentEvent.create(row.payload(), row.kind(), Long.toString(row.id()));
          }, blocking));
    }).keepAlive(heartbeat, ServerSentEvent::heartbeat);
  }
}
