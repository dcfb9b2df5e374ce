package dev.leadrouter.engine.org;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.RegionInfo;
import dev.leadrouter.engine.routing.RoutingPool;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The organisation's one org chart (a single sharded entity, id {@value #ID}). Owns the current
 * chart and its history of replacements. A replacement is validated, persisted, published on the
 * org-chart topic (every node's {@link OrgDirectory}) and handed to every region's routing pool so
 * queued leads are routed at once.
 */
public final class OrgChartStore
    extends EventSourcedBehaviorWithEnforcedReplies<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.State> {

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

  public record OrgChartReplaced(OrgChart chart, String by, Instant at) implements Event {}

  public record State(OrgChart chart, int version) implements EngineSerializable {}

  public static void init(ActorSystem<?> system, EngineDeps deps) {
    deps.sharding().init(Entity.of(ENTITY_KEY, ctx -> create(deps)));
  }

  public static Behavior<Command> create(EngineDeps deps) {
    return new OrgChartStore(deps);
  }

  private final EngineDeps deps;

  private OrgChartStore(EngineDeps deps) {
    super(PersistenceId.of(ENTITY_KEY.name(), ID),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.deps = deps;
  }

  @Override
  public State emptyState() {
    return new State(null, 0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(20, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.chart() == null ? OrgChart.empty() : s.chart()))
        .onCommand(Seed.class, this::onSeed)
        .onCommand(Replace.class, this::onReplace)
        .build();
  }

  private ReplyEffect<Event, State> onSeed(State state, Seed cmd) {
    if (state.chart() != null) return Effect().reply(cmd.replyTo(), state.chart());
    List<FieldError> errors = OrgChartValidator.validate(cmd.chart());
    if (!errors.isEmpty()) {
      // Main validates the seed before it gets here; never store an invalid one.
      return Effect().reply(cmd.replyTo(), OrgChart.empty());
    }
    return Effect().persist(new OrgChartReplaced(cmd.chart(), "seed", deps.clock().instant()))
        .thenRun(s -> publish(null, s.chart()))
        .thenReply(cmd.replyTo(), State::chart);
  }

  private ReplyEffect<Event, State> onReplace(State state, Replace cmd) {
    List<FieldError> errors = OrgChartValidator.validate(cmd.chart());
    if (!errors.isEmpty()) return Effect().reply(cmd.replyTo(), new Invalid(errors));
    OrgChart previous = state.chart();
    return Effect().persist(new OrgChartReplaced(cmd.chart(), cmd.by(), deps.clock().instant()))
        .thenRun(s -> publish(previous, s.chart()))
        .thenReply(cmd.replyTo(), s -> new Replaced(s.version()));
  }

  private void publish(OrgChart previous, OrgChart chart) {
    deps.directory().update(chart);
    deps.orgTopic().tell(Topic.publish(chart));
    Set<String> regions = poolRegions(chart);
    if (previous != null) regions.addAll(previous.regionNames());
    for (String region : regions) {
      deps.sharding().entityRefFor(RoutingPool.ENTITY_KEY, region).tell(new RoutingPool.OrgChanged(chart));
    }
  }

  /** Every region that has a routing pool: the chart's regions plus unknown and outside-mainland. */
  public static Set<String> poolRegions(OrgChart chart) {
    Set<String> regions = new LinkedHashSet<>(chart.regionNames());
    regions.add(RegionInfo.UNKNOWN);
    regions.add(RegionInfo.OUTSIDE_MAINLAND);
    return regions;
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((s, e) -> new State(((OrgChartReplaced) e).chart(), s.version() + 1));
  }
}
