package dev.leadrouter.http;

import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.persistence.source.SourceEventStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies that are not one strict JSON value, and identifiers that could never be stored, are 400
 * problem+json naming what is at fault — on {@code POST /api/v1/leads} and on a source webhook alike
 * (issue 17 §2). Never a 5xx, never a retry loop.
 */
class StrictInputTest extends SharedH2Engine {

  private static final String TOKEN = "s3cret-token";
  private static final String WEBHOOK = "/api/v1/sources/landing/events?token=" + TOKEN;

  @BeforeAll
  static void configureSource() {
    String sources = """
        {"sources": [{"id": "landing", "type": "generic", "secrets": {"token": "%s"},
          "options": {"fields": {"sourceEventId": "/id", "name": "/name", "phone": "/phone", "email": "/email"}}}]}
        """.formatted(TOKEN);
    HttpResponse<String> put = engine.put("/api/v1/sources", engine.admin(), sources);
    assertEquals(200, put.statusCode(), put.body());
  }

  static byte[] bytes(String before, int[] middle, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] c = after.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[a.length + middle.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    for (int i = 0; i < middle.length; i++) out[a.length + i] = (byte) middle[i];
    System.arraycopy(c, 0, out, a.length + middle.length, c.length);
    return out;
  }

  static Stream<Arguments> notStrictJson() {
    String lead = "{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone() + "\"}";
    return Stream.of(
        Arguments.of("trailing data", (lead + " trailing").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("two concatenated objects", (lead + lead).getBytes(StandardCharsets.UTF_8)),
        Arguments.of("a duplicate key", "{\"phone\":\"13800138000\",\"phone\":\"13900139000\"}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("an overlong UTF-8 '/'", bytes("{\"phone\":\"13800138000\",\"name\":\"", new int[] {0xC0, 0xAF}, "\"}")),
        Arguments.of("an encoded surrogate", bytes("{\"phone\":\"13800138000\",\"name\":\"", new int[] {0xED, 0xA0, 0x80}, "\"}")),
        Arguments.of("Latin-1 instead of UTF-8", bytes("{\"phone\":\"13800138000\",\"name\":\"", new int[] {0xE9}, "\"}")),
        Arguments.of("a lone surrogate escape", "{\"phone\":\"13800138000\",\"name\":\"\\udc00\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "POST /api/v1/leads: {0} → 400 at the root")
  @MethodSource("notStrictJson")
  void leadIntakeRefusesJsonThatIsNotStrict(String what, byte[] body) {
    assertInvalid(engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/leads"))
        .header("Authorization", "Bearer " + engine.admin()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))), "");
  }

  @ParameterizedTest(name = "a source webhook: {0} → 400 at the root, kept as MALFORMED")
  @MethodSource("notStrictJson")
  void aWebhookRefusesJsonThatIsNotStrictAndKeepsIt(String what, byte[] body) {
    HttpResponse<String> response = webhook(body);
    assertInvalid(response, "");
    assertKeptAsMalformed(body);
  }

  @Test
  void aSourceEventIdThatCannotBeStoredIsRefusedNamingIt() {
    String body = "{\"sourceEventId\":\"" + "e".repeat(300) + "\",\"phone\":\"" + EngineFixture.newPhone() + "\"}";
    assertInvalid(engine.post("/api/v1/leads", engine.admin(), body), "/sourceEventId");
    // 200 characters are allowed, but ':' is stored escaped as three: the key would overflow the journal's 255.
    String colons = "{\"sourceEventId\":\"" + ":".repeat(200) + "\",\"phone\":\"" + EngineFixture.newPhone() + "\"}";
    String detail = assertInvalid(engine.post("/api/v1/leads", engine.admin(), colons), "/sourceEventId").get("detail").asText();
    assertTrue(detail.contains("too long to be stored"), detail);
  }

  @Test
  void aLongSourceEventIdWithinTheLimitIsAccepted() {
    String body = "{\"sourceEventId\":\"" + "e".repeat(200) + "\",\"phone\":\"" + EngineFixture.newPhone() + "\"}";
    EngineFixture.awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> response = engine.post("/api/v1/leads", engine.admin(), body);
      assertEquals(202, response.statusCode(), response.body());
    });
  }

  @Test
  void anIdempotencyKeyThatCannotBeStoredIsRefusedNamingIt() {
    HttpResponse<String> response = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/leads"))
        .header("Authorization", "Bearer " + engine.admin()).header("Content-Type", "application/json")
        .header("Idempotency-Key", "%".repeat(200))
        .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"" + EngineFixture.newPhone() + "\"}")));
    assertInvalid(response, "Idempotency-Key");
  }

  @Test
  void theLongestAddressAnEmailMayHaveIsStoredAsAContactKey() {
    // 254 characters, the most an address may have: its contact key (email:<address>) fits the claims table.
    String email = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";
    assertEquals(254, email.length());
    EngineFixture.awaitAssert(Duration.ofSeconds(10), () -> {
      HttpResponse<String> response = engine.post("/api/v1/leads", engine.admin(), "{\"email\":\"" + email + "\"}");
      assertEquals(202, response.statusCode(), response.body());
    });
  }

  @Test
  void aWebhookSourceEventIdThatCannotBeStoredIsRefusedAndKept() {
    byte[] body = ("{\"id\":\"" + "e".repeat(300) + "\",\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) assertInvalid(webhook(body), "/sourceEventId");
    assertKeptAsMalformed(body);
  }

  @Test
  void notificationsOfAnEmptyOrImpossibleLeadIdAreABadRequest() {
    assertInvalid(engine.get("/api/v1/notifications?leadId=", engine.admin()), "?leadId");
    assertInvalid(engine.get("/api/v1/notifications?leadId=" + "a".repeat(65), engine.admin()), "?leadId");
    assertInvalid(engine.get("/api/v1/notifications?leadId=a%20b", engine.admin()), "?leadId");
  }

  private static HttpResponse<String> webhook(byte[] body) {
    return engine.send(HttpRequest.newBuilder(engine.uri(WEBHOOK)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** The delivery is kept verbatim, byte for byte, with status MALFORMED: nothing a platform sent is lost. */
  private static void assertKeptAsMalformed(byte[] body) {
    SourceEventStore store = new SourceEventStore(engine.running.db());
    boolean kept = false;
    try (java.sql.Connection c = engine.running.db().dataSource().getConnection();
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT id FROM source_events WHERE source_id = 'landing' ORDER BY id DESC")) {
      while (rs.next() && !kept) {
        SourceEventStore.StoredEvent e = store.find(rs.getLong(1)).orElseThrow();
        kept = java.util.Arrays.equals(body, e.body()) && e.status().equals("MALFORMED");
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    assertTrue(kept, "the refused delivery is kept verbatim as MALFORMED");
  }
}
