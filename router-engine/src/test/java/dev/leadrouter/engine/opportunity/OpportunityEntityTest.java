package dev.leadrouter.engine.opportunity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineSettings;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.common.Rejected;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionAccepted;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionInput;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.ActionReply;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Command;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Event;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Evidence;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.Missing;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.OpenReply;
import dev.leadrouter.engine.opportunity.OpportunityProtocol.StageReply;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.org.People;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.vocab.Notice;
import dev.leadrouter.engine.vocab.TimelineEntry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResult;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Opportunity entity rule by rule on a {@link MutableClock}: the built-in {@code default}
 * pipeline, and {@code quiet} (no downgrade) for the silent warnings.
 */
class OpportunityEntityTest {

  private static final String PIPELINES = """
      {"pipelines": [
        %s,
        {"id": "quiet", "idleDowngrade": false, "stages": [
          {"id": "qualification"}, {"id": "solution_demo", "silentPeriod": "P7D", "silentRepeat": "P1D"},
          {"id": "won", "final": true}]}]}
      """.formatted(Pipelines.builtIn().substring(Pipelines.builtIn().indexOf('[') + 1, Pipelines.builtIn().lastIndexOf(']')));

  private static final OrgChart ORG = new OrgChart(List.of(), List.of(), List.of(
      People.manager("mgr-1").channels("wecom").build(),
      People.rep("rep-1").managedBy("mgr-1").channels("app", "sms").build()));

  private static final OpportunityProtocol.LeadLink LINK = new OpportunityProtocol.LeadLink("lead-1", "张三",
      "苏州精密制造有限公司", List.of("+8613800138000"), List.of("zhang.san@example.cn"), "rep-1", "华东", "江苏省", "苏州市",
      "web-form");

  private static final Duration IDLE = Duration.ofHours(48);
  private static final List<String> NEGOTIATION_CHECKLIST =
      List.of("payment_terms_agreed", "invoice_type_confirmed", "delivery_date_agreed");

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static OpportunityDeps deps;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("OpportunityEntityTest");
    OrgDirectory org = new OrgDirectory();
    org.update(ORG);
    EngineSettings settings = EngineSettings.fromConfig(testKit.system().settings().config());
    deps = new OpportunityDeps(clock, 1, 4, new PipelineDirectory(Pipelines.compile(1, PIPELINES)),
        new SlaDirectory(settings.seedPolicies()), org);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  // ---------------------------------------------------------------- open

  @Test
  void openingRecordsTheFirstStageWithTheLeadsLinkAndRepliesOpened() {
    var opp = newOpportunity();
    Instant now = clock.instant();

    CommandResultWithReply<Command, Event, OpportunityState, OpenReply> result = open(opp, "default");

    String id = result.state().opportunityId();
    assertEquals(new OpportunityProtocol.Opened(id, "qualification"), result.reply());
    assertEquals(List.of(new OpportunityProtocol.OpportunityOpened(id, now, LINK, "rep-1", "苏州精密制造有限公司",
        new BigDecimal("1200000"), "CNY", "default", 1, "qualification", null, null)), result.events());
    OpportunityView view = result.state().view(now);
    assertEquals("rep-1", view.ownerId());
    assertEquals(List.of(new TimelineEntry(now, "CONVERTED",
        "from lead lead-1 by rep-1; pipeline default v1, stage qualification")), view.timeline());
    assertEquals(result.state(), opp.restart().state());
  }

  @Test
  void openingAgainRepliesOpenedAndRecordsNothing() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");

    CommandResultWithReply<Command, Event, OpportunityState, OpenReply> again = open(opp, "default");

