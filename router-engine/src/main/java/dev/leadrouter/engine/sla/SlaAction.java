package dev.leadrouter.engine.sla;

/** What an SLA step does when it fires on an unacknowledged lead. */
public enum SlaAction {
  /** Remind the assigned rep. */
  REMIND(0),
  /** Escalate to the rep's manager, with the director copied. */
  ESCALATE_MANAGER(1),
  /** Escalate to the director above the rep's manager. */
  ESCALATE_DIRECTOR(2);

  private final int escalationLevel;

  SlaAction(int escalationLevel) {
    this.escalationLevel = escalationLevel;
  }

  public int escalationLevel() {
    return escalationLevel;
  }

  public static SlaAction parse(String text) {
    return valueOf(text.trim().toUpperCase().replace('-', '_'));
  }
}
