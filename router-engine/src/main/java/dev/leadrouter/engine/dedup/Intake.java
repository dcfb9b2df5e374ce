package dev.leadrouter.engine.dedup;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.EmailCleaner;
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
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Accepting one canonical lead, whoever posted it (the canonical API or a source adapter): claim its
 * keys, clean it, and record it on its {@link Lead} entity. Answers once the lead's first event is
 * durable. Both keys are claimed in turn — the caller's Idempotency-Key, then the source event — so
 * the source event decides which lead a delivery is, whatever headers came with it.
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
  private final Duration askTimeout;

  public Intake(EngineDeps deps, Duration askTimeout) {
    this.deps = deps;
    this.askTimeout = askTimeout;
  }

  /** The most characters a journal's {@code persistence_id} holds ({@code V1__journal.sql}: VARCHAR(255)). */
  public static final int MAX_PERSISTENCE_ID = 255;

  /**
   * The fields of {@code input} whose entity key could never be journaled — its persistence id
   * ({@code IntakeKey|src:<source>:<sourceEventId>}, {@code IntakeKey|idem:<caller>:<key>}, {@code
   * ContactKey|email:<address>}) longer than {@link #MAX_PERSISTENCE_ID} — each named with what it
   * may hold: refused at the edge with 400, because the journal would refuse them on every retry.
   * Measured on the key as stored: after escaping ({@code :} and {@code %} count three) and, for
   * e-mails, after cleaning (NFKC, lower case). Phones are E.164 and always fit.
   *
   * @param caller the caller an Idempotency-Key is scoped to, or null when there is none
   * @param idempotencyKey the caller's Idempotency-Key as sent, or null
   */
  public static List<FieldError> unstorable(LeadInput input, String caller, String idempotencyKey) {
    List<FieldError> errors = new ArrayList<>();
    if (input.sourceEventId() != null) {
      String key = IntakeKey.sourceKey(input.source(), input.sourceEventId());
      if (!fits(IntakeKey.ENTITY_KEY.name(), key)) {
        int room = room(IntakeKey.ENTITY_KEY.name(), IntakeKey.sourceKey(input.source(), ""));
        errors.add(room <= 0
            ? new FieldError("/source", "too long to be stored: a source name is at most 64 characters, ':' and '%' counting 3")
            : new FieldError("/sourceEventId", "too long to be stored: at most " + room
                + " characters for source '" + input.source() + "' (':' and '%' count 3)"));
      }
    }
    if (idempotencyKey != null && caller != null && !fits(IntakeKey.ENTITY_KEY.name(), IntakeKey.idempotencyKey(caller, idempotencyKey))) {
      errors.add(new FieldError("Idempotency-Key", "too long to be stored: at most "
          + Math.max(0, room(IntakeKey.ENTITY_KEY.name(), IntakeKey.idempotencyKey(caller, ""))) + " characters (':' and '%' count 3)"));
    }
    for (String email : EmailCleaner.clean(input.email()).addresses()) {
      if (!fits(ContactKey.ENTITY_KEY.name(), ContactKey.emailKey(email))) {
        errors.add(new FieldError("/email", "too long to be stored: an address is at most "
            + room(ContactKey.ENTITY_KEY.name(), ContactKey.emailKey("")) + " characters"));
        break;
      }
    }
    return errors;
  }

  /** Whether {@code PersistenceId.of(entityType, key)} fits the journal (counted in UTF-16 units, never fewer than characters). */
  static boolean fits(String entityType, String key) {
    return PersistenceId.of(entityType, key).id().length() <= MAX_PERSISTENCE_ID;
  }

  private static int room(String entityType, String prefix) {
    return MAX_PERSISTENCE_ID - PersistenceId.of(entityType, prefix).id().length();
  }

  /**
   * @param idempotencyKey the caller's key, already scoped to the caller ({@link IntakeKey#idempotencyKey})
   * @param bodyHash the SHA-256 of what the caller sent (a reused Idempotency-Key must carry the same)
   */
  public CompletionStage<Outcome> accept(LeadInput input, Optional<String> idempotencyKey, String bodyHash) {
    Optional<String> sourceKey = Optional.ofNullable(input.sourceEventId())
        .map(id -> IntakeKey.sourceKey(input.source(), id));
    String proposed = Ids.newLeadId();
    return claim(idempotencyKey, proposed, bodyHash, true)
        .thenCompose(byIdem -> byIdem.isEmpty()
            ? CompletableFuture.completedFuture(byIdem)
            : claim(sourceKey, byIdem.get(), bodyHash, false))
        .thenCompose(leadId -> leadId.isEmpty()
            ? CompletableFuture.completedFuture((Outcome) new KeyReused())
            : receive(leadId.get(), input).thenApply(a -> (Outcome) (leadId.get().equals(proposed) ? a
                : new Accepted(a.lead(), How.DUPLICATE))));
  }

  /** The lead id {@code key} belongs to ({@code proposed} when new or absent); empty when {@code strictBody} and the body differs. */
  private CompletionStage<Optional<String>> claim(Optional<String> key, String proposed, String bodyHash, boolean strictBody) {
    if (key.isEmpty()) return CompletableFuture.completedFuture(Optional.of(proposed));
    return deps.sharding().entityRefFor(IntakeKey.ENTITY_KEY, key.get())
        .<IntakeKey.Claimed>ask(replyTo -> new IntakeKey.Claim(proposed, bodyHash, replyTo), askTimeout)
        .thenApply(c -> strictBody && !c.sameBody() ? Optional.<String>empty() : Optional.of(c.leadId()));
  }

  /**
   * Records the lead, or — when one of its contacts (each E.164 phone, then each e-mail) belongs to a
   * lead seen within the dedup window — touches that lead instead. Contact keys are claimed in order;
   * the first held by another lead decides, and the keys claimed before it are pointed at that lead.
   */
  private CompletionStage<Accepted> receive(String leadId, LeadInput input) {
    CleanLead clean = deps.settings().clean(input);
    List<String> keys = new ArrayList<>();
    clean.phones().forEach(p -> keys.add(ContactKey.phoneKey(p)));
    clean.emails().forEach(e -> keys.add(ContactKey.emailKey(e)));
    return owner(keys, 0, leadId, null).thenCompose(owner -> {
      if (owner.leadId().equals(leadId)) {
        return lead(leadId).<Lead.Accepted>ask(replyTo -> new Lead.Receive(clean, input.notes(), replyTo,
            owner.previousLeadId()), askTimeout).thenApply(a -> new Accepted(a, How.CREATED));
      }
      return lead(owner.leadId()).<Lead.Accepted>ask(replyTo -> new Lead.Touch(clean, input.notes(), replyTo), askTimeout)
          .thenApply(a -> new Accepted(a, How.MERGED));
    });
  }

  /**
   * The lead the contact keys from index {@code i} on belong to ({@code proposed} when none is held),
   * with the first lead a key was taken over from ({@code previous} so far): the returning contact's
   * earlier lead.
   */
  private CompletionStage<ContactKey.Owner> owner(List<String> keys, int i, String proposed, String previous) {
    if (i >= keys.size()) return CompletableFuture.completedFuture(new ContactKey.Owner(proposed, previous));
    return contactKey(keys.get(i))
        .<ContactKey.Owner>ask(replyTo -> new ContactKey.Claim(proposed, deps.settings().dedupWindow().toMillis(), replyTo), askTimeout)
        .thenCompose(o -> {
          if (o.leadId().equals(proposed)) return owner(keys, i + 1, proposed, previous != null ? previous : o.previousLeadId());
          for (int j = 0; j < i; j++) contactKey(keys.get(j)).tell(new ContactKey.Point(o.leadId()));
          for (int j = i + 1; j < keys.size(); j++) contactKey(keys.get(j)).tell(new ContactKey.Point(o.leadId()));
          return CompletableFuture.completedFuture(o);
        });
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<ContactKey.Command> contactKey(String key) {
    return deps.sharding().entityRefFor(ContactKey.ENTITY_KEY, key);
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
