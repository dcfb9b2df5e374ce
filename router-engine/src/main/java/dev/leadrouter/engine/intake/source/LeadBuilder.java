package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.intake.LeadInput;
import dev.leadrouter.engine.intake.NameCleaner;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the canonical {@link LeadInput} an adapter found, field by field. Values are trimmed; blank
 * ones are absent; the first non-blank value given for a field wins (so an adapter can try several
 * platform fields in order of preference) — except the phone: every number given is kept, in the
 * order given, the first one primary, a repeated one once ({@link #phone}). Not thread-safe; one per
 * lead.
 */
public final class LeadBuilder {

  /**
   * Between the phone numbers of one lead in {@link LeadInput#phone()}: a separator {@code
   * PhoneCleaner} splits numbers on (it reads every run of text that cannot be part of a number as one).
   */
  static final String PHONE_SEPARATOR = "; ";

  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final Set<String> phones = new LinkedHashSet<>();
  private String salutation;

  private LeadBuilder(SourceConfig config) {
    set("source", config.id());
    set("priority", config.priority());
    if (!config.tags().isEmpty()) attributes.put("tags", String.join(",", config.tags()));
  }

  /** A lead of this source: {@code source} is the source id, priority its default. */
  public static LeadBuilder of(SourceConfig config) {
    return new LeadBuilder(config);
  }

  public LeadBuilder eventId(String v) { return set("sourceEventId", v); }
  public LeadBuilder name(String v) { return set("name", v); }

  /**
   * Adds a phone field: every one given is kept (a form's second phone question, HubSpot {@code phone}
   * and {@code mobilephone}, WeCom's remark mobiles …), in the order given, so the first is the
   * primary number; a value given twice is kept once. One value may itself hold several numbers.
   */
  public LeadBuilder phone(String v) {
    if (v != null && !v.isBlank()) phones.add(v.strip());
    return this;
  }

  /**
   * The person's salutation or title as the platform gives it apart from the name (HubSpot {@code
   * salutation}, a form's salutation question: {@code Dr.}, {@code Mrs}, {@code 女士}). The canonical
   * lead has no field for it, so {@link #build} writes it into the name the way people write it
   * ({@code Dr. John Smith}, {@code 李女士}), where the name cleaner splits it off as the honorific;
   * one the name cleaner would not recognise there stays an attribute ({@code salutation}) instead of
   * spoiling the name. The first one given wins.
   */
  public LeadBuilder salutation(String v) {
    if (salutation == null && v != null && !v.isBlank()) salutation = v.strip();
    return this;
  }
  public LeadBuilder email(String v) { return set("email", v); }
  public LeadBuilder company(String v) { return set("company", v); }
  public LeadBuilder region(String v) { return set("region", v); }
  public LeadBuilder industry(String v) { return set("industry", v); }
  public LeadBuilder budget(String v) { return set("budget", v); }
  public LeadBuilder clientIp(String v) { return set("clientIp", v); }
  public LeadBuilder notes(String v) { return set("notes", v); }
  public LeadBuilder utmSource(String v) { return set("utm_source", v); }
  public LeadBuilder utmMedium(String v) { return set("utm_medium", v); }
  public LeadBuilder utmCampaign(String v) { return set("utm_campaign", v); }
  public LeadBuilder utmContent(String v) { return set("utm_content", v); }
  public LeadBuilder utmTerm(String v) { return set("utm_term", v); }

  /** The delivery's own priority, when the platform sends one (overrides the source's default). */
  public LeadBuilder priority(String v) {
    if (v != null && !v.isBlank()) fields.put("priority", v.strip());
    return this;
  }

  /** Any further answer worth keeping (form fields not mapped, platform ids, campaign codes …). */
  public LeadBuilder attribute(String name, String value) {
    if (name != null && value != null && !value.isBlank()) attributes.putIfAbsent(name, value.strip());
    return this;
  }

  /**
   * Ad platforms' click and campaign tracking codes a landing URL may carry (Google, Meta, Microsoft,
   * TikTok, LinkedIn, Baidu, 巨量引擎, 腾讯广告): kept as attributes under their own names.
   */
  static final java.util.Set<String> TRACKING_CODES = java.util.Set.of(
      "gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "ttclid", "li_fat_id",
      "bd_vid", "bd_bxst", "clickid", "adid", "creativeid", "promotionid", "projectid", "qz_gdt", "gdt_vid");

  /**
   * UTM fields from a landing page URL's query string ({@code utm_source} … {@code utm_term}), for
   * those not set yet, and the {@link #TRACKING_CODES} it holds as attributes; also keeps the URL as
   * attribute {@code landingUrl}. A malformed URL is ignored.
   */
  public LeadBuilder landingUrl(String url) {
    if (url == null || url.isBlank()) return this;
    attribute("landingUrl", url);
    try {
      String query = URI.create(url.strip().replace(" ", "%20")).getRawQuery();
      if (query == null) return this;
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) continue;
        String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (key.startsWith("utm_")) set(key, value);
        else if (TRACKING_CODES.contains(key)) attribute(key, value);
      }
    } catch (IllegalArgumentException e) {
      // not a URL: kept as the attribute only
    }
    return this;
  }

  /**
   * Sets a lead field by its name in a source's mapping ({@link FieldMap#LEAD_FIELDS}, also
   * {@code sourceEventId}, {@code priority}, {@code landingUrl}, {@code clientIp}); false for a name
   * that is not one.
   */
  public boolean field(String name, String v) {
    switch (name) {
      case "sourceEventId" -> eventId(v);
      case "name" -> name(v);
      case "salutation" -> salutation(v);
      case "phone" -> phone(v);
      case "email" -> email(v);
      case "company" -> company(v);
      case "region" -> region(v);
      case "industry" -> industry(v);
      case "budget" -> budget(v);
      case "priority" -> priority(v);
      case "notes" -> notes(v);
      case "landingUrl" -> landingUrl(v);
      case "clientIp" -> clientIp(v);
      case "utm_source" -> utmSource(v);
      case "utm_medium" -> utmMedium(v);
      case "utm_campaign" -> utmCampaign(v);
      case "utm_content" -> utmContent(v);
      case "utm_term" -> utmTerm(v);
      default -> {
        return false;
      }
    }
    return true;
  }

  public LeadInput build() {
    LeadInput.Utm utm = new LeadInput.Utm(fields.get("utm_source"), fields.get("utm_medium"),
        fields.get("utm_campaign"), fields.get("utm_content"), fields.get("utm_term"));
    String name = fields.get("name");
    String named = withSalutation(name, salutation);
    Map<String, String> attrs = attributes;
    if (salutation != null && Objects.equals(named, name)) {
      attrs = new LinkedHashMap<>(attributes);
      attrs.putIfAbsent("salutation", salutation);
    }
    return new LeadInput(fields.get("source"), fields.get("sourceEventId"), named,
        phones.isEmpty() ? null : String.join(PHONE_SEPARATOR, phones),
        fields.get("email"), fields.get("company"), fields.get("region"), fields.get("industry"), fields.get("budget"),
        fields.get("priority"), utm, fields.get("clientIp"), fields.get("notes"), attrs);
  }

  /**
   * The name with the salutation written where people write it — after a Chinese name ({@code 李} +
   * {@code 女士}), before any other ({@code Dr.} + {@code John Smith}) — when the name cleaner then
   * reads it as the honorific and the same name; otherwise the name unchanged.
   */
  static String withSalutation(String name, String salutation) {
    if (name == null || salutation == null) return name;
    NameCleaner.ParsedName alone = NameCleaner.parse(name);
    if (alone.name() == null || alone.honorific() != null) return name;
    String written = NameCleaner.isCjk(salutation) ? name + salutation : salutation + " " + name;
    NameCleaner.ParsedName parsed = NameCleaner.parse(written);
    return parsed.honorific() != null && Objects.equals(parsed.name(), alone.name()) ? written : name;
  }

  /** Does the lead have a way to reach the person (a phone or an e-mail)? */
  public boolean hasContact() {
    return !phones.isEmpty() || fields.containsKey("email");
  }

  private LeadBuilder set(String field, String value) {
    if (value != null && !value.isBlank()) fields.putIfAbsent(field, value.strip());
    return this;
  }
}
