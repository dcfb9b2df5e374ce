package dev.leadrouter.engine.opportunity;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.vocab.Notice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * What an {@link Opportunity} is told, answers and records. Kept apart from the entity so the read
 * models and the HTTP layer read the vocabulary without the behaviour. Events and the records inside
 * them are persisted (Kryo, ADR 0002): they never change shape once released.
 */
public final class OpportunityProtocol {

  private OpportunityProtocol() {}

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Opportunity");

  /** A lead converts once, so its opportunity's id follows from it: {@code opp-<leadId>}. */
  public static String idFor(String leadId) {
    return "opp-" + leadId;
  }

  /** The projection tag of an opportunity: a fixed slice, like the lead's. */
  public static String tagFor(String opportunityId, int tagCount) {
    return "opportunity-" + Math.abs(opportunityId.hashCode() % tagCount);
  }

  // ---------------------------------------------------------------- commands

  public sealed interface Command extends EngineSerializable {}

  /**
   * Opens the opportunity from its acknowledged lead (sent by the lead after it recorded the
   * conversion, again after its recovery until opened). Idempotent: an opportunity already open for
   * the same lead replies {@link Opened} and records nothing.
   */
  public record Open(LeadLink lead, String by, String name, BigDecimal amount, String currency, String pipeline,
      ActorRef<OpenReply> replyTo) implements Command {}

  /** Records an action; replies {@link ActionRecorded} (valid or not) or {@link Refused}. */
  public record RecordAction(ActionInput action, String by, ActorRef<ActionReply> replyTo) implements Command {}

  /**
   * Moves to stage {@code to}; replies {@link Found} with the opportunity after the move, {@link
   * StageRefused} listing each missing item, or {@link Refused}. {@code manager}: the caller manages
   * the owner (or is an admin), so may move backwards.
   */
  public record MoveStage(String to, List<String> checklist, String reason, String by, boolean manager,
      ActorRef<StageReply> replyTo) implements Command {}

  /**
   * Suspends the idle clock until {@code until}; longer than the pipeline's snooze limit needs
   * {@code manager}. Replies {@link Found} or {@link Refused}.
   */
  public record Snooze(Instant until, String reason, String by, boolean manager, ActorRef<StageReply> replyTo)
      implements Command {}

  /** Replies {@link Found} or {@link Refused} NOT_FOUND. */
  public record Get(ActorRef<StageReply> replyTo) implements Command {}

  /**
   * From the entity's timer or the deadline scanner: downgrade or warn what is due. Replies {@link
   * Woken} once what was due is durable.
   */
  public record Wake(ActorRef<Woken> replyTo) implements Command {}

  /** Sharding's stop message for this entity leaving memory; see {@link dev.leadrouter.engine.lead.Lead.Passivate} for why a command. */
  public record Passivate() implements Command {}

  // ---------------------------------------------------------------- replies

  public sealed interface OpenReply extends EngineSerializable {}

  public sealed interface ActionReply extends EngineSerializable {}

  public sealed interface StageReply extends EngineSerializable {}

  public record Opened(String opportunityId, String stage) implements OpenReply {}

  public record ActionAccepted(String actionId, boolean valid, String reason) implements ActionReply {}

  public record Found(OpportunityView view) implements StageReply {}

  /** A stage move that lacks evidence or checklist items (409): each missing item. */
  public record StageRefused(String detail, List<Missing> missing) implements StageReply {}

  public record Refused(Rejected rejection) implements OpenReply, ActionReply, StageReply {}

  /** A wake-up was handled: {@code fired} events were persisted by it (0: nothing was due). */
  public record Woken(String opportunityId, int fired) implements EngineSerializable {}

  // ---------------------------------------------------------------- values

  /**
   * What the opportunity keeps of its lead: the link, the contact, the owner (the rep who acknowledged
   * it), the region (macro region, province, city) and the source.
   */
  public record LeadLink(String leadId, String contactName, String company, List<String> phones, List<String> emails,
      String ownerId, String region, String province, String city, String source) implements EngineSerializable {
    public LeadLink {
      phones = List.copyOf(phones);
      emails = List.copyOf(emails);
    }
  }

  /**
   * One evidence item of an action: a reference and hash of a file kept outside the engine, or the
   * status of an external platform (an e-signature), or a duration (a recording).
   */
  public record Evidence(String kind, String url, String sha256, String status, Integer durationSeconds)
      implements EngineSerializable {}

  /** An action as the rep reports it; {@code at} is when it happened (null: now). */
  public record ActionInput(String type, Instant at, String outcome, String note, List<Evidence> evidence)
      implements EngineSerializable {
    public ActionInput {
      evidence = List.copyOf(evidence);
    }
  }

  /** One thing a stage move lacks: {@code evidence} (action + evidence kind) or {@code checklist} (item). */
  public record Missing(String kind, String action, String evidence, String item) implements EngineSerializable {
    public static Missing evidence(String action, String evidence) {
      return new Missing("evidence", action, evidence, null);
    }

    public static Missing checklist(String item) {
      return new Missing("checklist", null, null, item);
    }
  }

  // ---------------------------------------------------------------- events

  public sealed interface Event extends EngineSerializable {}

  /**
   * Opened from its lead in the pipeline's first stage. {@code idleDeadline}: when it is downgraded
   * without a valid action (null: the pipeline does not downgrade).
   */
  public record OpportunityOpened(String opportunityId, Instant at, LeadLink lead, String by, String name,
      BigDecimal amount, String currency, String pipeline, int pipelineVersion, String stage, Instant idleDeadline,
      Instant silentDeadline) implements Event {}

  /**
   * An action was recorded; {@code valid} says whether it counts as progress and {@code reason} why
   * (or why not). A valid one restarts the idle clock: {@code idleDeadline} is the new deadline (for an
   * invalid one, the unchanged one).
   */
  public record ActionRecorded(Instant at, String actionId, ActionInput action, String by, boolean valid,
      String reason, Instant idleDeadline) implements Event {}

  /**
   * Moved to another stage by a person: the checklist items ticked, the reason (backward moves and
   * {@code lost}), and the deadlines of the new stage.
   */
  public record StageChanged(Instant at, String by, String from, String to, List<String> checklist, String reason,
      Instant idleDeadline, Instant silentDeadline) implements Event {}

  /**
   * No valid action for the pipeline's {@code idleAfter}: moved back one stage, the owner and their
   * manager told; the idle clock restarts.
   */
  public record Downgraded(Instant at, String from, String to, Instant lastValidActionAt, Instant idleDeadline,
      Instant silentDeadline, List<Notice> notices) implements Event {}

  /** The stage was held past its silent period: the owner and their manager warned, with a summary. */
  public record SilentWarned(Instant at, String stage, String summary, Instant silentDeadline, List<Notice> notices)
      implements Event {}

  /** The idle clock is suspended until {@code until}; the idle deadline moved with it. */
  public record Snoozed(Instant at, String by, Instant until, String reason, Instant idleDeadline) implements Event {}
}
