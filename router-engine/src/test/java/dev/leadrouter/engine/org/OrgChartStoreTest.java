package dev.leadrouter.engine.org;

import static dev.leadrouter.engine.org.People.director;
import static dev.leadrouter.engine.org.People.manager;
import static dev.leadrouter.engine.org.People.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.EngineDeps;
import dev.leadrouter.engine.EntityTests;
import dev.leadrouter.engine.EntityTests.Delivery;
import dev.leadrouter.engine.EntityTests.Relay;
import dev.leadrouter.engine.MutableClock;
import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.serialization.KryoSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The org chart store: one entity per organisation, so the tests share it and clear its journal
 * before each test. A replacement reaches this node's directory, the org-chart topic and every
 * region's routing pool.
 */
class OrgChartStoreTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  // people/0 d1, people/1 m1, people/2 r1, people/3 r2
  private static final OrgChart V1 = new OrgChart(
      List.of(new OrgChart.Region("华东", "m1"), new OrgChart.Region("华南", "m1")),
      List.of(new OrgChart.Team("t1", "East team", "m1")),
      List.of(
          director("d1").channels("email").build(),
          manager("m1").managedBy("d1").team("t1").build(),
          rep("r1").managedBy("m1").team("t1").regions("华东").capacity(3).build(),
          rep("r2").managedBy("m1").team("t1").regions("华南").capacity(2).build()));

  private static final OrgChart V2 = new OrgChart(
      List.of(new OrgChart.Region("华东", "m1"), new OrgChart.Region("华北", "m2")),
      List.of(new OrgChart.Team("t1", "East team", "m1"), new OrgChart.Team("t2", "North team", "m2")),
      List.of(
          director("d1").channels("email").build(),
          manager("m1").managedBy("d1").team("t1").build(),
          manager("m2").managedBy("d1").team("t2").build(),
          rep("r1").managedBy("m1").team("t1").regions("华东").capacity(4).build(),
          rep("r3").managedBy("m2").team("t2").regions("华北").capacity(2).build()));

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay pools = new Relay();
  private static final Relay topicSubscriber = new Relay();
  private static final Relay reps = new Relay();
  private static EngineDeps deps;
  private static EventSourcedBehaviorTestKit<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2> store;

  private TestProbe<Delivery> poolProbe;
  private TestProbe<Delivery> topicProbe;
  private TestProbe<Delivery> repProbe;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("OrgChartStoreTest");
    ActorRef<Topic.Command<OrgChart>> topic = testKit.spawn(Topic.create(OrgChart.class, OrgChartStore.TOPIC));
    ActorRef<OrgChart> subscriber = testKit.spawn(Behaviors.receiveMessage((OrgChart chart) -> {
      topicSubscriber.forward(OrgChartStore.TOPIC, chart);
      return Behaviors.same();
    }));
    topic.tell(Topic.subscribe(subscriber));
    TestProbe<Topic.TopicStats> stats = testKit.createTestProbe();
    stats.awaitAssert(Duration.ofSeconds(10), () -> {
      topic.tell(Topic.getTopicStats(stats.getRef()));
      Topic.TopicStats s = stats.receiveMessage(Duration.ofSeconds(1));
      assertEquals(1, s.localSubscriberCount());
      assertEquals(1, s.topicInstanceCount());
      return null;
    });
    deps = EntityTests.deps(testKit, clock, directory, topic);
    deps.sharding().init(Entity.of(RoutingPool.ENTITY_KEY, ctx -> pools.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> reps.entity(ctx.getEntityId())));
    store = EventSourcedBehaviorTestKit.create(testKit.system(),
        OrgChartStore.create(deps.clock(), new dev.leadrouter.engine.boot.OrgPort(deps)), EntityTests.KRYO_ROUND_TRIP);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void emptyStore() {
    store.clear();
    directory.update(OrgChart.empty());
    poolProbe = testKit.createTestProbe(Delivery.class);
    topicProbe = testKit.createTestProbe(Delivery.class);
    pools.to(poolProbe);
    topicSubscriber.to(topicProbe);
    repProbe = testKit.createTestProbe(Delivery.class);
    reps.to(repProbe);
  }

  @Test
  void getOnAnEmptyStoreRepliesAnEmptyChart() {
    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2, OrgChart> result =
        store.runCommand(OrgChartStore.Get::new);

    assertEquals(OrgChart.empty(), result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aSeedOnAnEmptyStoreIsStoredPublishedAndReplied() {
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2, OrgChart> result =
        store.runCommand(replyTo -> new OrgChartStore.Seed(V1, replyTo));

    assertEquals(V1, result.reply());
    assertEquals(List.of(new OrgChartStore.OrgChartStored(ConfigJson.write(V1), "seed", now)), result.events());
    assertEquals(stored(V1, 1), result.state());
    assertEquals(V1, directory.current());
    assertEquals(new Delivery(OrgChartStore.TOPIC, V1), topicProbe.receiveMessage());
    assertEquals(orgChangedTo(V1, OrgChartStore.poolRegions(V1)), poolsTold(V1));

    assertEquals(stored(V1, 1), store.restart().state());
    assertEquals(V1, store.<OrgChart>runCommand(OrgChartStore.Get::new).reply());
  }

  @Test
  void aSeedWhenAChartIsStoredRepliesTheStoredChartAndPersistsNothing() {
    store.<OrgChart>runCommand(replyTo -> new OrgChartStore.Seed(V1, replyTo));
    topicProbe.receiveMessage();
    poolsTold(V1);

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2, OrgChart> again =
        store.runCommand(replyTo -> new OrgChartStore.Seed(V2, replyTo));

    assertEquals(V1, again.reply());
    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(stored(V1, 1), again.state());
    assertEquals(V1, directory.current());
    poolProbe.expectNoMessage(SHORT);
    topicProbe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void anInvalidReplacementIsRefusedWithTheJsonPointerOfEachErrorAndPersistsNothing() {
    store.<OrgChart>runCommand(replyTo -> new OrgChartStore.Seed(V1, replyTo));
    topicProbe.receiveMessage();
    poolsTold(V1);
    OrgChart invalid = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(V1.people().get(2)).capacity(null).build(),
        People.of(V1.people().get(3)).regions("华西").build()));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2,
        OrgChartStore.ReplaceReply> result =
        store.runCommand(replyTo -> new OrgChartStore.Replace(invalid, "ops@example.cn", replyTo));

    OrgChartStore.Invalid refused = assertInstanceOf(OrgChartStore.Invalid.class, result.reply());
    assertEquals(List.of(
            new FieldError("/people/2/capacity", "a rep needs a capacity (max open leads)"),
            new FieldError("/people/3/regions/0", "unknown region '华西'")),
        refused.errors());
    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(stored(V1, 1), result.state());
    assertEquals(V1, directory.current());
    poolProbe.expectNoMessage(SHORT);
    topicProbe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aValidReplacementIsStoredAsTheNextVersionAndReachesTheDirectoryTheTopicAndEveryPool() {
    store.<OrgChart>runCommand(replyTo -> new OrgChartStore.Seed(V1, replyTo));
    topicProbe.receiveMessage();
    poolsTold(V1);
    Instant now = clock.advance(Duration.ofMinutes(10));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2,
        OrgChartStore.ReplaceReply> result =
        store.runCommand(replyTo -> new OrgChartStore.Replace(V2, "ops@example.cn", replyTo));

    assertEquals(new OrgChartStore.Replaced(2), result.reply());
    assertEquals(List.of(new OrgChartStore.OrgChartStored(ConfigJson.write(V2), "ops@example.cn", now)), result.events());
    assertEquals(stored(V2, 2), result.state());
    assertEquals(V2, directory.current());
    assertEquals(new Delivery(OrgChartStore.TOPIC, V2), topicProbe.receiveMessage());
    // Every region's pool: the chart's, every macro region, unknown and abroad (华南 too, though V2 has no reps there).
    assertEquals(orgChangedTo(V2, OrgChartStore.poolRegions(V2)), poolsTold(V2));
    assertTrue(OrgChartStore.poolRegions(V2).containsAll(List.of("华南", "西南", RegionInfo.UNKNOWN, RegionInfo.OUTSIDE_MAINLAND)));
    // r2 is no longer in the chart: their open leads are sent elsewhere.
    assertEquals(new Delivery("r2", new Rep.Deactivate("deactivated in the org chart")), repProbe.receiveMessage());
    poolProbe.expectNoMessage(SHORT);

    assertEquals(stored(V2, 2), store.restart().state());
  }

  @Test
  void theNewPersonFieldsAreStoredWithTheMobileInE164AndSurviveARestart() {
    OrgChart withNewFields = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(V1.people().get(2)).mobile("138 0013 8000").quietHours("22:00", "08:00", "Asia/Shanghai")
            .calendar("cn-mainland").build(),
        V1.people().get(3)));
    OrgChart normalized = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(withNewFields.people().get(2)).mobile("+8613800138000").build(),
        V1.people().get(3)));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2, OrgChart> result =
        store.runCommand(replyTo -> new OrgChartStore.Seed(withNewFields, replyTo));

    assertEquals(normalized, result.reply());
    assertEquals(stored(normalized, 1), result.state());
    assertEquals(normalized, directory.current());
    assertEquals(new Delivery(OrgChartStore.TOPIC, normalized), topicProbe.receiveMessage());
    poolsTold(V1);
    assertEquals(normalized, store.restart().state().chart());
    assertEquals(normalized, store.<OrgChart>runCommand(OrgChartStore.Get::new).reply());
  }

  @Test
  void anInvalidMobileIsRefusedAtItsJsonPointer() {
    OrgChart invalid = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1), People.of(V1.people().get(2)).mobile("12345").build(),
        V1.people().get(3)));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2,
        OrgChartStore.ReplaceReply> result =
        store.runCommand(replyTo -> new OrgChartStore.Replace(invalid, "ops@example.cn", replyTo));

    OrgChartStore.Invalid refused = assertInstanceOf(OrgChartStore.Invalid.class, result.reply());
    assertEquals(List.of("/people/2/mobile"), refused.errors().stream().map(FieldError::field).toList());
    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
  }

  // ------------------------------------------------------------------ journals written before JSON storage

  @Test
  void aJournalOfOldEventsRecoversToTheSameChartAndGoesOnWithJsonEvents() {
    OrgChartStore.OrgChartReplaced old = golden(OrgChartStore.OrgChartReplaced.class, "OrgChartStore.OrgChartReplaced", 515);
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(old));

    OrgChartStore.StateV2 recovered = store.restart().state();

    assertEquals(stored(old.chart().toCurrent(), 1), recovered);
    assertEquals(old.chart().toCurrent(), store.<OrgChart>runCommand(OrgChartStore.Get::new).reply());
    assertEquals(old.chart().toCurrent(),
        store.<OrgChart>runCommand(replyTo -> new OrgChartStore.Seed(V2, replyTo)).reply(), "a seed changes nothing");
    Instant now = clock.advance(Duration.ofMinutes(1));

    CommandResultWithReply<OrgChartStore.Command, OrgChartStore.Event, OrgChartStore.StateV2,
        OrgChartStore.ReplaceReply> replaced =
        store.runCommand(replyTo -> new OrgChartStore.Replace(V2, "ops@example.cn", replyTo));

    assertEquals(new OrgChartStore.Replaced(2), replaced.reply());
    assertEquals(List.of(new OrgChartStore.OrgChartStored(ConfigJson.write(V2), "ops@example.cn", now)),
        replaced.events());
    // The pools of the old chart's regions hear about the change too.
    assertEquals(orgChangedTo(V2, OrgChartStore.poolRegions(V2)), poolsTold(V2));
    assertEquals(stored(V2, 2), store.restart().state());
  }

  @Test
  void anOldSnapshotRecoversToTheSameChartAndLaterEventsApplyOnTop() {
    OrgChartStore.State snapshot = golden(OrgChartStore.State.class, "OrgChartStore.State", 516);
    // Events 1-3 hold another chart: recovering it proves the snapshot was used, not a full replay.
    OrgChartStore.OrgChartReplaced earlier = new OrgChartStore.OrgChartReplaced(
        new OrgChartV1(List.of(), List.of(), List.of(new OrgChartV1.Person("r9", "R9", OrgChart.REP, "m9", null,
            null, null, null, 1, null, null, null))), "ops@example.cn", Instant.parse("2026-01-01T00:00:00Z"));
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(earlier, earlier, earlier));
    store.snapshotTestKit().orElseThrow()
        .persistForRecovery(PERSISTENCE_ID, List.of(Pair.create(SnapshotMeta.create(3), snapshot)));

    assertEquals(stored(snapshot.chart().toCurrent(), snapshot.version()), store.restart().state());
    assertEquals(snapshot.chart().toCurrent(), store.<OrgChart>runCommand(OrgChartStore.Get::new).reply());

    store.<OrgChartStore.ReplaceReply>runCommand(replyTo -> new OrgChartStore.Replace(V2, "ops@example.cn", replyTo));

    assertEquals(stored(V2, snapshot.version() + 1), store.restart().state());
  }

  @Test
  void theGoldenJsonEventAndSnapshotRecoverToTheChartTheyHold() {
    OrgChartStore.StateV2 snapshot = golden(OrgChartStore.StateV2.class, "OrgChartStore.StateV2", 518);
    OrgChartStore.OrgChartStored event = golden(OrgChartStore.OrgChartStored.class, "OrgChartStore.OrgChartStored", 517);
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(event, event));
    store.snapshotTestKit().orElseThrow()
        .persistForRecovery(PERSISTENCE_ID, List.of(Pair.create(SnapshotMeta.create(1), snapshot)));

    OrgChartStore.StateV2 recovered = store.restart().state();

    assertEquals(new OrgChartStore.StateV2(event.json(), snapshot.version() + 1), recovered);
    OrgChart.Person rep = recovered.chart().person("rep-1").orElseThrow();
    assertEquals("+8613800138000", rep.mobile());
    assertEquals(new QuietHours("22:00", "08:00", "Asia/Shanghai"), rep.quietHours());
    assertEquals("cn-mainland", rep.calendar());
  }

  private static final String PERSISTENCE_ID =
      PersistenceId.of(OrgChartStore.ENTITY_KEY.name(), OrgChartStore.ID).id();

  /** Golden bytes of a class no longer written, read as the journal reads them: Kryo, manifest = id. */
  private static <T> T golden(Class<T> type, String name, int manifest) {
    try (InputStream in = OrgChartStoreTest.class.getResourceAsStream("/golden/" + name + ".bin")) {
      byte[] bytes = in.readAllBytes();
      Object read = SerializationExtension.get(Adapter.toClassic(testKit.system()))
          .deserialize(bytes, KryoSerializer.IDENTIFIER, Integer.toString(manifest)).get();
      return type.cast(read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OrgChartStore.StateV2 stored(OrgChart chart, int version) {
    return new OrgChartStore.StateV2(ConfigJson.write(chart), version);
  }

  /** The next {@code n} messages to pools, by region (pools are separate actors: no order between them). */
  private Map<String, Object> poolsTold(OrgChart chart) {
    Map<String, Object> byRegion = new HashMap<>();
    for (Delivery d : poolProbe.receiveSeveralMessages(OrgChartStore.poolRegions(chart).size())) {
      Object previous = byRegion.put(d.entityId(), d.message());
      assertEquals(null, previous, () -> "told twice: " + d);
    }
    return byRegion;
  }

  private static Map<String, Object> orgChangedTo(OrgChart chart, Set<String> regions) {
    Map<String, Object> out = new HashMap<>();
    for (String region : regions) out.put(region, new RoutingPool.OrgChanged(chart));
    return out;
  }
}
