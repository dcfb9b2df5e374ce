package dev.leadrouter.engine.dedup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of claiming keys ({@link KeyClaims}), over the rows of the keys at hand: a store loads
 * (and locks) the rows a batch of deliveries touches, applies the deliveries in order (each sees the
 * claims of those before it) and writes back {@link #changedIntake} and {@link #changedContacts}.
 *
 * <ul>
 *   <li>An intake key names the lead it was first claimed for, forever. The Idempotency-Key is
 *       claimed first (a different body: {@link KeyClaims.Result#keyReused}), then the source event
 *       for the lead the first named: the source event decides which lead a delivery is.
 *   <li>Contact keys, in order: the first held by another lead within the window decides — the
 *       delivery merges into that lead and every other key of the delivery is given to it. Else every
 *       key is (re)claimed by the delivery's lead, which refreshes its window, and a key taken over
 *       from a lead whose window had passed names that lead (a returning contact).
 * </ul>
 */
public final class ClaimBook {

  /** An intake key's owner and the hash of the body that first claimed it. */
  public record IntakeRow(String leadId, String bodyHash) {}

  /** A contact key's owner and when it was last claimed, epoch milliseconds. */
  public record ContactRow(String leadId, long claimedAtMillis) {}

  private final Map<String, IntakeRow> intake;
  private final Map<String, ContactRow> contacts;
  private final Map<String, IntakeRow> changedIntake = new LinkedHashMap<>();
  private final Map<String, ContactRow> changedContacts = new LinkedHashMap<>();

  /** A book over the rows as stored (absent keys are unclaimed); the maps are copied. */
  public ClaimBook(Map<String, IntakeRow> intake, Map<String, ContactRow> contacts) {
    this.intake = new LinkedHashMap<>(intake);
    this.contacts = new LinkedHashMap<>(contacts);
  }

  /** Applies one delivery's claims at {@code nowMillis}. */
  public KeyClaims.Result apply(KeyClaims.Request r, long nowMillis) {
    String lead = r.proposed();
    if (r.idempotencyKey() != null) {
      IntakeRow row = intake.get(r.idempotencyKey());
      if (row == null) {
        putIntake(r.idempotencyKey(), new IntakeRow(lead, r.bodyHash()));
      } else if (!Objects.equals(row.bodyHash(), r.bodyHash())) {
        return KeyClaims.Result.keyReused();
      } else {
        lead = row.leadId();
      }
    }
    if (r.sourceKey() != null) {
      IntakeRow row = intake.get(r.sourceKey());
      if (row == null) {
        putIntake(r.sourceKey(), new IntakeRow(lead, r.bodyHash()));
      } else {
        lead = row.leadId();
      }
    }
    List<String> keys = r.contactKeys();
    String previous = null;
    for (int i = 0; i < keys.size(); i++) {
      ContactRow row = contacts.get(keys.get(i));
      boolean other = row != null && !row.leadId().equals(lead);
      if (other && row.claimedAtMillis() + r.windowMillis() > nowMillis) {
        for (int j = 0; j < keys.size(); j++) {
          if (j != i) point(keys.get(j), row.leadId(), nowMillis);
        }
        return new KeyClaims.Result(lead, row.leadId(), null);
      }
      if (other && previous == null) previous = row.leadId();
      putContact(keys.get(i), new ContactRow(lead, nowMillis));
    }
    return new KeyClaims.Result(lead, lead, previous);
  }

  /** Gives the key to {@code leadId} (a delivery merged into it); a key already its own is left as it is. */
  private void point(String key, String leadId, long nowMillis) {
    ContactRow row = contacts.get(key);
    if (row == null || !row.leadId().equals(leadId)) putContact(key, new ContactRow(leadId, nowMillis));
  }

  private void putIntake(String key, IntakeRow row) {
    intake.put(key, row);
    changedIntake.put(key, row);
  }

  private void putContact(String key, ContactRow row) {
    contacts.put(key, row);
    changedContacts.put(key, row);
  }

  /** The intake keys claimed since the book was made (each new: intake keys never change owner). */
  public Map<String, IntakeRow> changedIntake() {
    return changedIntake;
  }

  /** The contact keys claimed or given to another lead since the book was made, as they are now. */
  public Map<String, ContactRow> changedContacts() {
    return changedContacts;
  }
}
