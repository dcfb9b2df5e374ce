package dev.leadrouter.http;

import dev.leadrouter.persistence.live.LiveChanges;

/**
 * What the browser's live stream sends a caller for one change (ADR 0018): the row, when the caller
 * may read the lead or opportunity now ({@link Access.Action#READ_LEAD}, {@link
 * Access.Action#READ_OPPORTUNITY}: own for a rep; the chain below and the managed regions for a
 * manager; everything for a director or admin); {@code removed}, when they could read it under the
 * owner the change took it from but cannot now (reassigned away); else nothing. Pure: decides with
 * the chart it is given.
 */
public final class LiveScope {

  /** What to send. */
  public enum Send { ROW, REMOVED, NOTHING }

  private final Access access;

  public LiveScope(Access access) {
    this.access = access;
  }

  /**
   * For a change of a {@code kind} ({@code lead} or {@code opportunity}) now owned by {@code repId}
   * (null: nobody) in {@code region}, taken from {@code prevRepId} by this change (null: not taken).
   */
  public Send send(Auth.Principal caller, String kind, String repId, String region, String prevRepId) {
    Access.Role role = Access.Role.of(caller.role());
    Access.Action read = LiveChanges.OPPORTUNITY.equals(kind) ? Access.Action.READ_OPPORTUNITY : Access.Action.READ_LEAD;
    if (role == Access.Role.SOURCE) return Send.NOTHING;
    if (Access.decide(role, access.toLead(caller.subject(), repId, region), read).allowed()) return Send.ROW;
    if (prevRepId != null
        && Access.decide(role, access.toLead(caller.subject(), prevRepId, region), read).allowed()) {
      return Send.REMOVED;
    }
    return Send.NOTHING;
  }
}
