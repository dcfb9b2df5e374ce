package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.http.Access.Action;
import dev.leadrouter.http.Access.Relation;
import dev.leadrouter.http.Access.Role;
import dev.leadrouter.http.RouteTable.Endpoint;
import dev.leadrouter.http.RouteTable.Target;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The auth sweep (issue 17 §3), generated from {@link RouteTable}: for every row that is not public,
 * no token, an expired token, a token signed with another secret and an {@code alg: none} token are
 * 401; every role × caller whose {@link Access} decision is a denial gets its 403 (404 where Access
 * hides the thing); another rep and another manager's chain are refused on every lead, opportunity
 * and person. Every refusal is problem+json. The table itself is proved complete: docs/api.md lists
 * exactly its rows, every row reaches a route that checks its token, every other method on a row's
 * path is 405 and a path no row declares is 404 (the table is the gate in front of the routes).
 */
class AuthSweepTest extends SharedH2Engine {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A lead assigned to {@link #leadRep}, in {@link #leadRegion}. */
  private static String lead;
  private static String leadRep;
  private static String leadRegion;
  /** An opportunity owned by {@link #opportunityOwner}, in {@link #opportunityRegion}. */
  private static String opportunity;
  private static String opportunityOwner;
  private static String opportunityRegion;

  @BeforeAll
  static void aLeadAndAnOpportunityInTheEast() {
    lead = engine.postLead(eastLead());
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(lead).get("status").asText()));
    JsonNode view = engine.view(lead);
    leadRep = view.at("/assignment/repId").asText();
    leadRegion = view.at("/region/macro").asText();

