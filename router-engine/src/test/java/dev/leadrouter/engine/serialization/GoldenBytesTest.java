package dev.leadrouter.engine.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.leadrouter.engine.dedup.ContactKey;
import dev.leadrouter.engine.dedup.IntakeKey;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.lead.legacy.LegacyLeadEvent;
import dev.leadrouter.engine.lead.LeadState;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV1;
import dev.leadrouter.engine.lead.legacy.LeadAssignedV2;
import dev.leadrouter.engine.lead.legacy.LeadQueuedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV1;
import dev.leadrouter.engine.lead.legacy.LeadReceivedV2;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV1;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV2;
import dev.leadrouter.engine.opportunity.Opportunity;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.lead.legacy.LeadTouchedV3;
import dev.leadrouter.engine.org.OrgChartStore;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.RoutingPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The serialization compatibility guard: the bytes of every persisted class (every event, every
 * snapshot state) are kept in {@code src/test/resources/golden/<Outer.Inner>.bin}. A change that
 * alters them would make existing journals unreadable — follow the evolution rule in
 * {@link KryoRegistry} instead. {@code -Dgolden.write=true} writes the files that are missing, never
 * an existing one.
 */
class GoldenBytesTest {

  static final Path GOLDEN_DIR =
      Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
  private static final boolean WRITE = Boolean.getBoolean("golden.write");

  private static final Set<Class<?>> ENTITIES =
      Set.of(Lead.class, Rep.class, RoutingPool.class, RoutingLedger.class,
          DocumentStore.class, Opportunity.class);

  /** Entities whose protocol (commands, events) lives in a class of its own rather than nested in the entity. */
  private static final Map<Class<?>, Class<?>> PROTOCOLS = Map.of(Opportunity.class, OpportunityProtocol.class);

  /**
   * Entities that are gone but whose journals another entity still reads: their events and states
   * keep their golden bytes (the org chart's former store, read by the {@code org} document, ADR 0013;
   * the intake and contact keys, imported once into the claims table, ADR 0015).
   */
  private static final Set<Class<?>> FORMER_ENTITIES = Set.of(OrgChartStore.class, IntakeKey.class, ContactKey.class);

  /** The frozen event types an entity's journal still holds outside its sealed {@code Event} (read upcast). */
  private static final Map<Class<?>, Class<?>> LEGACY_EVENTS = Map.of(Lead.class, LegacyLeadEvent.class);

  /**
   * Entities that never write a snapshot: their state is rebuilt from events only, so it is not a
   * persisted class and may live outside the entity (a lead turns snapshots off in
   * {@code Lead#recovery}; its state is {@link LeadState}).
   */
  private static final Set<Class<?>> NEVER_SNAPSHOTTED = Set.of(Lead.class, Opportunity.class);

