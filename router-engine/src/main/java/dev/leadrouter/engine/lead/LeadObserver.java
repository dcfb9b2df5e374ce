package dev.leadrouter.engine.lead;

import dev.leadrouter.engine.vocab.SlaAction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What a {@link Lead} reports, once its events are durable, for the operator's metrics: the first
 * routing decision, the first assignment and each SLA step fired. Called on the entity's thread, so
 * an implementation only updates memory (counters, timers) and returns. Never called during recovery.
 * The node registers one through {@link Registry} (the http module's Micrometer metrics); without one
 * nothing is reported.
 */
public interface LeadObserver {

  /** The lead's first routing decision: assigned at once or queued, {@code sinceReceived} after intake. */
  void routed(boolean assigned, Duration sinceReceived);

  /** The lead's first assignment (at once or from its region's queue), {@code sinceReceived} after intake. */
  void assigned(Duration sinceReceived);

  /** An SLA step fired {@code lateness} after it was due. */
  void slaStepFired(SlaAction action, Duration lateness);

  LeadObserver NONE = new LeadObserver() {
    @Override
    public void routed(boolean assigned, Duration sinceReceived) {}

    @Override
    public void assigned(Duration sinceReceived) {}

    @Override
    public void slaStepFired(SlaAction action, Duration lateness) {}
  };

  /** The observer of one actor system's leads ({@link #NONE} until {@link #set}). */
  final class Registry implements Extension {
    private static final ExtensionId<Registry> ID = new ExtensionId<>() {
      @Override
      public Registry createExtension(ActorSystem<?> system) {
        return new Registry();
      }
    };

    private final AtomicReference<LeadObserver> observer = new AtomicReference<>(NONE);

    public static Registry get(ActorSystem<?> system) {
      return ID.apply(system);
    }

    public void set(LeadObserver next) {
      observer.set(next);
    }

    public LeadObserver current() {
      return observer.get();
    }
  }
}
