package dev.leadrouter.persistence.opportunity;

import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.persistence.Database;
import dev.leadrouter.persistence.projection.SlicedProjection;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The opportunity projection: one slice per opportunity tag ({@code opportunity-0..N-1}, N the
 * lead's tag count: {@link OpportunityProtocol#tagFor}), each a grouped exactly-once {@code
 * JdbcProjection} ({@link SlicedProjection}); an event a slice cannot apply is retried and then
 * parked (ADR 0011), like the lead projection's.
 */
public final class OpportunityProjection {

  /** The projection's name in the offset store and in {@code projection_failures}. */
  public static final String NAME = "opportunities";

  private OpportunityProjection() {}

  public static SlicedProjection.Running init(ActorSystem<?> system, Database db, EngineSettings settings,
      Clock clock) {
    List<String> slices = IntStream.range(0, settings.leadTags()).mapToObj(i -> "opportunity-" + i).toList();
    return SlicedProjection.start(system, db, clock, NAME, "opportunity-projection", slices,
        OpportunityProjectionHandler::new, new OpportunityProjectionHandler(null)::applyOne);
  }
}
