package dev.leadrouter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.rep.RepListener;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.rules.RepWorkload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An entity that sharding passivates while it restarts with backoff after a failed write (a
 * database outage) answers again once the journal does. Sharding's default stop message, a
 * {@code PoisonPill}, reached such an entity and never ended it, and the shard then held every later
 * message for it: the entity never answered again (a lead after PostgresOutageFaultIT's outage).
 * Every event-sourced entity type is stopped by a command of its own instead, which waits with the
 * other commands through the backoff and the recovery; this drives the real entity types (all but
 * the opportunity, whose stop command is handled the same way) through
 * that sequence on the persistence testkit's journal: the write fails, three recoveries fail (about
 * 1.4 s of backoff), and the idle timeout of 300 ms falls inside.
 */
class PassivationDuringBackoffTest {

  private static final CleanLead LEAD = new CleanLead("web-form", "evt-1", "张三", null, null, null, null, List.of(),
      List.of("+8613800138000"), Map.of(), List.of("zhang.san@example.cn"), "苏州精密制造有限公司",
      new RegionInfo("华东", "江苏省", "苏州市", "CN"), "制造", null, null, "normal", LeadInput.Utm.EMPTY, null, Map.of(),
      List.of(), null);

  private static final Duration ANSWER = Duration.ofSeconds(20);

  private static ActorTestKit testKit;
  private static PersistenceTestKit journal;
  private static EngineDeps deps;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("PassivationDuringBackoffTest", ConfigFactory.parseString(
        "pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 300ms\n"
            + "leadrouter.lead.idle-timeout = 300ms"));
    journal = PersistenceTestKit.create(testKit.system());
    deps = EntityTests.deps(testKit, new MutableClock(Instant.parse("2026-03-02T09:00:00Z")), new OrgDirectory());
    RoutingLedger.init(testKit.system(), deps.sharding());
    Lead.init(testKit.system(), deps);
    DocumentStore.init(deps.sharding(), deps.clock(), List.of(new DocumentStore.Kind("sla", json -> List.of())),
        published -> {});
    Rep.init(testKit.system(), deps, new RepListener() {
      @Override
      public void reservation(String leadId, String repId, boolean reserved, String reason) {}

      @Override
      public void withdraw(String leadId, String repId, String reason) {}

      @Override
      public void workload(String repId, String leadId, RepWorkload workload, boolean refused, String region) {}
    });
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void journalAnswers() {
    journal.resetPolicy();
    journal.clearAll();
  }

  @Test
  void aLeadPassivatedInItsBackoffAnswersOnceTheJournalIsBack() throws Exception {
    EntityRef<Lead.Command> lead = deps.sharding().entityRefFor(Lead.ENTITY_KEY, "lead-backoff");
    // Recorded without routing (route = false): nothing else is asked.
    failTheNextWriteAndRecoveries(() -> lead.tell(new Lead.Receive(LEAD, null,
        testKit.<Lead.Accepted>createTestProbe().getRef(), null, false)));
    assertInstanceOf(Lead.Refused.class, ask(lead, Lead.Get::new), "the failed receipt is not there");
  }

  @Test
  void aRoutingLedgerPassivatedInItsBackoffAnswersOnceTheJournalIsBack() throws Exception {
    EntityRef<RoutingLedger.Command> ledger = deps.sharding().entityRefFor(RoutingLedger.ENTITY_KEY, "华东");
    failTheNextWriteAndRecoveries(() -> ledger.tell(new RoutingLedger.Save("{}", 1, testKit.<RoutingLedger.Saved>createTestProbe().getRef())));
    assertEquals(null, ask(ledger, RoutingLedger.Load::new).ledgerJson(), "the failed save is not there");
  }

  @Test
  void aDocumentPassivatedInItsBackoffAnswersOnceTheJournalIsBack() throws Exception {
    EntityRef<DocumentStore.Command> sla = deps.sharding().entityRefFor(DocumentStore.ENTITY_KEY, "sla");
    failTheNextWriteAndRecoveries(() -> sla.tell(new DocumentStore.Seed("{}", testKit.<DocumentStore.Version>createTestProbe().getRef())));
    ask(sla, DocumentStore.Get::new);
  }

  @Test
  void aRepPassivatedInItsBackoffAnswersOnceTheJournalIsBack() throws Exception {
    EntityRef<Rep.Command> rep = deps.sharding().entityRefFor(Rep.ENTITY_KEY, "rep-backoff");
    failTheNextWriteAndRecoveries(() -> rep.tell(new Rep.Reserve("lead-1", 5, "华东")));
    assertEquals(0, ask(rep, Rep.GetStatus::new).openLeads(), "the failed reservation is not there");
  }

  /**
   * The next write fails, and the three recoveries after it; {@code write} sends the command that
   * writes. Returns once the entity has had time to fail, back off and be passivated inside it.
   */
  private static void failTheNextWriteAndRecoveries(Runnable write) throws InterruptedException {
    journal.failNextPersisted();
    journal.failNextNReads(3);
    write.run();
    // 0.2 + 0.4 + 0.8 s of backoff: the 300 ms idle timeout (checked every 150 ms) ends inside it.
    TimeUnit.MILLISECONDS.sleep(1_000);
  }

  private static <C, R> R ask(EntityRef<C> entity, Function<ActorRef<R>, C> command) throws Exception {
    return entity.<R>ask(command::apply, ANSWER).toCompletableFuture().get(ANSWER.toSeconds() + 5, TimeUnit.SECONDS);
  }
}
