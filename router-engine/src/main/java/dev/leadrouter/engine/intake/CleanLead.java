package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.common.EngineSerializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A lead after cleaning: what routing, SLA and the view work from. Notes and the raw delivery stay
 * out. Persisted inside {@code LeadReceivedV2} and {@code LeadTouchedV2} (older journals hold
 * {@link CleanLeadV1}).
 *
 * @param name the person's name without honorific, role or tags (null when the field held none)
 * @param honorific 先生, 女士, Mr., Dr. … as written with the name
 * @param role 老师, 总, 经理, manager … as written with the name
 * @param nameTags what was written after the name: {@code 张老师/高三数学} → 高三数学
 * @param phones E.164, first one primary
 * @param phoneExtensions E.164 → the extension written with that number
 * @param attributes every further answer the source gave (form fields not mapped, platform ids,
 *     campaign codes, {@code tags} from the source configuration), by name
 */
public record CleanLead(
    String source,
    String sourceEventId,
    String name,
    String honorific,
    String role,
    List<String> nameTags,
    List<String> phones,
    Map<String, String> phoneExtensions,
    List<String> emails,
    String company,
    RegionInfo region,
    String industry,
    Budget budget,
    String budgetBand,
    String priority,
    LeadInput.Utm utm,
    String clientIp,
    Map<String, String> attributes,
    List<String> flags)
    implements EngineSerializable {

  /** The attribute a source configuration's tags arrive in, comma-separated. */
  public static final String TAGS = "tags";

  public CleanLead {
    nameTags = List.copyOf(nameTags);
    phones = List.copyOf(phones);
    phoneExtensions = phoneExtensions == null ? Map.of() : Map.copyOf(phoneExtensions);
    emails = List.copyOf(emails);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    flags = List.copyOf(flags);
  }

  /** The tags the lead's source gave it (attribute {@value #TAGS}). */
  public List<String> tags() {
    String tags = attributes.get(TAGS);
    if (tags == null) return List.of();
    return Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  /**
   * How a rep addresses the person: the name with the honorific or role as written ({@code 李女士},
   * {@code 张老师}, {@code Dr. Smith}); the name alone when there is neither; null without a name.
   */
  public String salutation() {
    if (name == null) return null;
    String title = honorific != null ? honorific : role;
    if (title == null) return name;
    return NameCleaner.isCjk(name) ? name + title : title + " " + name;
  }
}
