package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The organisation's SLA policy document (one sharded entity, id {@value #ID}), versioned: every
 * accepted replacement is kept with its author and time. The document is stored as JSON text (so it
 * can gain fields without breaking the journal, ADR 0005) and published to every node's {@link
 * SlaDirectory}. A lead copies the steps it runs on when its clock starts, so a new version applies to
 * clocks started after it.
 */
public final class SlaPolicyStore
    extends EventSourcedBehaviorWithEnforcedReplies<SlaPolicyStore.Command, SlaPolicyStore.Event, SlaPolicyStore.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "SlaPolicies");
  public static final String ID = "sla";

  public sealed interface Command extends EngineSerializable {}

  /** Replies the version in force. */
  public record Get(ActorRef<Version> replyTo) implements Command {}

  /** Replies every version, oldest first. */
  public record GetVersions(ActorRef<Versions> replyTo) implements Command {}

  /** Store {@code json} only if no document was ever stored; replies the version in force. */
  public record Seed(String json, ActorRef<Version> replyTo) implements Command {}

  /** Replace the document; replies {@link Replaced} or {@link Invalid}. */
  public record Replace(String json, String by, ActorRef<ReplaceReply> replyTo) implements Command {}

  public sealed interface ReplaceReply extends EngineSerializable {}

  public record Replaced(int version) implements ReplaceReply {}

  public record Invalid(List<FieldError> errors) implements ReplaceReply {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  /** One stored version of the document (version 0 = none stored yet, json null). */
  public record Version(int version, String by, Instant at, String json) implements EngineSerializable {}

  public record Versions(List<Version> versions) implements EngineSerializable {
    public Versions {
      versions = List.copyOf(versions);
    }
  }

  public sealed interface Event extends EngineSerializable {}

  public record SlaPoliciesReplaced(String json, String by, Instant at) implements Event {}

  /** Every version, oldest first. */
  public record State(List<Version> versions) implements EngineSerializable {
    public State {
      versions = List.copyOf(versions);
    }

    Version current() {
      return versions.isEmpty() ? new Version(0, null, null, null) : versions.get(versions.size() - 1);
    }
  }

  /** Published to every node on each change (and at start). */
  public record Published(int version, String json) implements EngineSerializable {}

  public static void init(ClusterSharding sharding, java.time.Clock clock, Consumer<Published> publish) {
    sharding.init(Entity.of(ENTITY_KEY, ctx -> create(clock, publish)));
  }

  public static Behavior<Command> create(java.time.Clock clock, Consumer<Published> publish) {
    return new SlaPolicyStore(clock, publish);
  }

  /** Parses a stored (or seed) document with {@link ConfigJson}: unknown fields are ignored (ADR 0005). */
  public static SlaPolicyDocument parse(String json) {
    return ConfigJson.read(json, SlaPolicyDocument.class);
  }

  /** The compiled policies of a published version. */
  public static SlaPolicySet compile(Published published) {
    return parse(published.json()).compile(published.version());
  }

  private final java.time.Clock clock;
  private final Consumer<Published> publish;

  private SlaPolicyStore(java.time.Clock clock, Consumer<Published> publish) {
    super(PersistenceId.of(ENTITY_KEY.name(), ID),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.clock = clock;
    this.publish = publish;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(20, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.current()))
        .onCommand(GetVersions.class, (s, c) -> Effect().reply(c.replyTo(), new Versions(s.versions())))
        .onCommand(Seed.class, this::onSeed)
        .onCommand(Replace.class, this::onReplace)
        .build();
  }

  private ReplyEffect<Event, State> onSeed(State state, Seed cmd) {
    if (!state.versions().isEmpty()) return Effect().reply(cmd.replyTo(), state.current());
    if (!errors(cmd.json()).isEmpty()) {
      // Engine.start validates the seed before it gets here; never store an invalid one.
      return Effect().reply(cmd.replyTo(), state.current());
    }
    return Effect().persist(new SlaPoliciesReplaced(cmd.json(), "seed", clock.instant()))
        .thenRun(this::publish)
        .thenReply(cmd.replyTo(), State::current);
  }

  private ReplyEffect<Event, State> onReplace(State state, Replace cmd) {
    List<FieldError> errors = errors(cmd.json());
    if (!errors.isEmpty()) return Effect().reply(cmd.replyTo(), new Invalid(errors));
    return Effect().persist(new SlaPoliciesReplaced(cmd.json(), cmd.by(), clock.instant()))
        .thenRun(this::publish)
        .thenReply(cmd.replyTo(), s -> new Replaced(s.current().version()));
  }

  /** The document's errors, or none. */
  public static List<FieldError> errors(String json) {
    try {
      return parse(json).validate();
    } catch (IllegalArgumentException e) {
      return List.of(new FieldError("", e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage()));
    }
  }

  private void publish(State state) {
    Version v = state.current();
    publish.accept(new Published(v.version(), v.json()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> {
      SlaPoliciesReplaced r = (SlaPoliciesReplaced) e;
      List<Version> versions = new ArrayList<>(s.versions());
      versions.add(new Version(versions.size() + 1, r.by(), r.at(), r.json()));
      return new State(versions);
    });
  }
}
