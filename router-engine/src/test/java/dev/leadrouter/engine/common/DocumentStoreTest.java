package dev.leadrouter.engine.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@link DocumentStore} that are plain code: kinds and the state a former snapshot stands for. */
class DocumentStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void aKindIsUnderItsOwnPersistenceIdAndHasNoFormerRecords() {
    DocumentStore.Kind kind = new DocumentStore.Kind("sla", json -> List.of());

    assertEquals("Document|sla", kind.persistenceId().id());
    assertThrows(IllegalStateException.class, () -> kind.legacy().event("not a document event"));
    assertThrows(IllegalStateException.class, () -> kind.legacy().snapshot("not a document state"));
  }

  @Test
  void aStateFromItsVersionInForceKeepsTheNumberingWithPlaceholdersBeforeIt() {
    DocumentStore.Version current = new DocumentStore.Version(3, "ops", T0, "{}");

    DocumentStore.State state = DocumentStore.State.from(current);

    assertEquals(List.of(new DocumentStore.Version(1, null, null, null), new DocumentStore.Version(2, null, null, null),
        current), state.versions());
    assertEquals(current, state.current());
  }

  @Test
  void versionZeroIsAnEmptyStore() {
    assertEquals(new DocumentStore.State(List.of()), DocumentStore.State.from(new DocumentStore.Version(0, null, null, null)));
  }
}
