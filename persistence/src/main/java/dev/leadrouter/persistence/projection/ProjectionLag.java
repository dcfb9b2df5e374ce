package dev.leadrouter.persistence.projection;

import dev.leadrouter.persistence.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Each slice's lag: how long its oldest event not yet projected has waited (now − that event's
 * write time), 0 when the slice has projected everything of its tag. Measured from the journal and
 * the offset store, so it also sees a slice that is not running at all. Two index probes per slice.
 */
public final class ProjectionLag {

  private final Jdbc jdbc;
  private final String projection;
  private final List<String> slices;
  private final ProjectionGuard guard;
  private final Clock clock;

  public ProjectionLag(DataSource dataSource, String projection, List<String> slices, ProjectionGuard guard, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.projection = projection;
    this.slices = slices;
    this.guard = guard;
    this.clock = clock;
  }

  /** Measures every slice now and tells the guard. Blocking. */
  public void measure() {
    Map<String, Long> offsets = jdbc.withStatement("read projection offsets",
        "SELECT projection_key, current_offset FROM pekko_projection_offset_store WHERE projection_name = ?", ps -> {
          ps.setString(1, projection);
          Map<String, Long> out = new HashMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), Long.parseLong(rs.getString(2)));
          }
          return out;
        });
    long now = clock.millis();
    jdbc.withConnection("measure projection lag", c -> {
      // The tag's first row past the offset through the (tag, event_id) index, then its one journal
      // row: written so that any plan reads one index entry and one row (a join let PostgreSQL's
      // generic plan take 4 ms a slice under load).
      try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT j.write_timestamp FROM event_journal j"
          + " WHERE j.ordering = t.event_id) FROM event_tag t WHERE t.tag = ? AND t.event_id > ?"
          + " ORDER BY t.event_id LIMIT 1")) {
        for (String slice : slices) {
          ps.setString(1, slice);
          ps.setLong(2, offsets.getOrDefault(slice, 0L));
          try (ResultSet rs = ps.executeQuery()) {
            guard.lag(slice, rs.next() ? Math.max(0, now - rs.getLong(1)) : 0L);
          }
        }
      }
      return null;
    });
  }

  /** Measures every {@code interval} on {@code blocking}, never two at once; a failed measurement is retried next time. */
  public static void schedule(ActorSystem<?> system, ProjectionLag lag, Executor blocking, Duration interval) {
    AtomicBoolean running = new AtomicBoolean();
    system.scheduler().scheduleWithFixedDelay(interval, interval, () -> {
      if (!running.compareAndSet(false, true)) return;
      CompletableFuture.runAsync(lag::measure, blocking).whenComplete((ok, e) -> {
        running.set(false);
        if (e != null) system.log().warn("Projection lag not measured: {}", e.getMessage());
      });
    }, system.executionContext());
  }
}
