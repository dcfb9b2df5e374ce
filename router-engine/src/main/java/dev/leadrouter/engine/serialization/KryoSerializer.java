package dev.leadrouter.engine.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Kryo 5 behind Pekko's serializer SPI, for everything marked
 * {@link dev.leadrouter.engine.common.EngineSerializable}.
 *
 * <p>Registration is required and every id is fixed in {@link KryoRegistry}: an unregistered class
 * is refused instead of being written by name. The manifest is the registration id of the top-level
 * class, so a renamed class still reads old journals. Typed {@code ActorRef}s go through
 * {@link ActorRefResolver} so commands carrying a reply-to cross nodes. Evolution rule: see
 * {@link KryoRegistry}.
 */
public final class KryoSerializer extends SerializerWithStringManifest {

  public static final int IDENTIFIER = 7_117;

  private final Pool<Kryo> pool;
  private final Map<Class<?>, Integer> idsByClass;
  private final Map<Integer, Class<?>> classesById;

  public KryoSerializer(ExtendedActorSystem system) {
    ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
    this.idsByClass = KryoRegistry.idsByClass();
    this.classesById = KryoRegistry.classesById();
    this.pool = new Pool<>(true, false, 16) {
      @Override
      protected Kryo create() {
        return newKryo(resolver);
      }
    };
  }

  /** A configured Kryo; public so golden-bytes tests can run without an actor system. */
  public static Kryo newKryo(ActorRefResolver resolver) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    KryoRegistry.register(kryo, resolver == null ? null : new ActorRefSerializer(resolver));
    return kryo;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    Integer id = idsByClass.get(o.getClass());
    if (id == null) {
      throw new IllegalArgumentException("class not registered for Kryo: " + o.getClass().getName()
          + " (add it to KryoRegistry with a new id)");
    }
    return Integer.toString(id);
  }

  @Override
  public byte[] toBinary(Object o) {
    Kryo kryo = pool.obtain();
    try (Output out = new Output(256, -1)) {
      kryo.writeObject(out, o);
      return out.toBytes();
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Class<?> type;
    try {
      type = classesById.get(Integer.parseInt(manifest));
    } catch (NumberFormatException e) {
      type = null;
    }
    if (type == null) throw new NotSerializableException("unknown Kryo manifest '" + manifest + "'");
    Kryo kryo = pool.obtain();
    try (Input in = new Input(bytes)) {
      return kryo.readObject(in, type);
    } finally {
      pool.free(kryo);
    }
  }

  /** Writes a typed ActorRef as its serialization path and resolves it on read. */
  static final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    private final ActorRefResolver resolver;

    ActorRefSerializer(ActorRefResolver resolver) {
      super(false, true);
      this.resolver = resolver;
    }

    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(resolver.toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return resolver.resolveActorRef(input.readString());
    }
  }
}
