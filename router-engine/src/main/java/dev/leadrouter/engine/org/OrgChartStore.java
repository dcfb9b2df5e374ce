package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.EngineSerializable;
import java.time.Instant;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Frozen: what the org chart's own entity wrote before the chart became a {@link DocumentStore}
 * kind (ADR 0013). Journals and snapshots under {@link #PERSISTENCE_ID} still hold these records
 * (Kryo ids 515–518, golden files {@code OrgChartStore.*.bin}); nothing writes them any more.
 * {@link #LEGACY} reads them for the {@link OrgChartDocument#KIND org} document: every event is
 * the replacement it recorded, a snapshot the version in force with its number.
 */
public final class OrgChartStore {

  /** The persistence id the org chart's journal has always had (the entity type was {@code OrgChart}). */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.of("OrgChart", "org");

  private OrgChartStore() {}

  /** The events of the former entity. */
  public sealed interface Event extends EngineSerializable {}

  /** A chart stored as {@link ConfigJson} text of an {@link OrgChart} (id 517). */
  public record OrgChartStored(String json, String by, Instant at) implements Event {}

  /** Written before charts were stored as JSON (id 515); upcast by {@link OrgChartV1#toCurrent()}. */
  public record OrgChartReplaced(OrgChartV1 chart, String by, Instant at) implements Event {}

  /** The former entity's snapshot: the chart in force as JSON text (null: none) and its version (id 518). */
  public record StateV2(String json, int version) implements EngineSerializable {}

  /** Snapshots written before charts were stored as JSON (id 516); upcast by {@link #toV2()}. */
  public record State(OrgChartV1 chart, int version) implements EngineSerializable {

    public StateV2 toV2() {
      return new StateV2(chart == null ? null : ConfigJson.write(chart.toCurrent()), version);
    }
  }

  /**
   * Reads the former entity's records as the document store's: an event as the replacement it
   * recorded (an {@link OrgChartV1} upcast to today's chart), a snapshot as its version in force
   * (author and time were not kept: null) after placeholders for the versions before it.
   */
  public static final DocumentStore.Legacy LEGACY = new DocumentStore.Legacy() {
    @Override
    public DocumentStore.DocumentReplaced event(Object old) {
      if (old instanceof OrgChartStored stored) {
        return new DocumentStore.DocumentReplaced(stored.json(), stored.by(), stored.at());
      }
      if (old instanceof OrgChartReplaced replaced) {
        return new DocumentStore.DocumentReplaced(ConfigJson.write(replaced.chart().toCurrent()), replaced.by(), replaced.at());
      }
      throw new IllegalStateException("not an org chart event: " + old.getClass().getName());
    }

    @Override
    public DocumentStore.State snapshot(Object old) {
      StateV2 state = old instanceof State v1 ? v1.toV2() : (StateV2) old;
      if (state.json() == null) return new DocumentStore.State(java.util.List.of());
      return DocumentStore.State.from(new DocumentStore.Version(state.version(), null, null, state.json()));
    }
  };
}
