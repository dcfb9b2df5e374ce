package dev.leadrouter.engine;

import com.typesafe.config.Config;
import dev.leadrouter.engine.routing.Matcher;
import dev.leadrouter.engine.sla.SlaAction;
import dev.leadrouter.engine.sla.SlaPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed view of the {@code leadrouter} configuration block the engine runs on. */
public record EngineSettings(
    Map<String, SlaPolicy> policies,
    Map<String, String> policyByPriority,
    double timeScale,
    List<Matcher.Rule> routingRules,
    Duration routingRetry,
    Duration poolInitTimeout,
    Duration offerTimeout,
    int leadTags) {

  public static EngineSettings fromConfig(Config root) {
    Config c = root.getConfig("leadrouter");
    Map<String, SlaPolicy> policies = new LinkedHashMap<>();
    Config policyConfig = c.getConfig("sla.policies");
    for (String name : policyConfig.root().keySet()) {
      List<SlaPolicy.Step> steps = policyConfig.getConfigList(name).stream()
          .map(s -> new SlaPolicy.Step(SlaAction.parse(s.getString("action")), s.getDuration("after")))
          .toList();
      policies.put(name, new SlaPolicy(name, steps));
    }
    Map<String, String> byPriority = new LinkedHashMap<>();
    Config priorities = c.getConfig("sla.priority-policy");
    for (String priority : priorities.root().keySet()) {
      String policy = priorities.getString(priority);
      if (!policies.containsKey(policy)) {
        throw new IllegalArgumentException("leadrouter.sla.priority-policy." + priority
            + " names unknown policy '" + policy + "'");
      }
      byPriority.put(priority, policy);
    }
    List<Matcher.Rule> rules = c.getConfigList("routing.rules").stream()
        .map(r -> {
          EnumSet<Matcher.Attribute> attrs = EnumSet.noneOf(Matcher.Attribute.class);
          r.getStringList("match").forEach(a -> attrs.add(Matcher.Attribute.valueOf(a.toUpperCase(Locale.ROOT))));
          return new Matcher.Rule(r.getString("name"), attrs);
        })
        .toList();
    double scale = c.getDouble("sla.time-scale");
    if (scale <= 0) throw new IllegalArgumentException("leadrouter.sla.time-scale must be positive");
    return new EngineSettings(Map.copyOf(policies), Map.copyOf(byPriority), scale, rules,
        c.getDuration("routing.retry-interval"), c.getDuration("routing.pool-init-timeout"),
        c.getDuration("routing.offer-timeout"), c.getInt("lead.projection-tags"));
  }

  public SlaPolicy policyFor(String priority) {
    String name = policyByPriority.getOrDefault(priority, policyByPriority.get("normal"));
    return policies.get(name);
  }
}
