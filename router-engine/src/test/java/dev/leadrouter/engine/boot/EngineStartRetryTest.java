package dev.leadrouter.engine.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.Test;

/** The start-up asks are sent again when unanswered, within the start-up budget only. */
class EngineStartRetryTest {

  private final List<Duration> waits = new ArrayList<>();

  @Test
  void anUnansweredAskIsSentAgainAndItsAnswerIsTheResult() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String answer = Engine.<String>retryOnTimeout(wait -> {
      waits.add(wait);
      return waits.size() < 3 ? CompletableFuture.failedFuture(new AskTimeoutException("no answer"))
          : CompletableFuture.completedFuture("v3");
    }, Duration.ofSeconds(10), deadline).toCompletableFuture().get();

    assertEquals("v3", answer);
    assertEquals(3, waits.size());
    assertEquals(Duration.ofSeconds(10), waits.get(0), "each attempt waits the attempt time while the budget allows");
  }

  @Test
  void anAttemptNeverWaitsPastTheDeadlineAndTheLastTimeoutIsTheAnswer() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    ExecutionException failed = assertThrows(ExecutionException.class, () -> Engine.<String>retryOnTimeout(wait -> {
      waits.add(wait);
      CompletableFuture<String> late = new CompletableFuture<>();
      CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> late.completeExceptionally(new AskTimeoutException("no answer")));
      return late;
    }, Duration.ofSeconds(10), deadline).toCompletableFuture().get(5, TimeUnit.SECONDS));

    assertInstanceOf(AskTimeoutException.class, failed.getCause());
    assertTrue(waits.stream().allMatch(w -> w.compareTo(Duration.ofMillis(300)) <= 0), "waits: " + waits);
  }

  @Test
  void aFailureOtherThanATimeoutIsNotRetried() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    ExecutionException failed = assertThrows(ExecutionException.class, () -> Engine.<String>retryOnTimeout(wait -> {
      waits.add(wait);
      return CompletableFuture.failedFuture(new IllegalStateException("journal down"));
    }, Duration.ofSeconds(10), deadline).toCompletableFuture().get());

    assertInstanceOf(IllegalStateException.class, failed.getCause());
    assertEquals(1, waits.size());
  }
}
