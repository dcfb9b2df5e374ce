package dev.leadrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.common.JsonReader;
import dev.leadrouter.engine.intake.LeadInputParser;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.routing.rules.FairnessLedger;
import dev.leadrouter.engine.routing.rules.LeadFacts;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import dev.leadrouter.engine.routing.rules.Roster;
import dev.leadrouter.engine.routing.rules.RoutingDiff;
import dev.leadrouter.engine.routing.rules.RoutingDocument;
import dev.leadrouter.engine.routing.rules.RoutingRuleSet;
import dev.leadrouter.engine.routing.rules.RoutingRules;
import dev.leadrouter.engine.routing.rules.Simulation;
import dev.leadrouter.persistence.lead.LeadReadModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/routing}: the routing rules document (read: admin, director, manager; replace and
 * roll back: admin) with its versions and the difference between two, and
 * {@code POST /api/v1/routing/simulate}, which replays leads through a draft (or the published rules)
 * and answers where each would go. Validation is against the org chart and calendars in force.
 */
public final class RoutingRoutes extends ApiDirectives {

  static final int DEFAULT_LAST = 100;
  static final int MAX_LAST = 1000;
  private static final Set<String> SIMULATE_FIELDS = Set.of("draft", "leads", "last");

  private final EngineDeps deps;
  private final LeadReadModel readModel;
  private final Executor blocking;
  private final Duration askTimeout;
  private final DocumentVersions document;

  public RoutingRoutes(EngineDeps deps, Auth auth, LeadReadModel readModel, Executor blocking, Duration askTimeout) {
    super(auth);
    this.deps = deps;
    this.readModel = readModel;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.document = new DocumentVersions(deps, RoutingRules.KIND, "routing rules", askTimeout);
  }

