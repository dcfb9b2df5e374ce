package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.Map;
import java.util.TreeMap;

/** The canonical lead as it arrives: every field a trimmed string or null. */
public record LeadInput(
    String source,
    String sourceEventId,
    String name,
    String phone,
    String email,
    String company,
    String region,
    String industry,
    String budget,
    String priority,
    Utm utm,
    String clientIp,
    String notes,
    Map<String, String> attributes)
    implements EngineSerializable {

  public LeadInput {
    attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
  }

  /** Campaign tracking as posted. */
  public record Utm(String source, String medium, String campaign, String content, String term)
      implements EngineSerializable {
    public static final Utm EMPTY = new Utm(null, null, null, null, null);
  }
}
