package dev.leadrouter.engine.common;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * The organisation's configuration documents that admins edit at run time (SLA policies, lead
 * sources, …): one sharded entity per document kind (entity id = the kind, e.g. {@code sla},
 * {@code sources}), versioned — every accepted replacement is kept with its author and time. A
 * document is stored as JSON text (so it can gain fields without breaking the journal, ADR 0005),
 * validated by its kind before it is stored, and published to every node.
 */
public final class DocumentStore
    extends EventSourcedBehaviorWithEnforcedReplies<DocumentStore.Command, DocumentStore.Event, DocumentStore.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Document");

  /** A kind of document: its entity id and how a candidate is checked (errors by JSON Pointer). */
  public record Kind(String id, Function<String, List<FieldError>> validate) {}

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

  public record DocumentReplaced(String json, String by, Instant at) implements Event {}

  /** Every version, oldest first. */
  public record State(List<Version> versions) implements EngineSerializable {
    public State {
      versions = List.copyOf(versions);
    }

    Version current() {
      return versions.isEmpty() ? new Version(0, null, null, null) : versions.get(versions.size() - 1);
    }
  }

  /** Published to every node on each change. */
  public record Published(String kind, int version, String json) implements EngineSerializable {}

  /** Starts the entity type; {@code publish} is called with every stored version. */
  public static void init(ClusterSharding sharding, java.time.Clock clock, List<Kind> kinds,
      Consumer<Published> publish) {
    sharding.init(Entity.of(ENTITY_KEY, ctx -> {
      Kind kind = kinds.stream().filter(k -> k.id().equals(ctx.getEntityId())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no document kind " + ctx.getEntityId()));
      return create(kind, clock, publish);
    }));
  }

  public static Behavior<Command> create(Kind kind, java.time.Clock clock, Consumer<Published> publish) {
    return new DocumentStore(kind, clock, publish);
  }

  private final Kind kind;
  private final java.time.Clock clock;
  private final Consumer<Published> publish;

  private DocumentStore(Kind kind, java.time.Clock clock, Consumer<Published> publish) {
    super(PersistenceId.of(ENTITY_KEY.name(), kind.id()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.kind = kind;
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
    if (!kind.validate().apply(cmd.json()).isEmpty()) {
      // Engine.start validates the seed before it gets here; never store an invalid one.
      return Effect().reply(cmd.replyTo(), state.current());
    }
    return Effect().persist(new DocumentReplaced(cmd.json(), "seed", clock.instant()))
        .thenRun(this::publish)
        .thenReply(cmd.replyTo(), State::current);
  }

  private ReplyEffect<Event, State> onReplace(State state, Replace cmd) {
    List<FieldError> errors = kind.validate().apply(cmd.json());
    if (!errors.isEmpty()) return Effect().reply(cmd.replyTo(), new Invalid(errors));
    return Effect().persist(new DocumentReplaced(cmd.json(), cmd.by(), clock.instant()))
        .thenRun(this::publish)
        .thenReply(cmd.replyTo(), s -> new Replaced(s.current().version()));
  }

  private void publish(State state) {
    Version v = state.current();
    publish.accept(new Published(kind.id(), v.version(), v.json()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> {
      DocumentReplaced r = (DocumentReplaced) e;
      List<Version> versions = new ArrayList<>(s.versions());
      versions.add(new Version(versions.size() + 1, r.by(), r.at(), r.json()));
      return new State(versions);
    });
  }
}
