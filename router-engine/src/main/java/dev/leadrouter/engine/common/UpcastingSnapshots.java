package dev.leadrouter.engine.common;

import java.util.function.Function;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * The snapshot adapter of an entity whose state changed shape (ADR 0002): it writes the current
 * state as it is and reads both the current state and the snapshots of the older one, turned into
 * the current one by {@code upcast}.
 */
public final class UpcastingSnapshots<O, S> implements SnapshotAdapter<S> {

  private final Class<O> older;
  private final Class<S> current;
  private final Function<O, S> upcast;

  private UpcastingSnapshots(Class<O> older, Class<S> current, Function<O, S> upcast) {
    this.older = older;
    this.current = current;
    this.upcast = upcast;
  }

  public static <O, S> SnapshotAdapter<S> of(Class<O> older, Class<S> current, Function<O, S> upcast) {
    return new UpcastingSnapshots<>(older, current, upcast);
  }

  @Override
  public Object toJournal(S state) {
    return state;
  }

  @Override
  public S fromJournal(Object from) {
    return older.isInstance(from) ? upcast.apply(older.cast(from)) : current.cast(from);
  }
}
