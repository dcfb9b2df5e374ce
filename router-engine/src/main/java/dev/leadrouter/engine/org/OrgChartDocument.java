package dev.leadrouter.engine.org;

import dev.leadrouter.engine.common.ConfigJson;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import java.util.List;

/**
 * The org chart as a {@link DocumentStore} kind (entity id {@value #KIND}): versioned, JSON text in
 * the journal (ADR 0005), under the persistence id it always had, reading the records of the entity
 * it replaced ({@link OrgChartStore}, ADR 0013). Callers store the chart {@link
 * OrgChartValidator#normalize normalized}; the kind checks it with {@link OrgChartValidator}.
 */
public final class OrgChartDocument {

  /** Its document kind (entity id). */
  public static final String KIND = "org";

  /** The topic every node's {@link OrgDirectory} learns a new chart from. */
  public static final String TOPIC = "org-chart";

  public static final DocumentStore.Kind DOCUMENT =
      new DocumentStore.Kind(KIND, OrgChartDocument::errors, OrgChartStore.PERSISTENCE_ID, OrgChartStore.LEGACY);

  private OrgChartDocument() {}

  /** A stored (or seed) chart read with {@link ConfigJson}; none stored ({@code null}) is the empty chart. */
  public static OrgChart parse(String json) {
    return json == null ? OrgChart.empty() : ConfigJson.read(json, OrgChart.class);
  }

  /** The chart as the JSON text to store. */
  public static String json(OrgChart chart) {
    return ConfigJson.write(chart);
  }

  /**
   * The chart's errors by JSON Pointer, or none. It is checked as {@link OrgChartValidator#check}
   * checks it, normalized first: what a normalized chart passes is never refused here.
   */
  public static List<FieldError> errors(String json) {
    return ConfigJson.errors(json, OrgChart.class, chart -> OrgChartValidator.check(chart).errors());
  }
}
