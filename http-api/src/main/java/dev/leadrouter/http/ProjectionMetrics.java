package dev.leadrouter.http;

import dev.leadrouter.persistence.projection.ProjectionGuard;
import dev.leadrouter.persistence.projection.SlicedProjection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A projection's health as Prometheus metrics, tagged with its name ({@code leads}, {@code opportunities}): per slice the events parked now
 * ({@code leadrouter_projection_parked_events}) and the lag in seconds
 * ({@code leadrouter_projection_lag_seconds}); counters of failed attempts and of parked events
 * since start ({@code leadrouter_projection_failures_total}, {@code leadrouter_projection_parked_total}).
 */
final class ProjectionMetrics {

  private ProjectionMetrics() {}

  static void bind(MeterRegistry registry, SlicedProjection.Running projection) {
    ProjectionGuard guard = projection.guard();
    for (String slice : projection.slices()) {
      Gauge.builder("leadrouter.projection.parked.events", guard, g -> g.parked(slice))
          .tag("projection", guard.projection()).tag("slice", slice)
          .description("events of the slice parked in projection_failures, waiting for a replay").register(registry);
      Gauge.builder("leadrouter.projection.lag.seconds", guard, g -> g.lagMillis(slice) / 1000.0)
          .tag("projection", guard.projection()).tag("slice", slice)
          .description("age of the slice's oldest event not yet projected (0 when caught up)").register(registry);
    }
    FunctionCounter.builder("leadrouter.projection.failures", guard, ProjectionGuard::failures)
        .tag("projection", guard.projection())
        .description("failed attempts to apply an event (each retry counts)").register(registry);
    FunctionCounter.builder("leadrouter.projection.parked", guard, ProjectionGuard::parkedTotal)
        .tag("projection", guard.projection())
        .description("events parked since the node started").register(registry);
  }
}