    assertEquals(new OpportunityProtocol.Opened(again.state().opportunityId(), "quote"), again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void anUnknownPipelineIsRefusedNamingIt() {
    var result = open(newOpportunity(), "enterprise");

    Rejected r = assertInstanceOf(OpportunityProtocol.Refused.class, result.reply()).rejection();
    assertEquals("/pipeline", r.errors().get(0).field());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void anOpportunityNotOpenedIsNotFound() {
    var opp = newOpportunity();

    var get = opp.<StageReply>runCommand(OpportunityProtocol.Get::new);
    var woken = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);

    assertEquals(Rejected.Code.NOT_FOUND, assertInstanceOf(OpportunityProtocol.Refused.class, get.reply()).rejection().code());
    assertEquals(0, woken.reply().fired());
  }

  // ---------------------------------------------------------------- actions

  @Test
  void aValidActionIsNumberedAndRestartsTheIdleClock() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");
    Instant now = clock.advance(Duration.ofHours(40));

    CommandResultWithReply<Command, Event, OpportunityState, ActionReply> result = record(opp, "customer_replied");

    ActionAccepted accepted = assertInstanceOf(ActionAccepted.class, result.reply());
    assertEquals("act-2", accepted.actionId()); // act-1: the quote that moved it
    assertTrue(accepted.valid());
    assertEquals(now.plus(IDLE), result.state().deadlines().idle());
    assertEquals(now, result.state().progress().lastValidActionAt());
    assertEquals("ACTION", last(result.state().timeline()).type());
  }

  @Test
  void anInvalidActionIsRecordedButDoesNotRestartTheIdleClock() {
    var opp = newOpportunity();
    open(opp, "default");
    Instant idle = toStage(opp, "quote").deadlines().idle();
    clock.advance(Duration.ofHours(40));

    CommandResultWithReply<Command, Event, OpportunityState, ActionReply> result = record(opp, "note");

    ActionAccepted accepted = assertInstanceOf(ActionAccepted.class, result.reply());
    assertFalse(accepted.valid());
    assertTrue(accepted.reason().contains("never counts"), accepted.reason());
    assertEquals(idle, result.state().deadlines().idle());
    assertFalse(last(result.state().actions()).valid());
  }

  @Test
  void anActionInTheFutureIsRefusedAndRecordsNothing() {
    var opp = newOpportunity();
    open(opp, "default");

    var result = opp.<ActionReply>runCommand(r -> new OpportunityProtocol.RecordAction(
        new ActionInput("site_visit", clock.instant().plusSeconds(600), null, null, List.of()), "rep-1", r));

    assertEquals("/at", assertInstanceOf(OpportunityProtocol.Refused.class, result.reply()).rejection().errors().get(0).field());
    assertTrue(result.hasNoEvents());
  }

  // ---------------------------------------------------------------- stage moves

  @Test
  void aMoveWithoutTheEntryEvidenceIsRefusedListingIt() {
    var opp = newOpportunity();
    open(opp, "default");
    record(opp, "quote_sent"); // valid, but without the document

    var result = move(opp, "quote", List.of(), null, false);

    assertEquals(List.of(Missing.evidence("quote_sent", "document")),
        assertInstanceOf(OpportunityProtocol.StageRefused.class, result.reply()).missing());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aMoveWithoutTheExitChecklistIsRefusedListingEachItem() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "negotiation");
    record(opp, "contract_signed", new Evidence("e_signature", "https://esign.example.cn/1", null, "signed", null));

    var result = move(opp, "won", List.of("payment_terms_agreed"), null, false);

