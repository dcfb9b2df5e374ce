package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.opportunity.OpportunityView;
import dev.leadrouter.engine.opportunity.Pipelines;
import dev.leadrouter.persistence.outbox.OutboxReadModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The commands of opportunities: {@code POST /api/v1/leads/{leadId}/convert}, the opportunity view
 * and its actions, stage moves and snoozes under {@code /api/v1/opportunities/{id}}, and the
 * pipelines document {@code /api/v1/pipelines} (read: admin, director, manager; replace: admin)
 * with its versions. Every command first reads the opportunity (or lead) so that {@link Access}
 * decides on its owner as it is now; the entity then decides the rest.
 */
public final class OpportunityRoutes extends ApiDirectives {

  private static final Pattern LEAD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern OPPORTUNITY_ID = Pattern.compile("[A-Za-z0-9-]{1,72}");

  private final EngineDeps deps;
  private final OutboxReadModel outbox;
  private final Executor blocking;
  private final Duration askTimeout;
  private final DocumentVersions pipelines;

  public OpportunityRoutes(EngineDeps deps, Auth auth, OutboxReadModel outbox, Executor blocking, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.outbox = outbox;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.pipelines = new DocumentVersions(deps, Pipelines.KIND, "pipelines", askTimeout);
  }

  public Route route() {
    return concat(
        path(PathMatchers.segment("leads").slash(PathMatchers.segment(LEAD_ID)).slash("convert"), leadId ->
            post(() -> authenticated(p -> convert(p, leadId)))),
        pathPrefix("opportunities", () -> pathPrefix(PathMatchers.segment(OPPORTUNITY_ID), id -> concat(
            pathEnd(() -> get(() -> authenticated(p -> view(p, id)))),
            path("actions", () -> post(() -> authenticated(p -> recordAction(p, id)))),
            path("stage", () -> post(() -> authenticated(p -> moveStage(p, id)))),
            path("snooze", () -> post(() -> authenticated(p -> snooze(p, id))))))),
        pathPrefix("pipelines", () -> concat(
            pathEnd(() -> concat(
                get(() -> allowedTo(Access.Action.READ_RULES, p -> pipelines.current())),
                put(() -> allowedTo(Access.Action.MANAGE_RULES, this::replacePipelines)))),
            path("versions", () -> get(() -> allowedTo(Access.Action.READ_RULES, p -> pipelines.history()))),
            path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()), n ->
                get(() -> allowedTo(Access.Action.READ_RULES, p -> pipelines.version(n)))))));
  }

  // ---------------------------------------------------------------- conversion

  /** 201 {@code {leadId, opportunityId, stage}} once the opportunity is open; 409 when the lead cannot convert. */
  private Route convert(Auth.Principal caller, String leadId) {
    return bodyOrEmpty(json -> {
      OpportunityRequests.Parsed<OpportunityRequests.Convert> parsed = OpportunityRequests.convert(json);
      if (!parsed.ok()) return complete(Problems.invalid(parsed.errors()));
      OpportunityRequests.Convert c = parsed.value();
      EntityRef<Lead.Command> lead = deps.sharding().entityRefFor(Lead.ENTITY_KEY, leadId);
      return onSuccess(lead.<Lead.GetReply>ask(Lead.Get::new, askTimeout), found -> {
        if (found instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
        return ifAllowed(access().onLead(caller, ((Lead.Found) found).view(), Access.Action.CONVERT_LEAD), () ->
            onSuccess(lead.<Lead.ConvertReply>ask(r -> new Lead.Convert(caller.subject(), c.name(), c.amount(),
                c.currency(), c.pipeline(), r), convertTimeout()), reply -> {
              if (reply instanceof Lead.Refused r) return complete(Problems.rejected(r.rejection()));
              Lead.Converted converted = (Lead.Converted) reply;
              return complete(Json.response(StatusCodes.CREATED, converted)
                  .addHeader(Location.create("/api/v1/opportunities/" + converted.opportunityId())));
            }));
      });
    });
  }

  // ---------------------------------------------------------------- the opportunity

  /** The view plus {@code notifications}: the downgrade and silence messages it caused, with their delivery state. */
  private Route view(Auth.Principal caller, String id) {
    return withOpportunity(caller, id, Access.Action.READ_OPPORTUNITY, view ->
        onSuccess(CompletableFuture.supplyAsync(() -> outbox.ofLead(id), blocking), rows -> {
          ObjectNode body = Json.MAPPER.valueToTree(view);
          body.set("notifications", Json.MAPPER.valueToTree(rows.stream().map(LeadRoutes.NotificationState::of).toList()));
          return complete(Json.response(StatusCodes.OK, body));
        }));
  }

  /** 201 {@code {actionId, valid, reason}}: recorded whether it counts or not. */
  private Route recordAction(Auth.Principal caller, String id) {
    return jsonBody((json, raw) -> {
      OpportunityRequests.Parsed<OpportunityProtocol.ActionInput> parsed = OpportunityRequests.action(json);
      if (!parsed.ok()) return complete(Problems.invalid(parsed.errors()));
      return withOpportunity(caller, id, Access.Action.WORK_OPPORTUNITY, view -> onSuccess(
          opportunity(id).<OpportunityProtocol.ActionReply>ask(
              r -> new OpportunityProtocol.RecordAction(parsed.value(), caller.subject(), r), askTimeout),
          reply -> reply instanceof OpportunityProtocol.Refused r
              ? complete(Problems.rejected(r.rejection()))
              : complete(Json.response(StatusCodes.CREATED, reply))));
    });
  }

  /** 200 with the opportunity moved; 409 {@code stage-refused} listing what is missing. */
  private Route moveStage(Auth.Principal caller, String id) {
    return jsonBody((json, raw) -> {
      OpportunityRequests.Parsed<OpportunityRequests.Stage> parsed = OpportunityRequests.stage(json);
      if (!parsed.ok()) return complete(Problems.invalid(parsed.errors()));
      OpportunityRequests.Stage s = parsed.value();
      return withOpportunity(caller, id, Access.Action.WORK_OPPORTUNITY, view -> {
        boolean manager = access().onOpportunity(caller, view, Access.Action.MANAGE_OPPORTUNITY).allowed();
        return stageReply(opportunity(id).ask(r -> new OpportunityProtocol.MoveStage(s.to(), s.checklist(), s.reason(),
            caller.subject(), manager, r), askTimeout));
      });
    });
  }

  /** 200 with the opportunity, its idle clock suspended. */
  private Route snooze(Auth.Principal caller, String id) {
    return jsonBody((json, raw) -> {
      OpportunityRequests.Parsed<OpportunityRequests.Snooze> parsed = OpportunityRequests.snooze(json);
      if (!parsed.ok()) return complete(Problems.invalid(parsed.errors()));
      OpportunityRequests.Snooze s = parsed.value();
      return withOpportunity(caller, id, Access.Action.WORK_OPPORTUNITY, view -> {
        boolean manager = access().onOpportunity(caller, view, Access.Action.MANAGE_OPPORTUNITY).allowed();
        return stageReply(opportunity(id).ask(r -> new OpportunityProtocol.Snooze(s.until(), s.reason(),
            caller.subject(), manager, r), askTimeout));
      });
    });
  }

  private Route stageReply(CompletionStage<OpportunityProtocol.StageReply> reply) {
    return onSuccess(reply, r -> {
      if (r instanceof OpportunityProtocol.StageRefused refused) return complete(Problems.stageRefused(refused));
      if (r instanceof OpportunityProtocol.Refused refused) return complete(Problems.rejected(refused.rejection()));
      return complete(Json.response(StatusCodes.OK, ((OpportunityProtocol.Found) r).view()));
    });
  }

  /**
   * The opportunity as it is now to {@code inner} when {@link Access} lets the caller do
   * {@code action} on it; else 404 (it does not exist, or the caller may not see it — the same
   * answer) or 403.
   */
  private Route withOpportunity(Auth.Principal caller, String id, Access.Action action,
      Function<OpportunityView, Route> inner) {
    return onSuccess(opportunity(id).<OpportunityProtocol.StageReply>ask(OpportunityProtocol.Get::new, askTimeout),
        reply -> {
          if (reply instanceof OpportunityProtocol.Found found) {
            return ifAllowed(access().onOpportunity(caller, found.view(), action), () -> inner.apply(found.view()));
          }
          if (reply instanceof OpportunityProtocol.Refused r && r.rejection().code() != Rejected.Code.NOT_FOUND) {
            return complete(Problems.rejected(r.rejection()));
          }
          return complete(Problems.notFound(Access.NO_SUCH_OPPORTUNITY));
        });
  }

  // ---------------------------------------------------------------- pipelines

  /** The store checks the document (JSON-Pointer errors, 400) and keeps it as the next version. */
  private Route replacePipelines(Auth.Principal admin) {
    return jsonBody((json, raw) -> {
      if (!json.isObject()) {
        return complete(Problems.invalid(List.of(new FieldError("", "the pipelines document must be a JSON object"))));
      }
      return pipelines.replace(json.toString(), admin.subject());
    });
  }

  // ---------------------------------------------------------------- plumbing

  /** A JSON body, or {@code {}} when the request has none (every field of a conversion is optional). */
  private Route bodyOrEmpty(Function<JsonNode, Route> inner) {
    return extractRequestEntity(entity -> entity.isKnownEmpty()
        ? inner.apply(Json.MAPPER.createObjectNode())
        : jsonBody((json, raw) -> inner.apply(json)));
  }

  /**
   * The lead answers a conversion only once the opportunity opened (or after its own open time-out,
   * with a 503 of its own that says the conversion is durable): wait for that answer, not less.
   */
  private Duration convertTimeout() {
    return askTimeout.plus(deps.settings().opportunities().openTimeout());
  }

  private Access access() {
    return new Access(deps.directory().current());
  }

  private EntityRef<OpportunityProtocol.Command> opportunity(String id) {
    return deps.sharding().entityRefFor(OpportunityProtocol.ENTITY_KEY, id);
  }
}
