package dev.leadrouter.persistence.projection;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/** An event as the journal holds it (serializer id, manifest, bytes), for parking and replaying it. */
public interface EventCodec {

  record Stored(int serializerId, String manifest, byte[] bytes) {}

  Stored encode(Object event);

  Object decode(Stored stored);

  /** Through Pekko's serialization: the same serializer and manifest the journal uses. */
  static EventCodec of(ActorSystem<?> system) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    return new EventCodec() {
      @Override
      public Stored encode(Object event) {
        Serializer serializer = serialization.findSerializerFor(event);
        return new Stored(serializer.identifier(), Serializers.manifestFor(serializer, event),
            serialization.serialize(event).get());
      }

      @Override
      public Object decode(Stored stored) {
        return serialization.deserialize(stored.bytes(), stored.serializerId(), stored.manifest()).get();
      }
    };
  }
}
