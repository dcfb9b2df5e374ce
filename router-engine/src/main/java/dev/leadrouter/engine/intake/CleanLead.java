package dev.leadrouter.engine.intake;

import dev.leadrouter.engine.vocab.Budget;
import dev.leadrouter.engine.vocab.RegionInfo;
import dev.leadrouter.engine.vocab.Priorities;
import dev.leadrouter.engine.common.EngineSerializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A lead after cleaning: what routing, SLA and the view work from. Notes and the raw delivery stay
 * out. Persisted inside {@code Lead.LeadReceived} and {@code Lead.LeadTouched} (older journals hold
 * {@link CleanLeadV1} and {@link CleanLeadV2}).
 *
 * <p>It cannot be built incomplete: the constructor gives every required field its default (source
 * {@value #UNKNOWN_SOURCE}, priority {@value Priorities#NORMAL}, region {@link RegionInfo#NONE}, empty
 * lists), so every path that makes a lead — the canonical API, each adapter, fetched answers,
 * merges, and old events replayed from the journal — yields one the read models can store.
 *
 * @param name the person's name without honorific, role or tags (null when the field held none)
 * @param honorific 先生, 女士, Mr., Dr. … as written with the name
 * @param role 老师, 总, 经理, manager … as written with the name
 * @param alias the name in another script written with it ({@code 王磊 Wang Lei} → Wang Lei)
 * @param student for a parent writing for a child ({@code 王小明家长}): the child's name
 * @param nameTags what was written after the name: {@code 张老师/高三数学} → 高三数学
 * @param phones E.164, first one primary
 * @param phoneExtensions E.164 → the extension written with that number
 * @param attributes every further answer the source gave (form fields not mapped, platform ids,
 *     campaign codes, {@code tags} from the source configuration), by name
 * @param fieldSources which source gave each known field's value ({@code name}, {@code company},
 *     {@code region}, {@code industry}, {@code budget} …); null → every known field from {@code source}
 */
public record CleanLead(
    String source,
    String sourceEventId,
    String name,
    String honorific,
    String role,
    String alias,
    String student,
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
    List<String> flags,
    Map<String, String> fieldSources)
    implements EngineSerializable {

  /** The attribute a source configuration's tags arrive in, comma-separated. */
  public static final String TAGS = "tags";

  /** The source of a lead that somehow lacks one (never written by today's intake). */
  public static final String UNKNOWN_SOURCE = "unknown";

  public CleanLead {
    source = source == null || source.isBlank() ? UNKNOWN_SOURCE : source;
    nameTags = nameTags == null ? List.of() : List.copyOf(nameTags);
    phones = phones == null ? List.of() : List.copyOf(phones);
    phoneExtensions = phoneExtensions == null ? Map.of() : Map.copyOf(phoneExtensions);
    emails = emails == null ? List.of() : List.copyOf(emails);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    flags = flags == null ? List.of() : List.copyOf(flags);
    region = region == null || region.macro() == null
        ? (region == null ? RegionInfo.NONE : new RegionInfo(RegionInfo.UNKNOWN, region.province(), region.city(), region.country()))
        : region;
    String canonical = Priorities.canonical(priority);
    if (canonical == null) {
      canonical = Priorities.NORMAL;
      if (priority != null && !priority.isBlank() && !flags.contains(Priorities.PRIORITY_UNKNOWN)) {
        flags = append(flags, Priorities.PRIORITY_UNKNOWN);
      }
    }
    priority = canonical;
    utm = utm == null ? LeadInput.Utm.EMPTY : utm;
    fieldSources = fieldSources == null
        ? known(source, name, honorific, alias, student, company, region, industry, budget, utm, clientIp)
        : Map.copyOf(fieldSources);
  }

  /** The fields of {@link #fieldSources} ({@code phone} and {@code email} are unions of every source). */
  public static final List<String> FIELDS =
      List.of("name", "honorific", "alias", "student", "company", "region", "industry", "budget", "utm", "clientIp");

  private static Map<String, String> known(String source, Object... values) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (isKnown(FIELDS.get(i), values[i])) out.put(FIELDS.get(i), source);
    }
    return Map.copyOf(out);
  }

  /** Whether a field's value says something: not null, blank, 未知, OTHER or an empty region or UTM. */
  public static boolean isKnown(String field, Object value) {
    if (value == null) return false;
    if (value instanceof String s) return !s.isBlank() && !s.equals(RegionInfo.UNKNOWN) && !s.equalsIgnoreCase("OTHER");
    if (value instanceof RegionInfo r) return r.province() != null || !RegionInfo.UNKNOWN.equals(r.macro());
    if (value instanceof LeadInput.Utm u) return !LeadInput.Utm.EMPTY.equals(u);
    return true;
  }

  private static List<String> append(List<String> list, String item) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(list);
    out.add(item);
    return List.copyOf(out);
  }

  /** The tags the lead's source gave it (attribute {@value #TAGS}). */
  public List<String> tags() {
    String tags = attributes.get(TAGS);
    if (tags == null) return List.of();
    return Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }

  /**
   * How a rep addresses the person: the name with the honorific or role as written ({@code 李女士},
   * {@code 张老师}, {@code Dr. Smith}); the name alone when there is neither; a parent without a name
   * through the student ({@code 王小明妈妈}); null without a name.
   */
  public String salutation() {
    return NameCleaner.salutation(name, honorific, role, student);
  }
}
