package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.lead.Lead;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Accepting one canonical lead, whoever posted it (the canonical API or a source adapter): clean it,
 * claim its keys in one step ({@link KeyClaims}), and record it on its {@link Lead} entity. Answers
 * once the lead's event is durable. The source event decides which lead a delivery is, whatever
 * headers came with it ({@link ClaimBook}).
 */
public final class Intake {

  /** The outcome: the lead (new or the one the keys already named), or the Idempotency-Key reused with another body. */
  public sealed interface Outcome {}

  /**
   * The lead the input became, and how: a new lead ({@code CREATED}), another delivery of a contact
   * seen within the dedup window merged into its lead ({@code MERGED}), or an input whose
   * idempotency key or source event id was seen before ({@code DUPLICATE}: nothing new recorded).
   */
  public record Accepted(Lead.Accepted lead, How how) implements Outcome {}

  public enum How { CREATED, MERGED, DUPLICATE }

  public record KeyReused() implements Outcome {}

  private final EngineDeps deps;
  private final KeyClaims claims;
  private final Duration askTimeout;

  public Intake(EngineDeps deps, KeyClaims claims, Duration askTimeout) {
    this.deps = deps;
    this.claims = claims;
    this.askTimeout = askTimeout;
  }

  /** The most characters an intake key holds ({@code V11__key_claims.sql}: {@code intake_claim.claim_key VARCHAR(255)}). */
  public static final int MAX_KEY = 255;

  /**
   * The fields of {@code input} whose key could never be claimed — {@link KeyClaims#sourceKey} or
   * {@link KeyClaims#idempotencyKey} longer than {@link #MAX_KEY} — each named with what it may hold:
   * refused at the edge with 400, because storage would refuse them on every retry. Measured on the
   * key as stored, after escaping ({@code :} and {@code %} count three). Contact keys always fit:
   * phones are E.164, and the column holds every address {@code EmailCleaner} keeps (at most 254).
   *
   * @param caller the caller an Idempotency-Key is scoped to, or null when there is none
   * @param idempotencyKey the caller's Idempotency-Key as sent, or null
   */
  public static List<FieldError> unstorable(LeadInput input, String caller, String idempotencyKey) {
    List<FieldError> errors = new ArrayList<>();
    if (input.sourceEventId() != null && !fits(KeyClaims.sourceKey(input.source(), input.sourceEventId()))) {
      int room = room(KeyClaims.sourceKey(input.source(), ""));
      errors.add(room <= 0
          ? new FieldError("/source", "too long to be stored: a source name is at most 64 characters, ':' and '%' counting 3")
          : new FieldError("/sourceEventId", "too long to be stored: at most " + room
              + " characters for source '" + input.source() + "' (':' and '%' count 3)"));
    }
    if (idempotencyKey != null && caller != null && !fits(KeyClaims.idempotencyKey(caller, idempotencyKey))) {
      errors.add(new FieldError("Idempotency-Key", "too long to be stored: at most "
          + Math.max(0, room(KeyClaims.idempotencyKey(caller, ""))) + " characters (':' and '%' count 3)"));
    }
    return errors;
  }

  /** Whether {@code key} fits its column (counted in UTF-16 units, never fewer than characters). */
  static boolean fits(String key) {
    return key.length() <= MAX_KEY;
  }

  private static int room(String prefix) {
    return MAX_KEY - prefix.length();
  }

  /**
   * Cleans the lead, claims its keys ({@link KeyClaims}, {@link ClaimBook} says how), and records it
   * on its lead: a new lead receives it; a delivery whose contact belongs to a lead seen within the
   * dedup window touches that lead instead.
   *
   * @param idempotencyKey the caller's key, already scoped to the caller ({@link KeyClaims#idempotencyKey})
   * @param bodyHash the SHA-256 of what the caller sent (a reused Idempotency-Key must carry the same)
   */
  public CompletionStage<Outcome> accept(LeadInput input, Optional<String> idempotencyKey, String bodyHash) {
    return accept(input, idempotencyKey, bodyHash, true);
  }

