package dev.leadrouter.engine.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.org.OrgDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A contact key belongs to the lead that last claimed it, for the dedup window. */
class ContactKeyTest {

  private static final long WINDOW = Duration.ofHours(72).toMillis();
  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static EngineDeps deps;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("ContactKeyTest");
    deps = EntityTests.deps(testKit, clock, new OrgDirectory());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<ContactKey.Command, ContactKey.Event, ContactKey.State> newKey() {
    return EventSourcedBehaviorTestKit.create(testKit.system(),
        ContactKey.create(ContactKey.phoneKey("+86138" + UUID.randomUUID().toString().substring(0, 8)), deps),
        EntityTests.KRYO_ROUND_TRIP);
  }

  private static String claim(EventSourcedBehaviorTestKit<ContactKey.Command, ContactKey.Event, ContactKey.State> key,
      String leadId) {
    return key.<ContactKey.Owner>runCommand(r -> new ContactKey.Claim(leadId, WINDOW, r)).reply().leadId();
  }

  @Test
  void theFirstClaimTakesTheKeyAndAnotherLeadWithinTheWindowIsToldTheOwner() {
    var key = newKey();
    Instant first = clock.instant();

    assertEquals("lead-1", claim(key, "lead-1"));
    clock.advance(Duration.ofHours(71));
    var second = key.<ContactKey.Owner>runCommand(r -> new ContactKey.Claim("lead-2", WINDOW, r));

    assertEquals(new ContactKey.Owner("lead-1", null), second.reply());
    assertTrue(second.hasNoEvents());
    assertEquals(new ContactKey.State("lead-1", first), key.restart().state());
  }

  @Test
  void afterTheWindowTheKeyGoesToTheNewLeadWhichLearnsTheContactsEarlierLead() {
    var key = newKey();
    assertEquals(new ContactKey.Owner("lead-1", null),
        key.<ContactKey.Owner>runCommand(r -> new ContactKey.Claim("lead-1", WINDOW, r)).reply(), "a new contact");
    clock.advance(Duration.ofHours(72));

    assertEquals(new ContactKey.Owner("lead-2", "lead-1"),
        key.<ContactKey.Owner>runCommand(r -> new ContactKey.Claim("lead-2", WINDOW, r)).reply());
    assertEquals(new ContactKey.Owner("lead-2", null),
        key.<ContactKey.Owner>runCommand(r -> new ContactKey.Claim("lead-2", WINDOW, r)).reply(), "its own again");
  }

  @Test
  void theOwnersOwnClaimRefreshesTheWindow() {
    var key = newKey();
    claim(key, "lead-1");
    clock.advance(Duration.ofHours(70));
    assertEquals("lead-1", claim(key, "lead-1"));
    clock.advance(Duration.ofHours(70));

    assertEquals("lead-1", claim(key, "lead-2"), "140 h after the first claim but 70 h after the last");
  }

  @Test
  void pointGivesTheKeyToTheLeadADeliveryMergedInto() {
    var key = newKey();
    claim(key, "lead-new");

    var result = key.runCommand(new ContactKey.Point("lead-old"));

    assertEquals(List.of(new ContactKey.ContactClaimed("lead-old", clock.instant())), result.events());
    assertTrue(key.runCommand(new ContactKey.Point("lead-old")).hasNoEvents(), "already pointing there");
    assertEquals("lead-old", claim(key, "lead-other"));
  }
}
