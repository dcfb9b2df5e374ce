package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.ProblemAssertions.assertInvalid;
import static dev.leadrouter.http.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/stream} through a real bound server: the browser's live stream of lead changes,
 * scoped by role, resumable with {@code Last-Event-ID}, dropping a client that does not read.
 */
class BrowserStreamTest {

  /**
   * A reminder after 2 s, a reassignment after 6 s; a small per-client buffer (above the poll's batch:
   * a client that keeps up is never dropped by one poll's burst) and small socket buffers.
   */
  private static final Config CONFIG = ConfigFactory.parseString("""
      leadrouter.sla.seed.policies = [{
        name = standard
        steps = [
          { action = remind, after = 2s }
          { action = reassign, after = 6s }
        ]
      }]
      leadrouter.live.client-buffer = 100
      leadrouter.live.batch = 50
      pekko.http.server.socket-options.so-send-buffer-size = 4096
      """);

  private static EngineFixture engine;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    engine = EngineFixture.startFresh(TestDb.H2, CONFIG);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** One server-sent event as a browser parses it, and when it arrived. */
  record Event(String id, String type, String data, Instant at) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(data);
      } catch (IOException e) {
        throw new AssertionError(data, e);
      }
    }

    boolean isLead(String leadId) {
      return "lead".equals(type) && leadId.equals(json().path("leadId").asText());
    }
  }

  /** An open stream read line by line on its own thread; {@link #events} grows as events arrive. */
  static final class Stream implements AutoCloseable {
    final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;

    Stream(String token, String lastEventId) throws Exception {
      this(engine.uri("/api/v1/stream"), token, lastEventId);
    }

    /** The stream at {@code uri} (any node of a cluster). */
    Stream(java.net.URI uri, String token, String lastEventId) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer " + token);
      if (lastEventId != null) request.header("Last-Event-ID", lastEventId);
      HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      body = response.body();
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String id = null, type = null, data = null, line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("id:")) id = line.substring(3).trim();
          else if (line.startsWith("event:")) type = line.substring(6).trim();
          else if (line.startsWith("data:")) data = line.substring(5).trim();
          else if (line.isEmpty()) {
            // An event without data (the heartbeat) is not dispatched, as in a browser.
            if (data != null && !data.isEmpty()) events.add(new Event(id, type, data, Instant.now()));
            id = type = data = null;
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    /** The first event matching {@code test}, waiting up to {@code max} for it. */
    Event await(Duration max, Predicate<Event> test) {
      Event[] found = new Event[1];
      awaitAssert(max, () -> {
        found[0] = events.stream().filter(test).findFirst().orElse(null);
        assertTrue(found[0] != null, "no such event yet among " + events);
      });
      return found[0];
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  private static String shanghaiLead() {
    return "{\"name\":\"王工\",\"phone\":\"" + EngineFixture.newPhone()
        + "\",\"region\":\"上海\",\"industry\":\"工业自动化\",\"budget\":\"80万\"}";
  }

  private static String mgrEast() {
    return engine.token("mgr-east", "manager");
  }

  @Test
  void aManagerSeesANewLeadWithItsBoardRowAndARepOfAnotherTeamSeesNothing() throws Exception {
    try (Stream manager = new Stream(mgrEast(), null);
        Stream otherTeam = new Stream(engine.token("rep-south-1", "rep"), null);
        Stream otherManager = new Stream(engine.token("mgr-south", "manager"), null)) {
      Instant posted = Instant.now();
      String leadId = engine.postLead(shanghaiLead());

      Event received = manager.await(Duration.ofSeconds(10), e -> e.isLead(leadId));
      Event assigned = manager.await(Duration.ofSeconds(10),
          e -> e.isLead(leadId) && "ASSIGNED".equals(e.json().path("change").asText()));
      JsonNode row = assigned.json();
      assertEquals("ASSIGNED", row.get("status").asText(), row.toString());
      assertEquals("华东", row.get("region").asText());
      assertEquals("team-east", row.get("team").asText());
      assertTrue(row.get("repId").asText().startsWith("rep-east-"), row.toString());
      assertTrue(row.has("state") && row.has("nextDueAt") && row.has("msLeft"), "the board's row: " + row);
      assertTrue(Long.parseLong(assigned.id()) > Long.parseLong(received.id()));
      Duration latency = Duration.between(posted, received.at());
      assertTrue(latency.compareTo(Duration.ofSeconds(3)) < 0, "the first event came after " + latency);

      // The board row of the same lead, from GET /sla/board: the same fields, made by the same code.
      JsonNode board = EngineFixture.json(engine.get("/api/v1/sla/board", mgrEast()));
      for (JsonNode lead : board.get("leads")) {
        if (!lead.get("leadId").asText().equals(leadId)) continue;
        List<String> boardFields = new ArrayList<>();
        lead.fieldNames().forEachRemaining(boardFields::add);
        List<String> streamFields = new ArrayList<>();
        row.fieldNames().forEachRemaining(streamFields::add);
        streamFields.remove("change");
        assertEquals(boardFields, streamFields);
      }

      // Another team's rep and manager: nothing of this lead, not even after its reminder.
      manager.await(Duration.ofSeconds(10), e -> e.isLead(leadId) && "REMINDER".equals(e.json().path("change").asText()));
      assertTrue(otherTeam.events.stream().noneMatch(e -> e.data().contains(leadId)), otherTeam.events.toString());
      assertTrue(otherManager.events.stream().noneMatch(e -> e.data().contains(leadId)), otherManager.events.toString());
    }
  }

  @Test
  void theRepSeesTheirAssignmentTheAcknowledgementAndARemovalWhenTheLeadIsReassignedAway() throws Exception {
    try (Stream rep1 = new Stream(engine.token("rep-east-1", "rep"), null);
        Stream rep3 = new Stream(engine.token("rep-east-3", "rep"), null);
        Stream manager = new Stream(mgrEast(), null)) {
      String acked = engine.postLead(shanghaiLead());
      String reassigned = engine.postLead(shanghaiLead());
      String[] owners = new String[2];
      for (int i = 0; i < 2; i++) {
        String leadId = i == 0 ? acked : reassigned;
        owners[i] = manager.await(Duration.ofSeconds(10),
            e -> e.isLead(leadId) && "ASSIGNED".equals(e.json().path("change").asText())).json().get("repId").asText();
      }
      Stream ownerOfAcked = owners[0].equals("rep-east-1") ? rep1 : rep3;
      ownerOfAcked.await(Duration.ofSeconds(10), e -> e.isLead(acked) && "ASSIGNED".equals(e.json().path("change").asText()));
      assertEquals(200, engine.post("/api/v1/leads/" + acked + "/ack", engine.token(owners[0], "rep"), "{}").statusCode());
      for (Stream s : List.of(ownerOfAcked, manager)) {
        JsonNode ack = s.await(Duration.ofSeconds(10),
            e -> e.isLead(acked) && "ACKNOWLEDGED".equals(e.json().path("change").asText())).json();
        assertEquals("ACKNOWLEDGED", ack.get("status").asText(), ack.toString());
      }

      // Converted: the owner and the manager get the opportunity's list row, the other rep nothing.
      assertEquals(201, engine.post("/api/v1/leads/" + acked + "/convert", engine.token(owners[0], "rep"),
          "{\"name\":\"上海工厂 MES\",\"amount\":800000,\"currency\":\"CNY\"}").statusCode());
      String opportunityId = "opp-" + acked;
      Predicate<Event> opened = e -> "opportunity".equals(e.type())
          && opportunityId.equals(e.json().path("opportunityId").asText()) && "OPENED".equals(e.json().path("change").asText());
      for (Stream s : List.of(ownerOfAcked, manager)) {
        JsonNode opp = s.await(Duration.ofSeconds(10), opened).json();
        assertEquals(owners[0], opp.get("ownerId").asText(), opp.toString());
        assertEquals("qualification", opp.get("stage").asText(), opp.toString());
        assertEquals("800000", opp.get("amount").toString(), "as GET /opportunities writes it");
        s.await(Duration.ofSeconds(10), e -> e.isLead(acked) && "CONVERTED".equals(e.json().path("change").asText()));
      }
      Stream otherRep = ownerOfAcked == rep1 ? rep3 : rep1;
      assertTrue(otherRep.events.stream().noneMatch(opened), otherRep.events.toString());

      // The second lead's rep does not act: after 6 s it is reassigned; its first rep is told it left them.
      Stream firstOwner = owners[1].equals("rep-east-1") ? rep1 : rep3;
      Event removed = firstOwner.await(Duration.ofSeconds(20), e -> "lead".equals(e.type())
          && e.json().path("removed").asBoolean() && reassigned.equals(e.json().path("leadId").asText()));
      assertEquals(2, removed.json().size(), removed.data());
      JsonNode forManager = manager.await(Duration.ofSeconds(10),
          e -> e.isLead(reassigned) && "REASSIGNED".equals(e.json().path("change").asText())).json();
      assertTrue(forManager.has("status"), "the manager still sees the lead: " + forManager);
      // Each rep saw only leads assigned to them.
      for (Stream s : List.of(rep1, rep3)) {
        String me = s == rep1 ? "rep-east-1" : "rep-east-3";
        for (Event e : s.events) {
          if ("lead".equals(e.type()) && !e.json().path("removed").asBoolean()) {
            assertEquals(me, e.json().path("repId").asText(), e.data());
          }
        }
      }
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsExactlyTheLaterEventsInOrder() throws Exception {
    try (Stream first = new Stream(mgrEast(), null)) {
      String leadId = engine.postLead(shanghaiLead());
      Event start = first.await(Duration.ofSeconds(10), e -> e.isLead(leadId));
      // The received, assigned and reminder events, at least: three after the first.
      awaitAssert(Duration.ofSeconds(15), () -> assertTrue(after(first.events, start).size() >= 3, first.events.toString()));
      List<String> expected = after(first.events, start).stream().map(Event::id).toList();

      try (Stream resumed = new Stream(mgrEast(), start.id())) {
        awaitAssert(Duration.ofSeconds(10), () -> assertTrue(resumed.events.size() >= expected.size()));
        assertEquals(expected, resumed.events.subList(0, expected.size()).stream().map(Event::id).toList());
      }
    }
  }

  @Test
  void changesMadeWhileNoBrowserIsConnectedAreReplayedToOneThatResumesBeforeThem() throws Exception {
    Event seen;
    try (Stream first = new Stream(mgrEast(), null)) {
      String leadId = engine.postLead(shanghaiLead());
      seen = first.await(Duration.ofSeconds(10), e -> e.isLead(leadId));
    }
    // No stream open now: the feed passes the next lead's changes without telling anyone.
    String missed = engine.postLead(shanghaiLead());
    awaitAssert(Duration.ofSeconds(10), () -> assertTrue(liveChanges(missed) >= 2, "received and assigned"));
    Thread.sleep(1_000); // ten polls of 100 ms
    try (Stream resumed = new Stream(mgrEast(), seen.id())) {
      Event replayed = resumed.await(Duration.ofSeconds(10), e -> e.isLead(missed));
      resumed.await(Duration.ofSeconds(10), e -> e.isLead(missed) && "ASSIGNED".equals(e.json().path("change").asText()));
      String later = engine.postLead(shanghaiLead());
      Event live = resumed.await(Duration.ofSeconds(10), e -> e.isLead(later));
      assertTrue(Long.parseLong(live.id()) > Long.parseLong(replayed.id()));
      List<Long> ids = resumed.events.stream().map(e -> Long.parseLong(e.id())).toList();
      assertEquals(ids.stream().sorted().distinct().toList(), ids, "each id once, in order");
    }
  }

  private static int liveChanges(String leadId) {
    try (Connection c = engine.running.db().dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM live_change WHERE entity_id = ?")) {
      ps.setString(1, leadId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Event> after(List<Event> events, Event start) {
    long from = Long.parseLong(start.id());
    return events.stream().filter(e -> e.id() != null && Long.parseLong(e.id()) > from).toList();
  }

  @Test
  void anIdOlderThanTheOldestKeptChangeGetsAReset() throws Exception {
    try (Stream admin = new Stream(engine.admin(), null)) {
      String leadId = engine.postLead(shanghaiLead());
      admin.await(Duration.ofSeconds(10), e -> e.isLead(leadId));
    }
    // What retention does to the oldest change: it is gone, so "after 0" can no longer be answered.
    try (Connection c = engine.running.db().dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM live_change WHERE id = (SELECT MIN(id) FROM live_change)");
      if (!c.getAutoCommit()) c.commit();
    }
    try (Stream stale = new Stream(engine.admin(), "0")) {
      Event reset = stale.await(Duration.ofSeconds(10), e -> true);
      assertEquals("reset", reset.type());
      assertEquals("{}", reset.data());
    }
  }

  @Test
  void aClientThatDoesNotReadIsDroppedWhileTheEngineAndOtherClientsGoOn() throws Exception {
    try (Stream reader = new Stream(engine.admin(), null);
        Socket stuck = new Socket()) {
      stuck.setReceiveBufferSize(4096);
      stuck.connect(new InetSocketAddress("127.0.0.1", engine.running.port()), 5000);
      OutputStream out = stuck.getOutputStream();
      out.write(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: Bearer " + engine.admin() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      // Far more events than the client buffer and the socket buffers hold: leads of a region no rep
      // covers (received, queued), which take no rep's capacity from the other tests.
      String last = null;
      for (int i = 0; i < 120; i++) {
        last = engine.postLead("{\"name\":\"李工\",\"phone\":\"" + EngineFixture.newPhone()
            + "\",\"region\":\"成都\",\"industry\":\"工业自动化\"}");
      }
      String lastLead = last;
      reader.await(Duration.ofSeconds(30), e -> e.isLead(lastLead) && "QUEUED".equals(e.json().path("change").asText()));

      // The stuck client's stream was ended: reading now, it finds the end of the chunked body.
      stuck.setSoTimeout(30_000);
      InputStream in = stuck.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      Instant until = Instant.now().plusSeconds(30);
      boolean ended = false;
      while (!ended && Instant.now().isBefore(until)) {
        int n;
        try {
          n = in.read(buf);
        } catch (java.net.SocketException reset) {
          n = -1;
        }
        if (n < 0) {
          ended = true;
          break;
        }
        got.write(buf, 0, n);
        ended = got.toString(StandardCharsets.ISO_8859_1).contains("\r\n0\r\n\r\n");
      }
      assertTrue(ended, "the stream of a client that did not read was not ended (" + got.size() + " bytes read)");
      assertTrue(got.toString(StandardCharsets.UTF_8).startsWith("HTTP/1.1 200"));

      // The engine and the reading client go on.
      String after = engine.postLead("{\"name\":\"李工\",\"phone\":\"" + EngineFixture.newPhone()
          + "\",\"region\":\"成都\"}");
      reader.await(Duration.ofSeconds(10), e -> e.isLead(after));
    }
  }

  @Test
  void aSourceMayNotOpenItAndABadLastEventIdIsA400() {
    assertProblem(engine.get("/api/v1/stream", engine.token("src-1", "source")), 403, "forbidden", "Forbidden");
    HttpResponse<String> bad = engine.send(HttpRequest.newBuilder(engine.uri("/api/v1/stream"))
        .header("Authorization", "Bearer " + mgrEast()).header("Last-Event-ID", "yesterday").GET());
    assertInvalid(bad, "Last-Event-ID");
  }
}
