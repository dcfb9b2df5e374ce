package dev.leadrouter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.live.LiveChangeStore;
import dev.leadrouter.persistence.live.LiveChanges;
import dev.leadrouter.persistence.live.LiveSequence;
import dev.leadrouter.persistence.opportunity.OpportunityReadModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of {@code live_change} for the browsers' live stream (ADR 0018). One poller per
 * node reads the rows after its cursor every {@code poll-interval}, moves over ids only where they
 * are contiguous ({@link LiveSequence}: a gap is a transaction in flight until {@code gap-timeout}),
 * loads the current board row or opportunity list row of each changed thing (one query per kind, the
 * same code as {@code GET /sla/board} and {@code GET /opportunities}) and offers the events to each
 * connected browser's bounded queue, never waiting for one; with no browser connected it only moves
 * its cursor. Any node serves any browser: the table, not the node that projected the
 * event, is the source. {@link #follow} is one browser's stream: a replay from the table after its
 * {@code Last-Event-ID}, then its queue, without gaps or repeats, dropped when it falls {@code
 * client-buffer} events behind. Rows older than {@code retention} are deleted every {@code
 * cleanup-interval} (any node may: a delete by age is idempotent).
 */
public final class LiveFeed {

  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

  /**
   * {@link Json#MAPPER}, keeping decimals as they are in a tree: the default node factory strips
   * trailing zeros, and an amount of 800000 would be written {@code 8E+5}, not as the list writes it.
   */
  static final ObjectMapper TREES = Json.MAPPER.copy().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  /** {@code leadrouter.live}. */
  public record Settings(Duration pollInterval, Duration gapTimeout, Duration retention, Duration cleanupInterval,
      int clientBuffer, int batch) {
    public static Settings fromConfig(Config config) {
      Config c = config.getConfig("leadrouter.live");
      return new Settings(c.getDuration("poll-interval"), c.getDuration("gap-timeout"), c.getDuration("retention"),
          c.getDuration("cleanup-interval"), c.getInt("client-buffer"), c.getInt("batch"));
    }
  }

  /**
   * One change as the stream tells it: {@code owner} and {@code region} of the thing now (or, when
   * its row is gone, as the change recorded them), {@code data} its row plus {@code change} (null
   * when the row is gone). {@code previousId}: the id the feed published before this one, so a
   * follower sees whether it missed any.
   */
  public record Event(long id, long previousId, LiveChangeStore.Change change, String owner, String region,
      ObjectNode data) {}

  /** What {@link #follow} emits: an event, or (once, first) a reset: the client's id is too old to resume from. */
  public record Item(Event event, boolean reset) {}

  private final LiveChangeStore store;
  private final LeadReadModel leads;
  private final OpportunityReadModel opportunities;
  private final EngineDeps deps;
  private final Executor blocking;
  private final Settings settings;
  private final LiveSequence sequence;
  private volatile long cursor;
  /** The connected browsers' queues, offered each published event. */
  private final Set<BoundedSourceQueue<Event>> clients = ConcurrentHashMap.newKeySet();

  private LiveFeed(LiveChangeStore store, LeadReadModel leads, OpportunityReadModel opportunities, EngineDeps deps,
      Executor blocking, Settings settings, long start) {
    this.store = store;
    this.leads = leads;
    this.opportunities = opportunities;
    this.deps = deps;
    this.blocking = blocking;
    this.settings = settings;
    this.sequence = new LiveSequence(start, settings.gapTimeout());
    this.cursor = start;
  }

  /** Starts this node's poller (from the newest row) and the retention, for the life of {@code system}. */
  public static LiveFeed start(ActorSystem<?> system, LiveChangeStore store, LeadReadModel leads,
      OpportunityReadModel opportunities, EngineDeps deps, Executor blocking, Settings settings) {
    LiveFeed feed = new LiveFeed(store, leads, opportunities, deps, blocking, settings, store.maxId());
    SharedKillSwitch stop = KillSwitches.shared("live-feed");
    Source.tick(Duration.ZERO, settings.pollInterval(), NotUsed.getInstance())
        .via(stop.flow())
        .mapAsync(1, tick -> CompletableFuture.supplyAsync(feed::poll, blocking))
        .runForeach(events -> events.forEach(feed::publish), system);
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, settings.cleanupInterval().toMillis()));
    Source.tick(Duration.ofMillis(jitter), settings.cleanupInterval(), NotUsed.getInstance())
        .via(stop.flow())
        .mapAsync(1, tick -> CompletableFuture.runAsync(feed::trim, blocking))
        .runWith(Sink.ignore(), system);
    // Before the database closes: a poll then would only log a closed pool.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "live-feed-stop", () -> {
      stop.shutdown();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    return feed;
  }

  /**
   * Offers {@code e} to every connected browser's queue, never waiting: a full queue (the browser
   * fell {@code client-buffer} events behind) is failed, which ends that browser's stream.
   */
  private void publish(Event e) {
    for (BoundedSourceQueue<Event> client : clients) {
      QueueOfferResult result = client.offer(e);
      if (result == QueueOfferResult.dropped()) {
        clients.remove(client);
        client.fail(new BufferOverflowException("a live stream client fell " + settings.clientBuffer() + " events behind"));
      }
    }
  }

  /** The highest id this node has published (every row up to it was published or given up). */
  public long cursor() {
    return cursor;
  }

  /** One poll: the rows after the cursor that may be published now, as events. A failed poll publishes nothing. */
  private List<Event> poll() {
    try {
      List<LiveChangeStore.Change> rows = store.after(sequence.cursor(), settings.batch());
      if (rows.isEmpty()) return List.of();
      if (clients.isEmpty()) {
        // Nobody to tell: move the cursor on without reading the board rows. A browser that connects
        // later replays these rows from the table (Follower: its position, or the previousId gap of
        // the first event it gets).
        sequence.release(rows, deps.clock().instant());
        cursor = sequence.cursor();
        return List.of();
      }
      Map<Long, Event> built = new HashMap<>();
      for (Event e : build(rows, 0)) built.put(e.id(), e);
      long previous = sequence.cursor();
      List<Event> out = new ArrayList<>();
      for (LiveChangeStore.Change row : sequence.release(rows, deps.clock().instant())) {
        Event e = built.get(row.id());
        out.add(new Event(e.id(), previous, e.change(), e.owner(), e.region(), e.data()));
        previous = row.id();
      }
      cursor = sequence.cursor();
      return out;
    } catch (RuntimeException e) {
      log.warn("live feed: poll after id {} failed, retrying: {}", sequence.cursor(), e.toString());
      return List.of();
    }
  }

  private void trim() {
    try {
      int n = store.deleteBefore(deps.clock().instant().minus(settings.retention()));
      if (n > 0) log.debug("live feed: {} changes older than {} deleted", n, settings.retention());
    } catch (RuntimeException e) {
      log.warn("live feed: retention delete failed, next in {}: {}", settings.cleanupInterval(), e.toString());
    }
  }

  /**
   * The events of {@code rows} with the current row of each lead and opportunity (one query per kind):
   * the board's lead row ({@link SlaRoutes#boardLead}) or the opportunity list's row, plus {@code change}.
   */
  List<Event> build(List<LiveChangeStore.Change> rows, long previousId) {
    Set<String> leadIds = new LinkedHashSet<>();
    Set<String> opportunityIds = new LinkedHashSet<>();
    for (LiveChangeStore.Change c : rows) {
      (LiveChanges.OPPORTUNITY.equals(c.kind()) ? opportunityIds : leadIds).add(c.entityId());
    }
    Map<String, LeadReadModel.BoardRow> leadRows = leads.boardRows(leadIds);
    Map<String, OpportunityReadModel.Row> opportunityRows = opportunities.rows(opportunityIds);
    OrgChart org = deps.directory().current();
    Instant now = deps.clock().instant();
    double atRisk = deps.sla().current().atRiskShare();
    List<Event> out = new ArrayList<>(rows.size());
    for (LiveChangeStore.Change c : rows) {
      String owner = c.repId();
      String region = c.region();
      ObjectNode data = null;
      if (LiveChanges.OPPORTUNITY.equals(c.kind())) {
        OpportunityReadModel.Row row = opportunityRows.get(c.entityId());
        if (row != null) {
          owner = row.ownerId();
          region = row.region();
          data = TREES.valueToTree(row);
        }
      } else {
        LeadReadModel.BoardRow row = leadRows.get(c.entityId());
        if (row != null) {
          owner = row.repId();
          region = row.region();
          data = TREES.valueToTree(SlaRoutes.boardLead(row, SlaRoutes.standing(row, now, atRisk), org, now));
        }
      }
      if (data != null) data.put("change", c.change());
      out.add(new Event(c.id(), previousId, c, owner, region, data));
      previousId = c.id();
    }
    return out;
  }

  /**
   * One browser's stream: after {@code lastEventId} (replayed from the table; a reset first when rows
   * after it were already deleted), else from now; then what this node publishes, each id once and
   * in order. Falling {@code client-buffer} events behind completes it (the browser reconnects with
   * its last id).
   */
  public Source<Item, NotUsed> follow(Optional<Long> lastEventId) {
    Source<Event, NotUsed> live = Source.<Event>queue(settings.clientBuffer())
        .watchTermination((queue, done) -> {
          clients.add(queue);
          done.whenComplete((d, error) -> clients.remove(queue));
          return NotUsed.getInstance();
        })
        .recoverWithRetries(1, BufferOverflowException.class, () -> {
          log.info("live feed: a client fell {} events behind and was dropped", settings.clientBuffer());
          return Source.empty();
        });
    return Source.lazySource(() -> {
      Follower follower = new Follower();
      return Source.completionStage(CompletableFuture.supplyAsync(() -> follower.start(lastEventId), blocking))
          .flatMapConcat(start -> start)
          .concat(live.flatMapConcat(follower::next));
    }).mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /** One browser's position: the highest id it was given (or needs no longer). */
  private final class Follower {
    private long position;

    /** The reset or the replay after {@code lastEventId}, up to this node's cursor. */
    Source<Item, NotUsed> start(Optional<Long> lastEventId) {
      long upTo = cursor;
      if (lastEventId.isEmpty()) {
        position = upTo;
        return Source.empty();
      }
      long after = lastEventId.get();
      OptionalLong oldest = store.minId();
      boolean deleted = oldest.isPresent() ? after < oldest.getAsLong() - 1 : after < upTo;
      if (deleted) {
        position = upTo;
        return Source.single(new Item(null, true));
      }
      position = Math.max(after, upTo);
      return replay(after, upTo);
    }

    /** A published event: skipped when already given, after a replay of any this follower missed. */
    Source<Item, NotUsed> next(Event e) {
      if (e.id() <= position) return Source.empty();
      long from = position;
      position = e.id();
      Source<Item, NotUsed> item = Source.single(new Item(e, false));
      return e.previousId() > from ? replay(from, e.previousId()).concat(item) : item;
    }
  }

  /** The events of the rows in {@code (after, upTo]}, read a batch at a time. */
  private Source<Item, NotUsed> replay(long after, long upTo) {
    return Source.unfoldAsync(after, from -> CompletableFuture.supplyAsync(() -> {
      if (from >= upTo) return Optional.<Pair<Long, List<Event>>>empty();
      List<LiveChangeStore.Change> rows = store.between(from, upTo, settings.batch());
      if (rows.isEmpty()) return Optional.<Pair<Long, List<Event>>>empty();
      return Optional.of(Pair.create(rows.get(rows.size() - 1).id(), build(rows, from)));
    }, blocking)).mapConcat(events -> events).map(e -> new Item(e, false));
  }
}
