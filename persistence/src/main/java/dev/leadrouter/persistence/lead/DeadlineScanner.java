package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.persistence.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Wakes the leads whose deadline passed while nothing held them in memory (passivated, moved,
 * after a restart or a crash). Polls {@code deadline_index} and sends {@link Lead.Wake}; the lead
 * re-checks its own state, so a wake-up is never harmful. One per cluster (a singleton). A lead
 * woken recently is not woken again until the read model had time to catch up.
 */
public final class DeadlineScanner {

  public sealed interface Command {}

  private record Poll() implements Command {}

  private record Found(List<String> leadIds, Throwable error) implements Command {}

  private DeadlineScanner() {}

  public static void init(ActorSystem<?> system, Database db, EngineDeps deps, Duration interval, int batch) {
    ClusterSingleton.get(system).init(
        SingletonActor.of(
            Behaviors.supervise(create(db, deps, interval, batch)).onFailure(SupervisorStrategy.restart()),
            "deadline-scanner"));
  }

  static Behavior<Command> create(Database db, EngineDeps deps, Duration interval, int batch) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("leadrouter.blocking-dispatcher"));
      Map<String, Instant> recentlyWoken = new HashMap<>();
      Duration quiet = interval.multipliedBy(5);
      timers.startSingleTimer(new Poll(), Duration.ZERO);
      return Behaviors.receive(Command.class)
          .onMessage(Poll.class, p -> {
            long now = deps.clock().millis();
            ctx.pipeToSelf(
                CompletableFuture.supplyAsync(() -> due(db, now, batch), blocking),
                (ids, error) -> new Found(ids == null ? List.of() : ids, error));
            return Behaviors.same();
          })
          .onMessage(Found.class, f -> {
            if (f.error() != null) {
              ctx.getLog().warn("Deadline scan failed, retrying in {}: {}", interval, f.error().toString());
            }
            Instant now = deps.clock().instant();
            recentlyWoken.values().removeIf(at -> at.plus(quiet).isBefore(now));
            int woken = 0;
            for (String leadId : f.leadIds()) {
              if (recentlyWoken.putIfAbsent(leadId, now) == null) {
                deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId).tell(new Lead.Wake());
                woken++;
              }
            }
            boolean more = f.leadIds().size() >= batch && woken > 0;
            timers.startSingleTimer(new Poll(), more ? Duration.ZERO : interval);
            return Behaviors.same();
          })
          .build();
    }));
  }

  static List<String> due(Database db, long nowMillis, int batch) {
    String sql = "SELECT lead_id, MIN(due_at) AS first_due FROM deadline_index WHERE due_at <= ?"
        + " GROUP BY lead_id ORDER BY first_due LIMIT ?";
    try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, nowMillis);
      ps.setInt(2, batch);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
      return ids;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
