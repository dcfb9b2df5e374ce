package dev.leadrouter.persistence.lead;

import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.projection.SlicedProjection;
import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The lead projection: one slice per lead tag ({@code lead-0..N-1}), each a grouped exactly-once
 * {@code JdbcProjection} run by a {@code ShardedDaemonProcess} ({@link SlicedProjection}). An event
 * a slice cannot apply is retried and then parked (ADR 0011).
 */
public final class LeadProjection {

  /** The projection's name in the offset store and in {@code projection_failures}. */
  public static final String NAME = "leads";

  private LeadProjection() {}

  /**
   * {@code credibility}: a source's configured credibility, for the source's health of a new lead
   * (V14); {@code sourceAlert}: the source health alert the projection checks.
   */
  public static SlicedProjection.Running init(ActorSystem<?> system, Database db, EngineSettings settings, Clock clock,
      ToDoubleFunction<String> credibility, SourceHealthAlert sourceAlert) {
    List<String> slices = IntStream.range(0, settings.leadTags()).mapToObj(i -> "lead-" + i).toList();
    return SlicedProjection.start(system, db, clock, NAME, "lead-projection", slices,
        parking -> new LeadProjectionHandler(settings.routingRetry(), parking, credibility, sourceAlert),
        new LeadProjectionHandler(settings.routingRetry(), null, credibility, sourceAlert)::applyOne);
  }
}
