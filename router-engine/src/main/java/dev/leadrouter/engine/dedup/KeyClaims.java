package dev.leadrouter.engine.dedup;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * Where a delivery claims its keys, in one step: the caller's Idempotency-Key and the source event
 * (intake keys, owned forever by the lead they first named) and the person's contacts (contact keys,
 * owned by a lead while it is recent: the dedup window). One durable store shared by every node; the
 * rules of a claim are {@link ClaimBook}'s. The persistence module's store claims a whole batch of
 * deliveries in one transaction (ADR 0015): the keys used to be an event-sourced entity each, with
 * its own recovery query and journal write per lead.
 */
public interface KeyClaims {

  /**
   * Claims the keys of one delivery. Fails (the future) when the store cannot answer; nothing is
   * then claimed, and the delivery may be retried.
   */
  CompletionStage<Result> claim(Request request);

  /**
   * The leads {@code keys} name now, claiming nothing (a bulk import's dry run): an intake key its
   * lead forever, a contact key the lead that claimed it within {@code windowMillis}. A key no lead
   * holds is absent from the answer.
   */
  CompletionStage<java.util.Map<String, String>> holders(java.util.Collection<String> keys, long windowMillis);

  /**
   * One delivery's keys.
   *
   * @param proposed the lead id a new lead would get
   * @param bodyHash what the caller sent, hashed: a reused Idempotency-Key must come with the same
   * @param idempotencyKey {@link #idempotencyKey} of the caller's header, or null
   * @param sourceKey {@link #sourceKey} of the source event, or null
   * @param contactKeys the person's contact keys in order ({@link #phoneKey} each phone, then {@link #emailKey} each e-mail)
   * @param windowMillis the dedup window
   */
  record Request(String proposed, String bodyHash, String idempotencyKey, String sourceKey, List<String> contactKeys,
      long windowMillis) {
    public Request {
      contactKeys = List.copyOf(contactKeys);
    }
  }

  /**
   * What the keys decided.
   *
   * @param leadId the lead the delivery is (the proposed id when its intake keys were new), or null
   *     when the Idempotency-Key was used before with another body (nothing else was claimed)
   * @param owner the lead the delivery goes to: {@code leadId}, or the lead one of its contacts
   *     belongs to within the window (the delivery merges into it)
   * @param previousLeadId when the delivery keeps its own lead: the lead one of its contacts belonged
   *     to before the window passed (a returning contact), else null
   */
  record Result(String leadId, String owner, String previousLeadId) {
    public static Result keyReused() {
      return new Result(null, null, null);
    }

    public boolean isKeyReused() {
      return leadId == null;
    }
  }

  static String sourceKey(String source, String sourceEventId) {
    return "src:" + escape(source) + ":" + escape(sourceEventId);
  }

  static String idempotencyKey(String caller, String key) {
    return "idem:" + escape(caller) + ":" + escape(key);
  }

  static String phoneKey(String e164) {
    return "phone:" + e164;
  }

  static String emailKey(String email) {
    return "email:" + email.toLowerCase(Locale.ROOT);
  }

  /** Keeps the parts of a key apart: (a, b:c) and (a:b, c) must not meet. */
  private static String escape(String part) {
    return part.replace("%", "%25").replace(":", "%3A");
  }
}
