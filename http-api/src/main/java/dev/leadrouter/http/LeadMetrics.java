package dev.leadrouter.http;

import dev.leadrouter.engine.lead.LeadObserver;
import dev.leadrouter.engine.vocab.SlaAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The leads' own numbers, reported by each {@code Lead} entity after its events are durable
 * ({@link LeadObserver}): {@code leadrouter_routing_decision_seconds{outcome}} (intake to the first
 * routing decision, assigned or queued), {@code leadrouter_intake_to_assigned_seconds} (intake to the
 * first assignment, from the queue too), {@code leadrouter_sla_steps_fired_total{action}}, {@code
 * leadrouter_sla_step_lateness_seconds{action}} (fired after due) and {@code
 * leadrouter_sla_breaches_total{action}} (steps that mean the acknowledgement SLA was missed). Every
 * series is registered up front: no lookup, no allocation per lead.
 */
final class LeadMetrics implements LeadObserver {

  private final Timer routedAssigned;
  private final Timer routedQueued;
  private final Timer toAssigned;
  private final Map<SlaAction, Counter> fired = new EnumMap<>(SlaAction.class);
  private final Map<SlaAction, Timer> lateness = new EnumMap<>(SlaAction.class);
  private final Map<SlaAction, Counter> breaches = new EnumMap<>(SlaAction.class);

  LeadMetrics(MeterRegistry registry) {
    routedAssigned = decision(registry, "assigned");
    routedQueued = decision(registry, "queued");
    toAssigned = Timer.builder("leadrouter.intake.to.assigned")
        .description("time from a lead's intake to its first assignment to a rep (at once or from its region's queue)")
        .serviceLevelObjectives(Buckets.SLOW).register(registry);
    for (SlaAction action : SlaAction.values()) {
      String name = action.jsonName();
      fired.put(action, Counter.builder("leadrouter.sla.steps.fired").tag("action", name)
          .description("SLA steps fired on leads, by action").register(registry));
      lateness.put(action, Timer.builder("leadrouter.sla.step.lateness").tag("action", name)
          .description("how long after its due time an SLA step fired (scanner and wake-up delay)")
          .serviceLevelObjectives(Buckets.SLOW).register(registry));
      if (action.breachesAcknowledgement()) {
        breaches.put(action, Counter.builder("leadrouter.sla.breaches").tag("action", name)
            .description("leads whose acknowledgement SLA was breached (escalated, reassigned or marked breached), by action")
            .register(registry));
      }
    }
  }

  private static Timer decision(MeterRegistry registry, String outcome) {
    return Timer.builder("leadrouter.routing.decision").tag("outcome", outcome)
        .description("time from a lead's intake to its first routing decision: assigned to a rep or queued in its region")
        .serviceLevelObjectives(Buckets.FAST).register(registry);
  }

  @Override
  public void routed(boolean assigned, Duration sinceReceived) {
    (assigned ? routedAssigned : routedQueued).record(sinceReceived);
  }

  @Override
  public void assigned(Duration sinceReceived) {
    toAssigned.record(sinceReceived);
  }

  @Override
  public void slaStepFired(SlaAction action, Duration lateness) {
    fired.get(action).increment();
    this.lateness.get(action).record(lateness.isNegative() ? Duration.ZERO : lateness);
    Counter breach = breaches.get(action);
    if (breach != null) breach.increment();
  }
}
