package dev.leadrouter.engine.intake.source;

import dev.leadrouter.engine.intake.LeadInput;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the canonical {@link LeadInput} an adapter found, field by field. Values are trimmed; blank
 * ones are absent; the first non-blank value given for a field wins (so an adapter can try several
 * platform fields in order of preference). Not thread-safe; one per lead.
 */
public final class LeadBuilder {

  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, String> attributes = new LinkedHashMap<>();

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
  public LeadBuilder phone(String v) { return set("phone", v); }
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

  public LeadInput build() {
    LeadInput.Utm utm = new LeadInput.Utm(fields.get("utm_source"), fields.get("utm_medium"),
        fields.get("utm_campaign"), fields.get("utm_content"), fields.get("utm_term"));
    return new LeadInput(fields.get("source"), fields.get("sourceEventId"), fields.get("name"), fields.get("phone"),
        fields.get("email"), fields.get("company"), fields.get("region"), fields.get("industry"), fields.get("budget"),
        fields.get("priority"), utm, fields.get("clientIp"), fields.get("notes"), attributes);
  }

  /** Does the lead have a way to reach the person (a phone or an e-mail)? */
  public boolean hasContact() {
    return fields.containsKey("phone") || fields.containsKey("email");
  }

  private LeadBuilder set(String field, String value) {
    if (value != null && !value.isBlank()) fields.putIfAbsent(field, value.strip());
    return this;
  }
}
