package dev.leadrouter.http;

import dev.leadrouter.http.Access.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Every endpoint the server answers: method, path template, the {@link Access.Action} its route
 * checks (null: public, no token) and what the path's id names. The table is also the gate in front
 * of the routes ({@link #gate}): a request whose path matches no row is 404 and one whose method no
 * row of its path declares is 405, before any route sees it. So a route mounted without a row here
 * cannot be reached, and the auth sweep (AuthSweepTest) derives its refusals for every row from the
 * row's action. docs/api.md lists the same rows (a test compares them).
 */
public final class RouteTable {

  /** What the id in the path names, which decides the caller's {@link Access.Relation} to it. */
  public enum Target {
    /** Nothing in particular: the role decides. */
    NONE,
    /** A lead ({@code {leadId}}, or {@code ?leadId=}). */
    LEAD,
    /** An opportunity ({@code {opportunityId}}); whoever may not read it is told it does not exist. */
    OPPORTUNITY,
    /** A person ({@code {repId}}, {@code {personId}}, or the body's {@code personId}). */
    PERSON
  }

  /** One endpoint. {@code path} is a template: {@code {name}} stands for any one segment. */
  public record Endpoint(String method, String path, Action action, Target target) {
    public boolean isPublic() {
      return action == null;
    }

    /** The template's segments. */
    public List<String> segments() {
      return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
  }

  private static Endpoint row(String method, String path, Action action) {
    return new Endpoint(method, path, action, Target.NONE);
  }

  private static Endpoint row(String method, String path, Action action, Target target) {
    return new Endpoint(method, path, action, target);
  }

  private static final String V1 = "/api/v1";

  /** The rows, in docs/api.md's order. */
  public static final List<Endpoint> ENDPOINTS = List.of(
      row("POST", V1 + "/leads", Action.INTAKE_LEAD),
      row("GET", V1 + "/leads", Action.SEARCH_LEADS),
      row("POST", V1 + "/leads/preview", Action.PREVIEW_LEAD),
      row("GET", V1 + "/leads/{leadId}", Action.READ_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/ack", Action.ACKNOWLEDGE_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/close", Action.CLOSE_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/hold", Action.HOLD_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/resume", Action.RESUME_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/contacted", Action.RECORD_CONTACT, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/assign", Action.ASSIGN_LEAD, Target.LEAD),
      row("GET", V1 + "/leads/{leadId}/routing", Action.READ_LEAD, Target.LEAD),
      row("POST", V1 + "/leads/{leadId}/convert", Action.CONVERT_LEAD, Target.LEAD),
      row("GET", V1 + "/notifications", Action.READ_LEAD, Target.LEAD),
      row("GET", V1 + "/opportunities", Action.LIST_OPPORTUNITIES),
      row("GET", V1 + "/opportunities/{opportunityId}", Action.READ_OPPORTUNITY, Target.OPPORTUNITY),
      row("POST", V1 + "/opportunities/{opportunityId}/actions", Action.WORK_OPPORTUNITY, Target.OPPORTUNITY),
      row("POST", V1 + "/opportunities/{opportunityId}/stage", Action.WORK_OPPORTUNITY, Target.OPPORTUNITY),
      row("POST", V1 + "/opportunities/{opportunityId}/snooze", Action.WORK_OPPORTUNITY, Target.OPPORTUNITY),
      row("GET", V1 + "/reports/funnel", Action.READ_FUNNEL),
      row("GET", V1 + "/reports/first-touch", Action.READ_REPORTS),
      row("GET", V1 + "/reports/sla", Action.READ_REPORTS),
      row("GET", V1 + "/reports/follow-up", Action.READ_REPORTS),
      row("GET", V1 + "/reports/sources", Action.READ_REPORTS),
      row("GET", V1 + "/pipelines", Action.READ_RULES),
      row("PUT", V1 + "/pipelines", Action.MANAGE_RULES),
      row("GET", V1 + "/pipelines/versions", Action.READ_RULES),
      row("GET", V1 + "/pipelines/versions/{n}", Action.READ_RULES),
      row("GET", V1 + "/sla-policies", Action.READ_RULES),
      row("PUT", V1 + "/sla-policies", Action.MANAGE_RULES),
      row("GET", V1 + "/sla-policies/versions", Action.READ_RULES),
      row("GET", V1 + "/sla-policies/versions/{n}", Action.READ_RULES),
      row("GET", V1 + "/sla/board", Action.READ_SLA_BOARD),
      row("GET", V1 + "/routing", Action.READ_RULES),
      row("PUT", V1 + "/routing", Action.MANAGE_RULES),
      row("GET", V1 + "/routing/versions", Action.READ_RULES),
      row("GET", V1 + "/routing/versions/{n}", Action.READ_RULES),
      row("GET", V1 + "/routing/versions/{a}/diff/{b}", Action.READ_RULES),
      row("POST", V1 + "/routing/versions/{n}/rollback", Action.MANAGE_RULES),
      row("POST", V1 + "/routing/simulate", Action.READ_RULES),
      row("GET", V1 + "/reps/{repId}", Action.READ_REP, Target.PERSON),
      row("POST", V1 + "/reps/{repId}/rotation", Action.MANAGE_ROTATION, Target.PERSON),
      row("GET", V1 + "/reps/{repId}/leads", Action.READ_REP, Target.PERSON),
      row("GET", V1 + "/reps/{personId}/stream", Action.READ_STREAM, Target.PERSON),
      row("PUT", V1 + "/reps/{repId}/availability", Action.SET_AVAILABILITY, Target.PERSON),
      row("PUT", V1 + "/reps/{repId}/absences", Action.SET_AVAILABILITY, Target.PERSON),
      row("GET", V1 + "/availability", Action.READ_AVAILABILITY),
      row("GET", V1 + "/stream", Action.READ_LIVE),
      row("GET", V1 + "/queues", Action.READ_QUEUE),
      row("GET", V1 + "/queues/{region}", Action.READ_QUEUE),
      row("GET", V1 + "/sources", Action.MANAGE_SOURCES),
      row("PUT", V1 + "/sources", Action.MANAGE_SOURCES),
      row("POST", V1 + "/sources/{sourceId}/events", null),
      row("GET", V1 + "/sources/{sourceId}/events", null),
      row("POST", V1 + "/sources/{sourceId}/preview", Action.PREVIEW_SOURCE),
      row("GET", V1 + "/sources/{sourceId}/fetches", Action.MANAGE_SOURCES),
      row("GET", V1 + "/sources/templates", Action.MANAGE_SOURCES),
      row("POST", V1 + "/sources/{sourceId}/test-delivery", Action.MANAGE_SOURCES),
      row("GET", V1 + "/sources/{sourceId}/deliveries", Action.MANAGE_SOURCES),
      row("GET", V1 + "/org", Action.MANAGE_ORG),
      row("PUT", V1 + "/org", Action.MANAGE_ORG),
      row("GET", V1 + "/org/versions", Action.MANAGE_ORG),
      row("GET", V1 + "/org/versions/{n}", Action.MANAGE_ORG),
      row("POST", V1 + "/imports", Action.IMPORT_LEADS),
      row("GET", V1 + "/imports/{importId}/report", Action.IMPORT_LEADS),
      row("GET", V1 + "/admin/projection-failures", Action.REPAIR_PROJECTIONS),
      row("POST", V1 + "/admin/projection-failures/{id}/replay", Action.REPAIR_PROJECTIONS),
      row("GET", V1 + "/me", Action.READ_ME),
      row("POST", V1 + "/login-links", Action.ISSUE_LOGIN_LINK, Target.PERSON),
      row("GET", "/app/login", null),
      row("POST", "/app/login", null),
      row("POST", "/app/logout", null),
      row("GET", "/api/openapi.json", null),
      row("GET", "/app/", null),
      row("GET", "/app/rep", null),
      row("GET", "/app/board", null),
      row("GET", "/app/leads/{leadId}", null),
      row("GET", "/app/reports", null),
      row("GET", "/app/admin", null),
      row("GET", "/app/assets/{file}", null),
      row("GET", "/health/alive", null),
      row("GET", "/health/ready", null),
      row("GET", "/metrics", Action.READ_METRICS));

  /** Each row's template segments, in {@link #ENDPOINTS}' order. */
  private static final List<List<String>> TEMPLATES = ENDPOINTS.stream().map(Endpoint::segments).toList();

  private RouteTable() {}

  private static boolean isVariable(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  private static boolean matches(List<String> template, List<String> segments) {
    if (template.size() != segments.size()) return false;
    for (int i = 0; i < template.size(); i++) {
      if (!isVariable(template.get(i)) && !template.get(i).equals(segments.get(i))) return false;
    }
    return true;
  }

  /**
   * The rows whose template matches the request's path (decoded segments), the most literal ones
   * only: {@code /leads/preview} is {@code POST /leads/preview}'s path, not a lead's.
   */
  static List<Endpoint> rowsFor(List<String> segments) {
    List<Endpoint> rows = new ArrayList<>(2);
    long literals = -1;
    for (int i = 0; i < ENDPOINTS.size(); i++) {
      List<String> template = TEMPLATES.get(i);
      if (!matches(template, segments)) continue;
      Endpoint e = ENDPOINTS.get(i);
      long l = template.stream().filter(t -> !isVariable(t)).count();
      if (l > literals) {
        rows.clear();
        literals = l;
      }
      if (l == literals) rows.add(e);
    }
    return rows;
  }

  /**
   * {@code inner} for a request some row declares; else a rejection: none (404) when no row's path
   * matches, the methods its rows declare (405 with {@code Allow}) when only the method is wrong.
   * HEAD is taken for GET. A body declared over {@link ApiDirectives#MAX_BODY_BYTES} is 413 here.
   */
  public static Route gate(Supplier<Route> inner) {
    return Directives.extractRequest(request -> {
      for (HttpHeader header : request.getHeaders()) {
        if (header.value().length() > ParsingProblems.MAX_HEADER_VALUE) {
          return afterReadingOff(request, ParsingProblems.headerTooLarge(header.name()));
        }
      }
      boolean streamed = streamsItsBody(request);
      if (!streamed && request.entity().getContentLengthOption().orElse(0L) > ApiDirectives.MAX_BODY_BYTES) {
        return afterReadingOff(request, Problems.payloadTooLarge(ApiDirectives.MAX_BODY_BYTES));
      }
      if (!streamed && !request.entity().isStrict()) return wholeBody(request, inner);
      List<String> segments = segments(request);
      List<Endpoint> rows = rowsFor(segments);
      if (rows.isEmpty()) return Directives.reject();
      String method = request.method().name().equals("HEAD") ? "GET" : request.method().name();
      for (Endpoint e : rows) {
        if (!e.method().equals(method)) continue;
        request.getAttribute(AccessLog.CALL).ifPresent(call -> {
          call.endpoint = e;
          call.pathId = firstVariable(e, segments);
        });
        return inner.get();
      }
      Set<String> allowed = new LinkedHashSet<>();
      rows.forEach(e -> allowed.add(e.method()));
      List<Rejection> rejections = allowed.stream()
          .map(m -> (Rejection) Rejections.method(HttpMethods.lookup(m).orElseThrow())).toList();
      return Directives.reject(rejections.get(0), rejections.subList(1, rejections.size()).toArray(Rejection[]::new));
    });
  }
  /**
   * {@code refusal}, once the request's body is read off: answered while the client is still sending,
   * the client sees a reset instead of the answer (a route that ignores bodies — ack, close, rotation —
   * would do that too).
   */
  private static Route afterReadingOff(HttpRequest request, HttpResponse refusal) {
    return Directives.extractMaterializer(mat -> Directives.onComplete(
        request.entity().discardBytes(mat).completionStage(), drained -> Directives.complete(refusal)));
  }


  /**
   * The one request whose body the gate does not read: a bulk import's file ({@code POST
   * /api/v1/imports}, up to {@code leadrouter.imports.max-bytes}) streams to its route, which applies
   * its own size limit and its own body timeout (408) ({@link ImportRoutes}). The rest of the gate
   * (its row, 404, 405) applies to it as to any request.
   */
  static boolean streamsItsBody(HttpRequest request) {
    return ImportRoutes.isUpload(request);
  }

  /**
   * How long a request's body may take to arrive once its head did. A client that stops half way
   * gets 408 problem+json then: pekko-http's own request timeout does not fire while a body is
   * unread, which left such a connection unanswered until the idle timeout.
   */
  static final java.time.Duration BODY_TIMEOUT = java.time.Duration.ofSeconds(10);

  /**
   * The gate again, once the body (at most {@link ApiDirectives#MAX_BODY_BYTES}) has arrived whole,
   * within {@link #BODY_TIMEOUT}. Every route then answers after the client has finished sending:
   * a route that ignores bodies (resume, ack, rotation, …) answering while a large body is still
   * being written made the server close the connection under the client, who saw a reset.
   */
  private static Route wholeBody(HttpRequest request, Supplier<Route> inner) {
    return Directives.withSizeLimit(ApiDirectives.MAX_BODY_BYTES, () -> Directives.extractRequestEntity(limited ->
        Directives.extractMaterializer(mat -> Directives.onComplete(limited.toStrict(BODY_TIMEOUT.toMillis(), mat), strict -> {
          if (strict.isSuccess()) {
            return Directives.mapRequest(r -> r.withEntity(strict.get()), () -> gate(inner));
          }
          Throwable failure = strict.failed().get();
          if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
          }
          if (failure instanceof java.util.concurrent.TimeoutException) {
            return Directives.complete(Problems.of(org.apache.pekko.http.javadsl.model.StatusCodes.REQUEST_TIMEOUT,
                "request-timeout", "Request timeout",
                "the body did not arrive within " + BODY_TIMEOUT.toSeconds() + " s of the request's head", List.of()));
          }
          return Directives.failWith(failure);
        }))));
  }

  /** The value of the template's first {@code {name}} segment (the lead, source, rep … the call is about), or null. */
  private static String firstVariable(Endpoint e, List<String> segments) {
    List<String> template = TEMPLATES.get(ENDPOINTS.indexOf(e));
    for (int i = 0; i < template.size(); i++) {
      if (isVariable(template.get(i))) return segments.get(i);
    }
    return null;
  }

  private static List<String> segments(HttpRequest request) {
    List<String> out = new ArrayList<>();
    request.getUri().pathSegments().forEach(s -> {
      if (!s.isEmpty()) out.add(s);
    });
    return out;
  }
}
