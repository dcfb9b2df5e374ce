package dev.leadrouter.persistence.deadline;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Wakes the entities of one kind whose rows in {@code deadline_index} came due (the rows' {@code
 * entity} column names the kind): asks the entity to re-check what is due and completes once it
 * answered, or fails when it did not within the time-out.
 */
@FunctionalInterface
public interface Waker {

  CompletionStage<?> wake(String id, Duration timeout);

  /**
   * Asks the entity {@code entities} gives for an id the command {@code wake} builds (its {@code
   * Wake} with the reply-to), on {@code system}'s scheduler.
   */
  static <C, R> Waker asking(ActorSystem<?> system, Function<String, RecipientRef<C>> entities,
      Function<ActorRef<R>, C> wake) {
    return (id, timeout) -> AskPattern.<C, R>ask(entities.apply(id), wake::apply, timeout, system.scheduler());
  }
}
