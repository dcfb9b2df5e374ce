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
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.EventSeq;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The organisation's configuration documents that admins edit at run time (SLA policies, lead
 * sources, routing rules, the org chart): one sharded entity per document kind (entity id = the
 * kind, e.g. {@code sla}, {@code org}), versioned — every accepted replacement is kept with its
 * author and time. A document is stored as JSON text (so it can gain fields without breaking the
 * journal, ADR 0005), validated by its kind before it is stored, and handed to the publish
 * callback the engine's wiring gives it.
 *
 * <p>A kind that was an entity of its own before (the org chart, ADR 0013) keeps that entity's
 * persistence id and reads its journal through the kind's {@link Legacy}: old events become
 * {@link DocumentReplaced}, an old snapshot becomes a {@link State} whose earlier versions are
 * placeholders without a document, so the version numbers go on where they were.
 */
public final class DocumentStore
    extends EventSourcedBehaviorWithEnforcedReplies<DocumentStore.Command, DocumentStore.Event, DocumentStore.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Document");

  /**
   * A kind of document: its entity id, how a candidate is checked (errors by JSON Pointer), the
   * persistence id its journal is under and how it reads what was written before it was a kind.
   */
  public record Kind(String id, Function<String, List<FieldError>> validate, PersistenceId persistenceId,
      Legacy legacy) {

    /** A kind that was always a document: persistence id {@code Document|<id>}, no legacy records. */
    public Kind(String id, Function<String, List<FieldError>> validate) {
      this(id, validate, PersistenceId.of(ENTITY_KEY.name(), id), Legacy.NONE);
    }
  }

  /**
   * How a kind reads the events and snapshots of the entity it replaced (same persistence id).
   * Each method is called only with a record that is not the store's own.
   */
  public interface Legacy {

    /** A kind with no history before the document store: any foreign record is an error. */
    Legacy NONE = new Legacy() {
      @Override
      public DocumentReplaced event(Object old) {
        throw new IllegalStateException("not an event of a document: " + old.getClass().getName());
      }

      @Override
      public State snapshot(Object old) {
        throw new IllegalStateException("not a snapshot of a document: " + old.getClass().getName());
      }
    };

    /** The old event as the replacement it recorded. */
    DocumentReplaced event(Object old);

    /** The old snapshot as the versions it stands for (see {@link State#from}). */
    State snapshot(Object old);
  }

  public sealed interface Command extends EngineSerializable {}

  /** Replies the version in force. */
  public record Get(ActorRef<Version> replyTo) implements Command {}

  /** Sharding's stop message for this entity leaving memory; see {@link dev.leadrouter.engine.lead.Lead.Passivate} for why a command. */
  public record Passivate() implements Command {}

  /** Replies every version, oldest first. */
  public record GetVersions(ActorRef<Versions> replyTo) implements Command {}

  /** Store {@code json} only if no document was ever stored; replies the version in force. */
  public record Seed(String json, ActorRef<Version> replyTo) implements Command {}

  /**
   * Replace the document; replies {@link Replaced} or {@link Invalid}, or {@link Stale} when
   * {@code ifVersion} is not {@link #ANY_VERSION} and the version in force is another (someone stored
   * one since the caller read it: a read-modify-write reads again instead of undoing that change).
   */
  public record Replace(String json, String by, int ifVersion, ActorRef<ReplaceReply> replyTo) implements Command {
    public Replace(String json, String by, ActorRef<ReplaceReply> replyTo) {
      this(json, by, ANY_VERSION, replyTo);
    }
  }

  /** {@link Replace#ifVersion} of a replacement made whatever the version in force. */
  public static final int ANY_VERSION = -1;

  public sealed interface ReplaceReply extends EngineSerializable {}

  public record Replaced(int version) implements ReplaceReply {}

  /** Not replaced: the version in force is {@code version}, not the one the replacement was made from. */
  public record Stale(int version) implements ReplaceReply {}

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

    /**
     * The state of a store whose only known version is {@code current} (an old snapshot holds the
     * document in force and its number, not the versions before it): versions 1 to n-1 are
     * placeholders without author, time or document, so the next replacement is n+1. None for 0.
     */
    public static State from(Version current) {
      List<Version> versions = new ArrayList<>();
      for (int n = 1; n < current.version(); n++) versions.add(new Version(n, null, null, null));
      if (current.version() > 0) versions.add(current);
      return new State(versions);
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
    }).withStopMessage(new Passivate()));
  }

  public static Behavior<Command> create(Kind kind, java.time.Clock clock, Consumer<Published> publish) {
    return new DocumentStore(kind, clock, publish);
  }

  private final Kind kind;
  private final java.time.Clock clock;
  private final Consumer<Published> publish;

  private DocumentStore(Kind kind, java.time.Clock clock, Consumer<Published> publish) {
    super(kind.persistenceId(),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.kind = kind;
    this.clock = clock;
    this.publish = publish;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  /** Writes events as they are; reads them and the kind's legacy events (upcast). */
  @Override
  public EventAdapter<Event, Object> eventAdapter() {
    return new EventAdapter<>() {
      @Override
      public Object toJournal(Event event) {
        return event;
      }

      @Override
      public String manifest(Event event) {
        return "";
      }

      @Override
      public EventSeq<Event> fromJournal(Object stored, String manifest) {
        return EventSeq.single(stored instanceof Event event ? event : kind.legacy().event(stored));
      }
    };
  }

  /** Writes {@link State}; reads it and the kind's legacy snapshots (upcast). */
  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State state) {
        return state;
      }

      @Override
      public State fromJournal(Object stored) {
        return stored instanceof State state ? state : kind.legacy().snapshot(stored);
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(20, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
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
    if (cmd.ifVersion() != ANY_VERSION && cmd.ifVersion() != state.current().version()) {
      return Effect().reply(cmd.replyTo(), new Stale(state.current().version()));
    }
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