  /** The manifest (registration id) of every persisted class is in the journal too: pinned here. */
  private static final Map<Class<?>, Integer> PINNED_IDS = Map.ofEntries(
      Map.entry(LeadReceivedV1.class, 620), Map.entry(LeadQueuedV1.class, 621),
      Map.entry(LeadAssignedV1.class, 622), Map.entry(Lead.AssignmentRevoked.class, 623),
      Map.entry(Lead.ReminderSent.class, 624), Map.entry(Lead.LeadEscalated.class, 625),
      Map.entry(Lead.LeadAcknowledged.class, 626), Map.entry(Lead.LeadClosed.class, 627),
      Map.entry(LeadAssignedV2.class, 628), Map.entry(Lead.LeadHeld.class, 629),
      Map.entry(Lead.LeadResumed.class, 630), Map.entry(Lead.LeadContacted.class, 631),
      Map.entry(Lead.LeadReassigned.class, 632), Map.entry(Lead.SlaStepFired.class, 633),
      Map.entry(LeadTouchedV1.class, 634), Map.entry(LeadReceivedV2.class, 635),
      Map.entry(LeadTouchedV2.class, 636), Map.entry(Lead.LeadReceived.class, 649),
      Map.entry(LeadTouchedV3.class, 650), Map.entry(Lead.LeadTouched.class, 660), Map.entry(Lead.LeadQueued.class, 637),
      Map.entry(Lead.LeadAssigned.class, 638), Map.entry(Lead.AssignmentWithdrawn.class, 639),
      Map.entry(Lead.ContactReturned.class, 645), Map.entry(Lead.LeadNotRouted.class, 664), Map.entry(Lead.LeadConverted.class, 657),
      Map.entry(OpportunityProtocol.OpportunityOpened.class, 1116), Map.entry(OpportunityProtocol.ActionRecorded.class, 1117),
      Map.entry(OpportunityProtocol.StageChanged.class, 1118), Map.entry(OpportunityProtocol.Downgraded.class, 1119),
      Map.entry(OpportunityProtocol.SilentWarned.class, 1120), Map.entry(OpportunityProtocol.Snoozed.class, 1121),
      Map.entry(ContactKey.ContactClaimed.class, 1003), Map.entry(ContactKey.State.class, 1004),
      Map.entry(DocumentStore.DocumentReplaced.class, 418), Map.entry(DocumentStore.State.class, 419),
      Map.entry(Rep.LeadReserved.class, 903), Map.entry(Rep.LeadReleased.class, 904), Map.entry(Rep.State.class, 905),
      Map.entry(RoutingPool.LeadEnqueued.class, 358), Map.entry(RoutingPool.LeadDequeued.class, 359),
      Map.entry(RoutingPool.State.class, 361), Map.entry(RoutingPool.LeadEnqueuedV2.class, 369),
      Map.entry(RoutingPool.StateV2.class, 372),
      Map.entry(RoutingLedger.LedgerSaved.class, 384), Map.entry(RoutingLedger.State.class, 385),
      Map.entry(Rep.LeadReservedV2.class, 907), Map.entry(Rep.AckBreachCounted.class, 908),
      Map.entry(Rep.StreakEnded.class, 909), Map.entry(Rep.RotationRestored.class, 910), Map.entry(Rep.StateV2.class, 911),
      Map.entry(OrgChartStore.OrgChartReplaced.class, 515), Map.entry(OrgChartStore.State.class, 516),
      Map.entry(OrgChartStore.OrgChartStored.class, 517), Map.entry(OrgChartStore.StateV2.class, 518),
      Map.entry(IntakeKey.KeyClaimed.class, 802), Map.entry(IntakeKey.State.class, 803));

  static Stream<Arguments> persisted() {
    return Samples.persisted().values().stream().map(s -> Arguments.of(Samples.simpleNameWithOuter(s.getClass()), s));
  }

  static Stream<Arguments> everySample() {
    return Stream.concat(Samples.persisted().values().stream(), Samples.messages().values().stream())
        .map(s -> Arguments.of(Samples.simpleNameWithOuter(s.getClass()), s));
  }

  static byte[] write(Object sample) {
    Kryo kryo = KryoSerializer.newKryo(null);
    try (Output out = new Output(256, -1)) {
      kryo.writeObject(out, sample);
      return out.toBytes();
    }
  }