    String converted = engine.postLead(eastLead());
    awaitAssert(Duration.ofSeconds(10), () -> assertEquals("ASSIGNED", engine.view(converted).get("status").asText()));
    opportunityOwner = engine.view(converted).at("/assignment/repId").asText();
    String ownerToken = engine.token(opportunityOwner, "rep");
    assertEquals(200, engine.post("/api/v1/leads/" + converted + "/ack", ownerToken, "{}").statusCode());
    HttpResponse<String> created = engine.post("/api/v1/leads/" + converted + "/convert", ownerToken, "{}");
    assertEquals(201, created.statusCode(), created.body());
    opportunity = EngineFixture.json(created).get("opportunityId").asText();
    opportunityRegion = EngineFixture.json(engine.get("/api/v1/opportunities/" + opportunity, engine.admin()))
        .get("region").asText();
    assertTrue(Set.of("rep-east-1", "rep-east-3").containsAll(List.of(leadRep, opportunityOwner)),
        "both in mgr-east's team: " + leadRep + ", " + opportunityOwner);
  }

  private static String eastLead() {
    return "{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
  }

  // ------------------------------------------------------------------ the table is complete

  @Test
  void docsApiListsExactlyTheRowsOfTheTable() throws Exception {
    Pattern row = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) ([^`?]+)(?:\\?[^`]*)?` \\|.*\\| (public|`([A-Z_]+)`) \\| [^|]+\\|$");
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
      Matcher m = row.matcher(line);
      if (m.matches()) documented.add(m.group(1) + " " + m.group(2) + " " + (m.group(4) == null ? "public" : m.group(4)));
    }
    List<String> table = RouteTable.ENDPOINTS.stream()
        .map(e -> e.method() + " " + e.path() + " " + (e.isPublic() ? "public" : e.action().name())).toList();
    assertEquals(table, documented, "docs/api.md's endpoint table and RouteTable, row by row");
  }

  @Test
  void everyRowIsOneMethodAndPathOnce() {
    Set<String> seen = new TreeSet<>();
    for (Endpoint e : RouteTable.ENDPOINTS) assertTrue(seen.add(e.method() + " " + e.path()), "twice: " + e);
  }

  @TestFactory
  Stream<DynamicTest> everyOtherMethodOnATablePathIs405() {
    Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();
    RouteTable.ENDPOINTS.forEach(e -> methodsByPath.computeIfAbsent(e.path(), p -> new TreeSet<>()).add(e.method()));
    return methodsByPath.entrySet().stream().flatMap(entry -> METHODS.stream()
        .filter(m -> !entry.getValue().contains(m))
        .map(m -> DynamicTest.dynamicTest(m + " " + entry.getKey(), () -> {
          Answer answer = send(m, concrete(entry.getKey()), "{}", Optional.of(engine.admin()));
          assertProblem(answer.response(), 405, "method-not-allowed", "Method not allowed");
          assertEquals(entry.getValue(), Set.of(answer.response().headers().firstValue("Allow").orElse("").split(", ")),
              answer.toString());
        })));
  }

  @Test
  void aPathNoRowDeclaresIsNotFound() {
    for (String path : List.of("/api/v1/nope", "/api/v2/leads", "/api/v1/leads/x/y/z", "/api/v1/org/versions/1/x",
        "/api", "/health", "/metrics/x", "/api/v1/admin")) {
      for (String method : METHODS) {
        assertProblem(send(method, path, "{}", Optional.of(engine.admin())).response(), 404, "not-found", "Not found");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyPublicRowAnswersWithoutAToken() {
    return RouteTable.ENDPOINTS.stream().filter(Endpoint::isPublic).map(e -> DynamicTest.dynamicTest(name(e), () -> {
      Answer answer = send(e.method(), concrete(e), body(e), Optional.empty());
      int status = answer.response().statusCode();
      assertTrue(status != 401 && status != 405 && status < 500, answer.toString());
      if (status == 404) assertNotEquals("no such resource", EngineFixture.json(answer.response()).path("detail").asText(),
          "the route answered, not the gate: " + answer);
    }));
  }

  // ------------------------------------------------------------------ the sweep

  /** A token the engine must refuse, whatever it claims. */
  private record BadToken(String name, Optional<String> token) {}

  private static List<BadToken> badTokens() {
    Instant now = Instant.now();
    return List.of(
        new BadToken("no token", Optional.empty()),
        new BadToken("expired token", Optional.of(engine.running.auth().issue("admin", "admin", Duration.ofSeconds(-120)))),
        new BadToken("token of another secret", Optional.of(JWT.create().withIssuer("leadrouter").withSubject("admin")
            .withClaim("role", "admin").withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1)))
            .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret")))),
        new BadToken("alg none token", Optional.of(JWT.create().withIssuer("leadrouter").withSubject("admin")
            .withClaim("role", "admin").withIssuedAt(now).withExpiresAt(now.plus(Duration.ofHours(1)))
            .sign(Algorithm.none()))),
        new BadToken("garbage bearer", Optional.of("not.a.jwt")));
  }

  @TestFactory
  Stream<DynamicTest> everyRowRefusesABadToken() {
    return RouteTable.ENDPOINTS.stream().filter(e -> !e.isPublic()).flatMap(e -> badTokens().stream().map(bad ->
        DynamicTest.dynamicTest(name(e) + " with " + bad.name(), () -> {
          Answer answer = send(e.method(), concrete(e), body(e), bad.token());
          assertProblem(answer.response(), 401, "unauthorized", "Unauthorized");
          assertTrue(answer.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer "), answer.toString());
        })));
  }

  /**
   * Who calls: a role and a subject. {@code OWNER} stands for the owner of the row's target (the
   * lead's rep, the opportunity's owner, the person); {@code stranger} marks another rep or another
   * manager's chain, who must be refused on every lead, opportunity and person.
   */
  private record Caller(Role role, String subject, boolean stranger) {
    String subjectFor(Endpoint e) {
      return subject.equals("OWNER") ? owner(e) : subject;
    }
  }

  private static final List<Caller> CALLERS = List.of(
      new Caller(Role.ADMIN, "admin", false),
      new Caller(Role.DIRECTOR, "dir-sales", false),
      new Caller(Role.DIRECTOR, "dir-elsewhere", false),
      new Caller(Role.MANAGER, "mgr-east", false),
      new Caller(Role.MANAGER, "mgr-south", true),
      new Caller(Role.REP, "OWNER", false),
      new Caller(Role.REP, "rep-south-1", true),
      new Caller(Role.SOURCE, "OWNER", false),
      new Caller(Role.SOURCE, "landing", false));

  @TestFactory
  Stream<DynamicTest> everyRowRefusesTheWrongRoleAnotherRepAndAnotherManagersChain() {
    Access access = new Access(engine.running.deps().directory().current());
    return RouteTable.ENDPOINTS.stream().filter(e -> !e.isPublic()).flatMap(e -> CALLERS.stream().flatMap(caller -> {
      String subject = caller.subjectFor(e);
      Relation relation = relation(access, e.target(), subject);
      Access.Decision decision = Access.decide(caller.role(), relation, e.action());
      boolean strangerOnATarget = caller.stranger() && e.target() != Target.NONE;
      String name = name(e) + " as " + caller.role() + " " + subject + " (" + relation + ")";
      if (!decision.allowed() || strangerOnATarget) {
        boolean hidden = e.target() == Target.OPPORTUNITY
            && !Access.decide(caller.role(), relation, Action.READ_OPPORTUNITY).allowed();
        return Stream.of(DynamicTest.dynamicTest(name + " is refused", () -> {
          Answer answer = send(e.method(), concrete(e), body(e), Optional.of(engine.token(subject, caller.role().toString())));
          if (hidden) assertProblem(answer.response(), 404, "not-found", "Not found");
          else assertProblem(answer.response(), 403, "forbidden", "Forbidden");
        }));
      }
      if (!e.method().equals("GET")) return Stream.empty(); // allowed writes would change what the sweep stands on
      return Stream.of(DynamicTest.dynamicTest(name + " is let through", () -> {
        Answer answer = send(e.method(), concrete(e), body(e), Optional.of(engine.token(subject, caller.role().toString())));
        int status = answer.response().statusCode();
        assertTrue(status != 401 && status != 403 && status < 500, answer.toString());
      }));
    }));
  }

  private static Relation relation(Access access, Target target, String subject) {
    return switch (target) {
      case NONE -> Relation.NONE;
      case LEAD -> access.toLead(subject, leadRep, leadRegion);
      case OPPORTUNITY -> access.toLead(subject, opportunityOwner, opportunityRegion);
      case PERSON -> access.toPerson(subject, leadRep);
    };
  }

  private static String owner(Endpoint e) {
    return e.target() == Target.OPPORTUNITY ? opportunityOwner : leadRep;
  }

  // ------------------------------------------------------------------ requests

  private static String name(Endpoint e) {
    return e.method() + " " + e.path();
  }

  /** The row's path with its ids filled in: the sweep's lead, opportunity and rep, else a plausible value. */
  private static String concrete(Endpoint e) {
    String path = concrete(e.path());
    return e.path().endsWith("/notifications") ? path + "?leadId=" + lead : path;
  }

  private static String concrete(String template) {
    return template.replace("{leadId}", lead).replace("{opportunityId}", opportunity)
        .replace("{repId}", leadRep).replace("{personId}", leadRep)
        .replace("{region}", URLEncoder.encode(leadRegion, StandardCharsets.UTF_8))
        .replace("{sourceId}", "landing")
        .replace("{file}", Assets.load().url("app.css").substring(Assets.PREFIX.length()))
        .replace("{n}", "1").replace("{a}", "1").replace("{b}", "1").replace("{id}", "1").replace("{importId}", "no-such-import");
  }

  /** A body the row's route accepts, so that a refusal comes from the access check and not from the body. */
  private static String body(Endpoint e) {
    String path = e.path();
    if (path.endsWith("/hold")) return "{\"reason\":\"sweep\"}";
    if (path.endsWith("/login-links")) return "{\"personId\":\"" + leadRep + "\"}";
    if (path.endsWith("/assign")) return "{\"repId\":\"" + leadRep + "\"}";
    if (path.endsWith("/actions")) return "{\"type\":\"solution_demo\",\"evidence\":[{\"kind\":\"recording\"}]}";
    if (path.endsWith("/stage")) return "{\"to\":\"solution_demo\"}";
    if (path.endsWith("/snooze")) return "{\"until\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\",\"reason\":\"sweep\"}";
    return "{}";
  }

  /** An answer with its body read (the start of it for an event stream, which never ends). */
  private record Answer(String request, HttpResponse<String> response) {
    @Override
    public String toString() {
      return request + " -> " + response.statusCode() + " " + response.headers().map() + " " + response.body();
    }
  }

  private static Answer send(String method, String path, String body, Optional<String> token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(engine.uri(path)).timeout(Duration.ofSeconds(20))
        .method(method, method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (!method.equals("GET") && !method.equals("DELETE")) request.header("Content-Type", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = response.body()) {
        text = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
            ? "(event stream)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Answer(method + " " + path, new StringResponse(response, text));
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  /** A response whose body was read as text. */
  private record StringResponse(HttpResponse<InputStream> raw, String body) implements HttpResponse<String> {
    @Override public int statusCode() { return raw.statusCode(); }
    @Override public HttpRequest request() { return raw.request(); }
    @Override public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
    @Override public HttpHeaders headers() { return raw.headers(); }
    @Override public Optional<SSLSession> sslSession() { return raw.sslSession(); }
    @Override public java.net.URI uri() { return raw.uri(); }
    @Override public HttpClient.Version version() { return raw.version(); }
  }
}
