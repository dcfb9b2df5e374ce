package dev.leadrouter.engine.vocab;

import dev.leadrouter.engine.common.EngineSerializable;

/**
 * One notification to send: who (person id and their role in it), over which channel, and what kind.
 * Becomes one outbox row.
 */
public record Notice(String recipientId, String role, String channel, String kind) implements EngineSerializable {
  public static final String REMINDER = "REMINDER";
  public static final String ESCALATION = "ESCALATION";
  public static final String ESCALATION_COPY = "ESCALATION_COPY";
  public static final String FALLBACK = "FALLBACK";
  public static final String ASSIGNED = "ASSIGNED";
  public static final String COPY = "COPY";
  public static final String REASSIGNED = "REASSIGNED";
  public static final String BREACHED = "BREACHED";
  public static final String WITHDRAWN = "WITHDRAWN";
  /** To a manager: a notification to someone below them could not be delivered. */
  public static final String DELIVERY_FAILED = "DELIVERY_FAILED";
  /** To an opportunity's owner and their manager: no valid action for the pipeline's idle time, moved back a stage. */
  public static final String DOWNGRADED = "DOWNGRADED";
  /** To an opportunity's owner and their manager: the stage was held past its silent period. */
  public static final String SILENT_WARNING = "SILENT_WARNING";
}