  /**
   * Like {@link #accept(LeadInput, Optional, String)}; {@code route} false records a new lead
   * {@link Lead.Status#UNROUTED} instead of routing it (a bulk import of past leads, ADR 0024). A
   * delivery merged into an existing lead changes nothing of that lead's routing either way.
   */
  public CompletionStage<Outcome> accept(LeadInput input, Optional<String> idempotencyKey, String bodyHash, boolean route) {
    CleanLead clean = deps.settings().clean(input);
    List<String> contacts = contactKeys(clean);
    String proposed = Ids.newLeadId();
    KeyClaims.Request request = new KeyClaims.Request(proposed, bodyHash, idempotencyKey.orElse(null),
        input.sourceEventId() == null ? null : KeyClaims.sourceKey(input.source(), input.sourceEventId()),
        contacts, deps.settings().dedupWindow().toMillis());
    // Bounded like the lead's ask: claims are stored one batch at a time, and with the database gone
    // each batch waits out the pool's connection timeout, so a delivery queued behind one waited for
    // two (over 20 s in the PostgreSQL outage test). A claim stored after its caller got the 503 is
    // harmless: the retry finds it and gives its lead the Receive (a Touch of a lead never received is one).
    return claims.claim(request).toCompletableFuture().orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS).thenCompose(r -> {
      if (r.isKeyReused()) return CompletableFuture.completedFuture((Outcome) new KeyReused());
      boolean fresh = r.leadId().equals(proposed);
      if (r.owner().equals(r.leadId())) {
        return lead(r.leadId()).<Lead.Accepted>ask(replyTo -> new Lead.Receive(clean, input.notes(), replyTo,
            r.previousLeadId(), route), askTimeout).thenApply(a -> (Outcome) new Accepted(a, fresh ? How.CREATED : How.DUPLICATE));
      }
      return lead(r.owner()).<Lead.Accepted>ask(replyTo -> new Lead.Touch(clean, input.notes(), replyTo), askTimeout)
          .thenApply(a -> (Outcome) new Accepted(a, fresh ? How.MERGED : How.DUPLICATE));
    });
  }

  private static List<String> contactKeys(CleanLead clean) {
    List<String> contacts = new ArrayList<>();
    clean.phones().forEach(p -> contacts.add(KeyClaims.phoneKey(p)));
    clean.emails().forEach(e -> contacts.add(KeyClaims.emailKey(e)));
    return contacts;
  }

  /**
   * What {@link #accept} would make of each input, in order, claiming nothing (a bulk import's dry
   * run): {@code DUPLICATE} when its source event is known (or an earlier input's), {@code MERGED}
   * when one of its contacts belongs to a lead within the dedup window (or to an earlier input),
   * else {@code CREATED}. {@code earlier} holds the keys of the inputs before these (the caller's
   * earlier batches) and gets these inputs' keys added.
   */
  public CompletionStage<List<How>> wouldAccept(List<LeadInput> inputs, java.util.Set<String> earlier) {
    List<String> sourceKeys = new ArrayList<>();
    List<List<String>> contacts = new ArrayList<>();
    java.util.Set<String> all = new java.util.HashSet<>();
    for (LeadInput input : inputs) {
      String source = input.sourceEventId() == null ? null : KeyClaims.sourceKey(input.source(), input.sourceEventId());
      List<String> keys = contactKeys(deps.settings().clean(input));
      sourceKeys.add(source);
      contacts.add(keys);
      if (source != null) all.add(source);
      all.addAll(keys);
    }
    return claims.holders(all, deps.settings().dedupWindow().toMillis()).thenApply(held -> {
      List<How> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        String source = sourceKeys.get(i);
        List<String> keys = contacts.get(i);
        if (source != null && (held.containsKey(source) || earlier.contains(source))) {
          out.add(How.DUPLICATE);
          continue;
        }
        out.add(keys.stream().anyMatch(k -> held.containsKey(k) || earlier.contains(k)) ? How.MERGED : How.CREATED);
        if (source != null) earlier.add(source);
        earlier.addAll(keys);
      }
      return out;
    });
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Lead.Command> lead(String leadId) {
    return deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId);
  }

  public static String sha256(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
