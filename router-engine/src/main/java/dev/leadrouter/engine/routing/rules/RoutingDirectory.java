package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.org.OrgDirectory;
import dev.leadrouter.engine.sla.SlaDirectory;
import dev.leadrouter.engine.sla.SlaPolicySet;

/**
 * This node's compiled routing rules in force, read synchronously by the routing pools: the
 * published routing document (or, while none is published, the {@link RoutingDefaults built-in
 * default} for the org chart in force) compiled against this node's org chart and SLA calendars.
 * It is compiled again on the first read after any of the three changed, so a rep who left the
 * chart is out of every pool at once.
 */
public final class RoutingDirectory {

  private final OrgDirectory org;
  private final SlaDirectory sla;
  private volatile Published published = new Published(0, null);
  private volatile Compiled compiled;

  /** The published document (json null: none yet). */
  private record Published(int version, String json) {}

  /** An engine and what it was compiled from (compared by identity: the directories replace whole objects). */
  private record Compiled(Published published, OrgChart chart, SlaPolicySet sla, RuleEngine engine) {}

  public RoutingDirectory(OrgDirectory org, SlaDirectory sla) {
    this.org = org;
    this.sla = sla;
  }

  /** The rule engine over the rules in force. */
  public RuleEngine current() {
    Compiled c = compiled;
    OrgChart chart = org.current();
    SlaPolicySet policies = sla.current();
    if (c != null && c.published() == published && c.chart() == chart && c.sla() == policies) return c.engine();
    return compile(chart, policies);
  }

  /** The rules in force. */
  public RoutingRuleSet rules() {
    return current().rules();
  }

  /** The version in force: 0 for the built-in default. */
  public int version() {
    return rules().version();
  }

  /** A routing document was published; keeps the newer of two (topic messages may overtake each other). */
  public synchronized void publish(int version, String json) {
    if (json == null || version < published.version()) return;
    published = new Published(version, json);
  }

  private synchronized RuleEngine compile(OrgChart chart, SlaPolicySet policies) {
    Published p = published;
    Compiled c = compiled;
    if (c != null && c.published() == p && c.chart() == chart && c.sla() == policies) return c.engine();
    // Parsed without the cross checks: a document published against an older chart still
    // compiles, leaving out people who are no longer reps (see RoutingRuleSet#compile).
    RoutingDocument doc = p.json() == null ? RoutingDefaults.document(chart)
        : RoutingDocument.parse(p.json(), null, null).orThrow();
    RuleEngine engine = new RuleEngine(RoutingRuleSet.compile(p.version(), doc, chart, policies.calendars()));
    compiled = new Compiled(p, chart, policies, engine);
    return engine;
  }
}
