package dev.leadrouter.engine.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.engine.common.EngineSerializable;
import dev.leadrouter.engine.dedup.ContactKey;
import dev.leadrouter.engine.dedup.IntakeKey;
import dev.leadrouter.engine.lead.Lead;
import dev.leadrouter.engine.opportunity.OpportunityProtocol;
import dev.leadrouter.engine.rep.Rep;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import dev.leadrouter.engine.routing.RoutingLedger;
import dev.leadrouter.engine.routing.RoutingPool;
import java.io.NotSerializableException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The serializer as Pekko runs it: bound by reference.conf, ActorRefs resolved through the system. */
class KryoSerializerTest {

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private record Unregistered(String x) implements EngineSerializable {}

  private static <T> ActorRef<T> ref() {
    return testKit.<T>createTestProbe().getRef();
  }

  static List<Object> withActorRefs() {
    return List.of(
        new RoutingPool.GetQueue(ref()),
        new RoutingPool.Preview(Samples.FACTS, ref()),
        new RoutingPool.GetLedger(ref()),
        new RoutingPool.GetWorkloads(ref()),
        new RoutingLedger.Save("{}", 1, ref()),
        new RoutingLedger.Load(ref()),
        new Rep.GetStatus(ref()),
        new Rep.RestoreRotation("mgr-1", ref()),
        new Lead.Receive(Samples.CLEAN_LEAD, "call after 6pm", ref(), "lead-0", false),
        new Lead.GetOwner(ref()),
        new Lead.Get(ref()),
        new Lead.Acknowledge("rep-1", ref()),
        new Lead.Close("rep-1", "won", ref()),
        new IntakeKey.Claim("lead-1", "sha256:9f86", ref()),
        new Rep.GetLoad(ref()),
        new Lead.Hold("mgr-1", "travelling", ref()),
        new Lead.Resume("mgr-1", ref()),
        new Lead.RecordContact("rep-1", ref()),
        new Lead.Touch(Samples.CLEAN_LEAD, "again", ref()),
        new Lead.Wake(ref()),
        new ContactKey.Claim("lead-1", 259_200_000L, ref()),
        new DocumentStore.Get(ref()),
        new DocumentStore.GetVersions(ref()),
        new DocumentStore.Seed("{}", ref()),
        new DocumentStore.Replace("{}", "ops@example.cn", ref()),
        new DocumentStore.Replace("{}", "ops@example.cn", 3, ref()),
        new Lead.Convert("rep-1", "产线改造", Samples.AMOUNT, "CNY", "default", ref()),
        new Lead.Assign("rep-2", "mgr-1", ref()),
        new Lead.HandAnswered("rep-2", "mgr-1", new RoutingPool.HandAnswer(null, "at capacity 20/20"), ref()),
        new RoutingPool.AssignByHand("lead-1", "rep-2", "mgr-1", ref()),
        new Lead.OpportunityAnswered("opp-lead-1", new OpportunityProtocol.Opened("opp-lead-1", "qualification"), ref()),
        new OpportunityProtocol.Open(Samples.LINK, "rep-1", "产线改造", Samples.AMOUNT, "CNY", "default", ref()),
        new OpportunityProtocol.RecordAction(Samples.ACTION, "rep-1", ref()),
        new OpportunityProtocol.MoveStage("quote", List.of("a", "b"), "demo done", "rep-1", false, ref()),
        new OpportunityProtocol.Snooze(Samples.T2, "on holiday", "rep-1", true, ref()),
        new OpportunityProtocol.Get(ref()),
        new OpportunityProtocol.Wake(ref()));
  }

  static Stream<Arguments> actorRefSamples() {
    return withActorRefs().stream().map(s -> Arguments.of(Samples.simpleNameWithOuter(s.getClass()), s));
  }

  static Stream<Arguments> persisted() {
    return GoldenBytesTest.persisted();
  }

  private static Object roundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    String manifest = Serializers.manifestFor(serializer, message);
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("persisted")
  void persistedClassesGoThroughKryoWithTheirIdAsManifestAndTheGoldenBytes(String name, Object sample) {
    Serializer serializer = serialization.findSerializerFor(sample);

    assertInstanceOf(KryoSerializer.class, serializer);
    assertEquals(KryoSerializer.IDENTIFIER, serializer.identifier());
    assertEquals(String.valueOf(KryoRegistry.idsByClass().get(sample.getClass())), Serializers.manifestFor(serializer, sample));
    assertArrayEquals(GoldenBytesTest.golden(name, sample), serializer.toBinary(sample));
    assertEquals(sample, roundTrip(sample));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("actorRefSamples")
  void commandsCarryingAReplyToRoundTrip(String name, Object sample) {
    assertEquals(sample, roundTrip(sample));
  }

  @Test
  void theActorRefSamplesCoverEveryRegisteredClassThatNeedsOne() {
    assertEquals(
        Samples.WITH_ACTOR_REF.stream().map(Class::getName).collect(Collectors.toSet()),
        withActorRefs().stream().map(o -> o.getClass().getName()).collect(Collectors.toSet()));
  }

  @Test
  void anUnknownManifestIsNotSerializable() throws Exception {
    KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(EngineSerializable.class);

    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "99999"));
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "Lead.LeadAssigned"));
  }

  @Test
  void anUnregisteredEngineClassIsRefusedWithAHint() throws Exception {
    KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(EngineSerializable.class);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> serializer.manifest(new Unregistered("x")));
    assertTrue(e.getMessage().contains("KryoRegistry"), e.getMessage());
  }
}