  /** The stored bytes; in write mode a missing file is created from {@code sample} first. */
  static byte[] golden(String name, Object sample) {
    Path file = GOLDEN_DIR.resolve(name + ".bin");
    try {
      if (!Files.exists(file)) {
        if (!WRITE) {
          fail("No golden bytes for " + name + " (" + file + "). A new persisted class needs them: run "
              + "`cd /work/main && mvn -B -o -pl router-engine test -Dgolden.write=true` once and commit "
              + "src/test/resources/golden/" + name + ".bin. Existing files are never overwritten.");
        }
        Files.createDirectories(GOLDEN_DIR);
        Files.write(file, write(sample));
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("persisted")
  void todaysBytesAreTheGoldenBytes(String name, Object sample) {
    assertArrayEquals(golden(name, sample), write(sample),
        name + " no longer serializes to its golden bytes: journals written before this change could not be "
            + "read. Do not edit the class or regenerate the file; add a new record under a new id (see KryoRegistry).");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("persisted")
  void theGoldenBytesReadBackAsTheSample(String name, Object sample) {
    byte[] bytes = golden(name, sample);
    Kryo kryo = KryoSerializer.newKryo(null);

    try (Input in = new Input(bytes)) {
      assertEquals(sample, kryo.readObject(in, sample.getClass()));
      assertEquals(bytes.length, in.position(), "bytes left over after reading " + name);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("persisted")
  void theSampleIsFullyPopulated(String name, Object sample) throws Exception {
    for (var component : sample.getClass().getRecordComponents()) {
      Object value = component.getAccessor().invoke(sample);
      assertNotNull(value, name + "." + component.getName() + " is null in the sample");
      if (value instanceof List<?> list) {
        assertTrue(list.size() >= 2, name + "." + component.getName() + " has fewer than 2 elements");
      }
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("persisted")
  void theManifestOfAPersistedClassNeverChanges(String name, Object sample) {
    assertEquals(PINNED_IDS.get(sample.getClass()), KryoRegistry.idsByClass().get(sample.getClass()),
        name + ": its registration id is the manifest stored in the journal; pin it here and never change it");
  }

  /** Entities whose state in memory is not what they snapshot: the class their snapshot adapter writes. */
  private static final Map<Class<?>, Class<?>> SNAPSHOT_FORMS =
      Map.of(Rep.class, Rep.SNAPSHOTS.toJournal(Rep.Live.EMPTY).getClass());

  @Test
  void everyEventAndStateOfEveryEntityHasGoldenBytes() {
    Set<Class<?>> expected = new LinkedHashSet<>();
    for (Class<?> entity : union(ENTITIES, FORMER_ENTITIES)) {
      Class<?> event = nested(PROTOCOLS.getOrDefault(entity, entity), "Event");
      assertTrue(event.isSealed(), entity.getSimpleName() + ".Event should be sealed");
      expected.addAll(concreteSubclasses(event));
      Class<?> legacy = LEGACY_EVENTS.get(entity);
      if (legacy != null) expected.addAll(registered(legacy));
      if (NEVER_SNAPSHOTTED.contains(entity)) continue;
      // State, and StateV2, StateV3 … once a state changed shape (snapshots of the old ones still load).
      List<Class<?>> states = Stream.of(entity.getDeclaredClasses())
          .filter(c -> c.getSimpleName().matches("State(V[0-9]+)?")).toList();
      assertTrue(FORMER_ENTITIES.contains(entity)
              || states.contains(SNAPSHOT_FORMS.containsKey(entity) ? SNAPSHOT_FORMS.get(entity) : stateType(entity)),
          entity.getSimpleName() + "'s state type (or what its snapshot adapter writes) should be its nested State or StateV<n>");
      expected.addAll(states);
    }

    assertEquals(names(expected), names(Samples.persisted().keySet()));
    assertEquals(names(expected), names(PINNED_IDS.keySet()));
  }

  @Test
  void everyEventSourcedEntityWithRegisteredClassesIsGuarded() {
    Set<Class<?>> entities = KryoRegistry.classesById().values().stream()
        .map(Class::getEnclosingClass)
        .filter(Objects::nonNull)
        .map(GoldenBytesTest::entityOf)
        .filter(EventSourcedBehavior.class::isAssignableFrom)
        .collect(Collectors.toSet());

    assertEquals(names(ENTITIES), names(entities));
  }

  @Test
  void everyGoldenFileBelongsToAPersistedClass() throws IOException {
    Set<String> expected = Samples.persisted().keySet().stream()
        .map(c -> Samples.simpleNameWithOuter(c) + ".bin").collect(Collectors.toCollection(java.util.TreeSet::new));
    try (Stream<Path> files = Files.list(GOLDEN_DIR)) {
      Set<String> present = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
      assertTrue(expected.containsAll(present), "stray golden files: " + present);
    }
  }

  // ------------------------------------------------------------------ the registry

  @Test
  void theRegistryHasNoDuplicateClasses() {
    List<Class<?>> classes = new ArrayList<>(KryoRegistry.classesById().values());

    assertEquals(classes.size(), new HashSet<>(classes).size(), "a class is registered under two ids");
    assertEquals(KryoRegistry.classesById().size(), KryoRegistry.idsByClass().size());
  }

  @Test
  void noIdCollidesWithKryosOwnOrTheActorRefId() {
    assertTrue(KryoRegistry.classesById().keySet().stream().allMatch(id -> id >= 10 && id != KryoRegistry.ACTOR_REF_ID));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("everySample")
  void theManifestOfEverySampleMapsBackToItsClass(String name, Object sample) {
    Integer id = KryoRegistry.idsByClass().get(sample.getClass());

    assertNotNull(id, name + " is not registered");
    assertEquals(sample.getClass(), KryoRegistry.classesById().get(id));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("everySample")
  void everySampleRoundTrips(String name, Object sample) {
    Kryo kryo = KryoSerializer.newKryo(null);

    try (Input in = new Input(write(sample))) {
      assertEquals(sample, kryo.readObject(in, sample.getClass()));
    }
  }

  @Test
  void everyRegisteredEngineClassHasASampleOrNeedsAnActorRef() {
    Set<Class<?>> covered = new HashSet<>(Samples.persisted().keySet());
    covered.addAll(Samples.messages().keySet());
    covered.addAll(Samples.WITH_ACTOR_REF);

    List<String> missing = KryoRegistry.classesById().values().stream()
        .filter(c -> c.getName().startsWith("dev.leadrouter."))
        .filter(c -> !covered.contains(c))
        .map(Class::getName)
        .toList();
    assertEquals(List.of(), missing, "registered classes without a sample in Samples");
  }

  @Test
  void registeredJdkTypesRoundTrip() {
    Map<Class<?>, Object> jdk = new LinkedHashMap<>();
    for (Object sample : List.of(Samples.T0, java.time.LocalDate.parse("2026-11-24"), new java.math.BigDecimal("1200000.50"), List.of(), List.of("a"), List.of("a", "b", "c"), Map.of(),
        Map.of("k", "v"), Set.of(), Set.of("a"), new ArrayList<>(List.of("a", "b")), Collections.emptyList())) {
      jdk.put(sample.getClass(), sample);
    }
    Set<Class<?>> registeredJdk = KryoRegistry.classesById().values().stream()
        .filter(c -> !c.getName().startsWith("dev.leadrouter.")).collect(Collectors.toSet());

    assertEquals(names(registeredJdk), names(jdk.keySet()));
    for (Object sample : jdk.values()) {
      Kryo kryo = KryoSerializer.newKryo(null);
      try (Output out = new Output(64, -1)) {
        kryo.writeClassAndObject(out, sample);
        assertEquals(sample, kryo.readClassAndObject(new Input(out.toBytes())));
      }
    }
  }

  @Test
  void anUnregisteredClassIsRefused() {
    Kryo kryo = KryoSerializer.newKryo(null);

    try (Output out = new Output(64, -1)) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> kryo.writeClassAndObject(out, new java.util.TreeMap<String, String>()));
      assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The entity a nested class belongs to: its enclosing class, or the entity whose protocol that is. */
  private static Class<?> entityOf(Class<?> enclosing) {
    return PROTOCOLS.entrySet().stream().filter(e -> e.getValue().equals(enclosing)).map(Map.Entry::getKey)
        .findFirst().orElse(enclosing);
  }

  private static Set<Class<?>> union(Set<Class<?>> a, Set<Class<?>> b) {
    Set<Class<?>> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  private static Class<?> nested(Class<?> outer, String simpleName) {
    return Stream.of(outer.getDeclaredClasses()).filter(c -> c.getSimpleName().equals(simpleName)).findFirst()
        .orElseThrow(() -> new AssertionError(outer.getSimpleName() + " has no nested " + simpleName));
  }

  /** The {@code State} type argument of the entity's event-sourced superclass. */
  private static Class<?> stateType(Class<?> entity) {
    var superclass = (java.lang.reflect.ParameterizedType) entity.getGenericSuperclass();
    return (Class<?>) superclass.getActualTypeArguments()[2];
  }

  /**
   * The concrete classes under a sealed type; under a non-sealed interface branch (a lead's frozen
   * legacy events, which Java cannot seal across packages) the registered classes implementing it.
   */
  private static List<Class<?>> concreteSubclasses(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> sub : sealed.getPermittedSubclasses()) {
      if (sub.isSealed()) out.addAll(concreteSubclasses(sub));
      else if (sub.isInterface()) {
        out.addAll(registered(sub));
      } else out.add(sub);
    }
    return out;
  }

  /** The registered classes implementing {@code type}. */
  private static List<Class<?>> registered(Class<?> type) {
    return KryoRegistry.classesById().values().stream().filter(c -> !c.isInterface() && type.isAssignableFrom(c))
        .toList();
  }

  private static Set<String> names(Set<Class<?>> classes) {
    return classes.stream().map(Class::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

}
