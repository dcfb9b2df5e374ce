package dev.leadrouter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Ids;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.EmailCleaner;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.dedup.Intake;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.dedup.KeyClaims;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.LeadView;
import dev.leadrouter.engine.lead.RoutingExplanation;
import dev.leadrouter.engine.routing.RoutingDecision;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.persistence.lead.LeadReadModel;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /api/v1/leads}: intake, preview, the lead view, acknowledgement and closing. */
public final class LeadRoutes extends ApiDirectives {

  private static final int MAX_IDEMPOTENCY_KEY = 200;
  /** What a lead id can be (ours are UUIDs); anything else is refused before it reaches an entity. */
  static final Pattern LEAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private final EngineDeps deps;
  private final LeadReadModel readModel;
  private final OutboxReadModel outbox;
  private final java.util.concurrent.Executor blocking;
  private final Duration askTimeout;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter acknowledged;
  private final Intake intake;

  public LeadRoutes(EngineDeps deps, Auth auth, Duration askTimeout, MeterRegistry metrics,
      LeadReadModel readModel, OutboxReadModel outbox, java.util.concurrent.Executor blocking, Intake intake) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.outbox = outbox;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.accepted = Counter.builder("leadrouter.leads.accepted")
        .description("leads accepted by POST /api/v1/leads (new, merged or duplicate)").register(metrics);
    this.rejected = Counter.builder("leadrouter.leads.rejected")
        .description("leads refused by POST /api/v1/leads as invalid (400)").register(metrics);
    this.acknowledged = Counter.builder("leadrouter.leads.acknowledged")
        .description("leads acknowledged by their rep through the API").register(metrics);
    this.intake = intake;
  }

  public Route route() {
    return pathPrefix("leads", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> allowedTo(Access.Action.INTAKE_LEAD, this::intake)),
            get(() -> allowedTo(Access.Action.SEARCH_LEADS, this::search)))),
        path("preview", () -> post(() -> allowedTo(Access.Action.PREVIEW_LEAD, this::preview))),
        pathPrefix(PathMatchers.segment(LEAD_ID), leadId -> concat(
            pathEnd(() -> get(() -> authenticated(p -> view(p, leadId)))),
            path("ack", () -> post(() -> authenticated(p -> acknowledge(p, leadId)))),
            path("close", () -> post(() -> authenticated(p -> close(p, leadId)))),
            path("hold", () -> post(() -> authenticated(p -> hold(p, leadId)))),
            path("resume", () -> post(() -> authenticated(p -> resume(p, leadId)))),
            path("contacted", () -> post(() -> authenticated(p -> contacted(p, leadId)))),
            path("assign", () -> post(() -> authenticated(p -> assign(p, leadId)))),
            path("routing", () -> get(() -> authenticated(p -> routing(p, leadId))))))));
  }

  private Route intake(Auth.Principal caller) {
    return optionalHeaderValueByName("Idempotency-Key", idempotencyKey -> jsonBody((json, raw) -> {
      if (caller.is("source") && json.isObject()) ((ObjectNode) json).put("source", caller.subject());
      LeadInputParser.Result parsed = LeadInputParser.parse(json);
      List<FieldError> errors = new java.util.ArrayList<>(parsed.errors());
      if (idempotencyKey.isPresent() && (idempotencyKey.get().isBlank() || idempotencyKey.get().length() > MAX_IDEMPOTENCY_KEY)) {
        errors.add(new FieldError("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters"));
      } else if (parsed.ok()) {
        errors.addAll(Intake.unstorable(parsed.input(), caller.subject(), idempotencyKey.orElse(null)));
      }
      if (!errors.isEmpty()) {
        rejected.increment();
        return complete(Problems.invalid(errors));
      }
      LeadInput input = parsed.input();
      Optional<String> idemKey = idempotencyKey.map(k -> KeyClaims.idempotencyKey(caller.subject(), k));
      CompletionStage<Intake.Outcome> outcome = intake.accept(input, idemKey, Intake.sha256(raw));
      return onSuccess(outcome, result -> {
        if (result instanceof Intake.Accepted a) {
          accepted.increment();
          return complete(Json.response(StatusCodes.ACCEPTED, a.lead())
              .addHeader(Location.create("/api/v1/leads/" + a.lead().leadId())));
        }
        return complete(Problems.of(StatusCodes.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
            "Idempotency-Key reused", "this Idempotency-Key was used before with a different body", List.of()));
      });
    }));
  }

  private Route preview(Auth.Principal caller) {
    return jsonBody((json, raw) -> {
      LeadInputParser.Result parsed = LeadInputParser.parse(json);
      if (!parsed.ok()) return complete(Problems.invalid(parsed.errors()));
      CleanLead clean = deps.settings().clean(parsed.input());
      return onSuccess(RoutingPool.preview(deps, clean, askTimeout), d -> complete(Json.response(StatusCodes.OK, new Preview(clean, d))));
    });
  }

  /** What a lead would look like and where it would go; nothing is written. */
  public record Preview(CleanLead lead, RoutingDecision routing) {}

  /**
   * {@code GET /api/v1/notifications?leadId=}: the lead's outbox rows with their delivery state,
   * for whoever may read the lead.
   */
  public Route notificationsRoute() {
    return path("notifications", () -> get(() -> authenticated(caller ->
        parameter("leadId", leadId -> !LEAD_ID.matcher(leadId).matches()
            ? complete(Problems.invalid(List.of(new FieldError("?leadId", "must be a lead id: 1 to 64 letters, digits and '-'"))))
            : onSuccess(get(leadId), reply -> {
          if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
          return ifAllowed(access().onLead(caller, ((Lead.Found) reply).view(), Access.Action.READ_LEAD), () ->
              onSuccess(CompletableFuture.supplyAsync(() -> outbox.ofLead(leadId), blocking),
                  rows -> complete(Json.response(StatusCodes.OK, java.util.Map.of("leadId", leadId, "notifications", rows)))));
        })))));
  }

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;

  /**
   * Search the lead index by phone or e-mail (in any written form: cleaned like intake), status and
   * rep. A manager sees only leads of the reps below them or in the regions they manage.
   */
  private Route search(Auth.Principal caller) {
    return parameterOptional("phone", phone -> parameterOptional("email", email ->
        parameterOptional("status", status -> parameterOptional("repId", repId -> parameterOptional("source", source ->
            parameterOptional("limit", limit -> {
              List<FieldError> errors = new java.util.ArrayList<>();
              String cleanPhone = phone.map(p -> LeadCleaner.e164(p).orElseGet(() -> {
                errors.add(new FieldError("?phone", "not a valid phone number"));
                return null;
              })).orElse(null);
              String cleanEmail = email.map(e -> EmailCleaner.single(e).orElseGet(() -> {
                errors.add(new FieldError("?email", "not a valid e-mail address"));
                return null;
              })).orElse(null);
              String cleanStatus = status.map(s -> s.toUpperCase(java.util.Locale.ROOT)).orElse(null);
              if (cleanStatus != null && java.util.Arrays.stream(Lead.Status.values()).noneMatch(s -> s.name().equals(cleanStatus))) {
                errors.add(new FieldError("?status", "unknown status (use received, queued, assigned, acknowledged, closed)"));
              }
              int max = limit(limit, DEFAULT_LIMIT, MAX_LIMIT, errors);
              if (phone.isEmpty() && email.isEmpty() && status.isEmpty() && repId.isEmpty() && source.isEmpty()) {
                errors.add(new FieldError("?phone", "give at least one of phone, email, status, repId, source"));
              }
              if (!errors.isEmpty()) return complete(Problems.invalid(errors));
              Optional<Access.LeadScope> scope = access().leadScope(caller);
              LeadReadModel.SearchFilter filter = new LeadReadModel.SearchFilter(cleanPhone, cleanEmail, cleanStatus,
                  repId.orElse(null), scope.map(Access.LeadScope::reps).orElse(null),
                  scope.map(Access.LeadScope::regions).orElse(null), source.orElse(null));
              return onSuccess(CompletableFuture.supplyAsync(() -> readModel.search(filter, max), blocking),
                  leads -> complete(Json.response(StatusCodes.OK, java.util.Map.of("leads", leads))));
            }))))));
  }

  /**
   * The lead's view plus {@code notifications}: every message the lead caused, with its delivery
   * state (from the outbox), so the timeline shows who was told and whether it arrived.
   */
  private Route view(Auth.Principal caller, String leadId) {
    return onSuccess(get(leadId), reply -> {
      if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
      LeadView view = ((Lead.Found) reply).view();
      return ifAllowed(access().onLead(caller, view, Access.Action.READ_LEAD), () ->
          onSuccess(CompletableFuture.supplyAsync(() -> outbox.ofLead(leadId), blocking), rows -> {
            ObjectNode body = Json.MAPPER.valueToTree(view);
            body.set("notifications", Json.MAPPER.valueToTree(rows.stream().map(NotificationState::of).toList()));
            return complete(Json.response(StatusCodes.OK, body));
          }));
    });
  }

  /**
   * {@code GET /leads/{id}/routing}: why the lead went where it went (or why it waits) — one plain
   * sentence, the outcome, the rule path (every rule tried and what happened there), the deciding
   * rule and every candidate with the reason it was or was not chosen. Whoever may read the lead.
   */
  private Route routing(Auth.Principal caller, String leadId) {
    return onSuccess(get(leadId), reply -> {
      if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
      LeadView view = ((Lead.Found) reply).view();
      return ifAllowed(access().onLead(caller, view, Access.Action.READ_LEAD), () -> explanation(leadId, view));
    });
  }

  private Route explanation(String leadId, LeadView view) {
    LeadView.AssignmentView a = view.assignment();
    RoutingDecision d = view.routing();
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("leadId", leadId);
    body.put("status", view.status());
    body.put("summary", RoutingExplanation.summary(view, deps.directory().current()));
    body.put("outcome", d == null ? null : d.outcome());
    body.put("repId", a == null ? null : a.repId());
    body.put("rule", d == null ? null : d.rule());
    body.put("distribution", d == null ? null : d.distribution());
    body.put("at", a == null ? null : a.at());
    body.put("waitUntil", d == null ? null : d.waitUntil());
    body.put("queue", d == null ? null : d.queue());
    body.put("rulesVersion", d == null || d.summary() == null ? null : d.rulesVersion());
    body.put("path", d == null ? List.of() : d.path());
    body.put("candidates", d == null ? List.of() : d.candidates());
    return complete(Json.response(StatusCodes.OK, body));
  }

  /** One notification of a lead as its view shows it (the payload is left out; see /notifications). */
  public record NotificationState(String kind, String recipientId, String channel, String status, Instant createdAt,
      int attempts, Instant sentAt, String lastError) {
    static NotificationState of(OutboxReadModel.Notification row) {
      return new NotificationState(row.kind(), row.recipientId(), row.channel(), row.status(), row.createdAt(),
          row.attempts(), row.sentAt(), row.lastError());
    }
  }

  private Route acknowledge(Auth.Principal caller, String leadId) {
    return ifAllowed(Access.decide(caller, Access.Action.ACKNOWLEDGE_LEAD), () -> onSuccess(
        lead(leadId).<Lead.AckReply>ask(r -> new Lead.Acknowledge(caller.subject(), r), askTimeout), r -> {
          if (r instanceof Lead.Refused refused) return complete(Problems.rejected(refused.rejection()));
          acknowledged.increment();
          return complete(Json.response(StatusCodes.OK, r));
        }));
  }

  private Route close(Auth.Principal caller, String leadId) {
    return ifAllowedOnLead(caller, leadId, Access.Action.CLOSE_LEAD, () -> onSuccess(
        lead(leadId).<Lead.CloseReply>ask(r -> new Lead.Close(caller.subject(), "closed over the API", r), askTimeout),
        c -> c instanceof Lead.Refused refused
            ? complete(Problems.rejected(refused.rejection()))
            : complete(Json.response(StatusCodes.OK, c))));
  }

  /** {@code {"reason": "..."}}: the reason a lead is put on hold (required, at most 500 characters). */
  public record HoldRequest(String reason) {}

  private Route hold(Auth.Principal caller, String leadId) {
    return jsonBody((json, raw) -> {
      Json.Bound<HoldRequest> bound = Json.bind(json, HoldRequest.class);
      if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
      String reason = bound.value() == null ? null : bound.value().reason();
      if (reason == null || reason.isBlank() || reason.length() > 500) {
        return complete(Problems.invalid(List.of(new FieldError("/reason", "a reason of 1 to 500 characters is required"))));
      }
      if (reason.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
        return complete(Problems.invalid(List.of(new FieldError("/reason",
            "must not contain control characters (NUL and the like cannot be stored)"))));
      }
      return ifAllowedOnLead(caller, leadId, Access.Action.HOLD_LEAD,
          () -> slaReply(lead(leadId).ask(r -> new Lead.Hold(caller.subject(), reason.strip(), r), askTimeout)));
    });
  }

  private Route resume(Auth.Principal caller, String leadId) {
    return ifAllowedOnLead(caller, leadId, Access.Action.RESUME_LEAD,
        () -> slaReply(lead(leadId).ask(r -> new Lead.Resume(caller.subject(), r), askTimeout)));
  }

  private Route contacted(Auth.Principal caller, String leadId) {
    return ifAllowed(Access.decide(caller, Access.Action.RECORD_CONTACT),
        () -> slaReply(lead(leadId).ask(r -> new Lead.RecordContact(caller.subject(), r), askTimeout)));
  }

  /** {@code {"repId": "..."}}: the rep a lead is given to by hand (a rep of the org chart). */
  public record AssignRequest(String repId) {}

  /**
   * {@code POST /leads/{id}/assign}: a manager gives a queued (or not yet acknowledged) lead to a rep
   * by hand. 400 when {@code /repId} names no rep of the org chart; 403 unless {@link
   * Access#onAssignment} allows it; 409 naming {@code /repId} when the rep cannot take it now, or when
   * the lead is closed or acknowledged. The same assignment again answers 200 and changes nothing.
   */
  private Route assign(Auth.Principal caller, String leadId) {
    return jsonBody((json, raw) -> {
      Json.Bound<AssignRequest> bound = Json.bind(json, AssignRequest.class);
      if (!bound.errors().isEmpty()) return complete(Problems.invalid(bound.errors()));
      String repId = bound.value() == null ? null : bound.value().repId();
      if (repId == null || repId.isBlank()) {
        return complete(Problems.invalid(List.of(new FieldError("/repId", "the id of a rep of the org chart is required"))));
      }
      boolean aRep = deps.directory().current().person(repId).map(dev.leadrouter.engine.org.OrgChart.Person::isRep)
          .orElse(false);
      if (!aRep) return complete(Problems.invalid(List.of(new FieldError("/repId", "not a rep in the org chart"))));
      return onSuccess(get(leadId), reply -> {
        if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
        return ifAllowed(access().onAssignment(caller, ((Lead.Found) reply).view(), repId), () -> onSuccess(
            lead(leadId).<Lead.AssignReply>ask(r -> new Lead.Assign(repId, caller.subject(), r), askTimeout),
            a -> a instanceof Lead.Refused refused
                ? complete(Problems.rejected(refused.rejection()))
                : complete(Json.response(StatusCodes.OK, a))));
      });
    });
  }

  /** Runs {@code then} when {@link Access} lets the caller do {@code action} on the lead as it is now. */
  private Route ifAllowedOnLead(Auth.Principal caller, String leadId, Access.Action action,
      java.util.function.Supplier<Route> then) {
    return onSuccess(get(leadId), reply -> {
      if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
      return ifAllowed(access().onLead(caller, ((Lead.Found) reply).view(), action), then);
    });
  }

  private Route slaReply(CompletionStage<Lead.SlaReply> reply) {
    return onSuccess(reply, r -> r instanceof Lead.Refused refused
        ? complete(Problems.rejected(refused.rejection()))
        : complete(Json.response(StatusCodes.OK, r)));
  }

  private Access access() {
    return new Access(deps.directory().current());
  }

  private CompletionStage<Lead.GetReply> get(String leadId) {
    return lead(leadId).ask(Lead.Get::new, askTimeout);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Lead.Command> lead(String leadId) {
    return deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId);
  }


}
