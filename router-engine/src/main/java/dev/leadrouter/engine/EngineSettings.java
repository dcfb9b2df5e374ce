package dev.leadrouter.engine;

import dev.leadrouter.engine.intake.CleanLead;
import dev.leadrouter.engine.intake.IndustryTaxonomy;
import dev.leadrouter.engine.intake.IpRegions;
import dev.leadrouter.engine.intake.LeadCleaner;
import dev.leadrouter.engine.intake.LeadInput;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.leadrouter.engine.common.FieldError;
import dev.leadrouter.engine.intake.source.Sources;
import dev.leadrouter.engine.opportunity.OpportunitySettings;
import dev.leadrouter.engine.opportunity.Pipelines;
import dev.leadrouter.engine.sla.SlaPolicySet;
import dev.leadrouter.engine.common.DocumentStore;
import dev.leadrouter.engine.sla.SlaPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Typed view of the {@code leadrouter} configuration block the engine runs on. */
public record EngineSettings(
    String slaSeed,
    String sourcesSeed,
    double timeScale,
    Duration routingRetry,
    Duration poolInitTimeout,
    Duration offerTimeout,
    Duration ledgerSaveDelay,
    Duration reserveRetry,
    int leadTags,
    Duration dedupWindow,
    IndustryTaxonomy industries,
    IpRegions ipRegions,
    OpportunitySettings opportunities) {

  public static EngineSettings fromConfig(Config root) {
    Config c = root.getConfig("leadrouter");
    double scale = c.getDouble("sla.time-scale");
    if (scale <= 0) throw new IllegalArgumentException("leadrouter.sla.time-scale must be positive");
    String seed = slaSeed(c);
    List<FieldError> errors = SlaPolicies.errors(seed);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("the SLA policy seed (" + seedOrigin(c) + ") is invalid: " + errors);
    }
    String sources = c.getConfig("sources.seed").root().render(ConfigRenderOptions.concise());
    List<FieldError> sourceErrors = Sources.errors(sources);
    if (!sourceErrors.isEmpty()) throw new IllegalArgumentException("leadrouter.sources.seed is invalid: " + sourceErrors);
    OpportunitySettings opportunities = OpportunitySettings.fromConfig(c);
    List<FieldError> pipelineErrors = Pipelines.errors(opportunities.pipelinesSeed(),
        SlaPolicies.parse(seed).compile(0).calendars().keySet());
    if (!pipelineErrors.isEmpty()) {
      throw new IllegalArgumentException("the pipelines seed (leadrouter.pipelines.seed-file) is invalid: " + pipelineErrors);
    }
    return new EngineSettings(seed, sources, scale,
        c.getDuration("routing.retry-interval"), c.getDuration("routing.pool-init-timeout"),
        c.getDuration("routing.offer-timeout"), c.getDuration("routing.ledger-save-delay"),
        c.getDuration("routing.reserve-retry"), c.getInt("lead.projection-tags"), c.getDuration("intake.dedup-window"),
        IndustryTaxonomy.fromConfig(c.getConfig("intake.industries")), ipRegions(c.getString("intake.ip-database")),
        opportunities);
  }

  /** The lead as intake cleans it, with the configured industry taxonomy. */
  public CleanLead clean(LeadInput input) {
    return LeadCleaner.clean(input, industries, ipRegions);
  }

  /** The ip2region database at {@code path}; none when the path is blank. */
  private static IpRegions ipRegions(String path) {
    if (path.isBlank()) return IpRegions.NONE;
    try {
      return IpRegions.load(Path.of(path.strip()));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read leadrouter.intake.ip-database " + path + ": " + e.getMessage(), e);
    }
  }

  /** The seed policies, compiled as version 0 (what a node uses until the stored version reaches it). */
  public SlaPolicySet seedPolicies() {
    return SlaPolicies.parse(slaSeed).compile(0);
  }

  /** The seed document: the JSON file {@code sla.seed-file} when set, else the {@code sla.seed} block. */
  private static String slaSeed(Config c) {
    String file = c.getString("sla.seed-file").trim();
    if (file.isEmpty()) return c.getConfig("sla.seed").root().render(ConfigRenderOptions.concise());
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read leadrouter.sla.seed-file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String seedOrigin(Config c) {
    String file = c.getString("sla.seed-file").trim();
    return file.isEmpty() ? "leadrouter.sla.seed" : file;
  }
}
