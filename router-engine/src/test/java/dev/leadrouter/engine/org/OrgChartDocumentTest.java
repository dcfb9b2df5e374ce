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
import dev.leadrouter.engine.boot.OrgPort;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.routing.RoutingPool;
import dev.leadrouter.engine.serialization.KryoSerializer;
import dev.leadrouter.engine.vocab.RegionInfo;
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
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The org chart as the {@code org} document: a {@link DocumentStore} of {@link OrgChartDocument#DOCUMENT}
 * with the engine's publish callback ({@link OrgPort}), so a stored chart reaches this node's
 * directory (with its version), every region's routing pool and the reps it deactivated. One entity
 * per organisation: the tests share it and clear its journal before each test. It reads the journal
 * and snapshots of the entity it replaced ({@link OrgChartStore}) under the same persistence id.
 */
class OrgChartDocumentTest {

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

  private static final String PERSISTENCE_ID = OrgChartStore.PERSISTENCE_ID.id();

  private static ActorTestKit testKit;
  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private static final OrgDirectory directory = new OrgDirectory();
  private static final Relay pools = new Relay();
  private static final Relay topicSubscriber = new Relay();
  private static final Relay reps = new Relay();
  private static EventSourcedBehaviorTestKit<DocumentStore.Command, DocumentStore.Event, DocumentStore.State> store;

  private TestProbe<Delivery> poolProbe;
  private TestProbe<Delivery> topicProbe;
  private TestProbe<Delivery> repProbe;

  @BeforeAll
  static void start() {
    testKit = EntityTests.start("OrgChartDocumentTest");
    ActorRef<Topic.Command<OrgChart>> topic = testKit.spawn(Topic.create(OrgChart.class, OrgChartDocument.TOPIC));
    ActorRef<OrgChart> subscriber = testKit.spawn(Behaviors.receiveMessage((OrgChart chart) -> {
      topicSubscriber.forward(OrgChartDocument.TOPIC, chart);
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
    EngineDeps deps = EntityTests.deps(testKit, clock, directory, topic);
    deps.sharding().init(Entity.of(RoutingPool.ENTITY_KEY, ctx -> pools.entity(ctx.getEntityId())));
    deps.sharding().init(Entity.of(Rep.ENTITY_KEY, ctx -> reps.entity(ctx.getEntityId())));
    store = EventSourcedBehaviorTestKit.create(testKit.system(),
        DocumentStore.create(OrgChartDocument.DOCUMENT, deps.clock(), new OrgPort(deps)::published),
        EntityTests.KRYO_ROUND_TRIP);
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
  void theOrgChartKeepsThePersistenceIdOfItsFormerEntity() {
    assertEquals("OrgChart|org", PERSISTENCE_ID);
    assertEquals(OrgChartStore.PERSISTENCE_ID, OrgChartDocument.DOCUMENT.persistenceId());
  }

  @Test
  void getOnAnEmptyStoreRepliesVersionZeroWhichReadsAsTheEmptyChart() {
    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State, DocumentStore.Version> result =
        store.runCommand(DocumentStore.Get::new);

    assertEquals(new DocumentStore.Version(0, null, null, null), result.reply());
    assertEquals(OrgChart.empty(), OrgChartDocument.parse(result.reply().json()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aSeedOnAnEmptyStoreIsStoredPublishedAndReplied() {
    Instant now = clock.advance(Duration.ofSeconds(1));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State, DocumentStore.Version> result =
        seed(V1);

    DocumentStore.Version v1 = new DocumentStore.Version(1, "seed", now, json(V1));
    assertEquals(v1, result.reply());
    assertEquals(List.of(new DocumentStore.DocumentReplaced(json(V1), "seed", now)), result.events());
    assertEquals(new DocumentStore.State(List.of(v1)), result.state());
    assertEquals(V1, directory.current());
    assertEquals(1, directory.version(), "the directory holds the version (other nodes get it on the documents topic)");
    assertEquals(orgChangedTo(V1, V1.poolRegions()), poolsTold(V1));
    repProbe.expectNoMessage(Duration.ZERO);

    assertEquals(new DocumentStore.State(List.of(v1)), store.restart().state());
    assertEquals(V1, current());
  }

  @Test
  void aSeedWhenAChartIsStoredRepliesTheStoredChartAndPersistsNothing() {
    seedAndDrain(V1);

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State, DocumentStore.Version> again =
        seed(V2);

    assertEquals(V1, OrgChartDocument.parse(again.reply().json()));
    assertEquals(1, again.reply().version());
    assertTrue(again.hasNoEvents(), () -> "persisted " + again.events());
    assertEquals(V1, directory.current());
    poolProbe.expectNoMessage(SHORT);
  }

  @Test
  void anInvalidReplacementIsRefusedWithTheJsonPointerOfEachErrorAndPersistsNothing() {
    seedAndDrain(V1);
    OrgChart invalid = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(V1.people().get(2)).capacity(null).build(),
        People.of(V1.people().get(3)).regions("华西").build()));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
        DocumentStore.ReplaceReply> result = replace(invalid);

    DocumentStore.Invalid refused = assertInstanceOf(DocumentStore.Invalid.class, result.reply());
    assertEquals(List.of(
            new FieldError("/people/2/capacity", "a rep needs a capacity (max open leads)"),
            new FieldError("/people/3/regions/0", "unknown region '华西'")),
        refused.errors());
    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
    assertEquals(1, result.state().versions().size());
    assertEquals(V1, directory.current());
    poolProbe.expectNoMessage(SHORT);
    repProbe.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aValidReplacementIsTheNextVersionAndReachesTheDirectoryEveryPoolAndTheRepsItDeactivated() {
    seedAndDrain(V1);
    Instant now = clock.advance(Duration.ofMinutes(10));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
        DocumentStore.ReplaceReply> result = replace(V2);

    assertEquals(new DocumentStore.Replaced(2), result.reply());
    assertEquals(List.of(new DocumentStore.DocumentReplaced(json(V2), "ops@example.cn", now)), result.events());
    assertEquals(new DocumentStore.Version(2, "ops@example.cn", now, json(V2)), result.state().versions().get(1));
    assertEquals(V2, directory.current());
    assertEquals(2, directory.version());
    // Every region's pool: the chart's, every macro region, unknown and abroad (华南 too, though V2 has no reps there).
    assertEquals(orgChangedTo(V2, V2.poolRegions()), poolsTold(V2));
    assertTrue(V2.poolRegions().containsAll(List.of("华南", "西南", RegionInfo.UNKNOWN, RegionInfo.OUTSIDE_MAINLAND)));
    // r2 is no longer in the chart: their open leads are sent elsewhere.
    assertEquals(new Delivery("r2", new Rep.Deactivate("deactivated in the org chart")), repProbe.receiveMessage());
    repProbe.expectNoMessage(Duration.ZERO);
    poolProbe.expectNoMessage(SHORT);

    assertEquals(result.state(), store.restart().state());
    assertEquals(V2, current());
  }

  @Test
  void aReplacementMadeFromAnOlderVersionIsStaleAndStoresNothing() {
    seedAndDrain(V1);

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
        DocumentStore.ReplaceReply> stale = store.runCommand(replyTo -> new DocumentStore.Replace(json(V2), "mgr", 0, replyTo));

    assertEquals(new DocumentStore.Stale(1), stale.reply());
    assertTrue(stale.hasNoEvents());
    assertEquals(V1, current());
    assertEquals(new DocumentStore.Replaced(2),
        store.<DocumentStore.ReplaceReply>runCommand(replyTo -> new DocumentStore.Replace(json(V2), "mgr", 1, replyTo)).reply());
  }

  @Test
  void aRepSetToDeactivatedIsToldToSendTheirLeadsElsewhere() {
    seedAndDrain(V1);
    OrgChart r1Leaves = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(V1.people().get(2)).availability(OrgChart.DEACTIVATED).build(), V1.people().get(3)));

    assertEquals(new DocumentStore.Replaced(2), replace(r1Leaves).reply());

    assertEquals(new Delivery("r1", new Rep.Deactivate("deactivated in the org chart")), repProbe.receiveMessage());
    repProbe.expectNoMessage(SHORT);
  }

  @Test
  void aNormalizedChartIsStoredWithTheMobileInE164AndSurvivesARestart() {
    OrgChart withNewFields = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(V1.people().get(2)).mobile("138 0013 8000").quietHours("22:00", "08:00", "Asia/Shanghai")
            .calendar("cn-mainland").build(),
        V1.people().get(3)));
    OrgChart normalized = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1),
        People.of(withNewFields.people().get(2)).mobile("+8613800138000").build(),
        V1.people().get(3)));
    assertEquals(normalized, OrgChartValidator.normalize(withNewFields));
    // The kind checks a chart as it will be normalized: it refuses nothing a normalized chart passes.
    assertEquals(List.of(), OrgChartDocument.errors(json(withNewFields)));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State, DocumentStore.Version> result =
        seed(OrgChartValidator.normalize(withNewFields));

    assertEquals(normalized, OrgChartDocument.parse(result.reply().json()));
    assertEquals(normalized, directory.current());
    poolsTold(V1);
    store.restart();
    assertEquals(normalized, current());
  }

  @Test
  void anInvalidMobileIsRefusedAtItsJsonPointer() {
    OrgChart invalid = new OrgChart(V1.regions(), V1.teams(), List.of(
        V1.people().get(0), V1.people().get(1), People.of(V1.people().get(2)).mobile("12345").build(),
        V1.people().get(3)));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
        DocumentStore.ReplaceReply> result = replace(OrgChartValidator.normalize(invalid));

    DocumentStore.Invalid refused = assertInstanceOf(DocumentStore.Invalid.class, result.reply());
    assertEquals(List.of("/people/2/mobile"), refused.errors().stream().map(FieldError::field).toList());
    assertTrue(result.hasNoEvents(), () -> "persisted " + result.events());
  }

  // ------------------------------------------------------------------ the journal of the former entity

  @Test
  void aJournalOfTheFirstEventsRecoversToTheSameChartAndGoesOnWithDocumentEvents() {
    OrgChartStore.OrgChartReplaced old = golden(OrgChartStore.OrgChartReplaced.class, "OrgChartStore.OrgChartReplaced", 515);
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(old));

    DocumentStore.State recovered = store.restart().state();

    OrgChart chart = old.chart().toCurrent();
    assertEquals(new DocumentStore.State(List.of(new DocumentStore.Version(1, old.by(), old.at(), json(chart)))), recovered);
    assertEquals(chart, current());
    assertEquals(chart, OrgChartDocument.parse(seed(V2).reply().json()), "a seed changes nothing");
    directory.update(chart);
    Instant now = clock.advance(Duration.ofMinutes(1));

    CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
        DocumentStore.ReplaceReply> replaced = replace(V2);

    assertEquals(new DocumentStore.Replaced(2), replaced.reply());
    assertEquals(List.of(new DocumentStore.DocumentReplaced(json(V2), "ops@example.cn", now)), replaced.events());
    assertEquals(orgChangedTo(V2, V2.poolRegions()), poolsTold(V2));
    assertEquals(2, store.restart().state().versions().size());
    assertEquals(V2, current());
  }

  @Test
  void theNumberingGoesOnAfterAJournalOfBothFormerEvents() {
    OrgChartStore.OrgChartReplaced first = golden(OrgChartStore.OrgChartReplaced.class, "OrgChartStore.OrgChartReplaced", 515);
    OrgChartStore.OrgChartStored stored = golden(OrgChartStore.OrgChartStored.class, "OrgChartStore.OrgChartStored", 517);
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(first, first, stored, stored, stored));

    DocumentStore.State recovered = store.restart().state();

    assertEquals(List.of(1, 2, 3, 4, 5), recovered.versions().stream().map(DocumentStore.Version::version).toList());
    assertEquals(new DocumentStore.Version(5, stored.by(), stored.at(), stored.json()), recovered.versions().get(4));
    assertEquals(json(first.chart().toCurrent()), recovered.versions().get(0).json());
    assertEquals(new DocumentStore.Replaced(6), replace(V2).reply());
    assertEquals(6, store.restart().state().versions().size());
  }

  @Test
  void anOldSnapshotRecoversToTheSameChartUnderItsVersionAndLaterReplacementsNumberOn() {
    OrgChartStore.State snapshot = golden(OrgChartStore.State.class, "OrgChartStore.State", 516);
    // Events 1-3 hold another chart: recovering it proves the snapshot was used, not a full replay.
    OrgChartStore.OrgChartReplaced earlier = new OrgChartStore.OrgChartReplaced(
        new OrgChartV1(List.of(), List.of(), List.of(new OrgChartV1.Person("r9", "R9", OrgChart.REP, "m9", null,
            null, null, null, 1, null, null, null))), "ops@example.cn", Instant.parse("2026-01-01T00:00:00Z"));
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(earlier, earlier, earlier));
    store.snapshotTestKit().orElseThrow()
        .persistForRecovery(PERSISTENCE_ID, List.of(Pair.create(SnapshotMeta.create(3), snapshot)));

    DocumentStore.State recovered = store.restart().state();

    // Only the version in force is known; the ones before it are placeholders without a document.
    assertEquals(3, snapshot.version());
    assertEquals(List.of(
            new DocumentStore.Version(1, null, null, null),
            new DocumentStore.Version(2, null, null, null),
            new DocumentStore.Version(3, null, null, json(snapshot.chart().toCurrent()))),
        recovered.versions());
    assertEquals(snapshot.chart().toCurrent(), current());

    assertEquals(new DocumentStore.Replaced(4), replace(V2).reply());
    assertEquals(V2, OrgChartDocument.parse(store.restart().state().versions().get(3).json()));
  }

  @Test
  void theGoldenJsonEventAndSnapshotRecoverToTheChartTheyHold() {
    OrgChartStore.StateV2 snapshot = golden(OrgChartStore.StateV2.class, "OrgChartStore.StateV2", 518);
    OrgChartStore.OrgChartStored event = golden(OrgChartStore.OrgChartStored.class, "OrgChartStore.OrgChartStored", 517);
    store.persistenceTestKit().persistForRecovery(PERSISTENCE_ID, List.of(event, event));
    store.snapshotTestKit().orElseThrow()
        .persistForRecovery(PERSISTENCE_ID, List.of(Pair.create(SnapshotMeta.create(1), snapshot)));

    DocumentStore.State recovered = store.restart().state();

    assertEquals(snapshot.version() + 1, recovered.versions().size());
    assertEquals(new DocumentStore.Version(snapshot.version(), null, null, snapshot.json()),
        recovered.versions().get(snapshot.version() - 1));
    assertEquals(new DocumentStore.Version(snapshot.version() + 1, event.by(), event.at(), event.json()),
        recovered.versions().get(snapshot.version()));
    OrgChart.Person rep = current().person("rep-1").orElseThrow();
    assertEquals("+8613800138000", rep.mobile());
    assertEquals(new QuietHours("22:00", "08:00", "Asia/Shanghai"), rep.quietHours());
    assertEquals("cn-mainland", rep.calendar());
  }

  @Test
  void aFormerSnapshotWithoutAChartIsAnEmptyStore() {
    assertEquals(new DocumentStore.State(List.of()), OrgChartStore.LEGACY.snapshot(new OrgChartStore.StateV2(null, 0)));
    assertEquals(new DocumentStore.State(List.of()), OrgChartStore.LEGACY.snapshot(new OrgChartStore.State(null, 0)));
  }

  // ------------------------------------------------------------------ helpers

  private static String json(OrgChart chart) {
    return OrgChartDocument.json(chart);
  }

  private static CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
      DocumentStore.Version> seed(OrgChart chart) {
    return store.runCommand(replyTo -> new DocumentStore.Seed(json(chart), replyTo));
  }

  private static CommandResultWithReply<DocumentStore.Command, DocumentStore.Event, DocumentStore.State,
      DocumentStore.ReplaceReply> replace(OrgChart chart) {
    return store.runCommand(replyTo -> new DocumentStore.Replace(json(chart), "ops@example.cn", replyTo));
  }

  /** The chart in force, as {@code GET /api/v1/org} reads it. */
  private static OrgChart current() {
    return OrgChartDocument.parse(store.<DocumentStore.Version>runCommand(DocumentStore.Get::new).reply().json());
  }

  private void seedAndDrain(OrgChart chart) {
    seed(chart);
    poolsTold(chart);
  }

  /** Golden bytes of a class no longer written, read as the journal reads them: Kryo, manifest = id. */
  private static <T> T golden(Class<T> type, String name, int manifest) {
    try (InputStream in = OrgChartDocumentTest.class.getResourceAsStream("/golden/" + name + ".bin")) {
      byte[] bytes = in.readAllBytes();
      Object read = SerializationExtension.get(Adapter.toClassic(testKit.system()))
          .deserialize(bytes, KryoSerializer.IDENTIFIER, Integer.toString(manifest)).get();
      return type.cast(read);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pools told, by region (pools are separate actors: no order between them). */
  private Map<String, Object> poolsTold(OrgChart chart) {
    Map<String, Object> byRegion = new HashMap<>();
    for (Delivery d : poolProbe.receiveSeveralMessages(chart.poolRegions().size())) {
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