    assertEquals(List.of(Missing.checklist("invoice_type_confirmed"), Missing.checklist("delivery_date_agreed")),
        assertInstanceOf(OpportunityProtocol.StageRefused.class, result.reply()).missing());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void wonIsFinalNothingMovesAndNothingFires() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "won");
    clock.advance(Duration.ofDays(30));

    var back = move(opp, "negotiation", List.of(), "reopened", true);
    var woken = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);

    assertEquals(Rejected.Code.CONFLICT, assertInstanceOf(OpportunityProtocol.Refused.class, back.reply()).rejection().code());
    assertEquals(0, woken.reply().fired());
    assertNull(woken.state().deadlines().idle());
  }

  @Test
  void onlyAManagerMovesBackWithAReason() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");

    var byRep = move(opp, "qualification", List.of(), "not ready", false);
    var byManager = move(opp, "qualification", List.of(), "not ready", true);

    assertEquals(Rejected.Code.FORBIDDEN, assertInstanceOf(OpportunityProtocol.Refused.class, byRep.reply()).rejection().code());
    assertTrue(byRep.hasNoEvents());
    OpportunityView view = assertInstanceOf(OpportunityProtocol.Found.class, byManager.reply()).view();
    assertEquals("qualification", view.stage());
    assertEquals(new TimelineEntry(clock.instant(), "STAGE_CHANGED", "quote → qualification by mgr-1: not ready"),
        last(view.timeline()));
  }

  @Test
  void lostNeedsAReason() {
    var opp = newOpportunity();
    open(opp, "default");

    var without = move(opp, "lost", List.of(), null, false);
    var with = move(opp, "lost", List.of(), "budget cut", false);

    assertEquals("/reason", assertInstanceOf(OpportunityProtocol.Refused.class, without.reply()).rejection().errors().get(0).field());
    assertEquals("lost", assertInstanceOf(OpportunityProtocol.Found.class, with.reply()).view().stage());
  }

  // ---------------------------------------------------------------- idle downgrade and silent warning

  @Test
  void withoutAValidActionFor48HoursItIsDowngradedExactlyOnceAndTheOwnerAndManagerAreTold() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");
    Instant lastValid = clock.instant();
    clock.advance(IDLE.minusSeconds(1));
    assertEquals(0, opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new).reply().fired());
    Instant due = clock.advance(Duration.ofSeconds(1));

    CommandResultWithReply<Command, Event, OpportunityState, OpportunityProtocol.Woken> fired =
        opp.runCommand(OpportunityProtocol.Wake::new);
    CommandResult<Command, Event, OpportunityState> again = opp.runCommand(OpportunityProtocol.Wake::new);

    assertEquals(List.of(new OpportunityProtocol.Downgraded(due, "quote", "solution_demo", lastValid, due.plus(IDLE),
        due.plus(Duration.ofDays(7)), List.of(new Notice("rep-1", "rep", "app", Notice.DOWNGRADED),
            new Notice("rep-1", "rep", "sms", Notice.DOWNGRADED), new Notice("mgr-1", "manager", "wecom", Notice.DOWNGRADED)))),
        fired.events());
    assertEquals(1, fired.reply().fired());
    assertTrue(again.hasNoEvents());
    assertEquals("solution_demo", again.state().stage());
    assertEquals(due, again.state().progress().stageEnteredAt());
    assertEquals("DOWNGRADED", last(again.state().timeline()).type());
  }

  @Test
  void theTimeScaleCompressesTheIdleTime() {
    OpportunityDeps compressed = new OpportunityDeps(clock, 3600, 4, deps.pipelines(), deps.sla(), deps.org());
    var opp = EventSourcedBehaviorTestKit.<Command, Event, OpportunityState>create(testKit.system(),
        Opportunity.create("opp-" + UUID.randomUUID(), compressed), EntityTests.KRYO_ROUND_TRIP);
    open(opp, "default");
    toStage(opp, "quote");
    clock.advance(Duration.ofSeconds(48));

    var fired = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);

    assertEquals(1, fired.reply().fired());
    assertEquals("solution_demo", fired.state().stage());
  }

  @Test
  void aStageHeldPastItsSilentPeriodWarnsWithTheLastActionsThenEverySilentRepeatWithoutDowngrade() {
    var opp = newOpportunity();
    open(opp, "quiet");
    move(opp, "solution_demo", List.of(), null, false);
    record(opp, "note");
    Instant first = clock.advance(Duration.ofDays(7));

    var warned = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);
    var again = opp.runCommand(OpportunityProtocol.Wake::new);
    Instant second = clock.advance(Duration.ofDays(1));
    var repeated = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);

    OpportunityProtocol.SilentWarned w = assertInstanceOf(OpportunityProtocol.SilentWarned.class, warned.events().get(0));
    assertEquals(first.plus(Duration.ofDays(1)), w.silentDeadline());
    assertTrue(w.summary().startsWith("last actions: note at "), w.summary());
    assertEquals(List.of("rep-1", "rep-1", "mgr-1"), w.notices().stream().map(Notice::recipientId).toList());
    assertTrue(again.hasNoEvents());
    assertInstanceOf(OpportunityProtocol.SilentWarned.class, repeated.events().get(0));
    assertEquals("solution_demo", repeated.state().stage());
    assertEquals(first, repeated.state().view(second).silentSince());
  }

  @Test
  void aSnoozeSuspendsTheIdleClockUntilItEnds() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");
    Instant until = clock.instant().plus(Duration.ofDays(3));

    var snoozed = opp.<StageReply>runCommand(r -> new OpportunityProtocol.Snooze(until, "customer travelling", "rep-1", false, r));
    clock.advance(IDLE.plusHours(1));
    var woken = opp.<OpportunityProtocol.Woken>runCommand(OpportunityProtocol.Wake::new);

    OpportunityView view = assertInstanceOf(OpportunityProtocol.Found.class, snoozed.reply()).view();
    assertEquals(until.plus(IDLE), view.idleDeadline());
    assertEquals(until, view.snoozedUntil());
    assertEquals("SNOOZED", last(view.timeline()).type());
    assertEquals(0, woken.reply().fired());
  }

  @Test
  void aSnoozeLongerThanTheLimitNeedsTheManager() {
    var opp = newOpportunity();
    open(opp, "default");
    toStage(opp, "quote");
    Instant until = clock.instant().plus(Duration.ofDays(10));

    var byRep = opp.<StageReply>runCommand(r -> new OpportunityProtocol.Snooze(until, "trade fair", "rep-1", false, r));
    var byManager = opp.<StageReply>runCommand(r -> new OpportunityProtocol.Snooze(until, "trade fair", "mgr-1", true, r));

    assertEquals(Rejected.Code.FORBIDDEN, assertInstanceOf(OpportunityProtocol.Refused.class, byRep.reply()).rejection().code());
    assertTrue(byRep.hasNoEvents());
    assertInstanceOf(OpportunityProtocol.Found.class, byManager.reply());
    assertEquals(1, byManager.events().size());
  }

  @Test
  void afterARestartTheDeadlinesAreKeptAndWhatFellDueFires() {
    var opp = newOpportunity();
    open(opp, "default");
    OpportunityState before = toStage(opp, "quote");

    assertEquals(before, opp.restart().state());
    clock.advance(IDLE.plusHours(1));
    opp.restart();

    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      OpportunityState s = opp.getState();
      assertEquals("solution_demo", s.stage());
      assertEquals("DOWNGRADED", last(s.timeline()).type());
      return null;
    });
  }

  // ---------------------------------------------------------------- helpers

  private static EventSourcedBehaviorTestKit<Command, Event, OpportunityState> newOpportunity() {
    return EventSourcedBehaviorTestKit.create(testKit.system(), Opportunity.create("opp-" + UUID.randomUUID(), deps),
        EntityTests.KRYO_ROUND_TRIP);
  }

  private static CommandResultWithReply<Command, Event, OpportunityState, OpenReply> open(
      EventSourcedBehaviorTestKit<Command, Event, OpportunityState> opp, String pipeline) {
    return opp.runCommand(r -> new OpportunityProtocol.Open(LINK, "rep-1", null, new BigDecimal("1200000"), "CNY", pipeline, r));
  }

  private static CommandResultWithReply<Command, Event, OpportunityState, ActionReply> record(
      EventSourcedBehaviorTestKit<Command, Event, OpportunityState> opp, String type, Evidence... evidence) {
    return opp.runCommand(r -> new OpportunityProtocol.RecordAction(
        new ActionInput(type, null, null, null, List.of(evidence)), "rep-1", r));
  }

  private static CommandResultWithReply<Command, Event, OpportunityState, StageReply> move(
      EventSourcedBehaviorTestKit<Command, Event, OpportunityState> opp, String to, List<String> checklist, String reason,
      boolean manager) {
    return opp.runCommand(r -> new OpportunityProtocol.MoveStage(to, checklist, reason, manager ? "mgr-1" : "rep-1",
        manager, r));
  }

  /** Records the evidence and moves forward to {@code stage} of the default pipeline; returns the state there. */
  private static OpportunityState toStage(EventSourcedBehaviorTestKit<Command, Event, OpportunityState> opp, String stage) {
    switch (stage) {
      case "quote" -> record(opp, "quote_sent", new Evidence("document", "https://files.example.cn/q.pdf", "ab12", null, null));
      case "negotiation" -> { }
      case "won" -> {
        move(opp, "negotiation", List.of(), null, false);
        record(opp, "contract_signed", new Evidence("e_signature", "https://esign.example.cn/1", null, "completed", null));
      }
      default -> throw new IllegalArgumentException(stage);
    }
    var moved = move(opp, stage, stage.equals("won") ? NEGOTIATION_CHECKLIST : List.of(), null, false);
    assertEquals(stage, assertInstanceOf(OpportunityProtocol.Found.class, moved.reply()).view().stage());
    return moved.state();
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }
}
