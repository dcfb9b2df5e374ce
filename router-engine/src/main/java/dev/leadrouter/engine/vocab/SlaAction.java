package dev.leadrouter.engine.vocab;

/**
 * What an SLA step does when it fires on a lead still short of the step's condition. Persisted by
 * ordinal inside events (Kryo): constants may be added at the end, never reordered or removed.
 */
public enum SlaAction {
  /** Remind the assigned rep. */
  REMIND(0),
  /** Escalate to the rep's manager, with the director copied. */
  ESCALATE_MANAGER(1),
  /** Escalate to the director above the rep. */
  ESCALATE_DIRECTOR(2),
  /** Escalate to the nearest person above the rep holding a named role (the step's target). */
  ESCALATE_ROLE(1),
  /** Send a copy to a named person (the step's target). */
  COPY(0),
  /** Take the lead from the rep and route it again, excluding this rep. */
  REASSIGN(0),
  /** Mark the lead's SLA as breached. */
  BREACH(0);

  private final int escalationLevel;

  SlaAction(int escalationLevel) {
    this.escalationLevel = escalationLevel;
  }

  public int escalationLevel() {
    return escalationLevel;
  }

  public boolean escalates() {
    return escalationLevel > 0;
  }

  /**
   * Firing before the rep acknowledged counts as letting the lead breach the acknowledgement SLA
   * (escalated, reassigned or marked breached), for the rep's breach streak.
   */
  public boolean breachesAcknowledgement() {
    return escalates() || this == REASSIGN || this == BREACH;
  }

  /** {@code escalate-manager}, {@code ESCALATE_MANAGER} … → the constant; IllegalArgumentException otherwise. */
  public static SlaAction parse(String text) {
    return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  /** The name sales ops write: {@code escalate-manager}. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
