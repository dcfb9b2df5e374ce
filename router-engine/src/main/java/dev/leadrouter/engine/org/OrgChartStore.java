package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.UpcastingSnapshots;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.vocab.RegionInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The organisation's one org chart (a single sharded entity, id {@value #ID}). Owns the current
 * chart and its history of replacements. A replacement is validated, persisted and handed to the
 * {@link OrgListener} the engine's wiring gives it (which publishes it on the org-chart topic to
 * every node's {@link OrgDirectory} and tells every region's routing pool, so queued leads are
 * routed at once).
 *
 * <p>The chart is persisted as JSON text ({@link OrgChartStored}, {@link StateV2}; ADR 0005) so it
 * can gain fields. Journals and snapshots written before hold {@link OrgChartReplaced} and
 * {@link State} with an {@link OrgChartV1}: the event handler and the snapshot adapter upcast them.
 */
public final class OrgChartStore
    extends EventSourcedBehaviorWithEnforcedReplies<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "OrgChart");
  public static final String ID = "org";
  public static final String TOPIC = "org-chart";

  public sealed interface Command extends EngineSerializable {}

  /** Replies the current chart. */
  public record Get(ActorRef<OrgChart> replyTo) implements Command {}

  /** Use this chart only if none was ever stored; replies the chart in force. */
  public record Seed(OrgChart chart, ActorRef<OrgChart> replyTo) implements Command {}

  /** Replace the chart; replies {@link Replaced} or {@link Invalid}. */
  public record Replace(OrgChart chart, String by, ActorRef<ReplaceReply> replyTo) implements Command {}

  public sealed interface ReplaceReply extends EngineSerializable {}

  public record Replaced(int version) implements ReplaceReply {}

  public record Invalid(List<FieldError> errors) implements ReplaceReply {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  public sealed interface Event extends EngineSerializable {}

  /** The chart in force from now on, as {@link ConfigJson} text of an {@link OrgChart}. */
  public record OrgChartStored(String json, String by, Instant at) implements Event {}

  /** Written before charts were stored as JSON; read only, upcast by {@link OrgChartV1#toCurrent()}. */
  public record OrgChartReplaced(OrgChartV1 chart, String by, Instant at) implements Event {}

  /**
   * The entity's state and snapshot: the chart in force as {@link ConfigJson} text ({@code null}
   * until one is stored) and the number of charts stored so far. Only stable types, so the snapshot
   * format does not change when the chart gains fields.
   */
  public record StateV2(String json, int version) implements EngineSerializable {

    public boolean hasChart() {
      return json != null;
    }

    /** The chart in force (parsed on each call: read only by Get, Seed and Replace), or the empty chart. */
    public OrgChart chart() {
      return json == null ? OrgChart.empty() : ConfigJson.read(json, OrgChart.class);
    }

    /** The next version; a chart written before JSON storage is upcast to today's chart. */
    public StateV2 apply(Event event) {
      if (event instanceof OrgChartStored stored) return new StateV2(stored.json(), version + 1);
      if (event instanceof OrgChartReplaced old) return new StateV2(ConfigJson.write(old.chart().toCurrent()), version + 1);
      throw new IllegalArgumentException("unknown event " + event);
    }
  }

  /** Snapshots written before charts were stored as JSON; read only, upcast by {@link #toV2()}. */
  public record State(OrgChartV1 chart, int version) implements EngineSerializable {

    public StateV2 toV2() {
      return new StateV2(chart == null ? null : ConfigJson.write(chart.toCurrent()), version);
    }
  }

  public static void init(ClusterSharding sharding, Clock clock, OrgListener listener) {
    sharding.init(Entity.of(ENTITY_KEY, ctx -> create(clock, listener)));
  }

  public static Behavior<Command> create(Clock clock, OrgListener listener) {
    return new OrgChartStore(clock, listener);
  }

  private final Clock clock;
  private final OrgListener listener;

  private OrgChartStore(Clock clock, OrgListener listener) {
    super(PersistenceId.of(ENTITY_KEY.name(), ID),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public StateV2 emptyState() {
    return new StateV2(null, 0);
  }

  /** Writes {@link StateV2}; reads it and the {@link State} snapshots written before. */
  @Override
  public SnapshotAdapter<StateV2> snapshotAdapter() {
    return UpcastingSnapshots.of(State.class, StateV2.class, State::toV2);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(20, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, StateV2> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.chart()))
        .onCommand(Seed.class, this::onSeed)
        .onCommand(Replace.class, this::onReplace)
        .build();
  }

  private ReplyEffect<Event, StateV2> onSeed(StateV2 state, Seed cmd) {
    if (state.hasChart()) return Effect().reply(cmd.replyTo(), state.chart());
    OrgChartValidator.Checked checked = OrgChartValidator.check(cmd.chart());
    if (!checked.errors().isEmpty()) {
      // Main validates the seed before it gets here; never store an invalid one.
      return Effect().reply(cmd.replyTo(), OrgChart.empty());
    }
    OrgChart chart = checked.chart();
    return Effect().persist(new OrgChartStored(ConfigJson.write(chart), "seed", clock.instant()))
        .thenRun(s -> listener.stored(null, chart))
        .thenReply(cmd.replyTo(), s -> chart);
  }

  private ReplyEffect<Event, StateV2> onReplace(StateV2 state, Replace cmd) {
    OrgChartValidator.Checked checked = OrgChartValidator.check(cmd.chart());
    if (!checked.errors().isEmpty()) return Effect().reply(cmd.replyTo(), new Invalid(checked.errors()));
    OrgChart previous = state.hasChart() ? state.chart() : null;
    OrgChart chart = checked.chart();
    return Effect().persist(new OrgChartStored(ConfigJson.write(chart), cmd.by(), clock.instant()))
        .thenRun(s -> listener.stored(previous, chart))
        .thenReply(cmd.replyTo(), s -> new Replaced(s.version()));
  }

  /**
   * Every region that has a routing pool: the chart's regions, every mainland macro region (a lead
   * may come from one the chart does not name), unknown and outside-mainland.
   */
  public static Set<String> poolRegions(OrgChart chart) {
    Set<String> regions = new LinkedHashSet<>(chart.regionNames());
    regions.addAll(dev.leadrouter.engine.intake.RegionResolver.macroRegions());
    regions.add(RegionInfo.UNKNOWN);
    regions.add(RegionInfo.OUTSIDE_MAINLAND);
    return regions;
  }

  @Override
  public EventHandler<StateV2, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(StateV2::apply);
  }
}