  public Route route() {
    return pathPrefix("routing", () -> concat(
        pathEnd(() -> concat(
            get(() -> allowedTo(Access.Action.READ_RULES, p -> document.current())),
            put(() -> allowedTo(Access.Action.MANAGE_RULES, this::replace)))),
        path("versions", () -> get(() -> allowedTo(Access.Action.READ_RULES, p -> document.history()))),
        path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()), n ->
            get(() -> allowedTo(Access.Action.READ_RULES, p -> document.version(n)))),
        path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()).slash("diff")
            .slash(PathMatchers.integerSegment()), (a, b) -> get(() -> allowedTo(Access.Action.READ_RULES, p -> diff(a, b)))),
        path(PathMatchers.segment("versions").slash(PathMatchers.integerSegment()).slash("rollback"), n ->
            post(() -> allowedTo(Access.Action.MANAGE_RULES, p -> rollback(n, p)))),
        path("simulate", () -> post(() -> allowedTo(Access.Action.READ_RULES, p -> simulate())))));
  }

  private Route replace(Auth.Principal admin) {
    return jsonBody((json, raw) -> {
      RoutingDocument.Parsed parsed = parse(json, "");
      if (!parsed.errors().isEmpty()) return complete(Problems.invalid(parsed.errors()));
      return document.replace(json.toString(), admin.subject());
    });
  }

  /** {@code from} → {@code to}: each change by JSON Pointer (rules and pools matched by id). */
  private Route diff(int from, int to) {
    return document.withVersion(from, a -> document.withVersion(to, b -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("from", from);
      body.put("to", to);
      body.put("changes", RoutingDiff.between(a.json(), b.json()));
      return complete(Json.response(StatusCodes.OK, body));
    }));
  }

  /** Publishes version {@code n}'s document again, as a new version (if it still fits the org chart). */
  private Route rollback(int n, Auth.Principal admin) {
    return document.withVersion(n, v -> {
      List<FieldError> errors = parse(document.tree(v.json()), "").errors();
      if (!errors.isEmpty()) {
        return complete(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
            "version " + n + " no longer fits the org chart or calendars in force", errors));
      }
      return document.replace(v.json(), admin.subject());
    });
  }

  /**
   * {@code json} read as a routing document against the org chart and calendars in force; its errors
   * with each pointer under {@code prefix}.
   */
  private RoutingDocument.Parsed parse(JsonNode json, String prefix) {
    RoutingDocument.Parsed parsed = parse(deps, json);
    return new RoutingDocument.Parsed(parsed.document(),
        parsed.errors().stream().map(e -> new FieldError(prefix + e.field(), e.message())).toList());
  }

  /** {@code json} read as a routing document against the org chart and calendars in force: what {@code PUT /routing} takes. */
  static RoutingDocument.Parsed parse(EngineDeps deps, JsonNode json) {
    return RoutingDocument.parse(json, deps.directory().current(), deps.sla().current().calendars().keySet());
  }

  // ---------------------------------------------------------------- simulation

  /**
   * Replays {@code leads} (canonical leads, cleaned as intake would) or the {@code last} N leads
   * received through {@code draft} (or the published rules), with today's open-lead counts, a fresh
   * fairness ledger and everyone active. Writes nothing.
   */
  private Route simulate() {
    return jsonBody((json, raw) -> {
      if (!json.isObject()) return complete(Problems.invalid(List.of(new FieldError("", "the body must be a JSON object"))));
      JsonReader body = JsonReader.of(json);
      body.unknownFields(SIMULATE_FIELDS, f -> "unknown field (use draft, leads, last)");
      List<FieldError> errors = new ArrayList<>(body.errors());
      JsonNode draft = json.get("draft");
      Optional<RoutingDocument> draftDocument = Optional.empty();
      if (draft != null) {
        RoutingDocument.Parsed parsed = parse(draft, "/draft");
        errors.addAll(parsed.errors());
        draftDocument = parsed.document();
      }
      JsonNode leads = json.get("leads");
      List<Simulation.PastLead> supplied = new ArrayList<>();
      if (leads != null) supplied = suppliedLeads(leads, errors);
      JsonNode lastNode = json.get("last");
      int last = DEFAULT_LAST;
      if (lastNode != null) {
        if (leads != null) errors.add(new FieldError("/last", "give either leads or last, not both"));
        else if (!lastNode.isInt() || lastNode.asInt() < 1 || lastNode.asInt() > MAX_LAST) {
          errors.add(new FieldError("/last", "a whole number between 1 and " + MAX_LAST));
        } else {
          last = lastNode.asInt();
        }
      }
      if (!errors.isEmpty()) return complete(Problems.invalid(errors));
      int lastN = last;
      List<Simulation.PastLead> given = supplied;
      return onSuccess(ruleSet(draftDocument), compiled -> compiled.stale() != null
          ? complete(Problems.of(StatusCodes.CONFLICT, "conflict", "Conflict",
              "the published routing rules do not hold with the org chart in force (" + compiled.stale()
                  + "): publish rules that do, or send a draft to simulate", List.of()))
          : compiled.rules()
          .<Route>map(ruleSet -> onSuccess(leads != null ? CompletableFuture.completedFuture(given)
              : recentLeads(lastN, ruleSet.document().fallbackQueue()), past -> replay(ruleSet, draft != null, past)))
          .orElseGet(() -> complete(Problems.invalid(List.of(new FieldError("/draft",
              "no routing rules are published yet: send a draft to simulate"))))));
    });
  }

  private Route replay(RoutingRuleSet ruleSet, boolean draft, List<Simulation.PastLead> past) {
    return onSuccess(CompletableFuture.supplyAsync(readModel::openLeadsByRep, blocking), open -> {
      Map<String, RepWorkload> loads = new HashMap<>();
      open.forEach((rep, n) -> loads.put(rep, RepWorkload.open(n)));
      Simulation.Result result = Simulation.replay(ruleSet, Roster.EVERYONE_ACTIVE, loads, FairnessLedger.EMPTY, past);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("rules", draft ? "draft" : "version " + ruleSet.version());
      body.put("replayed", past.size());
      body.put("changed", result.changed());
      body.put("leads", result.leads());
      body.put("reps", result.reps());
      return complete(Json.response(StatusCodes.OK, body));
    });
  }

  /**
   * Rules to simulate with: empty when there is neither a draft nor published rules; {@code stale}
   * (the reason) when the published rules no longer compile against the org chart in force (a chart
   * published later dropped a person they name).
   */
  private record Compiled(Optional<RoutingRuleSet> rules, String stale) {}

  /** The draft compiled, or the published rules. */
  private CompletionStage<Compiled> ruleSet(Optional<RoutingDocument> draft) {
    if (draft.isPresent()) {
      return CompletableFuture.completedFuture(new Compiled(Optional.of(RoutingRuleSet.compile(0, draft.get(),
          deps.directory().current(), deps.sla().current().calendars())), null));
    }
    return document.store().ask(dev.leadrouter.engine.common.DocumentStore.Get::new, askTimeout)
        .thenApply(v -> {
          if (v.json() == null) return new Compiled(Optional.empty(), null);
          try {
            return new Compiled(Optional.of(RoutingRules.compile(v.version(), v.json(), deps.directory().current(),
                deps.sla().current())), null);
          } catch (IllegalArgumentException e) {
            return new Compiled(Optional.empty(), e.getMessage());
          }
        });
  }

  /** Canonical leads from the body, cleaned as intake cleans them; they went nowhere then. */
  private List<Simulation.PastLead> suppliedLeads(JsonNode leads, List<FieldError> errors) {
    List<Simulation.PastLead> out = new ArrayList<>();
    if (!leads.isArray() || leads.isEmpty() || leads.size() > MAX_LAST) {
      errors.add(new FieldError("/leads", "an array of 1 to " + MAX_LAST + " leads"));
      return out;
    }
    Instant now = deps.clock().instant();
    for (int i = 0; i < leads.size(); i++) {
      LeadInputParser.Result parsed = LeadInputParser.parse(leads.get(i));
      String prefix = "/leads/" + i;
      parsed.errors().forEach(e -> errors.add(new FieldError(prefix + e.field(), e.message())));
      if (parsed.ok()) {
        out.add(new Simulation.PastLead(null, LeadFacts.of(deps.settings().clean(parsed.input())), now, null));
      }
    }
    return out;
  }

  /**
   * The last {@code n} leads received, oldest first, with their facts and where they went (a lead
   * waiting in today's fallback queue counts as in {@code queue}, the rules' fallback queue).
   */
  private CompletionStage<List<Simulation.PastLead>> recentLeads(int n, String queue) {
    LeadReadModel.SearchFilter all = new LeadReadModel.SearchFilter(null, null, null, null, null, null);
    return CompletableFuture.supplyAsync(() -> readModel.search(all, n), blocking).thenCompose(summaries -> {
      List<CompletableFuture<Optional<Simulation.PastLead>>> asks = summaries.stream()
          .map(s -> deps.sharding().entityRefFor(Lead.ENTITY_KEY, s.leadId())
              .<Lead.GetReply>ask(Lead.Get::new, askTimeout)
              .thenApply(reply -> reply instanceof Lead.Found found
                  ? Optional.of(new Simulation.PastLead(s.leadId(), found.view().routingFacts(), s.receivedAt(),
                      then(found.view(), queue)))
                  : Optional.<Simulation.PastLead>empty())
              .toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(x -> asks.stream()
          .map(CompletableFuture::join).flatMap(Optional::stream)
          .sorted(Comparator.comparing(Simulation.PastLead::at).thenComparing(Simulation.PastLead::leadId))
          .toList());
    });
  }

  /** Where a lead went: its rep, else the fallback queue when it waits in one, else nowhere yet. */
  private static String then(dev.leadrouter.engine.lead.LeadView view, String queue) {
    if (view.assignment() != null) return view.assignment().repId();
    return "QUEUED".equals(view.status()) ? "queue:" + queue : null;
  }
}
