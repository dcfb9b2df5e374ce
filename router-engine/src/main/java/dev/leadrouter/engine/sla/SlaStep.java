package dev.leadrouter.engine.sla;

import dev.leadrouter.engine.vocab.SlaAction;
import dev.leadrouter.engine.vocab.Deadline;
import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Duration;
import java.util.List;

/**
 * One step of the SLA plan a lead runs on, copied into the lead's events when the clock starts so
 * that a later policy change never alters a running lead. Persisted: never change its shape (ADR 0002).
 *
 * @param index position in the policy (0-based), also the deadline's step number
 * @param action what to do
 * @param until the step fires only while the lead has not reached this: {@value #ACKNOWLEDGED} or
 *     {@value #CONTACTED}
 * @param target the role for {@link SlaAction#ESCALATE_ROLE}, the person id for {@link SlaAction#COPY},
 *     else empty
 * @param channels channels to use; empty means each recipient's own channels from the org chart
 * @param afterMillis counted time (wall or working, per the policy's clock) from the clock's start
 */
public record SlaStep(int index, SlaAction action, String until, String target, List<String> channels,
    long afterMillis) implements EngineSerializable {

  public static final String ACKNOWLEDGED = "acknowledged";
  public static final String CONTACTED = "contacted";

  public SlaStep {
    channels = List.copyOf(channels);
  }

  public Duration after() {
    return Duration.ofMillis(afterMillis);
  }

  /** Still pending once the lead is acknowledged (only steps that wait for a contact are). */
  public boolean survivesAcknowledgement() {
    return CONTACTED.equals(until);
  }

  /** The step of a legacy plan (policies before named steps): until acknowledged, people's own channels. */
  public static SlaStep legacy(Deadline d) {
    return new SlaStep(d.step(), d.action(), ACKNOWLEDGED, "", List.of(), 0);
  }
}
