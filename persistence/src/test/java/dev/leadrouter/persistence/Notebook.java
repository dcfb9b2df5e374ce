package dev.leadrouter.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Trivial event-sourced actor: appends texts. Events are tagged for the projection test. */
final class Notebook extends EventSourcedBehavior<Notebook.Command, Notebook.Added, Notebook.State> {

  static final String TAG = "notebook";

  interface Command {}

  record Add(String text, ActorRef<Done> replyTo) implements Command {}

  record Get(ActorRef<List<String>> replyTo) implements Command {}

  record Added(String text) implements JsonTestSerializable {}

  record State(List<String> items) implements JsonTestSerializable {
    State add(String text) {
      List<String> l = new ArrayList<>(items);
      l.add(text);
      return new State(List.copyOf(l));
    }
  }

  static PersistenceId persistenceId(String id) {
    return PersistenceId.of("Notebook", id);
  }

  static Behavior<Command> create(String id) {
    return new Notebook(persistenceId(id));
  }

  private Notebook(PersistenceId persistenceId) {
    super(persistenceId);
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandler<Command, Added, State> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Add.class,
            (state, cmd) ->
                Effect().persist(new Added(cmd.text())).thenReply(cmd.replyTo(), s -> Done.getInstance()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state.items()))
        .build();
  }

  @Override
  public EventHandler<State, Added> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Added.class, (state, event) -> state.add(event.text()))
        .build();
  }

  /** A snapshot every 2 events, so the test also writes to the snapshot table. */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(2, 1);
  }

  @Override
  public Set<String> tagsFor(Added event) {
    return Set.of(TAG);
  }
}
