package dev.leadrouter.http;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.persistence.live.LiveChanges;
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
 * {@code GET /api/v1/stream}: the browser's live stream of lead and opportunity changes, scoped by
 * {@link LiveScope} ({@link LiveFeed}, ADR 0018): {@code event: lead} with the lead's board row plus
 * {@code change}, {@code event: opportunity} with its list row plus {@code change}, either as
 * {@code {"leadId"|"opportunityId", "removed": true}} once it left the caller's scope, and {@code
 * event: reset} when {@code Last-Event-ID} is too old to resume from.
 *
 * <p>{@code GET /api/v1/reps/{id}/stream}: a person's live stream of app notifications as server-sent
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
  private final LiveFeed feed;
  /**
   * Ends every open app stream when the node shuts down ({@link #stop}), before the database closes:
   * a stream polling after that only failed its connection with a closed-pool error.
   */
  private final org.apache.pekko.stream.SharedKillSwitch open = org.apache.pekko.stream.KillSwitches.shared("app-streams");

  public StreamRoutes(EngineDeps deps, Auth auth, OutboxStore store, Executor blocking, Duration poll,
      Duration heartbeat, LiveFeed feed) {
    super(auth);
    this.deps = deps;
    this.feed = feed;
    this.store = store;
    this.blocking = blocking;
    this.poll = poll;
    this.heartbeat = heartbeat;
  }

  /** Ends every open app stream (CoordinatedShutdown's service-stop phase, before the database closes). */
  public void stop() {
    open.shutdown();
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("reps").slash(PathMatchers.segment()).slash("stream"), personId ->
            get(() -> authenticated(caller -> ifAllowed(
                new Access(deps.directory().current()).onPerson(caller, personId, Access.Action.READ_STREAM),
                () -> stream(personId))))),
        path("stream", () -> get(() -> allowedTo(Access.Action.READ_LIVE, caller ->
            lastEventId(after -> completeOK(live(caller, after), EventStreamMarshalling.toEventStream()))))));
  }

  private Route stream(String personId) {
    if (deps.directory().current().person(personId).isEmpty()) {
      return complete(Problems.notFound("no person '" + personId + "' in the org chart"));
    }
    return lastEventId(after -> completeOK(events(personId, after), EventStreamMarshalling.toEventStream()));
  }

  /** The {@code Last-Event-ID} header, if sent: a number, else 400 naming it. */
  private Route lastEventId(java.util.function.Function<Optional<Long>, Route> inner) {
    return optionalHeaderValueByName("Last-Event-ID", lastEventId -> {
      Optional<Long> after;
      try {
        after = lastEventId.map(String::trim).map(Long::parseLong);
      } catch (NumberFormatException e) {
        return complete(Problems.invalid(List.of(new dev.leadrouter.engine.common.FieldError(
            "Last-Event-ID", "must be the id of an event this stream sent (a number)"))));
      }
      return inner.apply(after);
    });
  }

  /** The caller's share of the live feed: each change as its row, as removed, or not at all ({@link LiveScope}). */
  private Source<ServerSentEvent, NotUsed> live(Auth.Principal caller, Optional<Long> after) {
    return feed.follow(after).mapConcat(item -> {
      if (item.reset()) return List.of(ServerSentEvent.create("{}", "reset"));
      LiveFeed.Event e = item.event();
      if (e.data() == null) return List.of();
      String id = Long.toString(e.id());
      String kind = e.change().kind();
      LiveScope.Send send = new LiveScope(new Access(deps.directory().current()))
          .send(caller, kind, e.owner(), e.region(), e.change().prevRepId());
      return switch (send) {
        case ROW -> List.of(ServerSentEvent.create(LiveFeed.TREES.writeValueAsString(e.data()), kind, id));
        case REMOVED -> List.of(ServerSentEvent.create(Json.MAPPER.createObjectNode()
            .put(LiveChanges.OPPORTUNITY.equals(kind) ? "opportunityId" : "leadId", e.change().entityId())
            .put("removed", true).toString(), kind, id));
        case NOTHING -> List.<ServerSentEvent>of();
      };
    }).keepAlive(heartbeat, ServerSentEvent::heartbeat);
  }

  private Source<ServerSentEvent, NotUsed> events(String personId, Optional<Long> after) {
    Source<Long, NotUsed> start = Source.completionStage(after.isPresent()
        ? CompletableFuture.completedFuture(after.get())
        : CompletableFuture.supplyAsync(() -> store.appStreamStart(personId), blocking));
    return start.flatMapConcat(first -> {
      long[] cursor = {first};
      return Source.tick(Duration.ZERO, poll, NotUsed.getInstance())
          .via(open.flow())
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
