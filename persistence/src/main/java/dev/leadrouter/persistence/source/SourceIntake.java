package dev.leadrouter.persistence.source;

import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.dedup.Intake;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.source.Delivery;
import dev.leadrouter.engine.intake.source.SourceAdapter;
import dev.leadrouter.engine.intake.source.SourceConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What happens to an authentic delivery, whoever brought it (a platform's POST, a replay, a fetch):
 * it is kept verbatim, parsed by its adapter, each lead with a phone or an e-mail is accepted
 * through {@link Intake} (its source event id makes a repeat the same lead), the references are
 * queued for the fetcher, and the stored delivery records the outcome.
 *
 * <p>The leads of one delivery are accepted one after the other, in the order the adapter gives them
 * (the platform's order: a page of clues in creation order): each is recorded before the next is
 * asked for. Asked all at once, two clues of the same person would race for the contact key, and
 * which became the lead and which was merged into it would change from one run to the next.
 */
public final class SourceIntake {

  /** What a delivery became: its stored id, the adapter's result, the leads accepted, how many had no contact. */
  public record Processed(long eventId, SourceAdapter.Result result, List<Lead> leads, int withoutContact) {}

  /** One accepted lead: its id, status, and {@code created}, {@code merged} or {@code duplicate}. */
  public record Lead(String leadId, String status, String outcome) {}

  private final SourceEventStore store;
  private final Intake intake;
  private final Executor blocking;
  private final Clock clock;

  public SourceIntake(SourceEventStore store, Intake intake, Executor blocking, Clock clock) {
    this.store = store;
    this.intake = intake;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Keeps {@code delivery} (already verified) and processes it. */
  public CompletionStage<Processed> receive(Delivery delivery, SourceConfig config, SourceAdapter adapter) {
    return CompletableFuture.supplyAsync(() -> store.insert(delivery), blocking)
        .thenCompose(eventId -> process(eventId, delivery, config, adapter));
  }

  /** Keeps {@code delivery} (already verified) and processes {@code result}, what its adapter already parsed of it. */
  public CompletionStage<Processed> receive(Delivery delivery, SourceAdapter.Result result) {
    return CompletableFuture.supplyAsync(() -> store.insert(delivery), blocking)
        .thenCompose(eventId -> process(eventId, delivery, result));
  }

  /** Processes a delivery already kept as {@code eventId} (a replay or a fetched answer). */
  public CompletionStage<Processed> process(long eventId, Delivery delivery, SourceConfig config, SourceAdapter adapter) {
    return process(eventId, delivery, adapter.parse(delivery, config));
  }

  private CompletionStage<Processed> process(long eventId, Delivery delivery, SourceAdapter.Result parsed) {
    List<FieldError> unstorable = unstorable(parsed.leads());
    SourceAdapter.Result result = unstorable.isEmpty() ? parsed
        : new SourceAdapter.Result(List.of(), List.of(), unstorable, null);
    if (!result.errors().isEmpty()) {
      return CompletableFuture.supplyAsync(() -> {
        store.outcome(eventId, SourceEventStore.Status.MALFORMED, List.of(), result.errors().toString(), clock.instant());
        return new Processed(eventId, result, List.of(), 0);
      }, blocking);
    }
    List<LeadInput> reachable = new ArrayList<>();
    for (SourceAdapter.SourceLead lead : result.leads()) {
      if (lead.input().phone() != null || lead.input().email() != null) reachable.add(marked(lead));
    }
    int withoutContact = result.leads().size() - reachable.size();
    String hash = Intake.sha256(delivery.body());
    return acceptInOrder(reachable, hash).thenApplyAsync(outcomes -> {
      List<Lead> leads = new ArrayList<>();
      for (Intake.Outcome outcome : outcomes) {
        if (outcome instanceof Intake.Accepted a) {
          leads.add(new Lead(a.lead().leadId(), a.lead().status().name(), a.how().name().toLowerCase(java.util.Locale.ROOT)));
        }
      }
      store.queueFetches(eventId, delivery.sourceId(), result.fetches(), clock.instant());
      SourceEventStore.Status status = !result.fetches().isEmpty() ? SourceEventStore.Status.FETCHING
          : leads.isEmpty() && withoutContact > 0 ? SourceEventStore.Status.NO_CONTACT
          : SourceEventStore.Status.ACCEPTED;
      store.outcome(eventId, status, leads.stream().map(Lead::leadId).toList(),
          withoutContact > 0 ? withoutContact + " lead(s) without a phone or an e-mail" : null, clock.instant());
      return new Processed(eventId, result, leads, withoutContact);
    }, blocking);
  }

  /**
   * The leads' fields that could never be stored as entity keys ({@link Intake#unstorable}), each
   * named by its canonical field ({@code /sourceEventId}), with the lead's place when the delivery has
   * several: a platform retrying such a delivery gets 400 every time, never a 503 loop.
   */
  private static List<FieldError> unstorable(List<SourceAdapter.SourceLead> leads) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < leads.size(); i++) {
      String which = leads.size() == 1 ? "" : "lead " + (i + 1) + " of " + leads.size() + ": ";
      for (FieldError e : Intake.unstorable(leads.get(i).input(), null, null)) {
        errors.add(new FieldError(e.field(), which + e.message()));
      }
    }
    return errors;
  }

  /** Accepts the leads one after the other, in order; the outcomes in the same order. */
  private CompletionStage<List<Intake.Outcome>> acceptInOrder(List<LeadInput> inputs, String hash) {
    CompletionStage<List<Intake.Outcome>> done = CompletableFuture.completedFuture(new ArrayList<>(inputs.size()));
    for (LeadInput input : inputs) {
      done = done.thenCompose(outcomes -> intake.accept(input, Optional.empty(), hash).thenApply(outcome -> {
        outcomes.add(outcome);
        return outcomes;
      }));
    }
    return done;
  }

  /** A test lead from the platform keeps the mark in its attributes ({@code test=true}). */
  private static LeadInput marked(SourceAdapter.SourceLead lead) {
    if (!lead.test()) return lead.input();
    LeadInput in = lead.input();
    Map<String, String> attributes = new LinkedHashMap<>(in.attributes());
    attributes.put("test", "true");
    return new LeadInput(in.source(), in.sourceEventId(), in.name(), in.phone(), in.email(), in.company(), in.region(),
        in.industry(), in.budget(), in.priority(), in.utm(), in.clientIp(), in.notes(), attributes);
  }
}
