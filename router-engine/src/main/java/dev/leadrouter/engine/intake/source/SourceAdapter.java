package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.LeadInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collection;

/**
 * Turns one platform's deliveries into canonical leads. Pure and stateless: no I/O, no clock but
 * {@code now}. One implementation per adapter type, registered in {@link SourceAdapters}.
 *
 * <p>The engine calls, in order: {@link #verify} on the raw delivery (a failure is 401 and nothing
 * is stored), then stores the delivery verbatim, then {@link #parse}. A delivery may hold several
 * leads (lists, pull-API pages), or only references the engine must fetch from the platform
 * ({@link Fetch}), or be malformed ({@link Result#errors()}, 400 naming the part).
 */
public interface SourceAdapter {

  /** The type name sources use, e.g. {@code typeform}. */
  String type();

  /**
   * The {@code options} and {@code secrets} keys this adapter reads. Any other key of a source of this
   * type is refused naming it ({@code /sources/N/options/apiBaseUrll}): a typo must not silently fall
   * back to a default.
   */
  default Keys keys() {
    return Keys.NONE;
  }

  /** What is wrong with a source's configuration for this adapter (pointers under {@code pointer}). */
  default List<FieldError> validate(SourceConfig config, String pointer) {
    return List.of();
  }

  /** Whether the delivery really comes from the platform, as the platform defines it. */
  Verdict verify(Delivery delivery, SourceConfig config, Instant now);

  /** The leads, references and errors in an authentic delivery. Never throws on bad input. */
  Result parse(Delivery delivery, SourceConfig config);

  /**
   * The body to answer a platform's GET verification request (Meta's {@code hub.challenge}, WeCom's
   * {@code echostr}), or empty when this is not one (404).
   */
  default Optional<String> handshake(Delivery get, SourceConfig config) {
    return Optional.empty();
  }

  /**
   * The {@code options} a new source of this type starts with on the admin page ({@code GET
   * /sources/templates}); null for none.
   */
  default com.fasterxml.jackson.databind.JsonNode startingOptions() {
    return null;
  }

  /**
   * A sample delivery as the platform would post it to a source configured as {@code config}, signed or
   * tokened with the source's secrets, so {@link #verify} and {@link #parse} treat it like a real one
   * ({@code POST /sources/{id}/test-delivery}); empty when the engine cannot imitate this platform.
   */
  default Optional<Delivery> sample(SourceConfig config, Instant now) {
    return Optional.empty();
  }

  /**
   * Why {@link #sample} is empty for this type and what to do instead (shown with the 422 {@code
   * no-sample} of {@code POST /sources/{id}/test-delivery}); null when it has a sample.
   */
  default String noSample() {
    return null;
  }

  /** Whether deliveries authenticate with the source's token in the URL ({@code …/events?token=…}). */
  default boolean tokenInUrl(SourceConfig config) {
    return this instanceof TokenAuthenticated;
  }

  /** The outcome of {@link #verify}. */
  record Verdict(boolean authentic, String reason) {
    public static final Verdict AUTHENTIC = new Verdict(true, null);

    public static Verdict refused(String reason) {
      return new Verdict(false, reason);
    }
  }

  /**
   * One lead found in a delivery: the canonical input (its {@code sourceEventId} is the platform's id
   * of this lead, used to accept a retried delivery once) and whether the platform marked it a test.
   */
  record SourceLead(LeadInput input, boolean test) {}

  /**
   * A lead the delivery only refers to: GET {@code url} with {@code headers}, and parse the answer with
   * the adapter {@code adapterType} (e.g. {@code meta-lead}) as a JSON delivery to the same source.
   * Retried with backoff until it succeeds, never dropped. When {@code tokenUrl} is set (platforms
   * with short-lived tokens, e.g. WeCom {@code gettoken?corpid=…&corpsecret=…}), the engine first GETs
   * it, reads {@code access_token} (cached for its {@code expires_in}) and adds
   * {@code access_token=<token>} to {@code url}'s query.
   */
  record Fetch(String reference, String adapterType, String url, Map<String, String> headers, String tokenUrl) {
    public Fetch {
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
  }

  /**
   * What a delivery held. {@code reply} is the body the platform expects back (WeCom wants {@code
   * success}); null for the engine's own JSON answer.
   */
  record Result(List<SourceLead> leads, List<Fetch> fetches, List<FieldError> errors, String reply) {
    public Result {
      leads = List.copyOf(leads);
      fetches = List.copyOf(fetches);
      errors = List.copyOf(errors);
    }

    public static Result of(List<SourceLead> leads) {
      return new Result(leads, List.of(), List.of(), null);
    }

    public static Result malformed(String pointer, String message) {
      return new Result(List.of(), List.of(), List.of(new FieldError(pointer, message)), null);
    }
  }

  /** The option and secret keys an adapter knows. */
  record Keys(Set<String> options, Set<String> secrets) {
    public static final Keys NONE = new Keys(Set.of(), Set.of());

    public Keys {
      options = Set.copyOf(options);
      secrets = Set.copyOf(secrets);
    }

    public static Keys of(Collection<String> options, Collection<String> secrets) {
      return new Keys(new TreeSet<>(options), new TreeSet<>(secrets));
    }
  }
}
