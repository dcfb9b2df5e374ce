package dev.leadrouter.engine.intake.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every built-in adapter by type name. */
public final class SourceAdapters {

  private static final Map<String, SourceAdapter> BY_TYPE = new LinkedHashMap<>();

  static {
    for (SourceAdapter adapter : List.<SourceAdapter>of(
        new HubSpotWebhookAdapter(), new HubSpotFormsAdapter(), new MetaLeadgenAdapter(), new MetaLeadAdapter(),
        new GoogleAdsAdapter(), new TypeformAdapter(), new TallyAdapter(), new JotformAdapter(), new GravityFormsAdapter(),
        new Cf7Adapter(), new Cf7FlamingoAdapter(), new OceanengineAdapter(), new DouyinLocalAdapter(),
        new TencentAdsAdapter(), new WecomAdapter(), new WecomContactAdapter(), new GenericAdapter())) {
      if (BY_TYPE.put(adapter.type(), adapter) != null) throw new IllegalStateException("two adapters " + adapter.type());
    }
  }

  private SourceAdapters() {}

  public static Optional<SourceAdapter> byType(String type) {
    return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
  }

  public static Set<String> types() {
    return BY_TYPE.keySet();
  }
}
