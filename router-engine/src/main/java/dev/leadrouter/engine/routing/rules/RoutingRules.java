package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.sla.SlaPolicySet;
import java.util.List;

/**
 * The routing rules document as a {@link DocumentStore} kind: validated against the org chart and
 * the working calendars (of the SLA document) in force on the node that stores it, versioned with
 * author and time like every document.
 */
public final class RoutingRules {

  /** Its document kind (entity id {@value #KIND}). */
  public static final String KIND = "routing";

  private RoutingRules() {}

  public static DocumentStore.Kind document(OrgDirectory org, SlaDirectory sla) {
    return new DocumentStore.Kind(KIND, json -> errors(json, org.current(), sla.current()));
  }

  /** The document's errors against this org chart and these calendars, or none. */
  public static List<FieldError> errors(String json, OrgChart org, SlaPolicySet sla) {
    return RoutingDocument.parse(json, org, sla.calendars().keySet()).errors();
  }

  /** A stored (or draft) document compiled for deciding against this org chart and these calendars. */
  public static RoutingRuleSet compile(int version, String json, OrgChart org, SlaPolicySet sla) {
    return RoutingRuleSet.compile(version, json, org, sla.calendars());
  }
}
