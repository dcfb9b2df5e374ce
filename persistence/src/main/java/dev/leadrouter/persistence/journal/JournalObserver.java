package dev.leadrouter.persistence.journal;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What {@link SingleQueryReplayJournal} reports for the operator's metrics: each batch write (the
 * atomic writes Pekko hands it at once, one or many entities' events) with its duration and whether
 * it succeeded. Called on the journal's dispatcher: an implementation only updates memory. The node
 * registers one through {@link Registry}; without one nothing is reported.
 */
@FunctionalInterface
public interface JournalObserver {

  void written(int atomicWrites, long nanos, boolean succeeded);

  JournalObserver NONE = (atomicWrites, nanos, succeeded) -> {};

  /** The observer of one actor system's journal ({@link #NONE} until {@link #set}). */
  final class Registry implements Extension {
    private static final ExtensionId<Registry> ID = new ExtensionId<>() {
      @Override
      public Registry createExtension(ActorSystem<?> system) {
        return new Registry();
      }
    };

    private final AtomicReference<JournalObserver> observer = new AtomicReference<>(NONE);

    public static Registry get(ActorSystem<?> system) {
      return ID.apply(system);
    }

    public void set(JournalObserver next) {
      observer.set(next);
    }

    public JournalObserver current() {
      return observer.get();
    }
  }
}
