package dev.leadrouter.http;

import static dev.leadrouter.http.EngineFixture.awaitAssert;
import static dev.leadrouter.http.EngineFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A contact seen before, outside the dedup window, becomes a new lead that goes to the rep who
 * owned the earlier one when they can take it (existing owner first), and to whom the rules choose
 * otherwise — the explanation says which.
 */
class ReturningContactTest {

  /** A dedup window of one second: the second delivery of the same phone is a returning contact. */
  private static final Config SHORT_WINDOW = ConfigFactory.parseString("leadrouter.intake.dedup-window = 1s");

  @Test
  void aReturningContactGoesBackToTheRepWhoOwnedItEvenWhenAnotherIsLessLoaded() throws Exception {
    try (EngineFixture engine = EngineFixture.startFresh(TestDb.H2, SHORT_WINDOW)) {
      String phone = EngineFixture.newPhone();
      String body = "{\"phone\":\"" + phone + "\",\"region\":\"上海\",\"industry\":\"SaaS\"}";
      String first = engine.postLead(body);
      awaitAssert(Duration.ofSeconds(10), () -> assertTrue(engine.view(first).hasNonNull("assignment")));
      String owner = engine.view(first).at("/assignment/repId").asText();
      Thread.sleep(1_500);

      String second = engine.postLead(body);

      assertNotEquals(first, second, "outside the window: a new lead");
      awaitAssert(Duration.ofSeconds(10), () -> {
        JsonNode routing = json(engine.get("/api/v1/leads/" + second + "/routing", engine.admin()));
        assertEquals(owner, routing.get("repId").asText(), routing.toString());
        assertEquals("existing owner", routing.get("rule").asText());
        assertTrue(routing.get("summary").asText().endsWith("the contact's previous owner."), routing.toString());
      });
      boolean returning = false;
      for (JsonNode t : engine.view(second).get("timeline")) returning |= t.get("type").asText().equals("RETURNING");
      assertTrue(returning);
    }
  }
}
