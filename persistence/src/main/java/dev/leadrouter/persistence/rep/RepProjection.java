package dev.leadrouter.persistence.rep;

import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.projection.SlicedProjection;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The rep projection: the Rep entity's streak events (tags {@code rep-0..N-1}, {@link Rep#tagFor})
 * into {@code rep_streak} and {@code rep_rotation_log} ({@link RepProjectionHandler}), for the reps
 * benched in the SLA report. Run like every projection ({@link SlicedProjection}): exactly once, an
 * event it cannot apply retried and then parked (ADR 0011).
 */
public final class RepProjection {

  /** The projection's name in the offset store and in {@code projection_failures}. */
  public static final String NAME = "reps";

  private RepProjection() {}

  /** {@code streakLimit}: the routing rules' {@code breachStreakLimit} in force (null: no limit). */
  public static SlicedProjection.Running init(ActorSystem<?> system, Database db, Clock clock,
      Supplier<Integer> streakLimit) {
    List<String> slices = IntStream.range(0, Rep.TAG_COUNT).mapToObj(i -> "rep-" + i).toList();
    return SlicedProjection.start(system, db, clock, NAME, "rep-projection", slices,
        parking -> new RepProjectionHandler(parking, streakLimit),
        new RepProjectionHandler(null, streakLimit)::applyOne);
  }
}
