package dev.leadrouter.engine.routing.rules;

import dev.leadrouter.engine.org.OrgChart;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Member;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Pool;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Rule;
import dev.leadrouter.engine.routing.rules.RoutingDocument.Target;
import java.util.List;
import java.util.Map;

/**
 * The rules that route while no routing document is published: every rep of the org chart in one
 * pool, in org-chart order, and the best tag fit first — a rep who covers the lead's region,
 * industry and budget band; else region and industry; else region — each least loaded, anything
 * else to the fallback queue {@value #FALLBACK_QUEUE}. A returning contact goes to its previous owner
 * first when they are eligible (existing owner first, as in every document by default). Built from the chart in force (not stored),
 * so a rep added to the chart takes leads at once. Publishing a document replaces it.
 */
public final class RoutingDefaults {

  public static final String POOL = "all-reps";
  public static final String FALLBACK_QUEUE = "unassigned";

  private RoutingDefaults() {}

  public static RoutingDocument document(OrgChart chart) {
    List<Member> members = chart.people().stream().filter(OrgChart.Person::isRep)
        .map(p -> new Member(p.id(), null)).toList();
    return new RoutingDocument(RoutingDocument.DEFAULT_ZONE, List.of(new Pool(POOL, members)), Map.of(),
        List.of(tier("region+industry+budget", List.of("region", "industry", "budgetBand")),
            tier("region+industry", List.of("region", "industry"))),
        new Rule("region", "Anyone who covers the region.", List.of(), new Target(null, POOL, null, false, List.of("region")),
            RoutingDocument.LEAST_LOADED, false),
        FALLBACK_QUEUE, RoutingDocument.WhenAllAway.FALLBACK_NOW, null, true);
  }

  private static Rule tier(String id, List<String> tags) {
    return new Rule(id, "A rep who covers the lead's " + String.join(", ", tags) + ".", List.of(),
        new Target(null, POOL, null, false, tags), RoutingDocument.LEAST_LOADED, true);
  }
}
