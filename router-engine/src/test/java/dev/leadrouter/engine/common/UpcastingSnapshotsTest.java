package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.leadrouter.engine.rep.Rep;
import java.util.List;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.junit.jupiter.api.Test;

class UpcastingSnapshotsTest {

  private final SnapshotAdapter<Rep.StateV2> adapter =
      UpcastingSnapshots.of(Rep.State.class, Rep.StateV2.class, s -> new Rep.StateV2(s.open(), s.lastAssignedAtMillis(),
          null, 0, 0, List.of(), null, null));

  @Test
  void writesTheCurrentStateAsItIsAndReadsItBack() {
    Rep.StateV2 state = new Rep.StateV2(List.of(), 7L, null, 0, 2, List.of("lead-1"), "mgr-1", null);
    assertSame(state, adapter.toJournal(state));
    assertSame(state, adapter.fromJournal(state));
  }

  @Test
  void readsAnOlderSnapshotThroughTheUpcast() {
    assertEquals(new Rep.StateV2(List.of(new Rep.OpenLead("lead-1", "华东")), 5L, null, 0, 0, List.of(), null, null),
        adapter.fromJournal(new Rep.State(List.of(new Rep.OpenLead("lead-1", "华东")), 5L)));
  }

  @Test
  void anythingElseIsAnError() {
    assertThrows(ClassCastException.class, () -> adapter.fromJournal("not a state"));
  }
}
