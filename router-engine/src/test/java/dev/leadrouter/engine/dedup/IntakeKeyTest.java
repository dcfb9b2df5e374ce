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
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An intake key is claimed once; every later claim learns the lead that owns it. */
class IntakeKeyTest {

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static EngineDeps deps;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("IntakeKeyTest");
    deps = EntityTests.deps(testKit, clock, new OrgDirectory());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void theFirstClaimWinsAndIsRecorded() {
    var key = newKey();
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResultWithReply<IntakeKey.Command, IntakeKey.Event, IntakeKey.State, IntakeKey.Claimed> result =
        key.runCommand(replyTo -> new IntakeKey.Claim("lead-1", "sha256:aaa", replyTo));

    assertEquals(new IntakeKey.Claimed("lead-1", true, true), result.reply());
    assertEquals(List.of(new IntakeKey.KeyClaimed("lead-1", "sha256:aaa", now)), result.events());
    assertEquals(new IntakeKey.State("lead-1", "sha256:aaa"), result.state());
  }

  @Test
  void aLaterClaimWithTheSameBodyGetsTheFirstLeadAndPersistsNothing() {
    var key = newKey();
    key.<IntakeKey.Claimed>runCommand(replyTo -> new IntakeKey.Claim("lead-1", "sha256:aaa", replyTo));

    CommandResultWithReply<IntakeKey.Command, IntakeKey.Event, IntakeKey.State, IntakeKey.Claimed> second =
        key.runCommand(replyTo -> new IntakeKey.Claim("lead-2", "sha256:aaa", replyTo));

    assertEquals(new IntakeKey.Claimed("lead-1", false, true), second.reply());
    assertTrue(second.hasNoEvents(), () -> "persisted " + second.events());
    assertEquals(new IntakeKey.State("lead-1", "sha256:aaa"), second.state());
  }

  @Test
  void aLaterClaimWithAnotherBodyGetsTheFirstLeadAndIsToldTheBodyDiffers() {
    var key = newKey();
    key.<IntakeKey.Claimed>runCommand(replyTo -> new IntakeKey.Claim("lead-1", "sha256:aaa", replyTo));

    CommandResultWithReply<IntakeKey.Command, IntakeKey.Event, IntakeKey.State, IntakeKey.Claimed> second =
        key.runCommand(replyTo -> new IntakeKey.Claim("lead-2", "sha256:bbb", replyTo));

    assertEquals(new IntakeKey.Claimed("lead-1", false, false), second.reply());
    assertTrue(second.hasNoEvents(), () -> "persisted " + second.events());
  }

  @Test
  void theClaimSurvivesARestart() {
    var key = newKey();
    key.<IntakeKey.Claimed>runCommand(replyTo -> new IntakeKey.Claim("lead-1", "sha256:aaa", replyTo));

    IntakeKey.State recovered = key.restart().state();

    assertEquals(new IntakeKey.State("lead-1", "sha256:aaa"), recovered);
    CommandResultWithReply<IntakeKey.Command, IntakeKey.Event, IntakeKey.State, IntakeKey.Claimed> after =
        key.runCommand(replyTo -> new IntakeKey.Claim("lead-3", "sha256:aaa", replyTo));
    assertEquals(new IntakeKey.Claimed("lead-1", false, true), after.reply());
    assertTrue(after.hasNoEvents());
  }

  private static EventSourcedBehaviorTestKit<IntakeKey.Command, IntakeKey.Event, IntakeKey.State> newKey() {
    String key = IntakeKey.idempotencyKey("crm", UUID.randomUUID().toString());
    return EventSourcedBehaviorTestKit.create(testKit.system(), IntakeKey.create(key, deps), EntityTests.KRYO_ROUND_TRIP);
  }
}
