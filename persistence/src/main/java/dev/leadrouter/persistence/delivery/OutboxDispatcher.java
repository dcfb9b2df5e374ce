package dev.leadrouter.persistence.delivery;

import dev.leadrouter.persistence.outbox.OutboxStore;
import dev.leadrouter.persistence.outbox.OutboxRow;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.org.Locales;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.persistence.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Delivers outbox rows of the enabled channels (webhook, email, wecom, dingtalk, feishu, voice,
 * sms): one per cluster (a singleton). Polls for due rows, claims them (leased, see {@link
 * OutboxStore#claimDue}), delivers up to {@code max-in-flight} at once, then marks each SENT, PENDING
 * for a retry with backoff, or FAILED. Delivery is at least once: a repeat carries the same
 * idempotency key. Rows of channels without a deliverer are left PENDING.
 */
public final class OutboxDispatcher {

  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Claimed(List<OutboxRow> rows, Throwable error) implements Command {}

  private record Finished(long id) implements Command {}

  private OutboxDispatcher() {}

  /** Starts the singleton if at least one channel is configured; returns the enabled channel names. */
  public static List<String> init(ActorSystem<?> system, Database db, EngineDeps deps, NotificationSettings settings) {
    return init(system, db, deps, settings, DeliveryObserver.NONE);
  }

  /** As {@link #init(ActorSystem, Database, EngineDeps, NotificationSettings)}, reporting each attempt to {@code observer}. */
  public static List<String> init(ActorSystem<?> system, Database db, EngineDeps deps, NotificationSettings settings,
      DeliveryObserver observer) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
    List<Channel> channels = channels(settings, deps, blocking);
    if (channels.isEmpty()) {
      system.log().info("No notification channel configured (see leadrouter.notifications); outbox rows stay PENDING");
      return List.of();
    }
    List<String> names = channels.stream().map(Channel::name).toList();
    system.log().info("Delivering outbox rows of channels {}", names);
    ClusterSingleton.get(system).init(
        SingletonActor.of(
            Behaviors.supervise(create(new OutboxStore(db), channels, delivery(settings, RandomGenerator.getDefault()),
                deps.clock(), settings, deps.directory()::current, observer)).onFailure(SupervisorStrategy.restart()),
            "outbox-dispatcher"));
    return names;
  }

  /** The channels enabled by {@code settings}. */
  public static List<Channel> channels(NotificationSettings settings, EngineDeps deps, Executor blocking) {
    Function<String, Map<String, String>> recipients = recipientFields(deps.directory());
    List<Channel> channels = new ArrayList<>();
    if (settings.webhook().enabled()) channels.add(new WebhookChannel(settings.webhook(), deps.clock(), recipients));
    if (settings.smtp().enabled()) channels.add(new EmailChannel(settings.smtp(), deps.directory(), blocking, deps.clock()));
    BiConsumer<NotificationSettings.Robot, Function<NotificationSettings.Robot, ChatRobot>> robot = (r, format) -> {
      if (r.enabled()) channels.add(new ChatRobotChannel(format.apply(r), r.timeout(), recipients, deps.clock()));
    };
    robot.accept(settings.wecom(), r -> new ChatRobot.WeCom(r.url()));
    robot.accept(settings.dingtalk(), r -> new ChatRobot.DingTalk(r.url(), r.secret()));
    robot.accept(settings.feishu(), r -> new ChatRobot.Feishu(r.url(), r.secret()));
    if (settings.voice().enabled()) channels.add(new ProviderChannel("voice", settings.voice(), recipients, deps.clock()));
    if (settings.sms().enabled()) channels.add(new ProviderChannel("sms", settings.sms(), recipients, deps.clock()));
    return channels;
  }

  /**
   * Recipient id → the fields robots and provider templates use ({@code recipient.id}, {@code
   * .name}, {@code .email}, {@code .mobile}, {@code .locale}), read from the current org chart at each
   * delivery. The name falls back to the id; a person missing from the chart has an empty e-mail and
   * mobile; the locale is the person's, else {@link Locales#DEFAULT}.
   */
  static Function<String, Map<String, String>> recipientFields(OrgDirectory directory) {
    return id -> {
      Optional<OrgChart.Person> person = directory.current().person(id);
      Map<String, String> fields = new HashMap<>();
      fields.put("recipient.id", id);
      fields.put("recipient.name", person.map(OrgChart.Person::name).filter(n -> !n.isBlank()).orElse(id));
      fields.put("recipient.email", person.map(OrgChart.Person::email).orElse(""));
      fields.put("recipient.mobile", person.map(OrgChart.Person::mobile).orElse(""));
      fields.put("recipient.locale", person.map(OrgChart.Person::localeOrDefault).orElse(Locales.DEFAULT));
      return fields;
    };
  }

  public static Delivery delivery(NotificationSettings settings, RandomGenerator random) {
    return new Delivery(settings.retryBase(), settings.retryMaxDelay(), settings.giveUpAfter(), random);
  }

  /** The dispatcher with no org chart: no quiet hours, no manager alerts (tests of delivery alone). */
  public static Behavior<Command> create(OutboxStore store, List<Channel> channels, Delivery delivery, Clock clock,
      NotificationSettings settings) {
    return create(store, channels, delivery, clock, settings, OrgChart::empty);
  }

  /** The dispatcher behavior; {@code org} gives the current org chart (quiet hours, who is alerted). */
  public static Behavior<Command> create(OutboxStore store, List<Channel> channels, Delivery delivery, Clock clock,
      NotificationSettings settings, Supplier<OrgChart> org) {
    return create(store, channels, delivery, clock, settings, org, DeliveryObserver.NONE);
  }

  /** As above, reporting each attempt to {@code observer}. */
  public static Behavior<Command> create(OutboxStore store, List<Channel> channels, Delivery delivery, Clock clock,
      NotificationSettings settings, Supplier<OrgChart> org, DeliveryObserver observer) {
    Map<String, Channel> byName = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
    int maxInFlight = settings.maxInFlight();
    Duration interval = settings.pollInterval();
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
      SentMarks marks = new SentMarks(store, blocking);
      int[] inFlight = {0};
      boolean[] polling = {false};
      timers.startSingleTimer(new Poll(), Duration.ZERO);
      return Behaviors.receive(Command.class)
          .onMessage(Poll.class, p -> {
            int room = maxInFlight - inFlight[0];
            if (polling[0] || room <= 0) return Behaviors.same(); // a Finished will poll again
            polling[0] = true;
            long now = clock.millis();
            ctx.pipeToSelf(
                CompletableFuture.supplyAsync(
                    () -> store.claimDue(byName.keySet(), now, room, settings.lease()), blocking),
                (rows, error) -> new Claimed(rows == null ? List.of() : rows, error));
            return Behaviors.same();
          })
          .onMessage(Claimed.class, c -> {
            polling[0] = false;
            if (c.error() != null) {
              ctx.getLog().warn("Claiming outbox rows failed, retrying in {}: {}", interval, c.error().toString());
            }
            for (OutboxRow row : c.rows()) {
              inFlight[0]++;
              ctx.pipeToSelf(deliverAndMark(row, byName.get(row.channel()), store, marks, delivery, clock, blocking, org, observer),
                  (ok, error) -> {
                    if (error != null) {
                      ctx.getLog().warn("Marking outbox row {} failed (its lease will expire): {}", row.id(), error.toString());
                    }
                    return new Finished(row.id());
                  });
            }
            boolean full = !c.rows().isEmpty() && inFlight[0] >= maxInFlight;
            if (!full) {
              // a full batch means there may be more due rows: the next Finished polls at once
              timers.startSingleTimer(new Poll(), c.error() == null && !c.rows().isEmpty() ? Duration.ZERO : interval);
            }
            return Behaviors.same();
          })
          .onMessage(Finished.class, f -> {
            inFlight[0]--;
            if (!polling[0] && !timers.isTimerActive(new Poll())) {
              // only after a full batch (otherwise a poll is already scheduled): there may be more
              timers.startSingleTimer(new Poll(), Duration.ZERO);
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  /**
   * Delivers one row and records the outcome; never fails unless the marking itself fails. A row for
   * someone in quiet hours waits ({@link DeliveryRules#holdUntil}); a row given up alerts the
   * recipient's manager ({@link DeliveryRules#alertsFor}).
   */
  static CompletionStage<Void> deliverAndMark(OutboxRow row, Channel channel, OutboxStore store, SentMarks marks,
      Delivery delivery, Clock clock, Executor blocking, Supplier<OrgChart> org) {
    return deliverAndMark(row, channel, store, marks, delivery, clock, blocking, org, DeliveryObserver.NONE);
  }

  static CompletionStage<Void> deliverAndMark(OutboxRow row, Channel channel, OutboxStore store, SentMarks marks,
      Delivery delivery, Clock clock, Executor blocking, Supplier<OrgChart> org, DeliveryObserver observer) {
    Optional<Instant> quietUntil = DeliveryRules.holdUntil(row, org.get(), clock.instant());
    long start = clock.millis();
    if (quietUntil.isPresent()) {
      observer.attempted(row.channel(), "deferred", 0, start - row.createdAt());
      return CompletableFuture.runAsync(() -> store.markDeferred(row.id(), quietUntil.get().toEpochMilli(),
          "quiet hours of " + row.recipientId() + " until " + quietUntil.get()), blocking);
    }
    CompletionStage<Void> sent;
    try {
      sent = channel.deliver(row);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle((ok, error) -> error)
        .thenCompose(error -> {
          long end = clock.millis();
          if (error == null) {
            observer.attempted(row.channel(), "sent", end - start, end - row.createdAt());
            return marks.markSent(row.id(), end);
          }
          return CompletableFuture.runAsync(() -> observer.attempted(row.channel(),
              markFailure(row, error, store, delivery, clock, org), end - start, end - row.createdAt()), blocking);
        });
  }

  /** After a failed delivery: retry later, or give up (FAILED, alerting the recipient's manager). */
  private static String markFailure(OutboxRow row, Throwable error, OutboxStore store, Delivery delivery, Clock clock,
      Supplier<OrgChart> org) {
    long now = clock.millis();
    Throwable cause = unwrap(error);
    String message = describe(cause);
    String failure;
    if (cause instanceof PermanentDeliveryException) {
      failure = message;
    } else if (delivery.afterFailure(row, now) instanceof Delivery.Retry retry) {
      store.markRetry(row.id(), retry.attempts(), retry.nextAttemptAt(), message);
      return "retry";
    } else {
      failure = "gave up after " + (row.attempts() + 1) + " attempts: " + message;
    }
    store.markFailed(row.id(), failure,
        DeliveryRules.alertsFor(row, org.get(), failure, Instant.ofEpochMilli(now)), now);
    return "failed";
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
  }
}
