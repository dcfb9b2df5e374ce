package dev.leadrouter.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Whether the journal and snapshot store answer an entity now: recovers an empty persistent actor
 * (two reads, no write) through the same plugins, and so through the same circuit breakers, as every
 * entity. While a breaker is open after a database outage the recovery fails at once, exactly as an
 * intake's would: readiness must say so (issue 17).
 */
public final class JournalProbe {

  private static final String PERSISTENCE_ID = "leadrouter-readiness-probe";
  private final ActorSystem<?> system;
  private final Duration timeout;
  private final AtomicLong probes = new AtomicLong();
  private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

  public JournalProbe(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /**
   * True once a recovery completed; false when it failed or took longer than the timeout. Callers
   * that ask while a probe runs share its answer: hammering {@code /health/ready} (no token needed)
   * starts one probe at a time.
   */
  public CompletionStage<Boolean> journalAnswers() {
    CompletableFuture<Boolean> running = inFlight.get();
    if (running != null) return running;
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, answer)) return journalAnswers();
    answer.completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((up, error) -> inFlight.compareAndSet(answer, null));
    system.systemActorOf(probe(answer), "readiness-probe-" + probes.incrementAndGet(), Props.empty());
    return answer;
  }

  private static Behavior<String> probe(CompletableFuture<Boolean> answer) {
    return Behaviors.setup(ctx -> new EventSourcedBehavior<String, String, String>(PersistenceId.ofUniqueId(PERSISTENCE_ID)) {
      @Override
      public String emptyState() {
        return "";
      }

      @Override
      public CommandHandler<String, String, String> commandHandler() {
        return newCommandHandlerBuilder().forAnyState().onAnyCommand(c -> Effect().stop());
      }

      @Override
      public EventHandler<String, String> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> state);
      }

      @Override
      public SignalHandler<String> signalHandler() {
        return newSignalHandlerBuilder()
            .onSignal(RecoveryCompleted.instance(), state -> {
              answer.complete(true);
              ctx.getSelf().tell("stop");
            })
            .onSignal(RecoveryFailed.class, (state, failed) -> answer.complete(false))
            .build();
      }
    });
  }
}
